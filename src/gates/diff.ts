import type { LayerReport, Report, Totals } from '../counting/analyze.js';
import { metricValue, percentOf, type Metric } from './budgets.js';
import { ArchcostError } from '../core/errors.js';
import type { Percent } from '../core/quantity.js';
import type { Position } from '../language/source.js';
import { sameNumbers } from '../core/values.js';
import { memoized } from '../core/once.js';

/** One number before and after. */
export interface Change {
  baseline: bigint;
  current: bigint;
  delta: bigint;
  /** delta as a percentage of the baseline, two decimals; null when the baseline is 0. */
  percent: number | null;
}

const LAYER_COUNTS = ['params', 'buffers', 'macs', 'flops', 'activationBytes'] as const;
type LayerCount = (typeof LAYER_COUNTS)[number];

export type LayerSummary = Pick<LayerReport, 'name' | 'op' | 'outputShape' | 'params' | 'macs' | 'flops' | 'activationBytes' | 'location'>;

export interface LayerChange {
  name: string;
  op: string;
  /** Only what differs. */
  opChange?: { baseline: string; current: string };
  outputShape?: { baseline: number[]; current: number[] };
  /** A change of the same two numbers is one object in every layer that has it: read it, do not change it. */
  counts: Partial<Record<LayerCount, Change>>;
  location?: Position;
}

export interface MetricCheck {
  metric: Metric;
  change: Change;
  /** Grew by more than the allowed increase. */
  regressed: boolean;
}

export interface DiffResult {
  passed: boolean;
  maxIncrease: string;
  metrics: MetricCheck[];
  /** Every integer total both reports carry (estimates such as times are not diffed). */
  totals: Partial<Record<CountTotal, Change>>;
  layers: { added: LayerSummary[]; removed: LayerSummary[]; changed: LayerChange[] };
}

export function change(baseline: bigint, current: bigint): Change {
  const delta = current - baseline;
  return { baseline, current, delta, percent: percentOf(delta, baseline) };
}

/** Growth beyond the threshold: delta/baseline > p, exactly; any growth from 0 counts. */
function exceeds(c: Change, max: Percent): boolean {
  if (c.delta <= 0n) return false;
  if (c.baseline === 0n) return true;
  return c.delta * max.denominator > max.numerator * c.baseline;
}

/**
 * Refuses to compare numbers counted differently: another --compat preset, batch or dtype
 * changes every figure, and a gate would pass or fail for the wrong reason.
 */
export function assertComparable(baseline: Report, current: Report): void {
  const b = baseline.conventions;
  const c = current.conventions;
  const mismatches: string[] = [];
  if (b && b.preset !== c.preset) mismatches.push(`conventions ${b.preset} vs ${c.preset} (pass --compat ${b.preset})`);
  if (baseline.batch !== current.batch) mismatches.push(`batch ${baseline.batch} vs ${current.batch} (pass --batch ${baseline.batch})`);
  if (baseline.dtype !== current.dtype) mismatches.push(`dtype ${baseline.dtype} vs ${current.dtype} (pass --dtype ${baseline.dtype})`);
  if (mismatches.length) {
    throw new ArchcostError({ message: `the baseline and the current model were counted differently: ${mismatches.join('; ')}` });
  }
}

const summary = (l: LayerReport): LayerSummary => ({
  name: l.name,
  op: l.op,
  outputShape: l.outputShape,
  params: l.params,
  macs: l.macs,
  flops: l.flops,
  activationBytes: l.activationBytes,
  location: l.location,
});

/** Layers matched by name: added, removed, and changed (op, output shape or any count). */
function layerDiff(baseline: Report, current: Report): DiffResult['layers'] {
  const before = new Map(baseline.layers.map((l) => [l.name, l]));
  const after = new Set(current.layers.map((l) => l.name));
  const added: LayerSummary[] = [];
  const changed: LayerChange[] = [];
  // The copies of a repeated block change by the same few numbers: each change is made once and shared.
  const changeOf = memoized(change);
  for (const layer of current.layers) {
    const old = before.get(layer.name);
    if (!old) {
      added.push(summary(layer));
      continue;
    }
    // Nothing is made for a layer that did not change: most of a large model's.
    let counts: LayerChange['counts'] | undefined;
    for (let k = 0; k < LAYER_COUNTS.length; k++) {
      const key = LAYER_COUNTS[k];
      if (old[key] !== layer[key]) (counts ??= {})[key] = changeOf(old[key], layer[key]);
    }
    const sameShape = sameNumbers(old.outputShape, layer.outputShape);
    if (!counts && old.op === layer.op && sameShape) continue;
    const entry: LayerChange = { name: layer.name, op: layer.op, counts: counts ?? {}, location: layer.location };
    if (old.op !== layer.op) entry.opChange = { baseline: old.op, current: layer.op };
    if (!sameShape) entry.outputShape = { baseline: old.outputShape, current: layer.outputShape };
    changed.push(entry);
  }
  const removed = baseline.layers.filter((l) => !after.has(l.name)).map(summary);
  return { added, removed, changed };
}

/** The totals that are exact counts. */
type CountTotal = { [K in keyof Totals]-?: Totals[K] extends bigint ? K : never }[keyof Totals];

export function diffReports(baseline: Report, current: Report, metrics: Metric[], maxIncrease: Percent): DiffResult {
  assertComparable(baseline, current);
  const keys = (Object.keys(current.totals) as (keyof Totals)[]).filter(
    (k): k is CountTotal => typeof current.totals[k] === 'bigint' && typeof baseline.totals[k] === 'bigint',
  );
  const totals = Object.fromEntries(keys.map((k) => [k, change(baseline.totals[k], current.totals[k])]));
  const checks = metrics.map((metric): MetricCheck => {
    const c = change(metricValue(baseline.totals, metric), metricValue(current.totals, metric));
    return { metric, change: c, regressed: exceeds(c, maxIncrease) };
  });
  return {
    passed: checks.every((c) => !c.regressed),
    maxIncrease: maxIncrease.text,
    metrics: checks,
    totals,
    layers: layerDiff(baseline, current),
  };
}
