import * as z from 'zod';
import { showValue } from '../core/errors.js';
import { once } from '../core/once.js';
import { WORDED } from '../language/schema-errors.js';
import { METRICS } from '../gates/budgets.js';
import { COMPARED_TOTALS } from '../explore/compare.js';
import { FIT_TERMS } from '../explore/fit-terms.js';
import { PRESETS } from '../counting/conventions.js';
import { DTYPES, STORAGE_DTYPES } from '../core/dtype.js';
import { anyString, integerFrom, isIntegerFrom, listOf, looseFields, UNCHECKED, type Check } from '../core/quick-check.js';

/**
 * The JSON outputs (analyze, compare, diff, check, bottleneck, explain, sweep, fit) as zod schemas: their JSON Schemas are
 * generated from these (`archcost schema analyze`), and a saved report is read back through them.
 * Objects are loose: schemaVersion 1 may gain fields, never lose or rename them.
 */

/** How exact integers are represented: bigint in memory; `integer` (any size) in JSON Schema. */
interface IntegerKinds {
  count: z.ZodType<bigint>;
  signed: z.ZodType<bigint>;
}

/** The report's schema and the parts the other outputs' schemas share with it: reading a baseline builds only these. */
function reportSchemas({ count, signed }: IntegerKinds, reading = false, quickLists = reading) {
  // A saved report's long lists (a layer each) are read back entry by entry without zod where they can be.
  const long = <T extends z.ZodType>(list: T, each: Check, min = 0): T => (quickLists ? checkedList(list, each, min) : list);
  const shape = z.array(z.number().int().min(1)).describe('channels-last shape without the batch');
  const position = z.looseObject({ line: z.number().int().min(1), column: z.number().int().min(1) }).describe('where it is written in the spec');
  const namedShape = z.looseObject({ name: z.string(), shape });
  const conventions = z
    .looseObject({
      preset: z.enum(PRESETS).describe('archcost, or the tool reproduced by --compat'),
      macs: z.string(),
      flops: z.string(),
      params: z.string(),
      elementwiseInFlops: z.array(z.string()).describe('work counted in flops besides 2 per MAC'),
      batch: z.number().int().min(1),
      dtype: z.enum(DTYPES),
      bytesPerElement: z.number().int().min(1),
      memory: z.string(),
    })
    .describe('what the numbers count');
  const model = z.looseObject({ name: z.string(), file: z.string().optional(), description: z.string().optional() });
  const layer = z.looseObject({
    name: z.string().describe('dotted path like a PyTorch module name'),
    op: z.string(),
    inputs: z.array(z.string()),
    outputShape: shape,
    params: count,
    buffers: count,
    macs: count,
    flops: count,
    activationBytes: count,
    // Optional: a diff shows a saved baseline's layers, which may predate them.
    activeParams: count.optional().describe('params that work on each token (only the active experts in a mixture of experts)'),
    kvCacheBytes: count.optional().describe('the K and V cache the layer holds after this pass'),
    workspaceBytes: count.optional().describe("bytes live only while the layer runs: attention's scores and probabilities without flash"),
    location: position.optional(),
  });
  const seconds = z.number().min(0).describe('an estimate in seconds (a double)');
  const time = z
    .looseObject({
      seconds,
      computeSeconds: seconds,
      memorySeconds: seconds,
      memoryBoundLayers: z.number().int().min(0),
      memoryBoundSeconds: seconds,
      tokensPerSecond: (reading ? z.number().optional() : z.number()).describe('batch x the tokens of this pass / seconds'),
    })
    .describe('roofline estimate (--device): layers one after another, each max(FLOPs / peak, bytes / bandwidth)');
  const device = z
    .looseObject({
      name: z.string(),
      peakFlopsPerSecond: count,
      memoryBytesPerSecond: count,
      ridgeIntensity: z.number(),
      memoryBytes: count.optional().describe('the capacity'),
      linksBytesPerSecond: count.optional().describe('links to its peers, both directions together'),
    })
    .describe('the device of --device or --device-file, its peak at the dtype counted');
  const bytes = (what: string) => count.describe(what);
  const linkSeconds = seconds.optional().describe("with a device that has links: bytes / half the links' figure");
  const communication = z
    .looseObject({
      bytes: bytes('sent per step by one device of the binding stage'),
      seconds: linkSeconds,
      parts: z.array(
        z.looseObject({
          kind: z.string().describe('all-reduce, all-gather, reduce-scatter or send'),
          what: z.string().describe('activations, activation gradients, gradients or parameters'),
          group: z.enum(['tensor', 'data', 'pipeline']),
          bytes: count,
          seconds: linkSeconds,
        }),
      ),
    })
    .describe('what one device sends per step (docs/parallelism.md#communication)');
  const deviceInference = {
    weightBytes: count,
    peakActivationBytes: count,
    kvCacheBytes: count,
    inferenceBytes: bytes('weightBytes + peakActivationBytes + kvCacheBytes'),
  };
  const deviceTraining = {
    weightBytes: count,
    masterWeightBytes: count,
    gradientBytes: count,
    optimizerStateBytes: count,
    savedActivationBytes: bytes("the stage's kept activations times the micro-batches in flight on it"),
    recomputeBytes: count,
    totalBytes: count,
  };
  const stageIndex = z.number().int().min(0).describe('the pipeline stage (0-based) whose device needs the most');
  const perDevice = z
    .looseObject({
      stage: stageIndex,
      ...deviceInference,
      time: z
        .looseObject({ seconds, communicationSeconds: seconds, tokensPerSecond: z.number(), tokensPerSecondPerDevice: z.number() })
        .optional()
        .describe('with a device: one pass of the batch through every stage'),
    })
    .describe('one device of the deployment (--data-parallel, --tensor-parallel, --pipeline-parallel)');
  const trainingTotals = z
    .looseObject({
      ...deviceTraining,
      savedActivationBytes: count,
      recomputeBytes: (reading ? count.optional() : count).describe('with --recompute: what the recomputed segment holds again in backward'),
      forwardFlops: count,
      backwardFlops: count,
      flops: count,
      perDevice: z
        .looseObject({ stage: stageIndex, ...deviceTraining })
        .optional()
        .describe('one device, with ZeRO and the pipeline schedule'),
    })
    .describe('--training');
  const splitCounts = z.looseObject(Object.fromEntries(['heads', 'columns', 'rows', 'vocab', 'elementwise', 'replicated'].map((k) => [k, z.number().int().min(0)])));
  const deployment = {
    dataParallel: z.number().int().min(1),
    zero: z.number().int().min(0).max(3),
    tensorParallel: z.number().int().min(1),
    pipelineParallel: z.number().int().min(1),
    devices: z.number().int().min(1),
  };
  const parallel = z
    .looseObject({
      ...deployment,
      microBatches: z.number().int().min(1),
      splits: splitCounts.describe('layers per kind of tensor-parallel split'),
      replicatedParams: count,
      stages: z.array(
        z.looseObject({
          first: z.string(),
          last: z.string(),
          layers: z.number().int().min(1),
          ...deviceInference,
          training: z.looseObject(deviceTraining).optional(),
          communication,
          seconds: seconds.optional(),
          memoryBoundSeconds: seconds.optional(),
        }),
      ),
    })
    .describe('how the model is spread over devices (docs/parallelism.md)');
  const trainingSetup = z
    .looseObject({ optimizer: z.string(), mixedPrecision: z.boolean(), dtype: z.enum(DTYPES), stateDtype: z.enum(DTYPES), recompute: z.string() })
    .describe('--training: the optimizer, the dtype of weights, gradients and activations, the optimizer state\'s, and what backward recomputes');
  const weights = z
    .looseObject({
      dtype: z.enum(STORAGE_DTYPES),
      groupSize: z.number().int().min(1).optional(),
      kept: z.array(z.string()).describe('layers left at the activation dtype by --keep'),
      quantizedLayers: z.number().int().min(0),
    })
    .describe('--weight-dtype: how weights are stored');
  const totals = z.looseObject({
    params: count,
    buffers: count,
    macs: count,
    flops: count,
    weightBytes: count,
    activationBytes: count.describe('the sum of the layer outputs (the input is not a layer output)'),
    inputBytes: (reading ? count.optional() : count).describe('the model inputs: counted in peakActivationBytes, not in activationBytes'),
    peakActivationBytes: count,
    activeParams: (reading ? count.optional() : count).describe('params that work on each token; params without a mixture of experts'),
    kvCacheBytes: (reading ? count.optional() : count).describe('the K and V cache of batch sequences after this pass, at the activation dtype'),
    kvCacheBytesPerPosition: (reading ? count.optional() : count).describe('what one more cached position adds to kvCacheBytes (0 once every window is full)'),
    inferenceBytes: (reading ? count.optional() : count).describe('weightBytes + peakActivationBytes + kvCacheBytes'),
    time: time.optional(),
    training: trainingTotals.optional(),
    perDevice: perDevice.optional(),
    communication: communication.optional(),
  });
  const phase = z
    .looseObject({ name: z.enum(['prefill', 'decode']), context: z.number().int().min(0), tokens: z.number().int().min(1) })
    .describe('prefill (the whole input) or decode (one token per sequence after context cached positions)');
  const timeline = z
    .array(z.looseObject({ layer: z.string(), liveBytes: count }))
    .describe('live activation bytes while each layer runs, in execution order (docs/memory.md#memory-timeline)');
  const report = z
    .looseObject({
      schemaVersion: z.literal(1),
      // A baseline saved before conventions existed still reads (as archcost's own).
      conventions: reading ? conventions.optional() : conventions,
      model,
      input: namedShape,
      inputs: z.array(namedShape),
      designInputs: z.array(namedShape),
      output: z.looseObject({ shape }),
      outputs: (reading ? z.array(namedShape).optional() : z.array(namedShape)).describe('every output; each stays live to the end'),
      phase: reading ? phase.optional() : phase,
      batch: z.number().int().min(1),
      dtype: z.enum(DTYPES),
      layers: long(z.array(layer).min(1), LIST_CHECKS.layers, 1),
      totals,
      peak: z.looseObject({ layer: z.string(), tensors: z.array(z.looseObject({ name: z.string(), bytes: count })) }),
      // A baseline saved before the timeline existed still reads.
      memoryTimeline: reading ? long(timeline, LIST_CHECKS.memoryTimeline).optional() : timeline,
      training: trainingSetup.optional(),
      scopes: long(z.array(z.looseObject({ name: z.string(), kind: z.string(), repeat: z.number().int().min(1).optional() })), LIST_CHECKS.scopes),
      compat: z.looseObject({ tool: z.string(), figures: z.record(z.string(), count) }).optional(),
      device: device.optional(),
      weights: weights.optional(),
      kvDtype: z.enum(STORAGE_DTYPES).optional().describe('--kv-dtype: how the KV cache is stored'),
      parallel: parallel.optional(),
    })
    .describe('archcost analyze --format json: one report');
  return { count, signed, shape, position, conventions, seconds, time, device, deployment, trainingSetup, weights, totals, report };
}

