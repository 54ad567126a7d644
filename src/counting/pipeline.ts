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
  // Greedy under a bound: each stage takes layers while they fit, the P-th takes the rest, and the last
  // layers get a stage each once only as many are left as stages to open. The greedy needs the fewest
  // stages of any cut under the bound, so the bound can be met in P stages exactly when it meets it here.
  const pack = (bound: bigint) => {
    const starts = [0];
    let load = 0n;
    let heaviest = 0n;
    weights.forEach((w, i) => {
      const toOpen = P - starts.length;
      if (i > 0 && toOpen > 0 && (load + w > bound || weights.length - i === toOpen)) {
        starts.push(i);
        load = 0n;
      }
      load += w;
      if (load > heaviest) heaviest = load;
    });
    return { starts, fits: heaviest <= bound };
  };
  let low = weights.reduce((max, w) => (w > max ? w : max), 0n);
  let high = weights.reduce((sum, w) => sum + w, 0n);
  while (low < high) {
    const mid = (low + high) / 2n;
    if (pack(mid).fits) high = mid;
    else low = mid + 1n;
  }
  return pack(low).starts;
}
