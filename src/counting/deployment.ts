import { DTYPE_BYTES, type Dtype, type StorageDtype } from '../core/dtype.js';
import { ArchcostError } from '../core/errors.js';
import type { Graph } from '../language/graph.js';
import type { LayerContext } from '../ops/types.js';
import { countGraph, type GraphFigures, type LayerFigures } from './count.js';
import type { Device } from './devices.js';
import { pipelineStages } from './pipeline.js';
import { layerTime, peakFlops } from './roofline.js';
import { weightStorage, type WeightFormat, type WeightSetup, type WeightStorage } from './storage.js';
import { zeroStageProblem, type ZeroStage } from './zero.js';
import { shardTensors, type Collective, type Split } from './tensor-parallel.js';
import { estimateTraining, OPTIMIZER_STATES, trainingDtype, trainingMemory, type TrainingEstimate, type TrainingMemory, type TrainingOptions, type TrainingSetup } from './training.js';

/** How a model is spread over devices (docs/parallelism.md): N x T x P devices in all. */
export interface Parallelism {
  /** Replicas, each seeing its own micro-batch of `--batch` (training: gradients averaged). */
  dataParallel: number;
  /** ZeRO (Rajbhandari et al. 2020) over the replicas: 1 shards optimizer state, 2 also gradients, 3 also weights. */
  zero: ZeroStage;
  /** Devices sharing each layer (Megatron-LM): attention heads and dense columns split. */
  tensorParallel: number;
  /** Stages of consecutive layers. */
  pipelineParallel: number;
}

/** N x T x P: the devices a deployment takes. */
export const deviceCount = (p: Parallelism): number => p.dataParallel * p.tensorParallel * p.pipelineParallel;

/** One device's inference memory. */
export interface DeviceInference {
  weightBytes: bigint;
  peakActivationBytes: bigint;
  kvCacheBytes: bigint;
  /** weightBytes + peakActivationBytes + kvCacheBytes. */
  inferenceBytes: bigint;
}

export interface CommunicationPart {
  /** all-reduce, all-gather, reduce-scatter, or send (pipeline). */
  kind: string;
  /** What moves: activations, activation gradients, gradients, parameters. */
  what: string;
  group: 'tensor' | 'data' | 'pipeline';
  /** Bytes one device sends per step. */
  bytes: bigint;
  /** bytes / (links / 2): each direction has half of the links' figure. With a device that has links. */
  seconds?: number;
}

export interface Communication {
  bytes: bigint;
  seconds?: number;
  parts: CommunicationPart[];
}

export interface StageFigures extends DeviceInference {
  /** The stage's first and last layers. */
  first: string;
  last: string;
  layers: number;
  training?: TrainingMemory;
  communication: Communication;
  /** With a device: one micro-batch's pass through the stage on the roofline, its tensor-parallel collectives and its send included (not the once-a-step data-parallel ones). */
  seconds?: number;
  /** Of those, the time in memory-bound layers. */
  memoryBoundSeconds?: number;
}

/** The choices behind the per-device figures (`parallel` in JSON). */
export interface ParallelSetup extends Parallelism {
  devices: number;
  /** Micro-batches per training step: P with a pipeline (the fewest that fill it), else 1; inference 1 (one batch in flight). */
  microBatches: number;
  /** Layers per kind of tensor-parallel split (docs/parallelism.md#tensor-parallelism). */
  splits: Record<Split, number>;
  /** Params every device of a tensor-parallel group holds whole (replicated layers: norms, convolutions, ...). */
  replicatedParams: bigint;
  stages: StageFigures[];
}

/** Decode or prefill speed of the deployment on the roofline, collectives included. */
export interface DeploymentTime {
  /** One pass of a batch through every stage. */
  seconds: number;
  communicationSeconds: number;
  /** Replicas x batch x tokens of the pass / seconds. */
  tokensPerSecond: number;
  tokensPerSecondPerDevice: number;
}

export interface Deployment {
  setup: ParallelSetup;
  /** The stage whose device needs the most memory (inference), its figures. */
  perDevice: DeviceInference & { stage: number; time?: DeploymentTime };
  /** With training: the stage whose device needs the most, its figures. */
  training?: TrainingMemory & { stage: number };
  /** What the device of the binding stage sends per step. */
  communication: Communication;
  /** Each layer of one device's share (every stage's), for throughput limits (not part of the report). */
  layers: LayerFigures[];
  /** The weight format and the training setup used. */
  weights?: WeightSetup;
  trainingSetup?: TrainingSetup;
}

