import type { Report } from '../../counting/analyze.js';
import { METRICS, type Metric } from '../../gates/budgets.js';
import { diffReports } from '../../gates/diff.js';
import { ArchcostError, didYouMean } from '../../core/errors.js';
import { parsePercent } from '../../core/quantity.js';
import { MAX_REPORT_BYTES } from '../../language/limits.js';
import { diffJson, renderDiffGithub, renderDiffMarkdown, renderDiffText } from '../../report/diff.js';
import { toJson } from '../../report/json.js';
import { isReport, parseExactJson, readReport, reportOf } from '../../report/read-report.js';
import type { Locale } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { configureColour } from '../colour.js';
import { loadSpec, readSpec } from '../io.js';
import { writeOutput } from '../output.js';
import { analyzeWith, annotationPath, appendStepSummary, type GateFormat, type ModelFlags } from './gates.js';

export interface DiffFlags extends ModelFlags {
  format: GateFormat;
  maxIncrease: string;
  metric: string;
  lang?: Locale;
}

export const DEFAULT_DIFF_METRICS = 'macs,flops,params,memory';

/** Exit 0 when no chosen metric grew past the allowed increase, 1 when one did; bad input throws (exit 2). */
export async function runDiff(baselineFile: string, currentFile: string, flags: DiffFlags): Promise<number> {
  configureColour(flags.output);
  const maxIncrease = parsePercent(flags.maxIncrease);
  if (typeof maxIncrease === 'string') throw new ArchcostError({ message: `--max-increase: ${maxIncrease}` });
  const metrics = parseMetrics(flags.metric);
  const baseline = readReport(await readSpec(baselineFile, 'the baseline report', MAX_REPORT_BYTES), baselineFile, 'the baseline');
  const current = await readCurrent(currentFile, flags);
  const result = diffReports(baseline, current, metrics, maxIncrease);
  const m = messages(flags.lang);
  switch (flags.format) {
    case 'json':
      await writeOutput(toJson(diffJson(baseline, current, result)) + '\n', flags.output);
      break;
    case 'markdown':
      await writeOutput(renderDiffMarkdown(baseline, current, result, m), flags.output);
      break;
    case 'github':
      await writeOutput(renderDiffGithub(baseline, current, result, m, annotationPath(current.model.file)), flags.output);
      appendStepSummary(renderDiffMarkdown(baseline, current, result, m));
      break;
    case 'table':
      await writeOutput(renderDiffText(baseline, current, result, m), flags.output);
  }
  return result.passed ? 0 : 1;
}

function parseMetrics(text: string): Metric[] {
  const names = text.split(',').map((m) => m.trim()).filter(Boolean);
  if (names.length === 0) throw new ArchcostError({ message: `--metric: expected a list like macs,params; metrics: ${METRICS.join(', ')}` });
  for (const name of names) {
    if (!(METRICS as readonly string[]).includes(name)) {
      throw new ArchcostError({ message: `--metric: unknown metric '${name}'${didYouMean(name, METRICS)}; metrics: ${METRICS.join(', ')}` });
    }
  }
  return [...new Set(names)] as Metric[];
}

/** CURRENT is a spec (analyzed with the flags) or a saved report (taken as it is). */
async function readCurrent(file: string, flags: ModelFlags): Promise<Report> {
  const loaded = await loadSpec(file, MAX_REPORT_BYTES);
  const text = loaded.text;
  const data = text !== undefined && /\.json$/i.test(file) ? parseExactJson(text, file) : undefined;
  if (isReport(data)) {
    const ignored = (['batch', 'dtype', 'set', 'input', 'compat'] as const).filter((k) => flags[k] !== undefined);
    if (ignored.length) {
      throw new ArchcostError({ file, message: `--${ignored[0]} applies to a spec, but this is a saved report; its numbers are used as they are` });
    }
    // Read once: a saved report is as large as its model's layers.
    return reportOf(data, file);
  }
  return analyzeWith(loaded.source(flags.input), flags);
}
