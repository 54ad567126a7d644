import * as z from 'zod';
import { DTYPES, dtypeProblem } from '../core/dtype.js';
import { showValue } from '../core/errors.js';
import { once } from '../core/once.js';
import { accepting, anything, fieldsOf, integerFrom, isFiniteNumber, isIntegerFrom, listOf, mapOf, oneOf, UNCHECKED, type Check } from '../core/quick-check.js';
import { positiveIntegerProblem, varValueProblem } from '../core/values.js';

/**
 * Top-level structure of a spec file; layer items are checked one by one by the graph builder.
 * Each schema is built on first use: building them all is ~5 ms, most of a small run's start-up.
 */

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const identifier = once(() => z.string().regex(IDENTIFIER, 'expected a name of letters, digits and _ (not starting with a digit)'));

export const shapeSchema = once(() =>
  z
    .array(z.union([z.number().int().min(1), z.string().regex(/\$\{/)]))
    .min(1)
    .max(4)
    .describe('channels-last shape without the batch: [C], [L, C], [H, W, C] or [D, H, W, C]; sizes may be expressions over vars'),
);

const inputSchema = once(() =>
  z.union([shapeSchema(), z.strictObject({ shape: shapeSchema(), name: identifier().optional().describe('tensor name (default: input)') })]),
);

const quantity = once(() => z.union([z.number().nonnegative(), z.string()]));

const positiveIntegerError = (issue: { input?: unknown }) => positiveIntegerProblem(issue.input) ?? 'expected a positive integer';

/** A positive integer, with one message wherever one is read (core/values.ts). */
const positiveIntegerSchema = once(() =>
  z
    .number({ error: positiveIntegerError })
    .int({ error: positiveIntegerError })
    .min(1, { error: positiveIntegerError })
    .describe('a positive integer'),
);

export const batchSchema = once(() => positiveIntegerSchema().describe('batch size (default 1)'));

/** A dtype, with the archcost name when another tool's is written (`fp16` is float16). */
export const dtypeSchema = once(() => z.enum(DTYPES, { error: (issue) => dtypeProblem(issue.input) }));

/** A var's value: in a spec, in `analyze()`'s options and after `--set`. */
export const varValueSchema = once(() =>
  z.union([z.number(), z.boolean()], {
    error: (issue) => varValueProblem(issue.input) ?? 'expected a number or true/false',
  }),
);

/** Sizes given as numbers (`--input`, `analyze()`'s `input`): 1 to 4 positive integers, channels last. */
export const inputSizesSchema = once(() =>
  z
    .array(positiveIntegerSchema(), { error: (issue) => `expected a list of 1 to 4 positive integers (channels last), got ${showValue(issue.input)}` })
    .min(1)
    .max(4),
);

/** What a budget or a diff threshold can limit, in order: budgetsSchema's keys are made from it (gates/budgets.ts checks them). */
export const METRICS = ['macs', 'flops', 'params', 'memory', 'weight_memory', 'activation_memory'] as const;

export const budgetsSchema = once(() =>
  z
    .strictObject(
      Object.fromEntries(
        METRICS.map((metric) => {
          const limit = quantity().optional();
          return [metric, metric === 'memory' ? limit.describe('weights + peak activations, bytes') : limit];
        }),
      ) as Record<(typeof METRICS)[number], z.ZodOptional<ReturnType<typeof quantity>>>,
    )
    .describe('limits used by `archcost check`: counts like 4G, 25.6M; sizes like 100MB, 1.5GiB'),
);

const formula = once(() =>
  z
    .union([z.string(), z.number()])
    .describe('a formula of the expression language over the args, in, out and the quantities (docs/write-an-op.md)'),
);

/** An op defined in the spec, counted from the formulas the user writes (docs/write-an-op.md). */
export const userOpSchema = once(() =>
  z.strictObject({
    summary: z.string().optional().describe('what the op is, for explain and messages'),
    args: z
      .record(identifier(), z.union([z.null(), z.number(), z.boolean(), z.string(), z.array(z.unknown())]))
      .optional()
      .describe('null = required; "None" = optional (formulas read None); otherwise the default, whose type the arg must keep'),
    quantities: z.record(identifier(), formula()).optional().describe('named quantities, in order; each may use the ones before'),
    checks: z
      .array(z.strictObject({ holds: formula(), message: z.string(), arg: identifier().optional() }))
      .optional()
      .describe('conditions a layer must meet; message is a template like "heads ${heads} must divide ${in.channels}"'),
    shape: formula().optional().describe('the output shape as a list, e.g. "[in.length, units]"; default: the input shape'),
    params: formula(),
    buffers: formula().optional().describe('default 0'),
    macs: formula(),
    flops: formula().describe('may use params, buffers and macs'),
    merge: z.boolean().optional().describe('takes several tensors (from a list or branches), as add does'),
    backward: z
      .strictObject({
        factor: z.literal([1, 2]).optional().describe('backward FLOPs per forward FLOP; default 2 with MACs, else 1'),
        keeps: z.enum(['input', 'output', 'both', 'none']).optional().describe('tensors kept for backward; default input'),
        saved: formula().optional().describe('elements per sample made inside the op and kept'),
      })
      .optional(),
  }),
);

export type UserOpSpec = z.infer<ReturnType<typeof userOpSchema>>;

/** What only the JSON Schema spells out: each op's default args, and the op names no block may take. */
export interface EditorDetail {
  defaults: z.ZodType;
  reserved: string[];
}

type DefaultArgs = z.ZodType<Record<string, Record<string, unknown>>>;

/** Builds the file schema around an item schema: loose for validation, rich (with `editor`) for the JSON Schema. */
export function specFileSchema(item: z.ZodType, editor?: EditorDetail) {
  const layerList = z.array(item).min(1);
  const blockName = editor ? identifier().meta({ not: { enum: editor.reserved } }) : identifier();
  return z
    .strictObject({
      $schema: z.string().optional().describe('JSON Schema reference for editors'),
      name: z.string().optional(),
      description: z.string().optional(),
      input: inputSchema().optional(),
      inputs: z.record(identifier(), shapeSchema()).optional().describe('several named inputs; the first feeds the first layer'),
      batch: batchSchema().optional(),
      dtype: dtypeSchema().optional(),
      vars: z.record(identifier(), varValueSchema()).optional(),
      defaults: ((editor?.defaults as DefaultArgs | undefined) ?? z.record(z.string(), z.record(z.string(), z.unknown()))).optional().describe('default args per op'),
      ops: z.record(editor ? blockName : identifier(), userOpSchema()).optional().describe('ops defined here, counted from their formulas'),
      blocks: z
        .record(
          blockName,
          z.strictObject({
            description: z.string().optional(),
            params: z.record(identifier(), z.unknown()).optional().describe('null = required; defaults may be expressions'),
            layers: layerList,
          }),
        )
        .optional(),
      layers: layerList,
      outputs: z
        .array(z.string())
        .min(1)
        .optional()
        .describe('the model outputs by name (several heads, an encoder-decoder): all are reported and stay live; default: the last layer'),
      budgets: budgetsSchema().optional(),
      layout: z
        .enum(['channels_last'])
        .optional()
        .describe('says the input shapes are channels last as written, even one that looks channels-first ([3, 224, 224]): no warning'),
    })
    .refine((s) => (s.input === undefined) !== (s.inputs === undefined), {
      error: (issue) =>
        (issue.input as { inputs?: unknown }).inputs === undefined
          ? 'the spec has no input: add input: [H, W, C] (or inputs: {name: shape, ...})'
          : 'the spec has both input and inputs; keep one',
      path: ['input'],
    });
}

/** Validation leaves each layer item to the graph builder, which knows the ops and says what an item should be. */
export const specSchema = once(() => specFileSchema(z.unknown()));

export const isName = (key: string) => IDENTIFIER.test(key);
/** varValueSchema() without zod. */
export const isVarValue = (v: unknown) => varValueProblem(v) === undefined;
const text = accepting((v) => typeof v === 'string');
const name = accepting((v) => typeof v === 'string' && isName(v));
const size = accepting((v) => isIntegerFrom(v, 1) || (typeof v === 'string' && v.includes('${')));
const shape: Check = (v) => listOf(v, size, 1, 4);
const items: Check = (v) => listOf(v, anything, 1);

/**
 * specSchema() without zod, for the fields specs hold: the top level as zod parses it, or
 * UNCHECKED for anything else (a spec with `ops:` among it), which zod then decides and words.
 */
const quickSpec: Check = (v) => {
  const file = fieldsOf(
    v,
    {
      $schema: text,
      name: text,
      description: text,
      input: (i) => (Array.isArray(i) ? shape(i) : fieldsOf(i, { shape, name }, ['shape'])),
      inputs: (i) => mapOf(i, isName, shape),
      batch: integerFrom(1),
      dtype: oneOf(DTYPES),
      vars: (vars) => mapOf(vars, isName, accepting(isVarValue)),
      defaults: (d) => mapOf(d, () => true, (args) => mapOf(args, () => true, anything)),
      ops: () => UNCHECKED,
      blocks: (b) => mapOf(b, isName, (block) => fieldsOf(block, { description: text, params: (p) => mapOf(p, isName, anything), layers: items }, ['layers'])),
      layers: items,
      outputs: (o) => listOf(o, text, 1),
      budgets: (b) => fieldsOf(b, Object.fromEntries(METRICS.map((key) => [key, accepting((q) => (isFiniteNumber(q) && q >= 0) || typeof q === 'string')]))),
      layout: accepting((l) => l === 'channels_last'),
    },
    ['layers'],
  );
  return file !== UNCHECKED && (file.input === undefined) !== (file.inputs === undefined) ? file : UNCHECKED;
};

/** The spec file's top level as specSchema() parses it, when it is valid in the usual ways: no zod schema built. */
export function quickSpecFile(data: unknown): SpecFile | undefined {
  const file = quickSpec(data);
  return file === UNCHECKED ? undefined : (file as SpecFile);
}

export type SpecFile = z.infer<ReturnType<typeof specSchema>>;
