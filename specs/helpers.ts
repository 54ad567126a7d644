import { analyze, ArchcostError, type AnalyzeOptions, type LayerReport, type Report } from '../src/index.js';

/** Analyzes spec text given inline in a test. */
export function run(yaml: string, options: AnalyzeOptions = {}): Report {
  return analyze(yaml, { file: 'test.yaml', ...options });
}

export function layer(report: Report, name: string): LayerReport {
  const hit = report.layers.find((l) => l.name === name);
  if (!hit) throw new Error(`no layer ${name}; layers: ${report.layers.map((l) => l.name).join(', ')}`);
  return hit;
}

/** A one-layer spec: the op and its args on the given input. */
export function single(input: number[], item: string): LayerReport {
  return run(`input: ${JSON.stringify(input)}\nlayers:\n  - ${item}\n`).layers[0];
}

/**
 * The seed's bottleneck (examples/seed-bottleneck.yaml with mid 64), inline so a test can rename it
 * or append budgets: 1x1 conv 256 -> 64, ReLU, 4x4 conv 64 -> 256 on 28x28x256, same padding, no bias.
 */
export function seedBottleneck(name = 'seed', extra = ''): string {
  return `name: ${name}
input: [28, 28, 256]
defaults: {conv: {padding: same, bias: false}}
layers:
  - conv: {name: reduce, filters: 64, kernel: 1}
  - relu
  - conv: {name: spatial, filters: 256, kernel: 4}
${extra}`;
}

/** The message of the ArchcostError that `run` throws; any other error, or none, fails the test. */
export function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof ArchcostError) return e.message;
    throw e;
  }
  throw new Error('expected an ArchcostError, but nothing was thrown');
}
