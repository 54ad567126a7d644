import { analyze } from '../../engine/analyze.js';
import { compareReports } from '../../engine/compare.js';
import type { Dtype } from '../../engine/dtype.js';
import type { Lang } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { renderCompareMarkdown, renderCompareTable } from '../../report/compare.js';
import { toJson } from '../../report/json.js';
import { reportRows } from '../../report/rows.js';
import { configureColour } from '../colour.js';
import { readSpec } from '../io.js';

export interface CompareFlags {
  format: 'table' | 'json' | 'markdown';
  batch?: number;
  dtype?: Dtype;
  input?: number[];
  depth?: number;
  lang: Lang;
}

export async function runCompare(files: string[], flags: CompareFlags): Promise<number> {
  const reports = [];
  for (const file of files) {
    reports.push(analyze(await readSpec(file), { file, batch: flags.batch, dtype: flags.dtype, input: flags.input }));
  }
  const comparison = compareReports(reports, (r) => reportRows(r, flags.depth));
  const m = messages(flags.lang);
  const blocks = { blocks: flags.depth !== undefined };
  if (flags.format === 'json') process.stdout.write(toJson(comparison) + '\n');
  else if (flags.format === 'markdown') process.stdout.write(renderCompareMarkdown(comparison, m, blocks));
  else {
    configureColour();
    process.stdout.write(renderCompareTable(comparison, m, blocks));
  }
  return 0;
}
