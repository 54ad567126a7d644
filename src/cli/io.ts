import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { DTYPES, dtypeProblem, type Dtype } from '../core/dtype.js';
import { ArchcostError, showValue } from '../core/errors.js';
import { positiveIntegerProblem, textValue, varValueProblem } from '../core/values.js';
import { MAX_SPEC_BYTES, tooLarge } from '../language/limits.js';
import { objectSource, parseSpecText, type SpecSource } from '../language/source.js';

/** A file read, as the path it was given by and the file it was then (device and inode). */
export interface InputRead {
  path: string;
  dev: number;
  ino: number;
}

/** Every file this run has read: `--output` refuses to overwrite one of them (output.ts). */
const READ: InputRead[] = [];

export function inputsRead(): Iterable<InputRead> {
  return READ;
}

/** A new run (main) starts with none read: tests run many in one process. */
export function forgetInputs(): void {
  READ.length = 0;
}

/**
 * Reads a spec file (or a saved report: `what`), or standard input for `-`; a missing file is a
 * usage error, not a crash. A file past `maxBytes` is refused before it is read.
 */
export async function readSpec(path: string, what = 'the spec', maxBytes = MAX_SPEC_BYTES): Promise<string> {
  return (await readBytes(path, what, maxBytes)).toString('utf8');
}

/** The bytes of a file or of standard input (`-`), refused past `maxBytes`. */
export async function readBytes(path: string, what: string, maxBytes: number): Promise<Buffer> {
  let size = 0;
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size > maxBytes) break;
      }
      if (size <= maxBytes) return Buffer.concat(chunks);
    } else {
      // Read synchronously: a command reads its files one after another anyway, and node:fs/promises costs ~1 ms to load.
      const { dev, ino, size: bytes } = statSync(path);
      READ.push({ path, dev, ino });
      size = bytes;
      if (size <= maxBytes) return readFileSync(path);
    }
  } catch (e) {
    throw new ArchcostError({ file: path, message: `cannot read ${what}: ${readFailure(e as NodeJS.ErrnoException, path)}` });
  }
  throw new ArchcostError({ file: path, message: tooLarge(what, maxBytes) });
}

/** The largest model file read: protobuf's limit for an ONNX model. */
const MAX_MODEL_BYTES = 2 ** 31 - 1;

/**
 * A spec file or a model file (ONNX, darknet, Caffe, Keras). `at(input)` gives the spec to
 * analyze: the text, or the model imported at that input size; `source(input)` the same parsed.
 */
export interface LoadedSpec {
  /** The model file's format; undefined for an archcost spec. */
  format?: string;
  /** The spec text, for an archcost spec. */
  text?: string;
  at(input?: number[]): string | object;
  source(input?: number[]): SpecSource;
  /** What the first import left out or chose. */
  notes(): string[];
}

/** Reads a spec or model file; an archcost spec past `maxSpecBytes` is refused (a model file may be larger). */
export async function loadSpec(path: string, maxSpecBytes = MAX_SPEC_BYTES): Promise<LoadedSpec> {
  const { detectFormat, notReadable } = await import('../importers/detect.js');
  const refused = notReadable(path);
  if (refused) throw new ArchcostError({ file: path, message: refused });
  const bytes = await readBytes(path, 'the spec', MAX_MODEL_BYTES);
  const format = detectFormat(bytes, path);
  if (!format) {
    if (bytes.length > maxSpecBytes) throw new ArchcostError({ file: path, message: tooLarge('the spec', maxSpecBytes) });
    const text = Buffer.from(bytes).toString('utf8');
    let parsed: SpecSource | undefined;
    return { text, at: () => text, source: () => (parsed ??= parseSpecText(text, path)), notes: () => [] };
  }
  const { importModel } = await import('../importers/import-model.js');
  const file = path === '-' ? '<stdin>' : path;
  // Imported lazily, once per input size: a file with symbolic sizes can be read only with --input.
  const imports = new Map<string, ReturnType<typeof importModel>>();
  const imported = (input?: number[]) => {
    const key = input?.join('x') ?? '';
    if (!imports.has(key)) imports.set(key, importModel(bytes, format, { file, input }));
    return imports.get(key)!;
  };
  return {
    format,
    at: (input) => imported(input).spec,
    source: (input) => objectSource(imported(input).spec, path),
    notes: () => [...imports.values()][0]?.notes ?? [],
  };
}

/** Why a file could not be read, in words rather than an errno code. */
function readFailure(e: NodeJS.ErrnoException, path: string): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return `it is a directory, not a file (for the specs in it: ${path.replace(/\/+$/, '')}/*.yaml)`;
    default:
      return fsFailure(e);
  }
}

/** What the file system's refusals mean, read or written; ENOENT and EISDIR mean different things to each side. */
const FS_FAILURES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'over the disk quota',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many files open',
  EIO: 'the device reported an input/output error',
};

/** A file-system failure in words; Node's own text ("EXDEV: cross-device link not permitted, rename ...") for a code not listed. */
export function fsFailure(e: NodeJS.ErrnoException): string {
  return (e.code !== undefined && FS_FAILURES[e.code]) || e.message;
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
  const problem = dims.map((d) => positiveIntegerProblem(d)).find((p) => p !== undefined);
  if (dims.length > 4 || problem !== undefined) {
    const why = problem === undefined ? `${dims.length} sizes` : `each size: ${problem}`;
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
