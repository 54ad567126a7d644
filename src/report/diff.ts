import chalk from 'chalk';
import type { Report } from '../engine/analyze.js';
import type { Metric } from '../engine/budgets.js';
import type { Change, DiffResult, LayerChange, LayerSummary } from '../engine/diff.js';
import type { Position } from '../engine/source.js';
import { metricText, signedText } from './check.js';
import { workflowCommand, type Annotation } from './github.js';
import { markdownTable } from './markdown.js';
import { grouped, shapeText } from './numbers.js';

const ref = (r: Report) => ({ name: r.model.name, file: r.model.file });
const named = (r: Report) => `${r.model.name}${r.model.file ? ` (${r.model.file})` : ''}`;

/** The JSON of `diff --format json` (schema: `archcost schema diff`). */
export function diffJson(baseline: Report, current: Report, diff: DiffResult) {
  return {
    schemaVersion: 1 as const,
    conventions: current.conventions,
    baseline: ref(baseline),
    current: ref(current),
    passed: diff.passed,
    maxIncrease: diff.maxIncrease,
    metrics: diff.metrics.map((m) => ({ metric: m.metric, ...m.change, regressed: m.regressed })),
    totals: diff.totals,
    layers: diff.layers,
  };
}

function headline(diff: DiffResult): string {
  const regressed = diff.metrics.filter((m) => m.regressed).map((m) => m.metric);
  const { added, removed, changed } = diff.layers;
  const layers = `${added.length} layers added, ${removed.length} removed, ${changed.length} changed`;
  return regressed.length
    ? `${regressed.join(', ')} grew by more than ${diff.maxIncrease}; ${layers}`
    : `no metric grew by more than ${diff.maxIncrease}; ${layers}`;
}

const metricCells = (metric: Metric, c: Change) => [metricText(metric, c.baseline), metricText(metric, c.current), signedText(c.delta, c.percent)];

function changeText(l: LayerChange): string {
  const parts: string[] = [];
  if (l.opChange) parts.push(`op ${l.opChange.baseline} -> ${l.opChange.current}`);
  if (l.outputShape) parts.push(`output ${shapeText(l.outputShape.baseline)} -> ${shapeText(l.outputShape.current)}`);
  for (const [key, c] of Object.entries(l.counts)) parts.push(`${key} ${grouped(c.baseline)} -> ${grouped(c.current)} (${signedText(c.delta, c.percent)})`);
  return parts.join(', ');
}

const summaryText = (l: LayerSummary) => `${l.op} ${shapeText(l.outputShape)}, ${grouped(l.params)} params, ${grouped(l.macs)} MACs`;

/** Terminal text: the gated metrics, then the layer changes. */
export function renderDiffText(baseline: Report, current: Report, diff: DiffResult): string {
  const title = diff.passed ? chalk.green(headline(diff)) : chalk.red.bold(headline(diff));
  const width = Math.max(...diff.metrics.map((m) => m.metric.length));
  const metrics = diff.metrics.map((m) => {
    const [before, after, delta] = metricCells(m.metric, m.change);
    const mark = m.regressed ? chalk.red.bold('FAIL') : chalk.green('ok  ');
    return `  ${mark} ${m.metric.padEnd(width)}  ${before} -> ${after}: ${delta}`;
  });
  const { added, removed, changed } = diff.layers;
  const layers = [
    ...added.map((l) => `  ${chalk.green('+')} ${l.name}: ${summaryText(l)}`),
    ...removed.map((l) => `  ${chalk.red('-')} ${l.name}: ${summaryText(l)}`),
    ...changed.map((l) => `  ${chalk.yellow('~')} ${l.name}: ${changeText(l)}`),
  ];
  return [
    `${named(baseline)} -> ${named(current)}`,
    title,
    ...metrics,
    ...(layers.length ? ['layers:', ...layers] : ['layers: no layer added, removed or changed']),
  ].join('\n') + '\n';
}

/** Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY. */
export function renderDiffMarkdown(baseline: Report, current: Report, diff: DiffResult): string {
  const icon = diff.passed ? '✅' : '❌';
  const metricRows = diff.metrics.map((m) => [m.regressed ? '❌' : '✅', `\`${m.metric}\``, ...metricCells(m.metric, m.change)]);
  const sections = [
    `### ${icon} archcost diff: ${headline(diff)}`,
    '',
    `\`${baseline.model.file ?? baseline.model.name}\` → \`${current.model.file ?? current.model.name}\`, allowed increase ${diff.maxIncrease}`,
    '',
    markdownTable(['', 'Metric', 'Baseline', 'Current', 'Change'], metricRows, new Set([2, 3, 4])),
  ];
  const { added, removed, changed } = diff.layers;
  if (added.length + removed.length + changed.length) {
    const rows = [
      ...added.map((l) => ['added', `\`${l.name}\``, summaryText(l)]),
      ...removed.map((l) => ['removed', `\`${l.name}\``, summaryText(l)]),
      ...changed.map((l) => ['changed', `\`${l.name}\``, changeText(l)]),
    ];
    sections.push('', '<details><summary>Layer changes</summary>', '', markdownTable(['', 'Layer', 'What'], rows, new Set()), '', '</details>');
  }
  return sections.join('\n') + '\n';
}

const MAX_LAYER_NOTICES = 10;

interface Grown {
  layer: string;
  location?: Position;
  text: string;
  macs: bigint;
}

/** Added layers and layers whose counts grew, biggest MAC growth first. */
function grownLayers(diff: DiffResult): Grown[] {
  return [
    ...diff.layers.added.map((l) => ({ layer: l.name, location: l.location, text: `added: ${summaryText(l)}`, macs: l.macs })),
    ...diff.layers.changed
      .filter((l) => Object.values(l.counts).some((c) => c.delta > 0n))
      .map((l) => ({ layer: l.name, location: l.location, text: changeText(l), macs: l.counts.macs?.delta ?? 0n })),
  ].sort((a, b) => (b.macs > a.macs ? 1 : b.macs < a.macs ? -1 : 0));
}

/**
 * Workflow commands: an error per regressed metric at the spec line of the layer that grew most,
 * and a notice on each spec line whose layers grew (a block's layers share the lines of its definition).
 */
export function renderDiffGithub(baseline: Report, current: Report, diff: DiffResult): string {
  const file = current.model.file;
  const grown = grownLayers(diff);
  const annotations: Annotation[] = diff.metrics
    .filter((m) => m.regressed)
    .map((m) => ({
      level: 'error',
      file,
      at: grown[0]?.location,
      title: `archcost diff: ${m.metric}`,
      message: `${m.metric} grew from ${metricText(m.metric, m.change.baseline)} to ${metricText(m.metric, m.change.current)}: ${signedText(m.change.delta, m.change.percent)}, more than the allowed ${diff.maxIncrease} (baseline ${baseline.model.file ?? baseline.model.name})`,
    }));
  const byLine = new Map<string, Grown[]>();
  for (const g of grown) {
    if (!g.location) continue;
    const key = `${g.location.line}:${g.location.column}`;
    byLine.set(key, [...(byLine.get(key) ?? []), g]);
  }
  for (const group of [...byLine.values()].slice(0, MAX_LAYER_NOTICES)) {
    const [first, ...rest] = group;
    const more = rest.length ? ` (and ${rest.length} more layer${rest.length > 1 ? 's' : ''} from this line: ${rest.map((g) => g.layer).join(', ')})` : '';
    annotations.push({ level: 'notice', file, at: first.location, title: `archcost: ${first.layer}`, message: `${first.text}${more}` });
  }
  if (diff.passed) annotations.push({ level: 'notice', file, title: 'archcost diff', message: headline(diff) });
  return annotations.map(workflowCommand).join('\n') + '\n';
}
