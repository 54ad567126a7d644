import { analyze, type AnalyzeOptions, type LayerReport, type Report } from '../src/index.js';

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
