import type { ReceptiveStep } from '../ops/types.js';
import type { Dtype, StorageDtype } from '../core/dtype.js';
import type { CompatSummary } from './compat.js';
import { defaultConventions, type Conventions } from './conventions.js';
import { ArchcostError, didYouMean } from '../core/errors.js';
import { label } from '../core/printable.js';
import { markSameAs } from '../core/same-as.js';
import type { Value } from '../expr/expr.js';
import { GraphBuilder, inputShapes, type BuildSettings, type Graph, type ScopeInfo } from '../language/graph.js';
import type { LiveTensor, TimelineStep } from './memory.js';
import { countGraph, type LayerFigures } from './count.js';
import { deploy, type Communication, type Deployment, type Parallelism, type ParallelSetup } from './deployment.js';
import type { Device } from './devices.js';
import { weightStorage, type WeightFormat, type WeightSetup } from './storage.js';
import { receptiveSteps } from './receptive.js';
import type { DeviceUsed, LayerTime, TimeTotals } from './roofline.js';
import { validateSpec } from '../language/schema-errors.js';
import { objectSource, parseSpecText, type Position, type SpecPath, type SpecSource } from '../language/source.js';
import { checkAnalyzeOptions } from './options.js';
import { kvBytes } from './storage.js';
import { intensity, type Traffic } from './traffic.js';
import { estimateTraining, type LayerTraining, type TrainingOptions, type TrainingSetup, type TrainingTotals } from './training.js';
import type { SpecFile } from '../language/spec.js';
import { listOfLength, sameNumbers } from '../core/values.js';

export interface AnalyzeOptions {
  /** Shown in messages and in the report; also decides YAML vs JSON wording. */
  file?: string;
  /** Overrides the spec's batch (default 1). */
  batch?: number;
  /** Overrides the spec's dtype (default float32). */
  dtype?: Dtype;
  /** Overrides of the spec's vars (`--set width=32`). */
  vars?: Record<string, Value>;
  /** Replaces the shape of the first input (`--input 224x224x3`). */
  input?: number[];
  /** Adds the training estimate (training.ts): report.training, totals.training, each layer's training. */
  training?: TrainingOptions;
  /**
   * `prefill` (default): the whole input at once. `decode`: one new token per sequence, the first
   * input's first axis (its length) taken as 1, with `context` positions already in the KV cache.
   */
  phase?: Phase;
  /** Positions already in the KV cache (`--context L`); required for decode. */
  context?: number;
  /** Weights stored apart from the activation dtype (`--weight-dtype`, `--group-size`, `--keep`). */
  weights?: WeightFormat;
  /** The K/V cache's storage (`--kv-dtype`); default: the activation dtype. */
  kvDtype?: StorageDtype;
  /** Spread over devices: adds `parallel`, `totals.perDevice`, `totals.communication` (and `totals.training.perDevice`). */
  parallel?: Parallelism;
  /** For a deployment's time and its communication's time: the device each of its devices is. */
  device?: Device;
}

export type Phase = 'prefill' | 'decode';

/** The phase options as a command's flags carry them. */
export type PhaseFlags = Pick<AnalyzeOptions, 'phase' | 'context'>;
export const PHASES: readonly Phase[] = ['prefill', 'decode'];

/** How the input was run: all of it (prefill) or one token after `context` cached ones (decode). */
export interface PhaseInfo {
  name: Phase;
  context: number;
  /** Tokens per sequence this pass computes: the first input's length, 1 in decode. */
  tokens: number;
}

