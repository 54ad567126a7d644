import type { LayerReport, Report } from './analyze.js';
import type { Device } from './devices.js';
import { ArchcostError } from '../core/errors.js';
import type { Dtype } from '../core/dtype.js';
import { markedAs } from '../core/same-as.js';

export type Bound = 'compute' | 'memory';

/** Roofline time of one layer run; seconds are estimates, given as JSON numbers (doubles). */
export interface LayerTime {
  /** max(computeSeconds, memorySeconds). */
  seconds: number;
  /** flops / peak FLOP/s at the report's dtype. */
  computeSeconds: number;
  /** (bytesRead + bytesWritten) / memory bandwidth. */
  memorySeconds: number;
  /** Which term is larger (a tie counts as compute). */
  bound: Bound;
}

export interface DeviceUsed {
  name: string;
  /** The peak used: the device's figure for the report's dtype. */
  peakFlopsPerSecond: bigint;
  memoryBytesPerSecond: bigint;
  /** FLOPs per byte where the two roofs meet: layers below it are memory-bound. */
  ridgeIntensity: number;
  /** The device's capacity and links, when it has figures for them. */
  memoryBytes?: bigint;
  linksBytesPerSecond?: bigint;
}

export interface TimeTotals {
  /** Sum of the layers' times: layers run one after another, each at its own bound. */
  seconds: number;
  computeSeconds: number;
  memorySeconds: number;
  memoryBoundLayers: number;
  /** Time spent in memory-bound layers. */
  memoryBoundSeconds: number;
  /** Tokens computed per second: batch x the tokens of this pass (phase.tokens) / seconds. */
  tokensPerSecond: number;
}

export interface RooflineEstimate {
  device: DeviceUsed;
  layers: LayerTime[];
  totals: TimeTotals;
}

/**
 * Roofline time of a report on a device: per layer max(FLOPs / peak, bytes moved / bandwidth),
 * the bytes being the layer's traffic (traffic.ts). Pure; throws ArchcostError when the device has
 * no peak for the report's dtype.
 */
export function estimateTime(report: Report, device: Device): RooflineEstimate {
  const peak = peakFlops(device, report.dtype);
  const flopsPerSecond = Number(peak);
  const bytesPerSecond = Number(device.memoryBandwidth);
  const layers = report.layers.map((l): LayerTime => layerTime(l, flopsPerSecond, bytesPerSecond));
  const memoryBound = layers.filter((t) => t.bound === 'memory');
  const sum = (times: LayerTime[], pick: (t: LayerTime) => number) => times.reduce((total, t) => total + pick(t), 0);
  return {
    device: {
      name: device.name,
      peakFlopsPerSecond: peak,
      memoryBytesPerSecond: device.memoryBandwidth,
      ridgeIntensity: flopsPerSecond / bytesPerSecond,
      ...(device.memory === undefined ? {} : { memoryBytes: device.memory }),
      ...(device.links === undefined ? {} : { linksBytesPerSecond: device.links }),
    },
    layers,
    totals: {
      seconds: sum(layers, (t) => t.seconds),
      computeSeconds: sum(layers, (t) => t.computeSeconds),
      memorySeconds: sum(layers, (t) => t.memorySeconds),
      memoryBoundLayers: memoryBound.length,
      memoryBoundSeconds: sum(memoryBound, (t) => t.seconds),
      tokensPerSecond: (report.batch * report.phase.tokens) / sum(layers, (t) => t.seconds),
    },
  };
}

/** The device's peak at a dtype; an error listing the dtypes it has when it has none. */
export function peakFlops(device: Device, dtype: Dtype): bigint {
  const peak = device.peakFlops[dtype];
  if (peak === undefined) {
    const listed = Object.keys(device.peakFlops).join(', ');
    throw new ArchcostError({ message: `${device.name} has no ${dtype} peak in its figures (it lists ${listed}); choose one of those with --dtype` });
  }
  return peak;
}

/** One layer's roofline: max(FLOPs / peak, bytes moved / bandwidth). */
export function layerTime(layer: Pick<LayerReport, 'flops' | 'bytesRead' | 'bytesWritten'>, flopsPerSecond: number, bytesPerSecond: number): LayerTime {
  const computeSeconds = Number(layer.flops) / flopsPerSecond;
  const memorySeconds = Number(layer.bytesRead + layer.bytesWritten) / bytesPerSecond;
  const bound: Bound = computeSeconds >= memorySeconds ? 'compute' : 'memory';
  return { seconds: Math.max(computeSeconds, memorySeconds), computeSeconds, memorySeconds, bound };
}

/**
 * Each layer's record with its time, the list's copies marked as before (core/same-as.ts). Not
 * { ...l, time }: V8 gives each such clone with a field added a map of its own (~880 B a record, where
 * one is ~200).
 */
function withTimes(layers: LayerReport[], times: LayerTime[]): LayerReport[] {
  return markedAs(
    layers.map((l, i) => Object.assign({}, l, { time: times[i] })),
    layers,
  );
}

/** The report with the estimate attached: `device`, each layer's `time` and `totals.time` (JSON fields). */
export function withRoofline(report: Report, estimate: RooflineEstimate): Report {
  return {
    ...report,
    device: estimate.device,
    layers: withTimes(report.layers, estimate.layers),
    totals: { ...report.totals, time: estimate.totals },
  };
}
