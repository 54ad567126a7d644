import * as z from 'zod';
import { ArchcostError, pathText } from '../core/errors.js';
import { once } from '../core/once.js';
import { issueDiagnostics, WORDED } from '../language/schema-errors.js';
import { batchSchema, dtypeSchema, IDENTIFIER, inputSizesSchema, isName, isVarValue, varValueSchema } from '../language/spec.js';
import { DTYPES, STORAGE_DTYPES } from '../core/dtype.js';
import { anyString, accepting, fieldsOf, integerFrom, isPlainMap, listOf, mapOf, oneOf, UNCHECKED, type Check } from '../core/quick-check.js';
import { OPTIMIZERS, RECOMPUTE } from './training.js';
import { ZERO_STAGES } from './zero.js';

/**
 * The options of `analyze()` (AnalyzeOptions), checked with the schemas the spec file and the
 * CLI's flags use, so `batch: -1` from a library caller gets the words `--batch -1` gets.
 */
export const analyzeOptionsSchema = once(() =>
  z.strictObject({
    file: z.string().optional(),
    batch: batchSchema().optional(),
    dtype: dtypeSchema().optional(),
    vars: z.record(z.string().regex(IDENTIFIER, 'expected a var name'), varValueSchema()).optional(),
    input: inputSizesSchema().optional(),
    training: z
      .strictObject({
        optimizer: z.enum(OPTIMIZERS),
        mixedPrecision: z.boolean().optional(),
        recompute: z.enum(RECOMPUTE).optional(),
      })
      .optional(),
    // The values of analyze.ts's PHASES (imported from there, this module would be a cycle).
    phase: z.enum(['prefill', 'decode']).optional(),
    context: z.number().int().min(0).optional().describe('positions already in the KV cache'),
    weights: z
      .strictObject({
        dtype: z.enum(STORAGE_DTYPES),
        groupSize: z.number().int().min(1).optional(),
        keep: z.array(z.string().min(1)).optional(),
      })
      .optional(),
    kvDtype: z.enum(STORAGE_DTYPES).optional(),
    parallel: z
      .strictObject({
        dataParallel: z.number().int().min(1),
        zero: z.literal(ZERO_STAGES),
        tensorParallel: z.number().int().min(1),
        pipelineParallel: z.number().int().min(1),
      })
      .optional(),
    // A device from findDevice or parseDeviceFile (devices.ts); its figures are bigints, checked there.
    device: z.looseObject({ name: z.string(), memoryBandwidth: z.bigint(), peakFlops: z.record(z.string(), z.bigint()) }).optional(),
  }),
);

/** zod's strictObject of these fields, all of them optional but `required` (an optional one may be given undefined). */
const fields =
  (checks: Record<string, Check>, required: readonly string[]): Check =>
  (v) =>
    isPlainMap(v) ? fieldsOf(Object.fromEntries(Object.entries(v).filter(([key, x]) => x !== undefined || !Object.hasOwn(checks, key))), checks, required) : UNCHECKED;
const isBigint = (v: unknown) => typeof v === 'bigint';

/** analyzeOptionsSchema()'s fields without zod, for the options the CLI passes (its own parsers have checked them). */
const QUICK: Record<string, Check> = {
  file: anyString,
  batch: integerFrom(1),
  dtype: oneOf(DTYPES),
  vars: (v) => mapOf(v, isName, accepting(isVarValue)),
  input: (v) => listOf(v, integerFrom(1), 1, 4),
  training: fields({ optimizer: oneOf(OPTIMIZERS), mixedPrecision: accepting((v) => typeof v === 'boolean'), recompute: oneOf(RECOMPUTE) }, ['optimizer']),
  phase: oneOf(['prefill', 'decode']),
  context: integerFrom(0),
  weights: fields({ dtype: oneOf(STORAGE_DTYPES), groupSize: integerFrom(1), keep: (v) => listOf(v, accepting((x) => typeof x === 'string' && x.length > 0)) }, ['dtype']),
  kvDtype: oneOf(STORAGE_DTYPES),
  parallel: fields(
    { dataParallel: integerFrom(1), zero: oneOf(ZERO_STAGES), tensorParallel: integerFrom(1), pipelineParallel: integerFrom(1) },
    ['dataParallel', 'zero', 'tensorParallel', 'pipelineParallel'],
  ),
  // A loose object: a device's other figures (memory, links) are devices.ts's.
  device: accepting((v) => isPlainMap(v) && typeof v.name === 'string' && isBigint(v.memoryBandwidth) && mapOf(v.peakFlops, () => true, accepting(isBigint)) !== UNCHECKED),
};

/** Options zod would take, checked without building its schema: every key known, each value absent or one of the usual ones. */
export function quickOptions(options: unknown): boolean {
  if (!isPlainMap(options)) return false;
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (!Object.hasOwn(QUICK, key) || (value !== undefined && QUICK[key](value) === UNCHECKED)) return false;
  }
  return true;
}

/** Throws ArchcostError (`options.batch: expected a positive integer, got -1`) unless `options` are valid. */
export function checkAnalyzeOptions(options: unknown): void {
  if (!quickOptions(options)) checkedBySchema(options);
  const { training, weights, phase, file } = options as { training?: unknown; weights?: { dtype: string }; phase?: string; file?: string };
  if (training && phase === 'decode') {
    throw new ArchcostError({ file, message: '--phase decode is inference: a training estimate runs the whole sequence at once (prefill)' });
  }
  if (training && weights) {
    throw new ArchcostError({
      file,
      message: `--weight-dtype ${weights.dtype} is for inference: a training estimate keeps working weights, gradients and master weights at the training dtypes (--dtype, --mixed-precision)`,
    });
  }
}

function checkedBySchema(options: unknown): void {
  const result = analyzeOptionsSchema().safeParse(options, WORDED);
  if (result.success) return;
  // One message per option: a list refused as a whole also fails its length checks.
  const issues = result.error.issues.filter((issue, i, all) => all.findIndex((other) => other.path.join('.') === issue.path.join('.')) === i);
  throw new ArchcostError(issueDiagnostics(issues, (issue, path) => `${pathText(['options', ...path])}: ${issue.message}`));
}