export interface LayerReport {
  name: string;
  op: string;
  inputs: string[];
  outputShape: number[];
  params: bigint;
  buffers: bigint;
  macs: bigint;
  flops: bigint;
  activationBytes: bigint;
  /** Params that work on each token: all of them, but only the active experts' inside a mixture of experts. */
  activeParams: bigint;
  /** Bytes of the K and V cache the layer holds after this pass (attention; docs/transformers.md). */
  kvCacheBytes: bigint;
  /** Bytes alive only while the layer runs: attention's scores and probabilities without flash. */
  workspaceBytes: bigint;
  /** In decode: the layer is off the generated sequence (an encoder), ran in prefill, and counts no work now. */
  precomputed?: true;
  /** Where the layer's item is written in the spec text (absent for a spec given as an object). */
  location?: Position;
  /** Memory traffic of the layer (traffic.ts): weightBytes, bytesRead, bytesWritten, arithmeticIntensity. */
  weightBytes: Traffic['weightBytes'];
  bytesRead: Traffic['bytesRead'];
  bytesWritten: Traffic['bytesWritten'];
  arithmeticIntensity: Traffic['arithmeticIntensity'];
  /** With a training estimate only. */
  training?: LayerTraining;
  /** With a roofline estimate (roofline.ts `withRoofline`) only. */
  time?: LayerTime;
  /** Input pixels one output position depends on, per spatial axis of the first input (absent when not tracked). */
  receptiveField?: number[];
  /** Input pixels between neighbouring output positions: the product of the strides so far. */
  cumulativeStride?: number[];
  /** Kernel and stride per spatial axis of a sliding-window layer (conv, pools), as darknet's layer lines print them. */
  window?: { kernel: number[]; stride: number[] };
}

export interface Totals {
  params: bigint;
  buffers: bigint;
  macs: bigint;
  flops: bigint;
  weightBytes: bigint;
  activationBytes: bigint;
  /** The model inputs' bytes: live from the start, so in the peak; not in activationBytes, which sums layer outputs. */
  inputBytes: bigint;
  peakActivationBytes: bigint;
  /** Sums of the layers' traffic, and total flops per byte moved. */
  bytesRead: bigint;
  bytesWritten: bigint;
  arithmeticIntensity: number;
  /** weightBytes + peakActivationBytes + kvCacheBytes: what inference needs resident at its peak. */
  inferenceBytes: bigint;
  /** Params that work on each token; equal to params without a mixture of experts. */
  activeParams: bigint;
  /** The K and V cache of `batch` sequences after this pass, at the activation dtype. */
  kvCacheBytes: bigint;
  /** What one more position adds to it (0 once every window is full): weightBytes / this is where the cache passes the weights. */
  kvCacheBytesPerPosition: bigint;
  /** With a training estimate only. */
  training?: TrainingTotals;
  /** With a roofline estimate only. */
  time?: TimeTotals;
  /** With `parallel`: one device's inference memory (the stage needing most), and the deployment's speed with a device. */
  perDevice?: Deployment['perDevice'];
  /** With `parallel`: what one device sends per step, and how long that takes on the device's links. */
  communication?: Communication;
}

export interface NamedShape {
  name: string;
  shape: number[];
}

/** What `analyze --format json` prints; every count is an exact integer (bigint). */
export interface Report {
  schemaVersion: 1;
  /** What macs, flops, params and bytes count here. */
  conventions: Conventions;
  model: { name: string; file?: string; description?: string };
  input: NamedShape;
  inputs: NamedShape[];
  /** The spec's own input shapes, before any `input` override. */
  designInputs: NamedShape[];
  output: { shape: number[] };
  /** Every output (`outputs:` in the spec; else the one above), each live to the end. */
  outputs: NamedShape[];
  /** Prefill or decode, and with how many cached positions. */
  phase: PhaseInfo;
  batch: number;
  dtype: Dtype;
  layers: LayerReport[];
  totals: Totals;
  peak: { layer: string; tensors: { name: string; bytes: bigint }[] };
  /** Live activation bytes while each layer runs, in execution order (memory.ts; docs/memory.md). */
  memoryTimeline: TimelineStep[];
  /** How the training estimate was made, when one was asked for. */
  training?: TrainingSetup;
  /** The weights' storage, when --weight-dtype chose one apart from the activation dtype. */
  weights?: WeightSetup;
  /** The K/V cache's storage, when --kv-dtype chose one. */
  kvDtype?: StorageDtype;
  /** The device of a roofline estimate, when one was asked for. */
  device?: DeviceUsed;
  /** How the model is spread over devices, with each pipeline stage's figures. */
  parallel?: ParallelSetup;
  /** Named groups of layers (block instances, sequences, named branches, repeats), for `--depth`. */
  scopes: ScopeInfo[];
  /** With `--compat`: the tool's own headline figures. */
  compat?: CompatSummary;
}

/** Spec text (YAML or JSON) or an already-parsed spec object → the full cost report. Throws ArchcostError. */
export function analyze(spec: string | object, options: AnalyzeOptions = {}): Report {
  const source = typeof spec === 'string' ? parseSpecText(spec, options.file) : objectSource(spec, options.file);
  return analyzeSource(source, options);
}

