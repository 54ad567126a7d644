import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { ArchcostError } from '../engine/errors.js';

/** Reads a spec file (or a saved report: `what`), or standard input for `-`; a missing file is a usage error, not a crash. */
export async function readSpec(path: string, what = 'the spec'): Promise<string> {
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ArchcostError({ file: path, message: `cannot read ${what}: ${reason}` });
  }
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
