import * as z from 'zod';
import type { HostValue } from '../expr/expr.js';
import type { Part } from '../expr/render.js';
import { arrayType, booleanType, enumType, expressionType, numberType, stringType, tupleType, unionType, type ArgType } from './arg-type.js';

export type { Part };

/** A tensor shape without the batch axis, channels last: [C], [L, C], [H, W, C] or [D, H, W, C]. */
export type Shape = readonly number[];

/** What one layer costs for one sample (the batch multiplies macs and flops, never params). */
export interface Cost {
  params: bigint;
  buffers: bigint;
  macs: bigint;
  flops: bigint;
}

/** The four counts of an op, each written once as a formula of the expression language. */
export const COUNTS = ['params', 'buffers', 'macs', 'flops'] as const;
export type Count = (typeof COUNTS)[number];

/**
 * Memory an op uses besides its input and output tensors, in elements per sample: `workspace` lives
 * only while the layer runs (attention's score and probability matrices), written once and read
 * once; `cache` is held after the step (attention's K and V), of which `cacheRead` was read from
 * the cache and `cacheWritten` written to it this step.
 */
export const MEMORY = ['workspace', 'cache', 'cacheRead', 'cacheWritten'] as const;
export type MemoryPart = (typeof MEMORY)[number];
export type LayerMemory = Record<MemoryPart, bigint>;

/** What a layer is evaluated in besides its args and inputs: positions already in the KV cache (decode). */
export interface LayerContext {
  cached: number;
}

export interface ArgSpec {
  schema: ArgType;
  doc: string;
}

/** The written rules behind an op's numbers: shown by `archcost ops` and the reference docs. */
export type OpRules = Record<Count | 'shape', string>;

/** One formula of `archcost explain`: in symbols, then with this layer's numbers substituted. */
export interface Formula {
  symbols: string;
  numbers: Part[];
  /** The result, where the formula gives one (a shape, a quantity); counts come from the op's cost. */
  value?: Part;
}

/** The rules of one layer with its numbers in. `shape` is empty when, and only when, the op keeps its input's shape. */
export interface Explanation {
  shape: Formula[];
  /** The op's named quantities for this layer (kernel_size, window attention's token count T). */
  terms?: Formula[];
  params: Formula;
  buffers?: Formula;
  macs: Formula;
  flops: Formula;
  /** The memory formulas the op has (attention's K/V cache and score workspace). */
  memory?: Partial<Record<MemoryPart, Formula>>;
  /** The names the formulas above use, each with what it means (the legend of `archcost explain`). */
  legend: { name: string; doc: string }[];
}

/**
 * How a layer moves the receptive field, per spatial axis. Ops without a rule keep it (a merge
 * takes the max over its inputs). `global`: every output sees every input position.
 */
export type ReceptiveStep =
  | { kind: 'window'; kernel: number[]; stride: number[]; dilation: number[] }
  | { kind: 'transposed'; kernel: number[]; stride: number[]; dilation: number[] }
  | { kind: 'upsample'; scale: number[]; interpolates: boolean }
  | { kind: 'global' }
  | { kind: 'untracked' };

/** A named quantity the formulas use: a formula over args and `in`, or code where no formula can say it. */
export type QuantitySpec<A> =
  | { doc: string; formula: string }
  | { doc: string; compute(args: A, inputs: readonly Shape[]): HostValue };

/** A condition the layer must meet, and the message (a template over the same names) when it does not. */
export interface CheckSpec {
  holds: string;
  message: string;
  /** The arg to point at in the spec. */
  arg?: string;
}

/** A shape rule in code, for what a formula cannot say (windows with `same` padding, reshape's -1). */
export interface ShapeCode<A> {
  /** The rule in words, for the docs. */
  rule: string;
  compute(args: A, inputs: readonly Shape[]): Shape;
  /** The rule with this layer's numbers in (absent: explain shows the output shape). */
  explain?(args: A, inputs: readonly Shape[], output: Shape): Formula[];
}

