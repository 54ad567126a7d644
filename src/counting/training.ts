import { elements, type LayerContext, type Shape } from '../ops/types.js';
import { DTYPE_BYTES, type Dtype } from '../core/dtype.js';
import { ArchcostError } from '../core/errors.js';
import type { Graph } from '../language/graph.js';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];

/** State tensors per parameter: SGD none, momentum its velocity, Adam/AdamW the two moment estimates. */
export const OPTIMIZER_STATES: Readonly<Record<Optimizer, bigint>> = { sgd: 0n, momentum: 1n, adam: 2n, adamw: 2n };

/** What is recomputed in backward instead of kept (Korthikanti et al. 2022): nothing, the attention core, or whole blocks. */
export const RECOMPUTE = ['none', 'selective', 'full'] as const;
export type Recompute = (typeof RECOMPUTE)[number];

export interface TrainingOptions {
  optimizer: Optimizer;
  /** 16-bit activations, weights and gradients with float32 master weights and optimizer state. */
  mixedPrecision?: boolean;
  /** Activation recomputation (docs/parallelism.md#activation-recomputation); default none. */
  recompute?: Recompute;
}

/** How the estimate was made: shown in the report and its JSON (`training`). */
export interface TrainingSetup {
  optimizer: Optimizer;
  mixedPrecision: boolean;
  /** Element type of activations, working weights and gradients. */
  dtype: Dtype;
  /** Element type of master weights (mixed precision) and optimizer state. */
  stateDtype: Dtype;
  recompute: Recompute;
}

export interface LayerTraining {
  /** Bytes this layer adds to what is kept for backward (a tensor kept earlier is not counted again). */
  savedActivationBytes: bigint;
  backwardFlops: bigint;
  /** Backward FLOPs per forward FLOP of this op: 2 with weights (input and weight gradients), else 1. */
  backwardFactor: number;
  /** With recomputation: what its backward holds again while it runs (a segment's, at its first layer). */
  recomputeBytes?: bigint;
}

/** A training step's resident memory by part: the whole model's, or one device's share. */
export interface TrainingMemory {
  weightBytes: bigint;
  masterWeightBytes: bigint;
  gradientBytes: bigint;
  optimizerStateBytes: bigint;
  savedActivationBytes: bigint;
  /** With recomputation: what one recomputed segment holds again while its backward runs (the largest). */
  recomputeBytes: bigint;
  /** The sum of the six above: a lower bound on device memory for one training step. */
  totalBytes: bigint;
}

/** The parts with their sum. */
export function trainingMemory(parts: Omit<TrainingMemory, 'totalBytes'>): TrainingMemory {
  const { weightBytes, masterWeightBytes, gradientBytes, optimizerStateBytes, savedActivationBytes, recomputeBytes } = parts;
  return { ...parts, totalBytes: weightBytes + masterWeightBytes + gradientBytes + optimizerStateBytes + savedActivationBytes + recomputeBytes };
}

export interface TrainingTotals extends TrainingMemory {
  forwardFlops: bigint;
  backwardFlops: bigint;
  /** forwardFlops + backwardFlops. */
  flops: bigint;
  /** With `parallel` (analyze.ts): one device's share, the stage needing most. */
  perDevice?: TrainingMemory & { stage: number };
}

export interface TrainingEstimate {
  setup: TrainingSetup;
  layers: LayerTraining[];
  totals: TrainingTotals;
}

/** The dtype activations, working weights and gradients have: 16 bits under mixed precision (bfloat16 stays). */
export function trainingDtype(dtype: Dtype, mixed: boolean): Dtype {
  return mixed ? (dtype === 'bfloat16' ? 'bfloat16' : 'float16') : dtype;
}

/** Where the kept set starts afresh: each pipeline stage keeps its own copy of what it receives. */
export interface TrainingScope {
  context?: LayerContext;
  /** The first layer of each pipeline stage after the first. */
  stageStarts?: readonly number[];
}

