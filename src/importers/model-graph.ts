import { ArchcostError, RuleError, type Diagnostic } from '../core/errors.js';
import { MAX_LAYERS } from '../language/graph.js';
import type { UserOpSpec } from '../language/spec.js';
import { argProblem, findOp, parseArgs } from '../ops/registry.js';
import { EXTRA_OPS, extraOp } from './extra-ops.js';
import { formatShape, type Shape } from '../ops/types.js';
import type { GATES } from '../ops/recurrent.js';

/**
 * What every importer builds: a flat, topologically ordered list of archcost layers with their
 * producers, plus where each came from in the model file. `assemble.ts` turns it into a spec.
 * Shapes are computed with the op table's own shape rules as layers are added, so an importer can
 * choose args from real shapes and a layer that cannot be built is reported at its place in the file.
 */

/** Where something is in the model file: a text position and/or the file's own name for the layer. */
export interface FileLocation {
  line?: number;
  column?: number;
  /** The layer or node as the file names it (`/layer1/layer1.0/conv1/Conv`, `[convolutional] #3`). */
  node?: string;
}

export interface FlatLayer {
  /** Internal id, unique in the model; producers are referred to by it. */
  id: string;
  /** Scope names, outermost first (PyTorch modules, Keras layers with a fused activation); may be empty. */
  scope: string[];
  /** The layer's own name inside its scope. */
  name: string;
  /** The name only says what the op is (PyTorch's `Conv` inside module `conv1`): a scope holding just this layer names it. */
  generic?: boolean;
  op: string;
  /** The op's args as written in the spec (no name or from). */
  args: Record<string, unknown>;
  /** Ids of the tensors it reads: graph inputs or earlier layers. */
  inputs: string[];
  shape: Shape;
}

export interface FlatInput {
  id: string;
  name: string;
  shape: number[];
}

export interface FlatModel {
  name: string;
  description?: string;
  batch?: number;
  inputs: FlatInput[];
  layers: FlatLayer[];
  /** Ids of the model's output tensors (the last layer when absent); several become the spec's `outputs:`. */
  outputs?: string[];
  /** Things a user should know about the conversion (heads left out, fused layers). */
  notes: string[];
  /** Definitions of the extra ops the layers use (extra-ops.ts), for the spec's `ops:`. */
  ops?: Record<string, UserOpSpec>;
}

export interface Tensor {
  id: string;
  shape: Shape;
}

export interface ImportOptions {
  /** Shown in messages; its name (without extension) names the model. */
  file?: string;
  /** Channels-last size of the first input, for files whose input sizes are symbolic (`--input`). */
  input?: number[];
}

/** A JSON object as a model file holds it (Keras configs). */
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An op's args with the undefined entries dropped, so defaults are not written out. */
export function args(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

export type RecurrentOp = keyof typeof GATES;

/**
 * The args of archcost's lstm, gru or rnn as the Keras and ONNX importers write them, in one key
 * order; an undefined entry (and one direction) is the op's default and left out. `units` goes to
 * the op's own arg check as the file gives it.
 */
export function recurrentArgs(units: unknown, given: { bidirectional: boolean; returnSequences?: boolean; bias?: 'one' | 'none'; nonlinearity?: 'relu' }): Record<string, unknown> {
  return args({ units, bidirectional: given.bidirectional || undefined, return_sequences: given.returnSequences, bias: given.bias, nonlinearity: given.nonlinearity });
}

/** The model's name from its file: `models/resnet18.onnx` is resnet18. */
export function modelName(file: string | undefined, fallback = 'model'): string {
  if (!file || file === '<stdin>') return fallback;
  return file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || fallback;
}

/** Model files larger than this are refused before parsing. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;
/** Nodes (layers, sections) a model file may have: the spec language's own expansion limit. */
export const MAX_NODES = MAX_LAYERS;

export class ModelGraph {
  readonly inputs: FlatInput[] = [];
  readonly layers: FlatLayer[] = [];
  readonly notes: string[] = [];
  /** The ops of extra-ops.ts the layers use: the spec defines them under `ops:`. */
  readonly extraOps = new Set<string>();
  /** params + buffers of the layers so far, by the op table (for checks against a file's own weight count). */
  weights = 0n;
  private readonly shapes = new Map<string, Shape>();
  private nextId = 0;

  constructor(readonly file: string | undefined, private readonly format: string) {}

  input(name: string, shape: number[]): Tensor {
    const id = `in:${name}`;
    this.inputs.push({ id, name, shape });
    this.shapes.set(id, shape);
    return { id, shape };
  }

  /** Adds a layer and returns its output; a shape rule's complaint becomes an error at `at`. */
  layer(op: string, args: Record<string, unknown>, inputs: readonly Tensor[], where: { scope?: string[]; name: string; generic?: boolean; at: FileLocation }): Tensor {
    if (this.layers.length >= MAX_NODES) this.fail(where.at, `the model has more than ${MAX_NODES.toLocaleString('en-US')} layers; refusing to go on`);
    const definition = findOp(op) ?? extraOp(op);
    if (!definition) throw new Error(`importer asked for unknown op '${op}'`);
    if (!findOp(op)) this.extraOps.add(op);
    const shapes = inputs.map((t) => t.shape);
    let shape: Shape;
    try {
      const parsed = parseArgs(definition, args);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new RuleError(argProblem(definition, args, issue) ?? `${definition.name} args ${JSON.stringify(args)}: ${issue.message}`);
      }
      const { output, cost } = definition.evaluate(parsed.data, shapes);
      shape = output;
      this.weights += cost.params + cost.buffers;
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      this.fail(where.at, `cannot be read as archcost's ${op}: ${e.message} (input ${shapes.map(formatShape).join(', ')})`);
    }
    const id = `l${this.nextId++}`;
    this.layers.push({ id, scope: where.scope ?? [], name: where.name, generic: where.generic, op, args, inputs: inputs.map((t) => t.id), shape });
    return { id, shape };
  }

  note(text: string): void {
    this.notes.push(text);
  }

  model(name: string, extra: Partial<Pick<FlatModel, 'description' | 'batch' | 'outputs'>> = {}): FlatModel {
    const ops = this.extraOps.size ? { ops: Object.fromEntries([...this.extraOps].map((o) => [o, EXTRA_OPS[o]])) } : {};
    return { name, inputs: this.inputs, layers: this.layers, notes: this.notes, ...ops, ...extra };
  }

  fail(at: FileLocation, message: string): never {
    throw importError(this.file, this.format, at, message);
  }
}

/** An error about the model file: `file:line:col: <format> node: message`. */
export function importError(file: string | undefined, format: string, at: FileLocation, message: string): ArchcostError {
  const diagnostic: Diagnostic = { file, line: at.line, column: at.column, message: at.node ? `${format} ${at.node}: ${message}` : `${format}: ${message}` };
  return new ArchcostError(diagnostic);
}

/** A name the spec language accepts for a layer: letters, digits, _ and -. */
export function layerName(raw: string, fallback: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return cleaned || fallback;
}

/** A name the spec language accepts for an input: an identifier. */
export function inputName(raw: string, index: number): string {
  const cleaned = raw.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!cleaned) return index === 0 ? 'input' : `input_${index + 1}`;
  return /^[0-9]/.test(cleaned) ? `input_${cleaned}` : cleaned;
}