/** A spec already parsed (`parseSpecText`, `objectSource`) → the full cost report. Throws ArchcostError. */
export function analyzeSource(source: SpecSource, options: AnalyzeOptions = {}): Report {
  return expandAndCount(source, options).report;
}

/**
 * analyzeSource for archcost's own callers: `settings` choose how the graph is built (tests), and
 * `spec`, when given, is `validateSpec(source)` already made (check reads its budgets first), not validated again.
 */
export function analyzeSourceWith(source: SpecSource, options: AnalyzeOptions, settings: BuildSettings, spec?: SpecFile): Report {
  return expandAndCount(source, options, settings, spec).report;
}

/** The report plus the expanded graph (each layer's resolved args), for `explain`. */
export function analyzeWithGraph(spec: string | object, options: AnalyzeOptions = {}): { report: Report; graph: Graph } {
  const source = typeof spec === 'string' ? parseSpecText(spec, options.file) : objectSource(spec, options.file);
  return expandAndCount(source, options);
}

/** A spec expanded at the options' vars, input and phase: the graph before anything is counted. */
export interface ExpandedSpec {
  file: SpecFile;
  graph: Graph;
  batch: number;
  dtype: Dtype;
  phase: PhaseInfo;
  inputs: NamedShape[];
  designInputs: NamedShape[];
}

/** Validates and expands a spec: what analyze counts, and what `fit` counts many times over. Throws ArchcostError. */
export function expandSpec(source: SpecSource, options: AnalyzeOptions = {}, settings: BuildSettings = {}, spec?: SpecFile): ExpandedSpec {
  checkAnalyzeOptions(options);
  const file = spec ?? validateSpec(source);
  const vars = mergeVars(file, options.vars, source);
  const phase = phaseOf(options, source);
  const builder = new GraphBuilder(file, source, vars, { cached: phase.context, decode: phase.name === 'decode' }, settings);
  const designInputs = declaredInputs(file).map((t) => ({ name: t.name, shape: builder.inputShape(t.shape, t.path) }));
  if (options.input) checkInputRank(options.input, designInputs[0], declaredInputs(file)[0].path, source);
  const inputs = designInputs.map((t, i) => {
    if (i > 0) return t;
    const shape = options.input ?? t.shape;
    // Decode: the sequence being generated is one token long.
    return phase.name === 'decode' ? { ...t, shape: [1, ...shape.slice(1)] } : { ...t, shape };
  });
  phase.tokens = inputs[0].shape[0];
  const graph = builder.build(inputs.map((t) => ({ id: t.name, shape: t.shape })));
  return { file, graph, batch: options.batch ?? file.batch ?? 1, dtype: options.dtype ?? file.dtype ?? 'float32', phase, inputs, designInputs };
}

/**
 * A layer's record marked precomputed in prefill, the mark after activeParams, where reports have
 * it. Added to the few such records afterwards: a spread inside the literal of every record made the
 * literal build its later fields one at a time (100,000 layers: ~20 ms more).
 */
function markedPrecomputed(record: LayerReport): LayerReport {
  return Object.fromEntries(Object.entries(record).flatMap((entry) => (entry[0] === 'activeParams' ? [entry, ['precomputed', true]] : [entry]))) as unknown as LayerReport;
}

