import { analyze } from '../../counting/analyze.js';
import { compareReports } from '../../explore/compare.js';
import type { Preset } from '../../counting/conventions.js';
import type { Dtype } from '../../core/dtype.js';
import type { Lang } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { renderCompareMarkdown, renderCompareTable } from '../../report/compare.js';
import { toJson } from '../../report/json.js';
import { reportRows } from '../../report/rows.js';
import { configureColour } from '../colour.js';
import { loadDevice, withModelOptions } from '../device.js';
import { readSpec } from '../io.js';
import { writeOutput } from '../output.js';

export interface CompareFlags {
  format: 'table' | 'json' | 'markdown' | 'html';
  batch?: number;
  dtype?: Dtype;
  input?: number[];
  depth?: number;
  compat?: Preset;
  device?: string;
  deviceFile?: string;
  output?: string;
  lang: Lang;
}

export async function runCompare(files: string[], flags: CompareFlags): Promise<number> {
  const device = await loadDevice(flags);
  const reports = [];
  for (const file of files) {
    const report = analyze(await readSpec(file), { file, batch: flags.batch, dtype: flags.dtype, input: flags.input });
    reports.push(withModelOptions(report, device, flags.compat));
  }
  const comparison = compareReports(reports, (r) => reportRows(r, flags.depth));
  const m = messages(flags.lang);
  const blocks = { blocks: flags.depth !== undefined };
  let text: string;
  if (flags.format === 'json') text = toJson(comparison) + '\n';
  else if (flags.format === 'markdown') text = renderCompareMarkdown(comparison, m, blocks);
  else if (flags.format === 'html') text = (await import('../../report/html/compare-page.js')).renderCompareHtml(comparison, m, blocks.blocks);
  else {
    configureColour(flags.output);
    text = renderCompareTable(comparison, m, blocks);
  }
  await writeOutput(text, flags.output);
  return 0;
}