export interface DeploymentOptions {
  batch: number;
  dtype: Dtype;
  weights?: WeightFormat;
  kvDtype?: StorageDtype;
  training?: TrainingOptions;
  context: LayerContext;
  /** Tokens per sequence of this pass (decode: 1). */
  tokens: number;
  device?: Device;
  file?: string;
  /** The graph's own figures, already counted (analyze's): reused where the devices hold whole layers. */
  counted?: CountedGraph;
}

/**
 * A graph's weight storage and figures at `dtype`, and its training estimate without pipeline stages,
 * counted with the options' batch, weights and kvDtype (deploy checks only the dtype, which training may change).
 */
export interface CountedGraph {
  dtype: Dtype;
  storage: WeightStorage;
  figures: GraphFigures;
  training?: TrainingEstimate;
}

const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;
const sum = (values: Iterable<bigint>) => {
  let total = 0n;
  for (const v of values) total += v;
  return total;
};

/** Ring collectives (NCCL's): each device sends (n - 1) chunks of ceil(bytes / n), twice for an all-reduce. */
function ringBytes(kind: 'all-reduce' | 'all-gather' | 'reduce-scatter', bytes: bigint, n: number): bigint {
  if (n <= 1) return 0n;
  const steps = BigInt(n - 1) * (kind === 'all-reduce' ? 2n : 1n);
  return steps * ceilDiv(bytes, BigInt(n));
}

export function checkParallelism(p: Parallelism, training: boolean, file?: string): void {
  for (const [flag, n] of [['--data-parallel', p.dataParallel], ['--tensor-parallel', p.tensorParallel], ['--pipeline-parallel', p.pipelineParallel]] as const) {
    if (!Number.isSafeInteger(n) || n < 1) throw new ArchcostError({ file, message: `${flag}: expected a positive integer, got ${n}` });
  }
  const zero = zeroStageProblem(p.zero);
  if (zero) throw new ArchcostError({ file, message: `--zero: ${zero} (the ZeRO stage: 1 shards optimizer state, 2 also gradients, 3 also weights)` });
  if (p.zero > 0 && !training) {
    throw new ArchcostError({ file, message: `--zero ${p.zero} shards training state (optimizer state, gradients, weights) over data-parallel replicas; add --training, or use --tensor-parallel or --pipeline-parallel to spread a model for inference` });
  }
}

/**
 * One device's memory, the communication of a step and, with a device, the deployment's speed, for a
 * model spread over N x T x P devices (rules in docs/parallelism.md).
 */
