import { elements, type LayerContext, type Shape } from '../ops/types.js';
import { DTYPE_BYTES, type Dtype } from '../core/dtype.js';
import { ArchcostError } from '../core/errors.js';
import type { Graph } from '../language/graph.js';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];

/** State tensors per parameter: SGD none, momentum its velocity, Adam/AdamW the two moment estimates. */
export const OPTIMIZER_STATES: Readonly<Record<Optimizer, bigint>> = { sgd: 0n, momentum: 1n, adam: 2n, adamw: 2n };

export interface TrainingOptions {
  optimizer: Optimizer;
  /** 16-bit activations, weights and gradients with float32 master weights and optimizer state. */
  mixedPrecision?: boolean;
}

/** How the estimate was made: shown in the report and its JSON (`training`). */
export interface TrainingSetup {
  optimizer: Optimizer;
  mixedPrecision: boolean;
  /** Element type of activations, working weights and gradients. */
  dtype: Dtype;
  /** Element type of master weights (mixed precision) and optimizer state. */
  stateDtype: Dtype;
}

export interface LayerTraining {
  /** Bytes this layer adds to what is kept for backward (a tensor kept earlier is not counted again). */
  savedActivationBytes: bigint;
  backwardFlops: bigint;
  /** Backward FLOPs per forward FLOP of this op: 2 with weights (input and weight gradients), else 1. */
  backwardFactor: number;
}

export interface TrainingTotals {
  weightBytes: bigint;
  masterWeightBytes: bigint;
  gradientBytes: bigint;
  optimizerStateBytes: bigint;
  savedActivationBytes: bigint;
  /** The sum of the five above: a lower bound on device memory for one training step. */
  totalBytes: bigint;
  forwardFlops: bigint;
  backwardFlops: bigint;
  /** forwardFlops + backwardFlops. */
  flops: bigint;
}

export interface TrainingEstimate {
  setup: TrainingSetup;
  layers: LayerTraining[];
  totals: TrainingTotals;
}

/** Memory and FLOPs of one training step (forward + backward + optimizer state), rules in docs/memory.md. */
export function estimateTraining(graph: Graph, batch: number, dtype: Dtype, options: TrainingOptions, file?: string, context: LayerContext = { cached: 0 }): TrainingEstimate {
  const mixed = options.mixedPrecision ?? false;
  if (!mixed && dtype === 'int8') {
    throw new ArchcostError({ file, message: 'a training estimate needs a floating-point dtype, not int8 (use --dtype float32 or --mixed-precision)' });
  }
  const setup: TrainingSetup = {
    optimizer: options.optimizer,
    mixedPrecision: mixed,
    dtype: mixed ? (dtype === 'bfloat16' ? 'bfloat16' : 'float16') : dtype,
    stateDtype: mixed ? 'float32' : dtype,
  };
  const element = BigInt(DTYPE_BYTES[setup.dtype]);
  const state = BigInt(DTYPE_BYTES[setup.stateDtype]);
  const B = BigInt(batch);

  const shapes = new Map<string, Shape>([...graph.inputs.map((t) => [t.id, t.shape] as const), ...graph.layers.map((l) => [l.name, l.outputShape] as const)]);
  const kept = new Set<string>();
  // A layer of an expert body stands for its active experts' copies (graph.ts).
  const copiesOf = new Map(graph.layers.map((l) => [l.name, BigInt(l.copies?.active ?? 1)]));
  const keep = (name: string) => {
    if (kept.has(name)) return 0n;
    kept.add(name);
    return elements(shapes.get(name)!) * B * element * (copiesOf.get(name) ?? 1n);
  };

  let params = 0n;
  let buffers = 0n;
  let forwardFlops = 0n;
  const layers = graph.layers.map((l): LayerTraining => {
    params += l.cost.params;
    buffers += l.cost.buffers;
    forwardFlops += l.cost.flops * B;
    const rule = l.definition.backward;
    let saved = 0n;
    if (rule.input) for (const name of l.inputs) saved += keep(name);
    if (rule.output) saved += keep(l.name);
    const inner = rule.internal(l.args, l.inputs.map((name) => shapes.get(name)!), l.outputShape, context);
    saved += ((inner.elements * element + inner.bytes) * B + inner.batchBytes) * (copiesOf.get(l.name) ?? 1n);
    return { savedActivationBytes: saved, backwardFlops: l.cost.flops * B * rule.factor, backwardFactor: Number(rule.factor) };
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
      weightBytes,
      masterWeightBytes,
      gradientBytes,
      optimizerStateBytes,
      savedActivationBytes,
      totalBytes: weightBytes + masterWeightBytes + gradientBytes + optimizerStateBytes + savedActivationBytes,
      forwardFlops,
      backwardFlops,
      flops: forwardFlops + backwardFlops,
    },
  };
}
