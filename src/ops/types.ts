import { z } from 'zod';

/** A tensor shape without the batch axis, channels last: [C], [L, C], [H, W, C] or [D, H, W, C]. */
export type Shape = readonly number[];

/** What one layer costs for one sample (the batch multiplies macs and flops, never params). */
export interface Cost {
  params: bigint;
  buffers: bigint;
  macs: bigint;
  flops: bigint;
}

export interface ArgSpec {
  schema: z.ZodType;
  doc: string;
}

/** The written rules behind an op's numbers: shown by `archcost ops` and the reference docs. */
export interface OpRules {
  shape: string;
  params: string;
  macs: string;
  flops: string;
}

/** A piece of a formula with numbers in: text, or an exact count the reader's language formats. */
export type Part = string | bigint;

/** One formula of `archcost explain`: in symbols, then with this layer's numbers substituted. */
export interface Formula {
  symbols: string;
  numbers: Part[];
  /** The result, where the formula gives one (a shape size); counts come from the op's cost. */
  value?: Part;
}

/** The rules of one layer with its numbers in. `shape` is empty when, and only when, the op keeps its input's shape. */
export interface Explanation {
  shape: Formula[];
  /** Quantities the counts use that are not the output shape (window_attention's token count T). */
  terms?: Formula[];
  params: Formula;
  buffers?: Formula;
  macs: Formula;
  flops: Formula;
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

export interface OpDefinition<A = Record<string, unknown>> {
  name: string;
  aliases?: readonly string[];
  summary: string;
  /** A merge op takes several tensors: `branches` or a `from` list. */
  merge?: boolean;
  args(kit: ArgKit): Record<string, ArgSpec>;
  shape(args: A, inputs: readonly Shape[]): Shape;
  cost(args: A, inputs: readonly Shape[], output: Shape): Cost;
  rules: OpRules;
  /** The rules above with this layer's numbers substituted, for `archcost explain`. */
  explain?(args: A, inputs: readonly Shape[], output: Shape): Explanation;
  /** What the op does to the receptive field; absent: nothing (elementwise, per position). */
  receptive?(args: A, inputs: readonly Shape[]): ReceptiveStep;
}

/** Lets each op declare its args once; the kit's mode decides whether `${...}` strings are allowed. */
export type ArgKit = ReturnType<typeof argKit>;

export type KitMode = 'resolved' | 'raw';

export function argKit(mode: KitMode) {
  const expression = z.string().regex(/\$\{/).describe('an expression "${...}"');
  const orExpr = <T extends z.ZodType>(s: T) => (mode === 'raw' ? z.union([s, expression]) : s);
  const int = (min: number) => orExpr(z.number().int().min(min));
  const intOrList = (min: number, what: string) =>
    z.union([int(min), z.array(int(min)).min(1)]).describe(`${what}, or a list with one per spatial axis`);
  return {
    positiveInt: () => int(1).describe('a positive integer'),
    nonNegativeInt: () => int(0).describe('an integer >= 0'),
    integer: () => orExpr(z.number().int()).describe('an integer'),
    positiveNumber: () => orExpr(z.number().positive()).describe('a positive number'),
    rate: () => orExpr(z.number().min(0).max(1)).describe('a number from 0 to 1'),
    bool: () => orExpr(z.boolean()).describe('true or false'),
    choice: <T extends string>(values: readonly [T, ...T[]]) =>
      z.enum(values).describe(`one of ${values.join(', ')}`),
    positiveIntOrList: (what = 'a positive integer') => intOrList(1, what),
    nonNegativeIntOrList: (what = 'an integer >= 0') => intOrList(0, what),
    padding: () =>
      z
        .union([
          int(0),
          z.enum(['same', 'valid']),
          z.array(z.union([int(0), z.tuple([int(0), int(0)])])).min(1),
        ])
        .describe('an integer, same, valid, or a list per spatial axis of integers or [before, after] pairs'),
    shapeList: () => z.array(int(-1)).min(1).describe('a list of positive integers (one entry may be -1)'),
  };
}

export function defineOp<A>(definition: OpDefinition<A>): OpDefinition {
  return definition as unknown as OpDefinition;
}

/** Exact element count of a shape. */
export function elements(shape: Shape): bigint {
  let n = 1n;
  for (const d of shape) n *= BigInt(d);
  return n;
}

export const big = BigInt;

export function noCost(): Cost {
  return { params: 0n, buffers: 0n, macs: 0n, flops: 0n };
}

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
