import { readFile, stat } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { ArchcostError } from '../core/errors.js';
import { MAX_SPEC_BYTES, tooLarge } from '../language/limits.js';

/**
 * Reads a spec file (or a saved report: `what`), or standard input for `-`; a missing file is a
 * usage error, not a crash. A file past `maxBytes` is refused before it is read.
 */
export async function readSpec(path: string, what = 'the spec', maxBytes = MAX_SPEC_BYTES): Promise<string> {
  let size = 0;
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size > maxBytes) break;
      }
      if (size <= maxBytes) return Buffer.concat(chunks).toString('utf8');
    } else {
      size = (await stat(path)).size;
      if (size <= maxBytes) return await readFile(path, 'utf8');
    }
  } catch (e) {
    throw new ArchcostError({ file: path, message: `cannot read ${what}: ${readFailure(e as NodeJS.ErrnoException, path)}` });
  }
  throw new ArchcostError({ file: path, message: tooLarge(what, maxBytes) });
}

/** Why a file could not be read, in words rather than an errno code. */
function readFailure(e: NodeJS.ErrnoException, path: string): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return `it is a directory, not a file (for the specs in it: ${path.replace(/\/+$/, '')}/*.yaml)`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e.message;
  }
}

/** Standard input can be read once: `-` may stand for one of the files at most. */
export function stdinOnce(files: readonly string[]): void {
  if (files.filter((f) => f === '-').length > 1) {
    throw new ArchcostError({ message: "'-' (standard input) is given more than once, but standard input can be read only once: give the other specs as files" });
  }
}

export function nonNegativeInt(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`expected a whole number >= 0, got '${text}'`);
  }
  return n;
}

export function positiveInt(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`expected a positive integer, got '${text}'`);
  }
  return n;
}

/** `224x224x3` (or `224,224,3`) → [224, 224, 3]. */
export function shapeArg(text: string): number[] {
  const dims = text.split(/[x,]/i).map((d) => d.trim());
  if (dims.length > 4 || dims.some((d) => !/^\d+$/.test(d) || Number(d) < 1)) {
    throw new InvalidArgumentError(`expected a shape like 224x224x3 (1 to 4 positive sizes, channels last), got '${text}'`);
  }
  return dims.map(Number);
}

/** Collects repeated `--set name=value`; values are numbers or true/false. */
export function collectVar(text: string, previous: Record<string, number | boolean> = {}): Record<string, number | boolean> {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError(`expected name=value, got '${text}'`);
  const [, name, raw] = match;
  const value = raw === 'true' ? true : raw === 'false' ? false : Number(raw);
  if (typeof value === 'number' && (!Number.isFinite(value) || raw.trim() === '')) {
    throw new InvalidArgumentError(`${name}: expected a number or true/false, got '${raw}'`);
  }
  return { ...previous, [name]: value };
}
