import { ArchcostError } from '../core/errors.js';

/**
 * Pipeline stages: P runs of consecutive layers, each at least one layer, cut so that the heaviest
 * stage holds as few weight bytes as can be (the linear-partition optimum, found by bisecting the
 * bound; among the cuts that reach it, each stage takes as many layers as fit). Returns the first
 * layer of each stage.
 */
export function pipelineStages(weights: readonly bigint[], P: number, file?: string): number[] {
  if (P > weights.length) {
    throw new ArchcostError({ file, message: `--pipeline-parallel ${P}: the model has ${weights.length} layers, fewer than the ${P} stages (each stage holds at least one layer)` });
  }
  const cuts = (bound: bigint): number[] => {
    const starts = [0];
    let load = 0n;
    weights.forEach((w, i) => {
      const toOpen = P - starts.length;
      if (i > 0 && toOpen > 0 && (load + w > bound || weights.length - i === toOpen)) {
        starts.push(i);
        load = 0n;
      }
      load += w;
    });
    return starts;
  };
  const fits = (bound: bigint) => {
    let stages = 1;
    let load = 0n;
    for (const w of weights) {
      if (load + w > bound) {
        stages += 1;
        load = 0n;
      }
      load += w;
    }
    return stages <= P;
  };
  let low = weights.reduce((max, w) => (w > max ? w : max), 0n);
  let high = weights.reduce((sum, w) => sum + w, 0n);
  while (low < high) {
    const mid = (low + high) / 2n;
    if (fits(mid)) high = mid;
    else low = mid + 1n;
  }
  return cuts(low);
}
