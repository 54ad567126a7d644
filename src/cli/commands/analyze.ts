import { analyze, type Report } from '../../engine/analyze.js';
import type { Dtype } from '../../engine/dtype.js';
import type { Lang } from '../../i18n/lang.js';
import type { SweepAxis } from '../../engine/sweep.js';
import { messages } from '../../i18n/messages.js';
import { renderCsv } from '../../report/csv.js';
import { renderHtml } from '../../report/html.js';
import { toJson } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderTable } from '../../report/table.js';
import { configureColour } from '../colour.js';
import { readSpec } from '../io.js';

export type ReportFormat = 'table' | 'json' | 'csv' | 'markdown' | 'html';

export interface AnalyzeFlags {
  format: ReportFormat;
  batch?: number;
  dtype?: Dtype;
  set?: Record<string, number | boolean>;
  input?: number[];
  depth?: number;
  lang?: Lang;
  sweep?: SweepAxis[];
}

export async function runAnalyze(files: string[], flags: AnalyzeFlags): Promise<number> {
  configureColour();
  if (flags.sweep) {
    const { runSweepCommand } = await import('./sweep.js');
    const options = { batch: flags.batch, dtype: flags.dtype, vars: flags.set, input: flags.input };
    return runSweepCommand(files, flags.sweep, options, flags.format, messages(flags.lang));
  }
  const reports: Report[] = [];
  for (const file of files) {
    const text = await readSpec(file);
    reports.push(analyze(text, { file, batch: flags.batch, dtype: flags.dtype, vars: flags.set, input: flags.input }));
  }
  process.stdout.write(render(reports, flags));
  return 0;
}

function render(reports: Report[], flags: AnalyzeFlags): string {
  const options = { depth: flags.depth, messages: messages(flags.lang) };
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