function outputSchemas(kinds: IntegerKinds) {
  const { count, signed, shape, position, conventions, seconds, time, device, deployment, trainingSetup, weights, totals, report } = reportSchemas(kinds);
  const metric = z.enum(METRICS);
  const percent = z.number().nullable().describe('of the reference value, two decimals; null when it is 0');
  const change = z.looseObject({ baseline: count, current: count, delta: signed, percent });
  const contributor = z.looseObject({ layer: z.string(), value: count, location: position.optional() });
  const modelRef = z.looseObject({ name: z.string(), file: z.string().optional() });

  const check = z
    .looseObject({
      schemaVersion: z.literal(1),
      conventions,
      model: modelRef,
      passed: z.boolean(),
      budgets: z.array(
        z.looseObject({
          metric,
          limit: count,
          written: z.string().describe('the limit as written: 4G, 100MB'),
          source: z.enum(['spec', 'flag']),
          location: position.optional(),
          actual: count,
          difference: signed.describe('actual - limit: over the budget when positive'),
          percent,
          passed: z.boolean(),
          top: contributor.optional().describe('the layer contributing most to the metric'),
          parts: z
            .looseObject({ weightBytes: count, peakActivationBytes: count })
            .optional()
            .describe('memory only: the figure is weightBytes + peakActivationBytes'),
        }),
      ),
      violations: z.array(metric),
    })
    .describe('archcost check --format json');

  const layerSummary = z.looseObject({
    name: z.string(),
    op: z.string(),
    outputShape: shape,
    params: count,
    macs: count,
    flops: count,
    activationBytes: count,
    // Optional: a diff shows a saved baseline's layers, which may predate them.
    activeParams: count.optional().describe('params that work on each token (only the active experts in a mixture of experts)'),
    kvCacheBytes: count.optional().describe('the K and V cache the layer holds after this pass'),
    workspaceBytes: count.optional().describe("bytes live only while the layer runs: attention's scores and probabilities without flash"),
    location: position.optional(),
  });
  const diff = z
    .looseObject({
      schemaVersion: z.literal(1),
      conventions,
      baseline: modelRef,
      current: modelRef,
      passed: z.boolean(),
      maxIncrease: z.string(),
      metrics: z.array(z.looseObject({ metric, baseline: count, current: count, delta: signed, percent, regressed: z.boolean() })),
      totals: z.record(z.string(), change),
      layers: z.looseObject({
        added: z.array(layerSummary),
        removed: z.array(layerSummary),
        changed: z.array(
          z.looseObject({
            name: z.string(),
            op: z.string(),
            opChange: z.looseObject({ baseline: z.string(), current: z.string() }).optional(),
            outputShape: z.looseObject({ baseline: shape, current: shape }).optional(),
            counts: z.record(z.string(), change),
            location: position.optional(),
          }),
        ),
      }),
    })
    .describe('archcost diff --format json');

  const ratio = z.number().nullable().describe('model / baseline; null when only the baseline is 0');
  const perTotal = <T extends z.ZodType>(value: T) => z.looseObject(Object.fromEntries(COMPARED_TOTALS.map((k) => [k, value])) as Record<(typeof COMPARED_TOTALS)[number], T>);
  const layerCost = z.looseObject({ op: z.string(), outputShape: shape, params: count, macs: count, flops: count, activationBytes: count });
  const compare = z
    .looseObject({
      schemaVersion: z.literal(1),
      conventions: conventions.describe("how the baseline was counted; each model's batch and dtype are in models"),
      baseline: z.string().describe('the first model, that the others are measured against'),
      models: z
        .array(
          z.looseObject({
            name: z.string(),
            file: z.string().optional(),
            input: shape,
            output: shape,
            batch: z.number().int().min(1),
            dtype: z.enum(DTYPES),
            device: device.optional(),
            totals,
          }),
        )
        .min(2),
      ratios: z
        .record(z.string(), perTotal(ratio).extend({ time: ratio.optional().describe('estimated seconds, with --device') }))
        .describe('by model name (all but the first): each total / the baseline\'s'),
      differences: z.record(z.string(), perTotal(signed)).describe("by model name: each total - the baseline's, exact"),
      layers: z
        .array(z.looseObject({ name: z.string(), costs: z.array(layerCost.nullable()).describe('one per model, null where it has no such layer') }))
        .describe('layers (or blocks with --depth) matched by name'),
    })
    .describe('archcost compare --format json');

  const side = z.looseObject({
    params: count,
    macs: count,
    flops: count,
    activationBytes: count,
    peakActivationBytes: count,
    outputShape: shape,
    time: time.optional(),
  });
  const sideRatio = z
    .looseObject({ params: ratio, macs: ratio, flops: ratio, time: ratio.optional() })
    .describe('direct / bottleneck: above 1 the bottleneck is cheaper');
  const width = z.number().int().min(1);
  const bottleneck = z
    .looseObject({
      schemaVersion: z.literal(1),
      conventions,
      input: shape,
      kernel: width,
      out: width,
      mid: width.optional(),
      stride: width,
      form: z.enum(['reduce', 'expand']),
      bias: z.boolean(),
      device: device.optional(),
      direct: side,
      bottleneck: side.optional().describe('with --mid'),
      ratio: sideRatio.optional().describe('with --mid'),
      widths: z.array(z.looseObject({ mid: width, bottleneck: side, ratio: sideRatio })).optional().describe('without --mid: powers of two'),
      breakEven: z.looseObject({ macs: z.number().int().min(0), params: z.number().int().min(0) }).describe('the widest M that still saves'),
    })
    .describe('archcost bottleneck --format json');

  const formula = z.string().describe('symbols = numbers = value');
  const explain = z
    .looseObject({
      schemaVersion: z.literal(1),
      conventions: conventions.describe('counts are per sample (batch 1)'),
      model: modelRef,
      input: z.looseObject({ shape }),
      layers: z.array(
        z.looseObject({
          name: z.string(),
          op: z.string(),
          inputs: z.array(z.string()),
          inputShapes: z.array(shape),
          outputShape: shape,
          params: count,
          buffers: count,
          macs: count,
          flops: count,
          formulas: z
            .looseObject({ shape: z.array(formula), terms: z.array(formula).optional(), params: formula.optional(), buffers: formula.optional(), macs: formula.optional(), flops: formula.optional() })
            .optional(),
          receptiveField: z.array(z.number()).optional().describe('input pixels per spatial axis'),
          cumulativeStride: z.array(z.number()).optional(),
        }),
      ),
    })
    .describe('archcost explain --format json');

  const sweepResult = z
    .looseObject({
      schemaVersion: z.literal(1),
      conventions,
      model: modelRef,
      sweep: z.array(z.looseObject({ name: z.string(), values: z.array(z.union([z.number(), z.boolean(), shape])) })),
      points: z.array(z.looseObject({ vars: z.record(z.string(), z.union([z.number(), z.boolean()])), input: shape, output: shape, totals })),
    })
    .describe('archcost analyze --sweep --format json: one spec');

  const term = z.enum(FIT_TERMS);
  const fitDevice = z.looseObject({ name: z.string(), memoryBytes: count, linksBytesPerSecond: count.optional() });
  const solve = z.enum(['batch', 'context']);
  const fitPoint = z.looseObject({
    batch: z.number().int().min(1),
    context: z.number().int().min(0).describe('prefill: the tokens of the pass; decode: the positions cached'),
    terms: z.record(z.string(), count).describe('one device\'s memory by term'),
    totalBytes: count,
  });
  const fitResult = z
    .looseObject({
      schemaVersion: z.literal(1),
      model: modelRef,
      device: fitDevice,
      parallel: z.looseObject(deployment),
      mode: z.enum(['inference', 'training']),
      phase: z.enum(['prefill', 'decode']),
      dtype: z.enum(DTYPES),
      weights: weights.optional(),
      kvDtype: z.enum(STORAGE_DTYPES).optional(),
      training: trainingSetup.optional(),
      capacityBytes: count,
      reserveBytes: count,
      usableBytes: count.describe('capacityBytes - reserveBytes, per device'),
      solve,
      fits: z.boolean(),
      point: fitPoint.describe('the answer where it fits (the largest batch or context), else the smallest: batch (or context) 1'),
      headroomBytes: signed.describe('usableBytes - point.totalBytes; negative: the shortfall'),
      binding: term.describe('the largest term at the point'),
      next: z.looseObject({ value: z.number().int(), totalBytes: count.optional(), reason: z.string().optional() }).optional().describe('the first point past the answer'),
      perStep: count.optional().describe('what one more sequence (or position) adds'),
      suggestions: z.array(z.looseObject({ flags: z.array(z.string()), totalBytes: count, largest: z.number().int().min(1) })).optional(),
      decode: z
        .looseObject({
          context: z.number().int().min(0),
          points: z.array(
            z.looseObject({ batch: z.number().int().min(1), seconds, tokensPerSecond: z.number(), tokensPerSecondPerDevice: z.number(), bound: z.enum(['memory', 'compute']) }),
          ),
          ceilingTokensPerSecond: z.number(),
          limitedBy: z.enum(['compute', 'memory', 'communication']),
          knee: z.number().int().min(1).describe('the smallest batch reaching 90% of the ceiling'),
          largestShare: z.number(),
        })
        .optional()
        .describe('decode throughput up to the largest batch (inference of a model with a KV cache)'),
      analyses: z.number().int().min(0),
    })
    .describe('archcost fit --format json');
  const fitSweep = z
    .looseObject({
      schemaVersion: z.literal(1),
      model: modelRef,
      device: fitDevice,
      mode: z.enum(['inference', 'training']),
      phase: z.enum(['prefill', 'decode']),
      solve,
      sweep: z.array(z.looseObject({ name: z.string(), values: z.array(z.union([z.number(), z.boolean()])) })),
      points: z.array(
        z.looseObject({
          values: z.record(z.string(), z.union([z.number(), z.boolean()])),
          fits: z.boolean(),
          largest: z.number().int().min(0),
          totalBytes: count.optional(),
          binding: term.optional(),
          error: z.string().optional(),
        }),
      ),
      analyses: z.number().int().min(0),
    })
    .describe('archcost fit --sweep --format json');

  return {
    fit: z.union([fitResult, fitSweep]),
    analyze: z.union([report, z.array(report)]),
    report,
    check,
    diff,
    compare,
    bottleneck,
    explain,
    sweep: z.union([sweepResult, z.array(sweepResult)]),
  };
}

