import * as z from 'zod';
import { activations } from './activation.js';
import { conv, convTranspose, depthwise, separable } from './conv.js';
import { attention, rope } from './attention.js';
import { crop } from './crop.js';
import { dense, embedding, learnedToken, positionEmbedding } from './dense.js';
import { moeCombine, router } from './moe.js';
import { add, concat, multiply } from './merge.js';
import { batchnorm, groupnorm, layernorm, lrn, rmsnorm, scale } from './norm.js';
import {
  adaptiveavgpool,
  adaptivemaxpool,
  avgpool,
  globalavgpool,
  globalmaxpool,
  maxpool,
} from './pool.js';
import { recurrentOps } from './recurrent.js';
import { shapeOps } from './tensor.js';
import { spaceToDepth, windowAttention } from './window.js';
import { argKit, expectedText, type KitMode, type Op } from './types.js';
import { showValue } from '../core/errors.js';
import { UNCHECKED } from '../core/quick-check.js';
import { argsCheck, type ArgsCheck, type ArgType } from './arg-type.js';

/** Every built-in op, in the order `archcost ops` lists them. Adding an op: one entry here. */
export const OPS: readonly Op[] = [
  conv,
  depthwise,
  separable,
  convTranspose,
  dense,
  maxpool,
  avgpool,
  globalavgpool,
  globalmaxpool,
  adaptiveavgpool,
  adaptivemaxpool,
  batchnorm,
  layernorm,
  rmsnorm,
  groupnorm,
  lrn,
  scale,
  ...activations,
  ...shapeOps,
  crop,
  add,
  multiply,
  concat,
  attention,
  rope,
  router,
  moeCombine,
  windowAttention,
  spaceToDepth,
  learnedToken,
  positionEmbedding,
  embedding,
  ...recurrentOps,
];

const BY_NAME = new Map<string, Op>();
for (const op of OPS) {
  for (const name of [op.name, ...(op.aliases ?? [])]) BY_NAME.set(name, op);
}

export function findOp(name: string): Op | undefined {
  return BY_NAME.get(name);
}

/** Op names and aliases, for suggestions and the JSON Schema. */
export function opNames(): string[] {
  return [...BY_NAME.keys()];
}

/** Built once per op and mode (a spec's own ops are new objects, so they never share an entry). */
const schemaCache = { resolved: new WeakMap<Op, z.ZodObject>(), raw: new WeakMap<Op, z.ZodObject>() };
const typeCache = new WeakMap<Op, { types: Record<string, ArgType>; check: ArgsCheck }>();

/** An op's evaluated args as their types (the kit's resolved mode), by name in declaration order, and their check. */
function opArgs(op: Op): { types: Record<string, ArgType>; check: ArgsCheck } {
  let made = typeCache.get(op);
  if (!made) {
    const types = Object.fromEntries(Object.entries(op.args(argKit('resolved'))).map(([name, spec]) => [name, spec.schema]));
    made = { types, check: argsCheck(types) };
    typeCache.set(op, made);
  }
  return made;
}

/** The names of an op's args, in declaration order. */
export function argNames(op: Op): string[] {
  return Object.keys(opArgs(op).types);
}

/** The strict object schema of an op's args: `resolved` validates evaluated args, `raw` allows `${...}`. */
export function argsSchema(op: Op, mode: KitMode): z.ZodObject {
  let schema = schemaCache[mode].get(op);
  if (!schema) {
    // Resolved: the zod schemas of the very types parseArgs checks first, so the two never part.
    const fields =
      mode === 'raw'
        ? Object.entries(op.args(argKit('raw'))).map(([name, spec]) => [name, spec.schema.zod().describe(`${spec.doc}: ${expectedText(spec.schema.zod())}`)])
        : Object.entries(opArgs(op).types).map(([name, type]) => [name, type.zod()]);
    schema = z.strictObject(Object.fromEntries(fields));
    schemaCache[mode].set(op, schema);
  }
  return schema;
}

/**
 * Evaluated args as argsSchema(op, 'resolved') parses them: valid ones (the usual case) are checked
 * without building the zod schema (arg-type.ts), anything else by zod, whose issues word the error.
 */
export function parseArgs(op: Op, args: Record<string, unknown>): ReturnType<z.ZodObject['safeParse']> {
  const checked = opArgs(op).check(args);
  if (checked !== UNCHECKED) return { success: true, data: checked };
  return argsSchema(op, 'resolved').safeParse(args);
}

/**
 * The arg an issue of parseArgs is about, in the spec language's words: `lstm needs 'units': a
 * positive integer` when it is missing, else `lstm arg 'units': expected a positive integer, got
 * true` and then `note` (where the value came from). Undefined for an issue about no declared arg
 * (an unknown key), which each caller words its own way.
 */
export function argProblem(op: Op, args: Readonly<Record<string, unknown>>, issue: z.core.$ZodIssue, note = ''): string | undefined {
  const arg = issue.path[0];
  const { shape } = argsSchema(op, 'resolved');
  if (typeof arg !== 'string' || !Object.hasOwn(shape, arg)) return undefined;
  const expected = expectedText(shape[arg] as z.ZodType);
  if (args[arg] === undefined) return `${op.name} needs '${arg}': ${expected}`;
  return `${op.name} arg '${arg}': expected ${expected}, got ${showValue(args[arg])}${note}`;
}
