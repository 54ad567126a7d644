import { analyze, type Report } from '../../engine/analyze.js';
import { withCompat } from '../../engine/compat.js';
import type { Preset } from '../../engine/conventions.js';
import type { Dtype } from '../../engine/dtype.js';
import { estimateTime, withRoofline } from '../../engine/roofline.js';
import type { Optimizer } from '../../engine/training.js';
import { renderCsv } from '../../report/csv.js';
import { renderHtml } from '../../report/html.js';
import { toJson } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderTable } from '../../report/table.js';
import { configureColour } from '../colour.js';
import { loadDevice } from '../device.js';
import { readSpec } from '../io.js';
import { writeOutput } from '../output.js';

export type ReportFormat = 'table' | 'json' | 'csv' | 'markdown' | 'html';

export interface AnalyzeFlags {
  format: ReportFormat;
  batch?: number;
  dtype?: Dtype;
  set?: Record<string, number | boolean>;
  input?: number[];
  depth?: number;
  compat?: Preset;
  output?: string;
  memory?: boolean;
  training?: boolean;
  optimizer?: Optimizer;
  mixedPrecision?: boolean;
  device?: string;
  deviceFile?: string;
}

export async function runAnalyze(files: string[], flags: AnalyzeFlags): Promise<number> {
  configureColour();
  const device = await loadDevice(flags);
  // --optimizer and --mixed-precision only make sense for a training estimate, so they ask for one.
  const training =
    flags.training || flags.optimizer || flags.mixedPrecision ? { optimizer: flags.optimizer ?? 'adam', mixedPrecision: flags.mixedPrecision } : undefined;
  const reports: Report[] = [];
  for (const file of files) {
    const text = await readSpec(file);
    const report = analyze(text, { file, batch: flags.batch, dtype: flags.dtype, vars: flags.set, input: flags.input, training });
    reports.push(withCompat(device ? withRoofline(report, estimateTime(report, device)) : report, flags.compat ?? 'archcost'));
  }
  await writeOutput(render(reports, flags), flags.output);
  return 0;
}

function render(reports: Report[], flags: AnalyzeFlags): string {
  const options = { depth: flags.depth, memory: flags.memory };
  switch (flags.format) {
    case 'json':
      return toJson(reports.length === 1 ? reports[0] : reports) + '\n';
    case 'csv':
      return renderCsv(reports, options);
    case 'html':
      return renderHtml(reports, options);
    case 'markdown':
      return reports.map((r) => renderMarkdown(r, options)).join('\n');
    case 'table':
      return reports.map((r) => renderTable(r, options)).join('\n');
  }
}
