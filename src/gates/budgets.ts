import type { LayerReport, Report, Totals } from '../counting/analyze.js';
import { ArchcostError } from '../core/errors.js';
import { parseQuantity, type QuantityKind } from '../core/quantity.js';
import type { Position, SpecSource } from '../language/source.js';
import { validateSpec } from '../language/schema-errors.js';
import { METRICS, type SpecFile } from '../language/spec.js';

export { METRICS };
export type Metric = (typeof METRICS)[number];

export const METRIC_KIND: Record<Metric, QuantityKind> = {
  macs: 'count',
  flops: 'count',
  params: 'count',
  memory: 'bytes',
  weight_memory: 'bytes',
  activation_memory: 'bytes',
};

/** The CLI flag of each metric: `--max-weight-memory`. */
export const metricFlag = (metric: Metric) => `--max-${metric.replace(/_/g, '-')}`;

/**
 * The value a metric limits. Memory is what inference needs resident: weights plus the peak of
 * live activations (not their sum, which no schedule holds at once).
 */
export function metricValue(totals: Totals, metric: Metric): bigint {
  switch (metric) {
    case 'macs':
      return totals.macs;
    case 'flops':
      return totals.flops;
    case 'params':
      return totals.params;
    case 'memory':
      return totals.weightBytes + totals.peakActivationBytes;
    case 'weight_memory':
      return totals.weightBytes;
    case 'activation_memory':
      return totals.peakActivationBytes;
  }
}

export interface Budget {
  metric: Metric;
  limit: bigint;
  /** The limit as written: `4G`, `100MB`. */
  written: string;
  /** `spec` when it comes from the spec's `budgets:`, `flag` when a `--max-*` flag set or overrode it. */
  source: 'spec' | 'flag';
  /** The line of the budget in the spec, when it comes from there. */
  location?: Position;
}

/**
 * The spec's budgets, overridden metric by metric by the flags. Throws ArchcostError for a bad
 * value. The spec is validated before its budgets are read (a budget is a number or a string by
 * then); a caller that has validated it passes `spec` on.
 */
export function resolveBudgets(source: SpecSource, flags: Partial<Record<Metric, string>>, spec: SpecFile = validateSpec(source)): Budget[] {
  const fromSpec: Partial<Record<Metric, string | number>> = spec.budgets ?? {};
  const budgets: Budget[] = [];
  for (const metric of METRICS) {
    const flag = flags[metric];
    const raw = flag ?? fromSpec[metric];
    if (raw === undefined) continue;
    const parsed = parseQuantity(raw, METRIC_KIND[metric]);
    const written = String(raw);
    if (flag !== undefined) {
      if (typeof parsed === 'string') throw new ArchcostError({ message: `${metricFlag(metric)}: ${parsed}` });
      budgets.push({ metric, limit: parsed, written, source: 'flag' });
      continue;
    }
    const path = ['budgets', metric];
    const location = source.locate(path);
    if (typeof parsed === 'string') {
      throw new ArchcostError({ file: source.file, ...location, specPath: path, message: `budgets.${metric}: ${parsed}` });
    }
    budgets.push({ metric, limit: parsed, written, source: 'spec', location });
  }
  return budgets;
}

/** The layer that contributes most to a metric: where a reviewer looks first. */
export interface Contributor {
  layer: string;
  value: bigint;
  location?: Position;
}

export interface BudgetResult extends Budget {
  actual: bigint;
  /** actual - limit: positive by how much the budget is exceeded, negative the headroom left. */
  difference: bigint;
  /** difference as a percentage of the limit, two decimals (null for a zero limit). */
  percent: number | null;
  passed: boolean;
  top?: Contributor;
}

export interface CheckResult {
  passed: boolean;
  results: BudgetResult[];
}

export function checkBudgets(report: Report, budgets: Budget[]): CheckResult {
  const results = budgets.map((budget): BudgetResult => {
    const actual = metricValue(report.totals, budget.metric);
    const difference = actual - budget.limit;
    return {
      ...budget,
      actual,
      difference,
      percent: percentOf(difference, budget.limit),
      passed: difference <= 0n,
      top: topContributor(report, budget.metric),
    };
  });
  return { passed: results.every((r) => r.passed), results };
}

/** part / whole as a percentage truncated to two decimals, exactly; null when whole is 0. */
export function percentOf(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  return Number((part * 10000n) / whole) / 100;
}

function topContributor(report: Report, metric: Metric): Contributor | undefined {
  const byName = new Map(report.layers.map((l) => [l.name, l]));
  const pick = (value: (l: LayerReport) => bigint): Contributor | undefined => {
    let best: LayerReport | undefined;
    for (const l of report.layers) if (!best || value(l) > value(best)) best = l;
    return best && value(best) > 0n ? { layer: best.name, value: value(best), location: best.location } : undefined;
  };
  switch (metric) {
    case 'macs':
      return pick((l) => l.macs);
    case 'flops':
      return pick((l) => l.flops);
    case 'params':
      return pick((l) => l.params);
    case 'weight_memory':
      return pick((l) => l.params + l.buffers);
    case 'memory':
    case 'activation_memory': {
      // The layer running at the peak of live activations.
      const layer = byName.get(report.peak.layer);
      return layer && { layer: layer.name, value: report.totals.peakActivationBytes, location: layer.location };
    }
  }
}
