import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArchcostError } from '../core/errors.js';

/**
 * Writes a command's data: to standard output, or with `--output FILE` to a temporary file in the
 * same directory renamed over FILE, so a reader (or a baseline in a repository) never sees half of it.
 * Large outputs come in pieces (report/json.ts `jsonChunks`), written one after another.
 */
export async function writeOutput(text: string | readonly string[], file?: string): Promise<void> {
  const pieces = typeof text === 'string' ? [text] : text;
  if (file === undefined || file === '-') {
    for (const piece of pieces) process.stdout.write(piece);
    return;
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, pieces, { flag: 'wx' });
    await rename(temporary, file);
  } catch (e) {
    await rm(temporary, { force: true });
    throw new ArchcostError({ file, message: `cannot write the output: ${(e as Error).message}` });
  }
}