/** For JSON Schema generation: counts as bigint, written as `integer` with no size limit. */
const forJsonSchema = once(() => outputSchemas({ count: z.bigint().min(0n).meta({ minimum: 0 }), signed: z.bigint() }));

/** For reading a saved report: integers arrive as numbers, or bigints past 2^53 (see read-report.ts). */
const exact = (min?: bigint) =>
  z
    .union([z.number().int(), z.bigint()], { error: (issue) => `expected an integer, got ${showValue(issue.input)}` })
    .transform((v) => BigInt(v))
    .pipe(min === undefined ? z.bigint() : z.bigint().min(min));
export const readingSchemas = once(() => reportSchemas({ count: exact(0n), signed: exact() }, true));
/** The same, zod alone: what the tests hold the quick checks of the long lists to. */
export const zodReadingSchemas = once(() => reportSchemas({ count: exact(0n), signed: exact() }, true, false));

/**
 * A list of a saved report (read from JSON its reader parsed, so checked in place) whose entries
 * `each` checks as the list's zod schema parses them (core/quick-check.ts);
 * when one is not vouched for, zod parses the whole list and words what is wrong. The reading
 * schema's pass over a 10k-layer baseline, cold in process (as diff runs it), takes ~40 ms so and
 * ~160 ms by zod alone. specs/read-report.test.ts holds each check to zod's answers.
 */
