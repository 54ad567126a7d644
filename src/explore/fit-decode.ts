import type { Deployment } from '../counting/deployment.js';
import { peakFlops } from '../counting/roofline.js';
import { FitModel, MAX_BATCH } from './fit-model.js';

/** One decode step of the deployment at a batch, on the roofline (collectives included). */
export interface DecodePoint {
  batch: number;
  seconds: number;
  tokensPerSecond: number;
  tokensPerSecondPerDevice: number;
  /** More than half of the step in memory-bound layers. */
  bound: 'memory' | 'compute';
}

/** Where larger decode batches stop helping (docs/fit.md#decode-throughput). */
export interface DecodeThroughput {
  /** The positions cached when the step runs. */
  context: number;
  points: DecodePoint[];
  /** tokens/s however large the batch: per sequence, the slower of its arithmetic and the cache and activations it moves, and its collectives. */
  ceilingTokensPerSecond: number;
  /** What sets the ceiling: arithmetic, bytes per sequence (KV cache, activations), or collectives. */
  limitedBy: 'compute' | 'memory' | 'communication';
  /** The smallest batch that reaches 90% of the ceiling. */
  knee: number;
  /** The largest batch that fits, as a share of the ceiling (its tokens/s / the ceiling). */
  largestShare: number;
}

/** The share of the ceiling that marks where a batch stops helping. */
const KNEE = 0.9;

/** Per-layer line of a decode step in the batch b: flops F·b, bytes W + A·b, and the collectives c0 + c1·b seconds. */
interface StepLine {
  layers: { F: number; W: number; A: number }[];
  c0: number;
  c1: number;
  flopsPerSecond: number;
  bytesPerSecond: number;
  replicas: number;
}

const commSeconds = (d: Deployment) => d.perDevice.time!.communicationSeconds;
const moved = (l: Deployment['layers'][number]) => Number(l.bytesRead + l.bytesWritten);

/** The step's time at batch b on the line through batches 1 and 2 (flops and bytes are exactly linear in the batch). */
function stepSeconds(line: StepLine, b: number): number {
  const layers = line.layers.reduce((t, l) => t + Math.max((l.F * b) / line.flopsPerSecond, (l.W + l.A * b) / line.bytesPerSecond), 0);
  return layers + line.c0 + line.c1 * b;
}

/**
 * Decode throughput up to the largest batch that fits: a decode step per sequence at the context, its
 * tokens/s on the roofline, the ceiling as the batch grows (weights are read once per step, shared by
 * the batch; each sequence adds its arithmetic, its cache and activations and its collectives), and the
 * batch reaching 90% of it. None for a model without a KV cache.
 */
export function decodeThroughput(model: FitModel, largest: number, context: number): DecodeThroughput | undefined {
  const request = model.request;
  // A decode fit counts any context itself (its graphs kept, the answer's among them); a prefill fit's answer is decoded at its length.
  const decoding =
    model.options.phase === 'decode'
      ? model
      : new FitModel(model.source, { ...request, context: undefined, options: { ...model.options, phase: 'decode', context } }, model.parallel);
  const step = (batch: number) => decoding.deployment(batch, context, { timed: true });
  const one = step(1);
  if (one.perDevice.kvCacheBytes === 0n) return undefined;
  const two = step(2);
  const line: StepLine = {
    layers: one.layers.map((l, i) => {
      const A = moved(two.layers[i]) - moved(l);
      return { F: Number(l.flops), W: moved(l) - A, A };
    }),
    c0: 2 * commSeconds(one) - commSeconds(two),
    c1: commSeconds(two) - commSeconds(one),
    flopsPerSecond: Number(peakFlops(request.device, decoding.base.dtype)),
    bytesPerSecond: Number(request.device.memoryBandwidth),
    replicas: model.parallel.dataParallel,
  };
  const compute = line.layers.reduce((t, l) => t + l.F / line.flopsPerSecond, 0);
  const memory = line.layers.reduce((t, l) => t + l.A / line.bytesPerSecond, 0);
  const perToken = line.layers.reduce((t, l) => t + Math.max(l.F / line.flopsPerSecond, l.A / line.bytesPerSecond), 0) + line.c1;
  const ceiling = line.replicas / perToken;
  const rate = (b: number) => (line.replicas * b) / stepSeconds(line, b);
  // tokens/s rises with the batch (the step's time per sequence falls): bisect for the knee.
  let lo = 1;
  let hi = MAX_BATCH;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (rate(mid) >= KNEE * ceiling) hi = mid;
    else lo = mid + 1;
  }
  const points = batches(largest).map((batch): DecodePoint => {
    const d = batch === 1 ? one : batch === 2 ? two : step(batch);
    const time = d.perDevice.time!;
    const memoryBound = d.setup.stages.reduce((t, s) => t + (s.memoryBoundSeconds ?? 0), 0);
    return {
      batch,
      seconds: time.seconds,
      tokensPerSecond: time.tokensPerSecond,
      tokensPerSecondPerDevice: time.tokensPerSecondPerDevice,
      bound: memoryBound > time.seconds / 2 ? 'memory' : 'compute',
    };
  });
  if (decoding !== model) model.analyses += decoding.analyses;
  const limitedBy = line.c1 > Math.max(compute, memory) ? 'communication' : memory > compute ? 'memory' : 'compute';
  return { context, points, ceilingTokensPerSecond: ceiling, limitedBy, knee: lo, largestShare: points[points.length - 1].tokensPerSecond / ceiling };
}

/** Powers of two below the largest, then the largest; powers of four once the largest passes 2^11, so a table stays short (2^40 gives 21 rows). */
function batches(largest: number): number[] {
  const step = Math.log2(largest) > 11 ? 4 : 2;
  const list: number[] = [];
  for (let b = 1; b < largest; b *= step) list.push(b);
  return [...list, largest];
}