/**
 * What an op keeps from its forward pass for the backward pass, and what its backward pass costs
 * (docs/memory.md). The choices follow what PyTorch's autograd saves (tools/autograd/derivatives.yaml);
 * a tensor kept by several layers is stored once. Formulas see the same names as the counts.
 */
export interface BackwardSpec {
  /** Keeps its input tensors / its output tensor. */
  input?: boolean;
  output?: boolean;
  /** Elements per sample of tensors made inside the op and kept, at the activation dtype. */
  saved?: string;
  /** Bytes per sample kept at a fixed width whatever the dtype (boolean masks, int64 indices, float32 statistics). */
  savedBytes?: string;
  /** Bytes kept once per batch (BatchNorm's batch statistics). */
  batchBytes?: string;
  /** Backward FLOPs as a multiple of forward FLOPs: 2 for ops with weights (input and weight gradients), else 1. */
  factor?: 1 | 2;
  /**
   * The part of `saved` (elements) and `savedBytes` that selective recomputation (Korthikanti et al. 2022)
   * recomputes in backward instead of keeping: attention's probabilities and their dropout.
   */
  selective?: { saved?: string; savedBytes?: string };
  /** The rule in words (docs/memory.md). */
  saves: string;
}

/** One op, written once: its args, named quantities, shape rule and formulas (docs/write-an-op.md). */
export interface OpDefinition<A = Record<string, unknown>> {
  name: string;
  aliases?: readonly string[];
  summary: string;
  /** A merge op takes several tensors: `branches` or a `from` list. */
  merge?: boolean;
  /** Inputs read for their shape only (crop's reference): no bytes moved, no receptive field, no longer life. */
  shapeOnly?: readonly number[];
  args(kit: ArgKit): Record<string, ArgSpec>;
  /** Checks on the inputs in code, before anything is computed (a rank the op cannot take). */
  accepts?(inputs: readonly Shape[]): void;
  /** Evaluated in order; each sees the args, `in`, `ins` and the quantities before it. */
  quantities?: Record<string, QuantitySpec<A>>;
  checks?: readonly CheckSpec[];
  /** A formula giving the output shape as a list (`in.shape` keeps it), or code. */
  shape: string | ShapeCode<A>;
  /** Formulas; an absent one is 0. Each sees `out` and the counts before it (flops may use macs). */
  params?: string;
  buffers?: string;
  macs?: string;
  flops?: string;
  /** Memory besides the input and output tensors (elements per sample), as formulas; absent parts are 0. */
  memory?: Partial<Record<MemoryPart, string>>;
  /** Why a formula is what it is, in words, where the formula alone does not say (per-element FLOP counts). */
  notes?: Partial<Record<Count | MemoryPart | 'shape', string>>;
  /** What backward keeps and costs: every op states it (an op of a spec's `ops:` gets a stated default). */
  backward: BackwardSpec;
  /** What the op does to the receptive field; absent: nothing (elementwise, per position). */
  receptive?(args: A, inputs: readonly Shape[]): ReceptiveStep | undefined;
}

/** What the tensors one layer keeps for backward come to, per sample (bytes: fixed width) and per batch. */
export interface Internal {
  elements: bigint;
  bytes: bigint;
  batchBytes: bigint;
  /** Of elements and bytes, what selective recomputation recomputes instead. */
  selective: { elements: bigint; bytes: bigint };
}

type Args = Readonly<Record<string, unknown>>;

