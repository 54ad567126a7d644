/** One exact analysis at an integer: whether it fits, and its bytes (undefined when the point cannot be analyzed). */
export interface Probe {
  n: number;
  fits: boolean;
  bytes?: bigint;
  /** Why the point cannot be analyzed (a position table too short): a limit of its own. */
  reason?: string;
}

export interface SearchResult<P extends Probe> {
  /** The largest n that fits (absent: not even the first). */
  best?: P;
  /** The smallest n that does not, when one was found below the limit. */
  next?: P;
}

/**
 * The largest integer in [1, limit] that fits, for a fit that is monotone (if n fits, every smaller
 * one does). Every answer stands on exact analyses: n fits and n + 1 does not. The first guess
 * extends the line through n = 1 and 2 (batch-linear terms make it exact), checked at the guess and
 * one past it; otherwise the bracket doubles, then shrinks by interpolation on the bytes, falling back
 * to halving whenever a step does not halve the bracket.
 */
export function largestFitting<P extends Probe>(probe: (n: number) => P, usable: bigint, limit: number): SearchResult<P> {
  const first = probe(1);
  if (!first.fits) return { next: first };
  if (limit === 1) return { best: first };
  let lo = first;
  let hi: P | undefined;
  const second = probe(2);
  if (!second.fits) return { best: first, next: second };
  lo = second;
  if (second.bytes !== undefined && first.bytes !== undefined && second.bytes > first.bytes) {
    const slope = second.bytes - first.bytes;
    const guess = Math.min(limit, 2 + Number((usable - second.bytes) / slope));
    if (guess > 2) {
      const at = probe(guess);
      if (at.fits) {
        lo = at;
        if (guess === limit) return { best: at };
        const after = probe(guess + 1);
        if (!after.fits) return { best: at, next: after };
        lo = after;
      } else hi = at;
    }
  }
  while (!hi) {
    if (lo.n >= limit) return { best: lo };
    const at = probe(Math.min(limit, lo.n * 2));
    if (at.fits) lo = at;
    else hi = at;
  }
  let halved = true;
  while (hi.n - lo.n > 1) {
    let n = Math.floor((lo.n + hi.n) / 2);
    // Interpolate on the bytes where both ends have them, unless the last step did not halve the bracket.
    if (halved && lo.bytes !== undefined && hi.bytes !== undefined && hi.bytes > lo.bytes) {
      const step = Number(((usable - lo.bytes) * BigInt(hi.n - lo.n)) / (hi.bytes - lo.bytes));
      n = Math.min(hi.n - 1, Math.max(lo.n + 1, lo.n + step));
    }
    const width = hi.n - lo.n;
    const at = probe(n);
    if (at.fits) lo = at;
    else hi = at;
    halved = hi.n - lo.n <= width / 2;
  }
  return { best: lo, next: hi };
}
