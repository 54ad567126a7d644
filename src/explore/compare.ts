import type { LayerReport, Report, Totals } from '../counting/analyze.js';
import type { Conventions } from '../counting/conventions.js';
import type { Dtype } from '../core/dtype.js';
import type { DeviceUsed } from '../counting/roofline.js';

/** The totals a comparison lines up, in the order they are shown. */
export const COMPARED_TOTALS = ['params', 'activeParams', 'buffers', 'macs', 'flops', 'weightBytes', 'activationBytes', 'peakActivationBytes', 'kvCacheBytes'] as const;
export type ComparedTotal = (typeof COMPARED_TOTALS)[number];

export interface ComparedModel {
  name: string;
  file?: string;
  input: number[];
  output: number[];
  /** Each spec may set its own; the CLI's --batch and --dtype set them for all. */
  batch: number;
  dtype: Dtype;
  /** With a roofline estimate: the device at this model's dtype (its time is totals.time). */
  device?: DeviceUsed;
  totals: Totals;
}

/** One layer's numbers in one model. */
export type LayerCost = Pick<LayerReport, 'op' | 'outputShape' | 'params' | 'macs' | 'flops' | 'activationBytes'>;

/** A layer (or block) name and what it costs in each model that has it; null where a model has no such name. */
export interface AlignedLayer {
  name: string;
  costs: (LayerCost | null)[];
}

/** What `compare --format json` prints; ratios and differences are each model against the first. */
export interface Comparison {
  schemaVersion: 1;
  /** How the baseline was counted (the preset is the same for every model; batch and dtype are per model). */
  conventions: Conventions;
  baseline: string;
  models: ComparedModel[];
  /**
   * model value / baseline value; null where the baseline is 0 (and the model is not). With a
   * roofline estimate, `time` is the ratio of the estimated seconds.
   */
  ratios: Record<string, Record<ComparedTotal, number | null> & { time?: number | null }>;
  /** model value - baseline value, exact. */
  differences: Record<string, Record<ComparedTotal, bigint>>;
  layers: AlignedLayer[];
}

/** Rows to align; the CLI passes `reportRows` so `--depth` aligns blocks instead of layers. */
export type RowsOf = (report: Report) => (LayerCost & { name: string })[];

const byLayer: RowsOf = (report) => report.layers;

/** Lines up reports: totals against the first one, then layers (or blocks) matched by name. */
export function compareReports(reports: Report[], rowsOf: RowsOf = byLayer): Comparison {
  if (reports.length < 2) throw new Error('compare needs at least two reports');
  const names = uniqueNames(reports.map((r) => r.model.name));
  const models = reports.map((r, i) => ({
    name: names[i],
    file: r.model.file,
    input: r.input.shape,
    output: r.output.shape,
    batch: r.batch,
    dtype: r.dtype,
    device: r.device,
    totals: r.totals,
  }));
  const base = models[0].totals;
  // Keyed by model names, which are the user's text: fromEntries defines own keys, so even a
  // model named __proto__ gets its entry rather than replacing the object's prototype.
  const others = models.slice(1);
  const ratios: Comparison['ratios'] = Object.fromEntries(
    others.map((model) => {
      const seconds = model.totals.time && base.time && secondsRatio(model.totals.time.seconds, base.time.seconds);
      return [model.name, { ...perTotal((k) => ratio(model.totals[k], base[k])), time: seconds }];
    }),
  );
  const differences: Comparison['differences'] = Object.fromEntries(others.map((model) => [model.name, perTotal((k) => model.totals[k] - base[k])]));
  const conventions = reports[0].conventions;
  return { schemaVersion: 1, conventions, baseline: names[0], models, ratios, differences, layers: align(reports.map(rowsOf)) };
}

/** a / b as a double; 1 when both are 0, null when only b is. */
export function ratio(a: bigint, b: bigint): number | null {
  if (b === 0n) return a === 0n ? 1 : null;
  // Each bigint converts to the nearest double, so the quotient is within an ulp or two of exact.
  return Number(a) / Number(b);
}

/** a / b for estimated seconds, with `ratio`'s rule for zeros. */
export function secondsRatio(a: number, b: number): number | null {
  if (b === 0) return a === 0 ? 1 : null;
  return a / b;
}

function perTotal<T>(value: (k: ComparedTotal) => T): Record<ComparedTotal, T> {
  return Object.fromEntries(COMPARED_TOTALS.map((k) => [k, value(k)])) as Record<ComparedTotal, T>;
}

/** Union of names in first-seen order (the first model's order, then what the others add). */
function align(rows: (LayerCost & { name: string })[][]): AlignedLayer[] {
  const table = new Map<string, (LayerCost | null)[]>();
  rows.forEach((list, model) => {
    for (const { name, op, outputShape, params, macs, flops, activationBytes } of list) {
      let costs = table.get(name);
      if (!costs) table.set(name, (costs = rows.map(() => null)));
      costs[model] = { op, outputShape, params, macs, flops, activationBytes };
    }
  });
  return [...table].map(([name, costs]) => ({ name, costs }));
}

/** Two specs with the same name (or one file twice) get `name (2)` so JSON keys stay distinct. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}
