/** A value built on its first use, then kept: for what start-up need not pay for (zod schemas cost ~5 ms to build). */
export function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