export function deploy(graph: Graph, p: Parallelism, o: DeploymentOptions): Deployment {
  const training = o.training !== undefined;
  checkParallelism(p, training, o.file);
  const T = p.tensorParallel;
  const P = p.pipelineParallel;
  const N = p.dataParallel;
  const sharded = T > 1 ? shardTensors(graph, T, o.context, o.file) : { graph, splits: graph.layers.map((): Split => 'replicated'), collectives: [] as Collective[] };
  const g = sharded.graph;
  // Training counts its activations at the training dtype (16 bits under mixed precision).
  const dtype = o.training ? trainingDtype(o.dtype, o.training.mixedPrecision ?? false) : o.dtype;
  const element = BigInt(DTYPE_BYTES[dtype]);
  // Without tensor parallelism the graph is the one counted already: at the same dtype, so are its figures.
  const whole = T === 1 ? o.counted : undefined;
  const sameDtype = whole?.dtype === dtype ? whole : undefined;
  const storage = sameDtype?.storage ?? weightStorage(g, dtype, o.weights, o.file);
  const counted = sameDtype?.figures ?? countGraph(g, { batch: o.batch, dtype, storage, kvDtype: o.kvDtype });
  const starts = P > 1 ? pipelineStages(storage.held, P, o.file) : [0];
  const estimate =
    o.training && (P === 1 && whole?.training ? whole.training : estimateTraining(g, o.batch, o.dtype, o.training, o.file, { context: o.context, stageStarts: starts.slice(1) }));
  // Training fills the pipeline with P micro-batches; inference has one batch in flight (docs/parallelism.md).
  const microBatches = training && P > 1 ? P : 1;
  const B = BigInt(o.batch);
  const links = o.device?.links;
  const seconds = (bytes: bigint) => (links ? Number(bytes) / (Number(links) / 2) : undefined);
  const stageIndex = g.layers.map(() => 0);
  starts.forEach((start, s) => {
    const end = starts[s + 1] ?? g.layers.length;
    for (let i = start; i < end; i++) stageIndex[i] = s;
  });
  const crossing = pipelineCrossings(g, counted, starts, stageIndex);

  const stages = starts.map((start, s): StageFigures => {
    const end = starts[s + 1] ?? g.layers.length;
    const indices = Array.from({ length: end - start }, (_, k) => start + k);
    const weightBytes = sum(indices.map((i) => storage.held[i]));
    const kvCacheBytes = sum(indices.map((i) => counted.layers[i].kvCacheBytes));
    const peakActivationBytes = indices.reduce((max, i) => (counted.liveness.timeline[i].liveBytes > max ? counted.liveness.timeline[i].liveBytes : max), 0n);
    const parts: CommunicationPart[] = [];
    const part = (group: CommunicationPart['group'], kind: string, what: string, bytes: bigint) => {
      if (bytes > 0n) parts.push({ kind, what, group, bytes, ...(seconds(bytes) === undefined ? {} : { seconds: seconds(bytes) }) });
    };
    // Tensor-parallel collectives of the stage's layers: per micro-batch, forward (and backward in training).
    const inStage = new Set(indices.map((i) => g.layers[i].name));
    const tensorParts = new Map<string, bigint>();
    for (const c of sharded.collectives) {
      if (!inStage.has(c.layer) || (training ? c.pass === 'inference' : c.pass === 'backward')) continue;
      const key = `${c.kind}|${c.pass === 'backward' ? 'activation gradients' : 'activations'}`;
      tensorParts.set(key, (tensorParts.get(key) ?? 0n) + ringBytes(c.kind, c.elements * B * element, T) * BigInt(microBatches));
    }
    for (const [key, bytes] of tensorParts) part('tensor', key.split('|')[0], key.split('|')[1], bytes);
    part('pipeline', 'send', 'activations', crossing[s] * BigInt(microBatches));
    if (training) part('pipeline', 'send', 'activation gradients', (s > 0 ? crossing[s - 1] : 0n) * BigInt(microBatches));
    const stageTraining = estimate ? deviceTraining(estimate, g, indices, p, P - s) : undefined;
    if (stageTraining && N > 1) {
      const params = sum(indices.map((i) => g.layers[i].cost.params));
      const gradients = params * BigInt(DTYPE_BYTES[estimate!.setup.dtype]);
      if (p.zero === 0) part('data', 'all-reduce', 'gradients', ringBytes('all-reduce', gradients, N));
      else part('data', 'reduce-scatter', 'gradients', ringBytes('reduce-scatter', gradients, N));
      // ZeRO 1 and 2 gather the updated weights after the step; ZeRO 3 gathers them for forward and again for backward.
      if (p.zero > 0) part('data', 'all-gather', 'parameters', ringBytes('all-gather', gradients, N) * (p.zero === 3 ? 2n : 1n));
    }
    const communication = { bytes: sum(parts.map((x) => x.bytes)), ...(links ? { seconds: parts.reduce((t, x) => t + (x.seconds ?? 0), 0) } : {}), parts };
    const stage: StageFigures = {
      first: g.layers[start].name,
      last: g.layers[end - 1].name,
      layers: end - start,
      weightBytes,
      peakActivationBytes,
      kvCacheBytes,
      inferenceBytes: weightBytes + peakActivationBytes + kvCacheBytes,
      ...(stageTraining ? { training: stageTraining } : {}),
      communication,
    };
    if (o.device) {
      const flopsPerSecond = Number(peakFlops(o.device, dtype));
      const bandwidth = Number(o.device.memoryBandwidth);
      const times = indices.map((i) => layerTime(counted.layers[i], flopsPerSecond, bandwidth));
      // One micro-batch's pass: its layers and its share of the per-micro-batch collectives; the
      // data-parallel ones run once per step, after backward, outside any pass.
      const perMicroBatch = parts.reduce((t, x) => t + (x.group === 'data' ? 0 : (x.seconds ?? 0)), 0) / microBatches;
      stage.seconds = times.reduce((t, x) => t + x.seconds, 0) + perMicroBatch;
      stage.memoryBoundSeconds = times.reduce((t, x) => t + (x.bound === 'memory' ? x.seconds : 0), 0);
    }
    return stage;
  });

  const largest = (pick: (s: StageFigures) => bigint) => stages.reduce((best, s, k) => (pick(s) > pick(stages[best]) ? k : best), 0);
  const inferenceStage = largest((s) => s.inferenceBytes);
  const trainingStage = largest((s) => s.training?.totalBytes ?? 0n);
  const binding = training ? trainingStage : inferenceStage;
  const { weightBytes, peakActivationBytes, kvCacheBytes, inferenceBytes } = stages[inferenceStage];
  const time = o.device && !training ? deploymentTime(stages, N, deviceCount(p), o.batch * o.tokens) : undefined;
  return {
    setup: {
      ...p,
      devices: deviceCount(p),
      microBatches,
      splits: countSplits(sharded.splits),
      replicatedParams: sum(g.layers.filter((_, i) => sharded.splits[i] === 'replicated').map((l) => l.cost.params)),
      stages,
    },
    perDevice: { stage: inferenceStage, weightBytes, peakActivationBytes, kvCacheBytes, inferenceBytes, ...(time ? { time } : {}) },
    ...(stages[trainingStage].training ? { training: { stage: trainingStage, ...stages[trainingStage].training! } } : {}),
    communication: stages[binding].communication,
    layers: counted.layers,
    ...(storage.setup ? { weights: storage.setup } : {}),
    ...(estimate ? { trainingSetup: estimate.setup } : {}),
  };
}

