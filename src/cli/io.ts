import { readFile, stat } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { ArchcostError } from '../core/errors.js';
import { objectSource, parseSpecText, type SpecSource } from '../language/source.js';

/** Reads a spec file (or a saved report: `what`), or standard input for `-`; a missing file is a usage error, not a crash. */
export async function readSpec(path: string, what = 'the spec'): Promise<string> {
  return Buffer.from(await readBytes(path, what)).toString('utf8');
}

/** The bytes of a file or of standard input (`-`). */
export async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    }
    const size = (await stat(path)).size;
    if (size > MAX_FILE_BYTES) throw new ArchcostError({ file: path, message: `cannot read ${what}: the file is ${size} bytes, over the 2 GiB archcost reads` });
    return await readFile(path);
  } catch (e) {
    if (e instanceof ArchcostError) throw e;
    throw new ArchcostError({ file: path, message: `cannot read ${what}: ${readFailure(e as NodeJS.ErrnoException, path)}` });
  }
}

/** The largest file read: protobuf's limit for an ONNX model. */
const MAX_FILE_BYTES = 2 ** 31 - 1;

/** A spec file or a model file (ONNX, darknet, Caffe, Keras): `at(input)` gives the spec to analyze, imported at that input size. */
export interface LoadedSpec {
  /** The model file's format; undefined for an archcost spec. */
  format?: string;
  at(input?: number[]): string | object;
  /** What the first import left out or chose. */
  notes(): string[];
}

/** A loaded spec as the engine's source: text is parsed (with positions), an imported model taken as an object. */
export function specSource(loaded: LoadedSpec, file: string, input?: number[]): SpecSource {
  const spec = loaded.at(input);
  return typeof spec === 'string' ? parseSpecText(spec, file) : objectSource(spec, file);
}

export async function loadSpec(path: string): Promise<LoadedSpec> {
  const { detectFormat, notReadable } = await import('../importers/detect.js');
  const refused = notReadable(path);
  if (refused) throw new ArchcostError({ file: path, message: refused });
  const bytes = await readBytes(path, 'the spec');
  const format = detectFormat(bytes, path);
  if (!format) {
    const text = Buffer.from(bytes).toString('utf8');
    return { at: () => text, notes: () => [] };
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
  return { format, at: (input) => imported(input).spec, notes: () => [...imports.values()][0]?.notes ?? [] };
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
