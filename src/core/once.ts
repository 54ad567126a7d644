/** A value built on its first use, then kept: for what start-up need not pay for (zod schemas cost ~5 ms to build). */
export function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/**
 * `make(a, b)`, made once for each pair and then kept (`make` gives no undefined): for what a large
 * model asks for again and again, as a repeated block's copies change by the same few numbers.
 */
export function memoized<A, B, V>(make: (a: A, b: B) => V): (a: A, b: B) => V {
  const made = new Map<A, Map<B, V>>();
  return (a, b) => {
    let byB = made.get(a);
    if (!byB) made.set(a, (byB = new Map()));
    let value = byB.get(b);
    if (value === undefined) byB.set(b, (value = make(a, b)));
    return value;
  };
}
