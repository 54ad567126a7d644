import { readFile, stat } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { DTYPES, dtypeProblem, type Dtype } from '../core/dtype.js';
import { ArchcostError, showValue } from '../core/errors.js';
import { positiveIntegerProblem, textValue, varValueProblem } from '../core/values.js';
import { MAX_SPEC_BYTES, tooLarge } from '../language/limits.js';

/** Every file this run has read: `--output` refuses to overwrite one of them (output.ts). */
const READ = new Set<string>();

export function inputsRead(): Iterable<string> {
  return READ;
}

/** A new run (main) starts with none read: tests run many in one process. */
export function forgetInputs(): void {
  READ.clear();
}

/**
 * Reads a spec file (or a saved report: `what`), or standard input for `-`; a missing file is a
 * usage error, not a crash. A file past `maxBytes` is refused before it is read.
 */
export async function readSpec(path: string, what = 'the spec', maxBytes = MAX_SPEC_BYTES): Promise<string> {
  if (path !== '-') READ.add(path);
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

export function positiveInt(text: string): number {
  const value = textValue(text);
  const problem = positiveIntegerProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value as number;
}

/** `--dtype`: one of DTYPES, with the archcost name for another tool's (`fp16` is float16). */
export function dtypeArg(text: string): Dtype {
  if ((DTYPES as readonly string[]).includes(text)) return text as Dtype;
  throw new InvalidArgumentError(dtypeProblem(text));
}

/** `224x224x3` (or `224,224,3`) → [224, 224, 3]. */
export function shapeArg(text: string): number[] {
  const dims = text.split(/[x,]/i).map((d) => textValue(d));
  const bad = dims.find((d) => positiveIntegerProblem(d));
  if (dims.length > 4 || bad !== undefined) {
    const why = bad === undefined ? `${dims.length} sizes` : `${positiveIntegerProblem(bad)}`.replace(/^expected /, 'sizes are ');
    throw new InvalidArgumentError(`expected a shape like 224x224x3 (1 to 4 positive sizes, channels last), got ${showValue(text)}: ${why}`);
  }
  return dims as number[];
}

/** Collects repeated `--set name=value`; values are numbers or true/false. */
export function collectVar(text: string, previous: Record<string, number | boolean> = {}): Record<string, number | boolean> {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError(`expected name=value, got ${showValue(text)}`);
  const [, name, raw] = match;
  const value = textValue(raw);
  const problem = varValueProblem(value);
  if (problem) throw new InvalidArgumentError(`${name}: ${problem}`);
  return { ...previous, [name]: value as number | boolean };
}
