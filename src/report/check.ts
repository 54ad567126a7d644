import chalk from 'chalk';
import type { Report } from '../engine/analyze.js';
import { METRIC_KIND, metricFlag, type BudgetResult, type CheckResult, type Metric } from '../engine/budgets.js';
import { workflowCommand, type Annotation } from './github.js';
import { markdownTable } from './markdown.js';
import { bytes, grouped, si } from './numbers.js';

/** A metric's value for people: exact, then readable (1,814,073,344 (1.81 G); 46,758,048 B (44.6 MiB)). */
export function metricText(metric: Metric, value: bigint): string {
  if (METRIC_KIND[metric] === 'bytes') return value < 1024n ? `${grouped(value)} B` : `${grouped(value)} B (${bytes(value)})`;
  return value < 1000n ? grouped(value) : `${grouped(value)} (${si(value)})`;
}

/** +1,234 (+5.25%) / -1,234 (-5.25%); the percentage is left out when undefined. */
export function signedText(delta: bigint, percent: number | null): string {
  const sign = delta > 0n ? '+' : '';
  const pct = percent === null ? '' : ` (${sign}${percent.toFixed(2)}%)`;
  return `${sign}${grouped(delta)}${pct}`;
}

const limitText = (r: BudgetResult) => `${r.written}${r.written === r.limit.toString() ? '' : ` = ${grouped(r.limit)}`}`;
const sourceText = (r: BudgetResult) => (r.source === 'spec' ? 'budgets in the spec' : metricFlag(r.metric));

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
    })),
    violations: check.results.filter((r) => !r.passed).map((r) => r.metric),
  };
}

function headline(report: Report, check: CheckResult): string {
  const failed = check.results.filter((r) => !r.passed).length;
  const total = check.results.length;
  const budgets = `budget${total === 1 ? '' : 's'}`;
  if (failed) return `${report.model.name}: ${failed} of ${total} ${budgets} exceeded`;
  return `${report.model.name}: ${total === 1 ? 'the budget is met' : `all ${total} budgets are met`}`;
}

function verdict(r: BudgetResult): string {
  const pct = r.percent === null ? '' : ` (${Math.abs(r.percent).toFixed(2)}%)`;
  if (r.passed) return `${grouped(-r.difference)} under${pct}`;
  const top = r.top ? `; largest: ${r.top.layer} ${metricText(r.metric, r.top.value)}` : '';
  return `over by ${grouped(r.difference)}${pct}${top}`;
}

/** Terminal text: one line per budget, failures in red (colour per chalk's level). */
export function renderCheckText(report: Report, check: CheckResult): string {
  const width = Math.max(...check.results.map((r) => r.metric.length));
  const lines = check.results.map((r) => {
    const mark = r.passed ? chalk.green('ok  ') : chalk.red.bold('FAIL');
    const compare = r.passed ? '<=' : '> ';
    return `  ${mark} ${r.metric.padEnd(width)}  ${metricText(r.metric, r.actual)} ${compare} ${limitText(r)}: ${verdict(r)}`;
  });
  const title = check.passed ? chalk.green(headline(report, check)) : chalk.red.bold(headline(report, check));
  return [title, ...lines].join('\n') + '\n';
}

/** Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY. */
export function renderCheckMarkdown(report: Report, check: CheckResult): string {
  const rows = check.results.map((r) => [
    r.passed ? '✅' : '❌',
    `\`${r.metric}\``,
    metricText(r.metric, r.actual),
    limitText(r),
    signedText(r.difference, r.percent),
    r.passed ? '' : (r.top ? `\`${r.top.layer}\` ${metricText(r.metric, r.top.value)}` : ''),
    sourceText(r),
  ]);
  const table = markdownTable(['', 'Metric', 'Actual', 'Budget', 'Difference', 'Largest layer', 'Set by'], rows, new Set([2, 3, 4]));
  const file = report.model.file ? ` (\`${report.model.file}\`)` : '';
  const icon = check.passed ? '✅' : '❌';
  return `### ${icon} archcost check: ${headline(report, check)}${file}\n\n${table}\n\n_${report.conventions.preset} conventions, batch ${report.batch}, ${report.dtype}; memory = weights + peak activations._\n`;
}

/** Workflow commands: an error on each exceeded budget's line (or its largest layer's), a notice when all pass. */
export function renderCheckGithub(report: Report, check: CheckResult): string {
  const file = report.model.file;
  const annotations: Annotation[] = check.results
    .filter((r) => !r.passed)
    .map((r) => ({
      level: 'error',
      file,
      at: r.location ?? r.top?.location,
      title: `archcost budget: ${r.metric}`,
      message: `${r.metric} ${metricText(r.metric, r.actual)} exceeds the budget ${limitText(r)} (${sourceText(r)}): ${verdict(r)}`,
    }));
  if (check.passed) annotations.push({ level: 'notice', file, title: 'archcost check', message: headline(report, check) });
  return annotations.map(workflowCommand).join('\n') + '\n';
}
