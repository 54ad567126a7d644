/**
 * The V8 flags a command-line run sets once the bundle is loaded (bin/archcost.js; V8 refuses a
 * code cache made under other flags, so they cannot be set before). Only under Node 20's V8
 * (11.3), the one they were measured on: under another V8 their defaults and meaning may differ,
 * and none is set.
 * - The young generation stays at its first size: V8 grows it to 16 MB twice over when most of
 *   what is made lives on, as a report's layers do; the peak of 10,000 layers is ~35 MB lower so,
 *   at no cost in CPU.
 * - Tier-up to optimized code waits 16 times V8's interrupt budget (67,584 bytecodes a tick): V8's
 *   default suits a page that runs for minutes, and a run of archcost lasts well under a second,
 *   in which TurboFan's compiles cost more than they save (farm-bench A/B: fit of Llama-3-70B 0.69x
 *   CPU, 10k layers 0.76x, their compare 0.72x, resnet50 0.97x; 100,000 layers 1.03x, in the noise).
 * - TurboFan inlines no function into another: a compile with inlining is several times larger and
 *   pays off over minutes, not in a run of a second (farm-bench A/B: 100,000 layers 0.92x CPU in 21
 *   pairs, 10,000 layers 0.93x, diff 0.96x; fit and fit --sweep 1.01x, resnet50 unchanged).
 * - After a full collection the old generation may grow to 11 times what it kept before the next
 *   one (V8 picks 1.1 to 4 times): nearly everything an analysis makes lives to the end, so a full
 *   collection in the middle of one marks it all to free little (100,000 layers: 77 -> 62 MB, one
 *   such collection fewer, 0.91x the CPU in 25 pairs, peak RSS +14 MB; 10,000 layers' peak is the
 *   same). A command that analyses many times over holds more garbage so (a sweep of 11 inputs of
 *   10,000 layers: peak 121 -> 159 MB); the limit on the expanded layers keeps each analysis bounded.
 * - The young generation is collected on the main thread alone: on two cores a helper thread shortens
 *   each pause but the pair spends more CPU than one thread does (the 100,000-layer run's ~400
 *   collections copy ~170 MB either way). farm-bench A/B, 25 pairs: 100,000 layers 0.93x CPU,
 *   10,000 layers' diff 0.97x, their JSON 1.00x; no run of the bench's others was slower (15 pairs:
 *   0.93x-0.99x). The output is byte-identical.
 */
export const V8_RUN_FLAGS = process.versions.v8.startsWith('11.3.')
  ? `--semi-space-growth-factor=1 --interrupt-budget=${16 * 67584} --no-turbo-inlining --heap-growing-percent=1000 --no-parallel-scavenge`
  : undefined;
