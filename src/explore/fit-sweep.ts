import { expandSpec } from '../counting/analyze.js';
import { ArchcostError, didYouMean } from '../core/errors.js';
import type { Value } from '../expr/expr.js';
import { declaredVars, type SpecSource } from '../language/source.js';
import { fit, type FitRequest, type FitResult } from './fit.js';
import { checkSequence, type FitSolve } from './fit-model.js';
import type { FitTerm } from './fit-terms.js';
import { sweepPoints, type SweepAxis } from './sweep.js';

/** Axes of `fit --sweep` besides the spec's vars. */
const FIT_AXES = ['context', 'devices', 'batch'] as const;

/** One answer of the sweep: the values at the point and the largest batch (or context) that fits there. */
export interface FitSweepPoint {
  values: Record<string, Value>;
  fits: boolean;
  /** The answer (0 when even the smallest does not fit). */
  largest: number;
  totalBytes?: bigint;
  binding?: FitTerm;
  /** Why the point could not be counted (a split the heads do not allow). */
  error?: string;
}

/** What `archcost fit --sweep --format json` prints. */
export interface FitSweep {
  schemaVersion: 1;
  model: FitResult['model'];
  device: FitResult['device'];
  mode: FitResult['mode'];
  phase: FitResult['phase'];
  solve: FitSolve;
  sweep: { name: string; values: Value[] }[];
  points: FitSweepPoint[];
  analyses: number;
}

/**
 * The largest batch (or context) at every combination of the axes: `context` (the sequence length in
 * prefill, the cached positions in decode), `devices`, `batch` (when solving the context) and the
 * spec's vars. Each point is a whole `fit` (exact analyses); a point the model cannot be split for
 * carries its message instead.
 */
export function fitSweep(source: SpecSource, request: FitRequest, axes: SweepAxis[]): FitSweep {
  const declared = declaredVars(source);
  for (const axis of axes) {
    const known = [...FIT_AXES, ...declared];
    if (axis.name === 'input') throw new ArchcostError({ message: '--sweep input: fit sweeps context (the sequence length), devices, batch and the spec\'s vars' });
    if (!known.includes(axis.name)) {
      throw new ArchcostError({ file: request.options.file, message: `--sweep ${axis.name}: fit can sweep ${known.join(', ')}${didYouMean(axis.name, known)}` });
    }
    if (axis.name === (request.solve === 'batch' ? 'batch' : 'context')) {
      throw new ArchcostError({ message: `--sweep ${axis.name}: the ${axis.name} is what --solve ${request.solve} finds; sweep the other one` });
    }
    if (axis.values.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < (axis.name === 'context' ? 0 : 1)) && (FIT_AXES as readonly string[]).includes(axis.name)) {
      throw new ArchcostError({ message: `--sweep ${axis.name}: expected whole numbers${axis.name === 'context' ? '' : ' >= 1'}, got ${axis.values.join(', ')}` });
    }
  }
  // Every point would fail the same way: say so once, not as the first point's error.
  if (axes.some((a) => a.name === 'context')) checkSequence(expandSpec(source, request.options), '--sweep context', 'sweep devices, batch or a var instead', request.options.file);
  let analyses = 0;
  let first: FitResult | undefined;
  const points = sweepPoints(axes).map((point): FitSweepPoint => {
    const values = { ...point.vars };
    const { context, devices, batch, ...vars } = values as Record<string, Value>;
    const options = { ...request.options, vars: { ...request.options.vars, ...vars }, ...(batch !== undefined ? { batch: batch as number } : {}) };
    try {
      const at: FitRequest = { ...request, options, ...(devices !== undefined ? { devices: devices as number } : {}), ...(context !== undefined ? { context: context as number } : {}) };
      const result = fit(source, at, { answerOnly: true });
      first ??= result;
      analyses += result.analyses;
      const largest = result.fits ? (request.solve === 'batch' ? result.point.batch : result.point.context) : 0;
      return { values, fits: result.fits, largest, totalBytes: result.point.totalBytes, binding: result.binding };
    } catch (e) {
      if (!(e instanceof ArchcostError)) throw e;
      return { values, fits: false, largest: 0, error: e.diagnostics[0].message };
    }
  });
  if (!first) throw new ArchcostError({ file: request.options.file, message: `no point of the sweep could be counted: ${points[0].error}` });
  return {
    schemaVersion: 1,
    model: first.model,
    device: first.device,
    mode: first.mode,
    phase: first.phase,
    solve: request.solve,
    sweep: axes.map((a) => ({ name: a.name, values: a.values as Value[] })),
    points,
    analyses,
  };
}