function countSplits(splits: Split[]): Record<Split, number> {
  const counts: Record<Split, number> = { heads: 0, columns: 0, rows: 0, vocab: 0, elementwise: 0, replicated: 0 };
  for (const s of splits) counts[s] += 1;
  return counts;
}

/**
 * One device's model states with ZeRO over N replicas (each sharded part ceil(params / N) elements, as
 * ZeRO pads its flat buffers), and the stage's kept activations times the micro-batches in flight on it:
 * stage s of P holds P - s under the 1F1B schedule (PipeDream-Flush, Megatron's default).
 */
function deviceTraining(estimate: TrainingEstimate, g: Graph, indices: number[], p: Parallelism, inFlight: number): TrainingMemory {
  const { setup } = estimate;
  const element = BigInt(DTYPE_BYTES[setup.dtype]);
  const state = BigInt(DTYPE_BYTES[setup.stateDtype]);
  const params = sum(indices.map((i) => g.layers[i].cost.params));
  const buffers = sum(indices.map((i) => g.layers[i].cost.buffers));
  const shard = (from: ZeroStage) => (p.zero >= from ? ceilDiv(params, BigInt(p.dataParallel)) : params);
  const weightBytes = shard(3) * element + buffers * state;
  const masterWeightBytes = setup.mixedPrecision ? shard(1) * state : 0n;
  const gradientBytes = shard(2) * element;
  const optimizerStateBytes = shard(1) * OPTIMIZER_STATES[setup.optimizer] * state;
  const savedActivationBytes = sum(indices.map((i) => estimate.layers[i].savedActivationBytes)) * BigInt(inFlight);
  const recomputeBytes = indices.reduce((max, i) => ((estimate.layers[i].recomputeBytes ?? 0n) > max ? estimate.layers[i].recomputeBytes! : max), 0n);
  return trainingMemory({ weightBytes, masterWeightBytes, gradientBytes, optimizerStateBytes, savedActivationBytes, recomputeBytes });
}

/** Bytes leaving each stage for the next: the tensors made at or before it that a later stage reads. */
function pipelineCrossings(g: Graph, counted: GraphFigures, starts: number[], stageIndex: number[]): bigint[] {
  const crossing = starts.map(() => 0n);
  const lastStage = new Map<number, number>();
  g.layers.forEach((l, i) => {
    for (const s of new Set(l.reads)) lastStage.set(s, Math.max(lastStage.get(s) ?? 0, stageIndex[i]));
  });
  for (const [source, reader] of lastStage) {
    const made = source >= 0 ? stageIndex[source] : 0;
    for (let s = made; s < reader; s++) crossing[s] += counted.bytesOf(source);
  }
  return crossing;
}

/** Stages run one after another for a batch (one batch in flight); replicas multiply the tokens. */
function deploymentTime(stages: StageFigures[], replicas: number, devices: number, tokensPerBatch: number): DeploymentTime {
  const seconds = stages.reduce((t, s) => t + (s.seconds ?? 0), 0);
  const communicationSeconds = stages.reduce((t, s) => t + (s.communication.seconds ?? 0), 0);
  const tokensPerSecond = (replicas * tokensPerBatch) / seconds;
  return { seconds, communicationSeconds, tokensPerSecond, tokensPerSecondPerDevice: tokensPerSecond / devices };
}
