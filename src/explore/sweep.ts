import type { Value } from '../expr/expr.js';
import { analyzeSource, type AnalyzeOptions, type Report, type Totals } from '../counting/analyze.js';
import { withCompat } from '../counting/compat.js';
import type { Conventions, Preset } from '../counting/conventions.js';
import { ArchcostError, didYouMean } from '../core/errors.js';
import { declaredVars, objectSource, parseSpecText } from '../language/source.js';

/** One `--sweep`: a spec var over numbers, or `input` over shapes. */
export type SweepAxis = { name: string; values: Value[] } | { name: 'input'; values: number[][] };

/** One combination of the swept values. */
export interface SweepPoint {
  vars: Record<string, Value>;
  input?: number[];
}

export interface SweepRow extends SweepPoint {
  /** The first input's shape at this point (swept or not). */
  input: number[];
  output: number[];
  totals: Totals;
}

/** What `analyze --sweep --format json` prints for one spec. */
export interface SweepResult {
  schemaVersion: 1;
  /** Batch and dtype stay fixed over the points. */
  conventions: Conventions;
  model: { name: string; file?: string };
  sweep: { name: string; values: (Value | number[])[] }[];
  points: SweepRow[];
}

/** Every combination, the first axis varying slowest (like nested loops in the order given). */
export function sweepPoints(axes: SweepAxis[]): SweepPoint[] {
  let points: SweepPoint[] = [{ vars: {} }];
  for (const axis of axes) {
    points = points.flatMap((p) =>
      axis.values.map((v) => (axis.name === 'input' ? { ...p, input: v as number[] } : { ...p, vars: { ...p.vars, [axis.name]: v as Value } })),
    );
  }
  return points;
}

/** What stays fixed over a sweep: `--set`, `--batch`, `--dtype`, `--input`, and `--compat`'s way of counting. */
export type SweepOptions = AnalyzeOptions & { compat?: Preset };

/** Analyzes one spec at every point (the text is parsed once); `progress` hears after each point. */
export function runSweep(spec: string | object, sweepOptions: SweepOptions, axes: SweepAxis[], progress?: (done: number, total: number) => void): SweepResult {
  const { compat = 'archcost', ...options } = sweepOptions;
  const source = typeof spec === 'string' ? parseSpecText(spec, options.file) : objectSource(spec, options.file);
  const known = declaredVars(source);
  const seen = new Set<string>();
  for (const axis of axes) {
    if (seen.has(axis.name)) throw new ArchcostError({ file: options.file, message: `--sweep ${axis.name} is given twice` });
    seen.add(axis.name);
    if (axis.name === 'input' && options.input) {
      throw new ArchcostError({ message: '--sweep input and --input both set the input shape; use one' });
    }
    if (axis.name !== 'input' && !known.includes(axis.name)) {
      throw new ArchcostError({
        file: options.file,
        message: `--sweep ${axis.name}: the spec has no var '${axis.name}'${didYouMean(axis.name, [...known, 'input'])}; it can sweep: ${[...known, 'input'].join(', ')}`,
      });
    }
  }
  const points = sweepPoints(axes);
  let first: Report | undefined;
  const rows = points.map((point, i) => {
    const report = withCompat(analyzeSource(source, { ...options, vars: { ...options.vars, ...point.vars }, input: point.input ?? options.input }), compat);
    first ??= report;
    progress?.(i + 1, points.length);
    return { ...point, input: report.input.shape, output: report.output.shape, totals: report.totals };
  });
  return {
    schemaVersion: 1,
    conventions: first!.conventions,
    model: { name: first!.model.name, file: options.file },
    sweep: axes.map((a) => ({ name: a.name, values: a.values })),
    points: rows,
  };
}