function expandAndCount(source: SpecSource, options: AnalyzeOptions, settings: BuildSettings = {}, spec?: SpecFile): { report: Report; graph: Graph } {
  const { file, graph, batch, dtype, phase, inputs, designInputs } = expandSpec(source, options, settings, spec);
  const storage = weightStorage(graph, dtype, options.weights, source.file);
  const counted = countGraph(graph, { batch, dtype, storage, kvDtype: options.kvDtype });
  const fields = receptiveSteps(graph);
  const layers = listOfLength<LayerReport>(graph.layers.length);
  const twins = listOfLength<number>(graph.layers.length);
  graph.layers.forEach((l, i) => {
    const figures = counted.layers[i];
    const field = fields.after[i];
    // A copy of an earlier layer (graph.ts `twin`) shares its shape and window, and the list says so for the JSON writer.
    const twin = l.twin === undefined ? undefined : layers[l.twin];
    twins[i] = l.twin ?? -1;
    const report: LayerReport = {
      name: l.name,
      op: l.op,
      inputs: l.inputs,
      outputShape: twin ? twin.outputShape : [...l.outputShape],
      params: l.cost.params,
      buffers: l.cost.buffers,
      macs: figures.macs,
      flops: figures.flops,
      activationBytes: figures.activationBytes,
      activeParams: l.activeParams,
      kvCacheBytes: figures.kvCacheBytes,
      workspaceBytes: figures.workspaceBytes,
      weightBytes: figures.weightBytes,
      bytesRead: figures.bytesRead,
      bytesWritten: figures.bytesWritten,
      arithmeticIntensity: figures.arithmeticIntensity,
      // Only a repeat's copies share their item's path (the same list): each takes its twin's location.
      location: twin ? twin.location : source.locate(l.specPath),
      receptiveField: field && twin ? either(field.size, twin.receptiveField) : field?.size,
      cumulativeStride: field && twin ? either(field.jump, twin.cumulativeStride) : field?.jump,
      window: twin ? twin.window : windowOf(fields.steps[i]),
    };
    layers[i] = l.precomputed ? markedPrecomputed(report) : report;
  });
  markSameAs(layers, twins);

  const { peak, timeline } = counted.liveness;
  const { summed, times } = totalWeights(graph, counted.layers);
  const sum = (pick: (l: LayerReport) => bigint) => {
    let total = 0n;
    for (let k = 0; k < summed.length; k++) {
      const i = summed[k];
      total += times[i] === 1 ? pick(layers[i]) : pick(layers[i]) * BigInt(times[i]);
    }
    return total;
  };
  const params = sum((l) => l.params);
  const buffers = sum((l) => l.buffers);
  const flops = sum((l) => l.flops);
  const weightBytes = storage.held.reduce((total, b) => total + b, 0n);
  const kvCacheBytes = sum((l) => l.kvCacheBytes);
  const kvCacheBytesPerPosition = kvBytes(cacheGrowth(graph, phase.context) * BigInt(batch), dtype, options.kvDtype);
  const bytesRead = sum((l) => l.bytesRead);
  const bytesWritten = sum((l) => l.bytesWritten);
  const context = { cached: phase.context };
  const training = options.training && estimateTraining(graph, batch, dtype, options.training, source.file, { context });
  training?.layers.forEach((t, i) => (layers[i].training = t));
  const deployment =
    options.parallel &&
    deploy(graph, options.parallel, {
      batch,
      dtype,
      weights: options.weights,
      kvDtype: options.kvDtype,
      training: options.training,
      context,
      tokens: phase.tokens,
      device: options.device,
      file: source.file,
      counted: { dtype, storage, figures: counted, training },
    });
  const report: Report = {
    schemaVersion: 1,
    conventions: defaultConventions(batch, dtype),
    // The name and file are labels in every report: their control characters are escaped here, once (core/printable.ts).
    model: { name: label(file.name ?? modelNameFrom(source.file)), file: source.file === undefined ? undefined : label(source.file), description: file.description },
    input: inputs[0],
    inputs,
    designInputs,
    output: { shape: [...graph.output.shape] },
    outputs: graph.outputs.map((t) => ({ name: t.id, shape: [...t.shape] })),
    phase,
    batch,
    dtype,
    layers,
    totals: {
      params,
      buffers,
      macs: sum((l) => l.macs),
      flops,
      weightBytes,
      activationBytes: sum((l) => l.activationBytes),
      peakActivationBytes: peak.bytes,
      inputBytes: counted.inputBytes.reduce((total, b) => total + b, 0n),
      bytesRead,
      bytesWritten,
      arithmeticIntensity: intensity(flops, bytesRead + bytesWritten),
      inferenceBytes: weightBytes + peak.bytes + kvCacheBytes,
      activeParams: sum((l) => l.activeParams),
      kvCacheBytes,
      kvCacheBytesPerPosition,
      training: training && (deployment?.training ? { ...training.totals, perDevice: deployment.training } : training.totals),
      ...(deployment ? { perDevice: deployment.perDevice, communication: deployment.communication } : {}),
    },
    peak: { layer: peak.layer, tensors: peak.tensors.map((t: LiveTensor) => ({ name: t.name, bytes: t.bytes })) },
    memoryTimeline: timeline,
    training: training?.setup,
    weights: storage.setup,
    parallel: deployment?.setup,
    kvDtype: options.kvDtype,
    scopes: graph.scopes,
  };
  return { report, graph };
}

