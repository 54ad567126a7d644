import chalk from 'chalk';
import type { Report } from '../counting/analyze.js';
import { METRIC_KIND, metricFlag, type BudgetResult, type CheckResult, type Metric } from '../gates/budgets.js';
import { workflowCommand, type Annotation } from './github.js';
import { markdownTable, markdownText } from './markdown.js';
import { messages, type Messages } from '../i18n/messages.js';
import type { NumberFormat } from '../i18n/numbers.js';

const ENGLISH = messages('en');

/** A metric's value for people: exact, then readable (1,814,073,344 (1.81 G); 46,758,048 B (44.6 MiB)). */
export function metricText(metric: Metric, value: bigint, n: NumberFormat = ENGLISH.n): string {
  if (METRIC_KIND[metric] === 'bytes') return value < 1024n ? `${n.int(value)} B` : `${n.int(value)} B (${n.bytes(value)})`;
  return value < 1000n ? n.int(value) : `${n.int(value)} (${n.si(value)})`;
}

/** +1,234 (+5.25%) / -1,234 (-5.25%); the percentage is left out when undefined. */
export function signedText(delta: bigint, percent: number | null, n: NumberFormat = ENGLISH.n): string {
  const sign = delta > 0n ? '+' : '';
  const pct = percent === null ? '' : ` (${sign}${n.fixed(percent, 2)}%)`;
  return `${sign}${n.int(delta)}${pct}`;
}

/** `ok` / `FAIL` padded to one width, so the metrics line up in every language. */
export function marks(m: Messages): { ok: string; fail: string } {
  const width = Math.max(m.gates.ok.length, m.gates.fail.length);
  return { ok: m.gates.ok.padEnd(width), fail: m.gates.fail.padEnd(width) };
}

const limitText = (r: BudgetResult, n: NumberFormat) => `${r.written}${r.written === r.limit.toString() ? '' : ` = ${n.int(r.limit)}`}`;
const sourceText = (r: BudgetResult, m: Messages) => (r.source === 'spec' ? m.gates.specBudgets : metricFlag(r.metric));

/** The JSON of `check --format json` (schema: `archcost schema check`). */
export function checkJson(report: Report, check: CheckResult) {
  return {
    schemaVersion: 1 as const,
    conventions: report.conventions,
    model: { name: report.model.name, file: report.model.file },
    passed: check.passed,
    budgets: check.results.map((r) => ({
      metric: r.metric,
      limit: r.limit,
      written: r.written,
      source: r.source,
      location: r.location,
      actual: r.actual,
      difference: r.difference,
      percent: r.percent,
      passed: r.passed,
      top: r.top,
      ...(r.metric === 'memory' ? { parts: { weightBytes: report.totals.weightBytes, peakActivationBytes: report.totals.peakActivationBytes } } : {}),
    })),
    violations: check.results.filter((r) => !r.passed).map((r) => r.metric),
  };
}

function headline(report: Report, check: CheckResult, m: Messages): string {
  return m.gates.checkHeadline(report.model.name, check.results.filter((r) => !r.passed).length, check.results.length);
}

function verdict(report: Report, r: BudgetResult, m: Messages): string {
  const pct = r.percent === null ? '' : ` (${m.n.fixed(Math.abs(r.percent), 2)}%)`;
  if (r.passed) return m.gates.under(m.n.int(-r.difference), pct);
  const from = contributors(report, r, m);
  return m.gates.over(m.n.int(r.difference), pct) + (from ? `; ${from}` : '');
}

/** Where an exceeded budget's figure comes from: the largest layer, or for memory its weights and peak. */
function contributors(report: Report, r: BudgetResult, m: Messages): string {
  if (r.metric === 'memory') {
    const t = report.totals;
    return m.gates.memoryParts(metricText('weight_memory', t.weightBytes, m.n), metricText('activation_memory', t.peakActivationBytes, m.n), report.peak.layer);
  }
  return r.top ? m.gates.largest(r.top.layer, metricText(r.metric, r.top.value, m.n)) : '';
}

/** Terminal text: one line per budget, failures in red (colour per chalk's level). */
export function renderCheckText(report: Report, check: CheckResult, m: Messages = ENGLISH): string {
  const width = Math.max(...check.results.map((r) => r.metric.length));
  const mark = marks(m);
  const lines = check.results.map((r) => {
    const sign = r.passed ? chalk.green(mark.ok) : chalk.red.bold(mark.fail);
    const compare = r.passed ? '<=' : '> ';
    return `  ${sign} ${r.metric.padEnd(width)}  ${metricText(r.metric, r.actual, m.n)} ${compare} ${limitText(r, m.n)}: ${verdict(report, r, m)}`;
  });
  const title = check.passed ? chalk.green(headline(report, check, m)) : chalk.red.bold(headline(report, check, m));
  return [title, ...lines].join('\n') + '\n';
}

/** Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY. */
export function renderCheckMarkdown(report: Report, check: CheckResult, m: Messages = ENGLISH): string {
  const rows = check.results.map((r) => [
    r.passed ? '✅' : '❌',
    `\`${r.metric}\``,
    metricText(r.metric, r.actual, m.n),
    limitText(r, m.n),
    signedText(r.difference, r.percent, m.n),
    r.passed ? '' : r.metric === 'memory' ? contributors(report, r, m) : r.top ? `\`${r.top.layer}\` ${metricText(r.metric, r.top.value, m.n)}` : '',
    sourceText(r, m),
  ]);
  const table = markdownTable(m.gates.checkHeaders, rows, new Set([2, 3, 4]));
  const file = report.model.file ? ` (\`${report.model.file}\`)` : '';
  const icon = check.passed ? '✅' : '❌';
  return `### ${icon} archcost check: ${markdownText(headline(report, check, m))}${file}\n\n${table}\n\n_${m.gates.checkNote(report.conventions.preset, report.batch, report.dtype)}_\n`;
}

/** Workflow commands: an error on each exceeded budget's line (or its largest layer's), a notice when all pass. */
export function renderCheckGithub(report: Report, check: CheckResult, m: Messages = ENGLISH, file = report.model.file): string {
  const annotations: Annotation[] = check.results
    .filter((r) => !r.passed)
    .map((r) => ({
      level: 'error',
      file,
      at: r.location ?? r.top?.location,
      title: m.gates.budgetTitle(r.metric),
      message: m.gates.exceeds(r.metric, metricText(r.metric, r.actual, m.n), limitText(r, m.n), sourceText(r, m), verdict(report, r, m)),
    }));
  if (check.passed) annotations.push({ level: 'notice', file, title: 'archcost check', message: headline(report, check, m) });
  return annotations.map(workflowCommand).join('\n') + '\n';
}