function checkedList<T extends z.ZodType>(list: T, each: Check, min: number): T {
  return z.unknown().transform((value, ctx) => {
    const quick = listInPlace(value, each, min);
    if (quick !== UNCHECKED) return quick;
    // A parse of its own: the reading's options are given again.
    const parsed = list.safeParse(value, WORDED);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, input: value } as never);
    return z.NEVER;
  }) as unknown as T;
}

/** listOf for a saved report's lists: checked in place (read-report.ts reportOf). */
const listInPlace = (value: unknown, each: Check, min = 0) => listOf(value, each, min, Infinity, true);

// The checks beside the reading schema's layer, memoryTimeline entry and scope (outputSchemas).
const stringsCheck: Check = (v) => listInPlace(v, anyString);
/** exact(0n): a safe integer or a bigint, from 0, as a bigint. */
const countCheck: Check = (v) => (typeof v === 'bigint' ? (v >= 0n ? v : UNCHECKED) : isIntegerFrom(v, 0) ? BigInt(v) : UNCHECKED);
const sizeCheck = integerFrom(1);
const shapeCheck: Check = (v) => listInPlace(v, sizeCheck);
const positionCheck = looseFields({ line: integerFrom(1), column: integerFrom(1) }, ['line', 'column'], true);
const COUNTS = ['params', 'buffers', 'macs', 'flops', 'activationBytes'];
/** Counts a baseline saved before them lacks. */
const LATER_COUNTS = ['activeParams', 'kvCacheBytes', 'workspaceBytes'];
/** The checks of a saved report's long lists' entries, as the reading schema's zod parses them; a report is read from JSON it parsed itself, so in place. */
export const LIST_CHECKS = {
  layers: looseFields(
    { name: anyString, op: anyString, inputs: stringsCheck, outputShape: shapeCheck, ...Object.fromEntries([...COUNTS, ...LATER_COUNTS].map((k) => [k, countCheck])), location: positionCheck },
    ['name', 'op', 'inputs', 'outputShape', ...COUNTS],
    true,
  ),
  memoryTimeline: looseFields({ layer: anyString, liveBytes: countCheck }, ['layer', 'liveBytes'], true),
  scopes: looseFields({ name: anyString, kind: anyString, repeat: integerFrom(1) }, ['name', 'kind'], true),
};

export const OUTPUT_KINDS = ['analyze', 'compare', 'diff', 'check', 'bottleneck', 'explain', 'sweep', 'fit'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** The JSON Schema (2020-12) of one JSON output. */
export function outputJsonSchema(kind: OutputKind): Record<string, unknown> {
  const schema = z.toJSONSchema(forJsonSchema()[kind], {
    unrepresentable: 'any',
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def;
      if (def.type === 'bigint') {
        ctx.jsonSchema.type = 'integer';
        delete ctx.jsonSchema.format;
      }
    },
  });
  const command = kind === 'sweep' ? 'analyze SPEC --sweep ...' : kind;
  return { ...schema, title: `archcost ${kind} output`, description: `The JSON printed by \`archcost ${command} --format json\`, schemaVersion 1.` };
}