/**
 * How many layers each record counts for in the totals, and the records counted: a copy (graph.ts
 * `twin`) whose figures, cost and active params are its twin's adds what its twin adds, so it is
 * counted there (0 itself). 100,000 layers summed one by one were ~1M bigint additions, ~35 ms
 * cold; each total walking the 100,000 to find the few counted, 1% of the run.
 */
function totalWeights(graph: Graph, figures: readonly LayerFigures[]): { summed: number[]; times: number[] } {
  const counts = graph.layers.map(() => 1);
  graph.layers.forEach((l, i) => {
    const t = l.twin;
    if (t === undefined || counts[t] === 0 || figures[i] !== figures[t]) return;
    const twin = graph.layers[t];
    if (l.cost !== twin.cost || l.activeParams !== twin.activeParams) return;
    counts[t]++;
    counts[i] = 0;
  });
  const summed: number[] = [];
  counts.forEach((n, i) => {
    if (n > 0) summed.push(i);
  });
  return { summed, times: counts };
}

/** `numbers`, or `earlier` if it holds the same numbers (one array for the JSON writer to recognise). */
function either(numbers: number[], earlier: number[] | undefined): number[] {
  return earlier && sameNumbers(earlier, numbers) ? earlier : numbers;
}

function windowOf(step: ReceptiveStep | undefined): LayerReport['window'] {
  return step?.kind === 'window' ? { kernel: step.kernel, stride: step.stride } : undefined;
}

/**
 * Cache elements per sample that one more cached position adds: each caching layer evaluated again
 * with one position more (its formulas memoized, so the cost is one evaluation per distinct layer).
 */
function cacheGrowth(graph: Graph, cached: number): bigint {
  let growth = 0n;
  for (let i = 0; i < graph.layers.length; i++) {
    const l = graph.layers[i];
    if (l.memory.cache === 0n || !l.onSequence) continue;
    const next = l.definition.evaluate(l.args, inputShapes(graph, l), { cached: cached + 1 }).memory.cache;
    growth += (next - l.memory.cache / BigInt(l.copies?.active ?? 1)) * BigInt(l.copies?.active ?? 1);
  }
  return growth;
}

function phaseOf(options: AnalyzeOptions, source: SpecSource): PhaseInfo {
  const name = options.phase ?? 'prefill';
  if (name === 'decode' && options.context === undefined) {
    throw new ArchcostError({ file: source.file, message: '--phase decode needs --context L: the positions already in the KV cache (the new token is the L+1st)' });
  }
  return { name, context: options.context ?? 0, tokens: 0 };
}

/** An input override changes sizes, never the number of axes: that would turn 2-D convs into 3-D ones. */
function checkInputRank(input: number[], design: NamedShape, path: SpecPath, source: SpecSource): void {
  if (input.length === design.shape.length) return;
  const axes = (n: number) => `${n} ${n === 1 ? 'axis' : 'axes'}`;
  throw new ArchcostError({
    file: source.file,
    ...source.locate(path),
    message:
      `--input ${input.join('x')} has ${axes(input.length)} but the spec's input '${design.name}' is ${design.shape.join('x')} ` +
      `(${axes(design.shape.length)}): an override must keep the design input's rank, changing only its sizes`,
  });
}

function declaredInputs(file: SpecFile): { name: string; shape: unknown[]; path: SpecPath }[] {
  if (file.inputs) return Object.entries(file.inputs).map(([name, shape]) => ({ name, shape, path: ['inputs', name] }));
  const input = file.input!;
  return Array.isArray(input)
    ? [{ name: 'input', shape: input, path: ['input'] }]
    : [{ name: input.name ?? 'input', shape: input.shape, path: ['input', 'shape'] }];
}

function mergeVars(file: SpecFile, overrides: Record<string, Value> | undefined, source: SpecSource): Map<string, Value> {
  const vars = new Map<string, Value>(Object.entries(file.vars ?? {}));
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (!vars.has(name)) {
      const known = [...vars.keys()];
      throw new ArchcostError({
        file: source.file,
        message: `--set ${name}: the spec has no var '${name}'${didYouMean(name, known)}; its vars are: ${known.join(', ') || 'none'}`,
      });
    }
    vars.set(name, value);
  }
  return vars;
}

export function modelNameFrom(file?: string): string {
  if (!file || file === '-') return 'model';
  return file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '');
}