/** An op as the engine uses it: built from an OpDefinition (ops/define.ts) or from a spec's `ops:`. */
export interface Op {
  name: string;
  aliases: readonly string[];
  summary: string;
  merge: boolean;
  /** Inputs read for their shape only. */
  shapeOnly: readonly number[];
  /** Defined in the spec's `ops:` section rather than built in. */
  user: boolean;
  args(kit: ArgKit): Record<string, ArgSpec>;
  /** The output shape, cost and extra memory of one layer (per sample). Throws RuleError. */
  evaluate(args: Args, inputs: readonly Shape[], context?: LayerContext): { output: Shape; cost: Cost; memory: LayerMemory };
  /** The rules with this layer's numbers in, for `archcost explain`. */
  explain(args: Args, inputs: readonly Shape[], output: Shape, context?: LayerContext): Explanation;
  rules: OpRules;
  /** The count formulas as written, in the expression language (a spec's `ops:` accepts them as they are). */
  formulas: Record<Count, string>;
  quantities: { name: string; doc: string; formula?: string }[];
  /** The shape formula, when the shape is one (absent for a shape in code). */
  shapeFormula?: string;
  /** Memory formulas, where the op has any. */
  memory: Partial<Record<MemoryPart, string>>;
  /** Why a formula is what it is, in words. */
  notes: Partial<Record<Count | MemoryPart | 'shape', string>>;
  backward: {
    input: boolean;
    output: boolean;
    factor: bigint;
    saves: string;
    internal(args: Args, inputs: readonly Shape[], output: Shape, context?: LayerContext): Internal;
  };
  receptive?(args: Args, inputs: readonly Shape[]): ReceptiveStep | undefined;
}

/** Lets each op declare its args once; the kit's mode decides whether `${...}` strings are allowed. */
export type ArgKit = ReturnType<typeof argKit>;

export type KitMode = 'resolved' | 'raw';

export function argKit(mode: KitMode) {
  const orExpr = (t: ArgType) => (mode === 'raw' ? unionType([t, expressionType()]) : t);
  const int = (min: number) => orExpr(numberType({ int: true, min }));
  const intOrList = (min: number, what: string) =>
    unionType([int(min), arrayType(int(min), 1)]).describe(`${what}, or a list with one per spatial axis`);
  return {
    positiveInt: () => int(1).describe('a positive integer'),
    nonNegativeInt: () => int(0).describe('an integer >= 0'),
    integer: () => orExpr(numberType({ int: true })).describe('an integer'),
    positiveNumber: () => orExpr(numberType({ positive: true })).describe('a positive number'),
    number: () => orExpr(numberType()).describe('a number'),
    text: () => stringType().describe('a string'),
    list: () => orExpr(arrayType()).describe('a list'),
    anyValue: () => orExpr(unionType([numberType(), booleanType(), stringType(), arrayType()])).describe('a number, a boolean, a string or a list'),
    rate: () => orExpr(numberType({ min: 0, max: 1 })).describe('a number from 0 to 1'),
    bool: () => orExpr(booleanType()).describe('true or false'),
    choice: <T extends string>(values: readonly [T, ...T[]]) => enumType(values).describe(`one of ${values.join(', ')}`),
    /** The first of the types that takes the value. */
    oneOf: (...types: [ArgType, ...ArgType[]]) => unionType(types),
    positiveIntOrList: (what = 'a positive integer') => intOrList(1, what),
    nonNegativeIntOrList: (what = 'an integer >= 0') => intOrList(0, what),
    padding: () =>
      unionType([int(0), enumType(['same', 'valid']), arrayType(unionType([int(0), tupleType([int(0), int(0)])]), 1)]).describe(
        'an integer, same, valid, or a list per spatial axis of integers or [before, after] pairs',
      ),
    shapeList: () => arrayType(int(-1), 1).describe('a list of positive integers (one entry may be -1)'),
  };
}

/** Exact element count of a shape. */
export function elements(shape: Shape): bigint {
  let n = 1n;
  for (const d of shape) n *= BigInt(d);
  return n;
}

export const big = BigInt;


export function formatShape(shape: Shape): string {
  return shape.length ? shape.join('x') : 'scalar';
}

/** What a field accepts, in words: the kit's description, looked up under default/optional wrappers. */
export function expectedText(schema: z.ZodType): string {
  let s: z.ZodType | undefined = schema;
  while (s) {
    if (s.description) return s.description;
    s = (s as unknown as { _zod: { def: { innerType?: z.ZodType } } })._zod.def.innerType;
  }
  return 'a valid value';
}
