import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArchcostError } from '../core/errors.js';

/**
 * Writes a command's data: to standard output, or with `--output FILE` to a temporary file in the
 * same directory renamed over FILE, so a reader (or a baseline in a repository) never sees half of it.
 */
export async function writeOutput(text: string, file?: string): Promise<void> {
  if (file === undefined || file === '-') {
    process.stdout.write(text);
    return;
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, file);
  } catch (e) {
    await rm(temporary, { force: true });
    throw new ArchcostError({ file, message: `cannot write the output: ${(e as Error).message}` });
  }
}