/** Memory and FLOPs of one training step (forward + backward + optimizer state), rules in docs/memory.md. */
export function estimateTraining(graph: Graph, batch: number, dtype: Dtype, options: TrainingOptions, file?: string, scope: TrainingScope = {}): TrainingEstimate {
  const mixed = options.mixedPrecision ?? false;
  if (!mixed && dtype === 'int8') {
    throw new ArchcostError({ file, message: 'a training estimate needs a floating-point dtype, not int8 (use --dtype float32 or --mixed-precision)' });
  }
  const recompute = options.recompute ?? 'none';
  const setup: TrainingSetup = {
    optimizer: options.optimizer,
    mixedPrecision: mixed,
    dtype: trainingDtype(dtype, mixed),
    stateDtype: mixed ? 'float32' : dtype,
    recompute,
  };
  const element = BigInt(DTYPE_BYTES[setup.dtype]);
  const state = BigInt(DTYPE_BYTES[setup.stateDtype]);
  const B = BigInt(batch);
  const context = scope.context ?? { cached: 0 };

  const shapes = new Map<string, Shape>([...graph.inputs.map((t) => [t.id, t.shape] as const), ...graph.layers.map((l) => [l.name, l.outputShape] as const)]);
  // A layer of an expert body stands for its active experts' copies (graph.ts).
  const copiesOf = new Map(graph.layers.map((l) => [l.name, BigInt(l.copies?.active ?? 1)]));
  const tensorBytes = (name: string) => elements(shapes.get(name)!) * B * element * (copiesOf.get(name) ?? 1n);
  /** What each layer keeps by its op's rule, a tensor kept earlier in `kept` counted once; `selective` drops the attention core. */
  const keptBy = (i: number, kept: Set<string>, selective: boolean) => {
    const l = graph.layers[i];
    const keep = (name: string) => {
      if (kept.has(name)) return 0n;
      kept.add(name);
      return tensorBytes(name);
    };
    const rule = l.definition.backward;
    let saved = 0n;
    if (rule.input) for (const name of l.inputs) saved += keep(name);
    if (rule.output) saved += keep(l.name);
    const inner = rule.internal(l.args, l.inputs.map((name) => shapes.get(name)!), l.outputShape, context);
    const dropped = selective ? inner.selective : { elements: 0n, bytes: 0n };
    const perSample = (inner.elements - dropped.elements) * element + inner.bytes - dropped.bytes;
    return { saved: saved + (perSample * B + inner.batchBytes) * (copiesOf.get(l.name) ?? 1n), recomputed: (dropped.elements * element + dropped.bytes) * B * (copiesOf.get(l.name) ?? 1n) };
  };

  const stageStarts = new Set(scope.stageStarts ?? []);
  const segments = recompute === 'full' ? checkpointSegments(graph, stageStarts, file) : [];
  const segmentOf = new Map(segments.flatMap((seg, k) => range(seg.first, seg.last).map((i) => [i, k] as const)));
  let kept = new Set<string>();
  let recomputeBytes = 0n;
  let params = 0n;
  let buffers = 0n;
  let forwardFlops = 0n;
  const layers = graph.layers.map((l, i): LayerTraining => {
    if (stageStarts.has(i)) kept = new Set();
    params += l.cost.params;
    buffers += l.cost.buffers;
    forwardFlops += l.cost.flops * B;
    const backward = { backwardFlops: l.cost.flops * B * l.definition.backward.factor, backwardFactor: Number(l.definition.backward.factor) };
    const k = segmentOf.get(i);
    if (k === undefined) {
      const { saved, recomputed } = keptBy(i, kept, recompute === 'selective');
      if (recomputed > recomputeBytes) recomputeBytes = recomputed;
      return { savedActivationBytes: saved, ...backward, ...(recomputed ? { recomputeBytes: recomputed } : {}) };
    }
    // A checkpointed segment keeps only what it reads from before it; its backward recomputes the rest, one segment at a time.
    const seg = segments[k];
    if (i !== seg.first) return { savedActivationBytes: 0n, ...backward };
    let saved = 0n;
    for (const name of seg.inputs) {
      if (!kept.has(name)) {
        kept.add(name);
        saved += tensorBytes(name);
      }
    }
    const again = new Set(seg.inputs);
    let held = 0n;
    for (const j of range(seg.first, seg.last)) held += keptBy(j, again, false).saved;
    if (held > recomputeBytes) recomputeBytes = held;
    return { savedActivationBytes: saved, ...backward, recomputeBytes: held };
  });

  // Buffers (BatchNorm running statistics) are not trained: under mixed precision they stay float32, uncopied.
  const weightBytes = params * element + buffers * state;
  const masterWeightBytes = mixed ? params * state : 0n;
  const gradientBytes = params * element;
  const optimizerStateBytes = params * OPTIMIZER_STATES[options.optimizer] * state;
  const savedActivationBytes = layers.reduce((sum, l) => sum + l.savedActivationBytes, 0n);
  const backwardFlops = layers.reduce((sum, l) => sum + l.backwardFlops, 0n);
  return {
    setup,
    layers,
    totals: {
      ...trainingMemory({ weightBytes, masterWeightBytes, gradientBytes, optimizerStateBytes, savedActivationBytes, recomputeBytes }),
      forwardFlops,
      backwardFlops,
      flops: forwardFlops + backwardFlops,
    },
  };
}

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, k) => first + k);

/** A run of layers checkpointed as one: an instance of a repeated block, and the tensors it reads from before it. */
interface Segment {
  first: number;
  last: number;
  inputs: string[];
}

/**
 * Full recomputation checkpoints each instance of the outermost repeats (Megatron: each transformer
 * layer); the layers outside them keep what they keep. A spec without `repeat` has nothing to checkpoint.
 * A pipeline stage starting inside an instance splits it: each stage checkpoints its own piece, from
 * the tensors that piece reads from before it.
 */
function checkpointSegments(graph: Graph, stageStarts: ReadonlySet<number>, file?: string): Segment[] {
  const repeats = graph.scopes.filter((s) => s.repeat !== undefined).map((s) => s.name);
  const outermost = repeats.filter((name) => !repeats.some((other) => name.startsWith(`${other}.`)));
  if (outermost.length === 0) {
    throw new ArchcostError({ file, message: '--recompute full checkpoints each copy of a repeated block (repeat: N), and this spec repeats none; use --recompute selective, or write the repeated part with repeat' });
  }
  const instanceOf = (name: string) => {
    for (const r of outermost) {
      if (!name.startsWith(`${r}.`)) continue;
      const index = name.slice(r.length + 1).split('.')[0];
      if (/^\d+$/.test(index)) return `${r}.${index}`;
    }
    return undefined;
  };
  const segments: Segment[] = [];
  let current: (Segment & { instance: string }) | undefined;
  graph.layers.forEach((l, i) => {
    const instance = instanceOf(l.name);
    if (instance !== current?.instance || (instance !== undefined && stageStarts.has(i))) {
      if (current) segments.push(current);
      current = instance === undefined ? undefined : { instance, first: i, last: i, inputs: [] };
    }
    if (!current) return;
    current.last = i;
    l.sources.forEach((source, k) => {
      if (source < current!.first && !l.definition.shapeOnly.includes(k) && !current!.inputs.includes(l.inputs[k])) current!.inputs.push(l.inputs[k]);
    });
  });
  if (current) segments.push(current);
  return segments.map(({ first, last, inputs }) => ({ first, last, inputs }));
}
