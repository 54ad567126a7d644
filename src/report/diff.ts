import chalk from 'chalk';
import type { Report } from '../counting/analyze.js';
import type { Metric } from '../gates/budgets.js';
import type { Change, DiffResult, LayerChange, LayerSummary } from '../gates/diff.js';
import type { Position } from '../language/source.js';
import { messages, type Messages } from '../i18n/messages.js';
import { marks, metricText, signedText } from './check.js';
import { workflowCommand, type Annotation } from './github.js';
import { markdownTable, markdownText } from './markdown.js';
import { shapeText } from '../core/numbers.js';
import { memoized } from '../core/once.js';

const ENGLISH = messages('en');

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

function headline(diff: DiffResult, m: Messages): string {
  const regressed = diff.metrics.filter((x) => x.regressed).map((x) => x.metric);
  const { added, removed, changed } = diff.layers;
  const layers = m.gates.layerCounts(added.length, removed.length, changed.length);
  return regressed.length ? m.gates.grew(regressed, diff.maxIncrease, layers) : m.gates.noGrowth(diff.maxIncrease, layers);
}

const metricCells = (metric: Metric, c: Change, m: Messages) => [
  metricText(metric, c.baseline, m.n),
  metricText(metric, c.current, m.n),
  signedText(c.delta, c.percent, m.n),
];

/** A count's change as a layer's line says it: `macs 9,437,184 -> 37,748,736 (+28,311,552 (+300.00%))`. */
type CountText = (key: string, c: Change) => string;

/**
 * CountText with each text made once a count: the copies of a repeated block change by the same few
 * numbers, each such Change one object (gates/diff.ts), and a diff may list every one of 10,000 layers.
 */
function countTexts(m: Messages): CountText {
  return memoized((key, c) => `${key} ${m.n.int(c.baseline)} -> ${m.n.int(c.current)} (${signedText(c.delta, c.percent, m.n)})`);
}

function changeText(l: LayerChange, m: Messages, countText: CountText): string {
  const parts: string[] = [];
  if (l.opChange) parts.push(m.gates.opChange(l.opChange.baseline, l.opChange.current));
  if (l.outputShape) parts.push(m.gates.outputChange(shapeText(l.outputShape.baseline), shapeText(l.outputShape.current)));
  for (const key in l.counts) parts.push(countText(key, l.counts[key as keyof LayerChange['counts']]!));
  return parts.join(', ');
}

const summaryText = (l: LayerSummary, m: Messages) => m.gates.layerSummary(l.op, shapeText(l.outputShape), m.n.int(l.params), m.n.int(l.macs));

/** Terminal text: the gated metrics, then the layer changes. */
export function renderDiffText(baseline: Report, current: Report, diff: DiffResult, m: Messages = ENGLISH): string {
  const title = diff.passed ? chalk.green(headline(diff, m)) : chalk.red.bold(headline(diff, m));
  const width = Math.max(...diff.metrics.map((x) => x.metric.length));
  const mark = marks(m);
  const metrics = diff.metrics.map((x) => {
    const [before, after, delta] = metricCells(x.metric, x.change, m);
    const sign = x.regressed ? chalk.red.bold(mark.fail) : chalk.green(mark.ok);
    return `  ${sign} ${x.metric.padEnd(width)}  ${before} -> ${after}: ${delta}`;
  });
  const { added, removed, changed } = diff.layers;
  // Each mark coloured once: a diff may list every one of 10,000 layers.
  const [plus, minus, tilde] = [chalk.green('+'), chalk.red('-'), chalk.yellow('~')];
  const countText = countTexts(m);
  const layers = [
    ...added.map((l) => `  ${plus} ${l.name}: ${summaryText(l, m)}`),
    ...removed.map((l) => `  ${minus} ${l.name}: ${summaryText(l, m)}`),
    ...changed.map((l) => `  ${tilde} ${l.name}: ${changeText(l, m, countText)}`),
  ];
  return [
    `${named(baseline)} -> ${named(current)}`,
    title,
    ...metrics,
    ...(layers.length ? [m.gates.layers, ...layers] : [m.gates.noLayerChanges]),
  ].join('\n') + '\n';
}

/**
 * GitHub refuses a comment body over 65,536 characters; the Markdown stays under it with room for
 * a line the workflow adds (the marker that finds the comment again, docs/ci.md).
 */
export const MARKDOWN_LIMIT = 65_536 - 1_024;

const abs = (n: bigint) => (n < 0n ? -n : n);
/** How much a layer change matters: its MACs (added, removed, or the change), then its params. */
const weight = (macs: bigint, params: bigint) => [abs(macs), abs(params)] as const;
const byWeight = (a: readonly [bigint, bigint], b: readonly [bigint, bigint]) => (a[0] !== b[0] ? (b[0] > a[0] ? 1 : -1) : b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0);

/** Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY: the largest layer changes first, as many as fit the limit. */
export function renderDiffMarkdown(baseline: Report, current: Report, diff: DiffResult, m: Messages = ENGLISH, limit = MARKDOWN_LIMIT): string {
  const icon = diff.passed ? '✅' : '❌';
  const metricRows = diff.metrics.map((x) => [x.regressed ? '❌' : '✅', `\`${x.metric}\``, ...metricCells(x.metric, x.change, m)]);
  const sections = [
    `### ${icon} archcost diff: ${markdownText(headline(diff, m))}`,
    '',
    `\`${baseline.model.file ?? baseline.model.name}\` → \`${current.model.file ?? current.model.name}\`, ${m.gates.allowedIncrease(diff.maxIncrease)}`,
    '',
    markdownTable(m.gates.diffHeaders, metricRows, new Set([2, 3, 4])),
  ];
  const { added, removed, changed } = diff.layers;
  if (added.length + removed.length + changed.length) {
    const c = m.gates.change;
    const countText = countTexts(m);
    const rows = [
      ...added.map((l) => ({ weight: weight(l.macs, l.params), cells: [c.added, `\`${l.name}\``, summaryText(l, m)] })),
      ...removed.map((l) => ({ weight: weight(l.macs, l.params), cells: [c.removed, `\`${l.name}\``, summaryText(l, m)] })),
      ...changed.map((l) => ({ weight: weight(l.counts.macs?.delta ?? 0n, l.counts.params?.delta ?? 0n), cells: [c.changed, `\`${l.name}\``, changeText(l, m, countText)] })),
    ].sort((a, b) => byWeight(a.weight, b.weight));
    const head = [...sections, '', `<details><summary>${m.gates.layerChanges}</summary>`, ''].join('\n');
    const table = markdownTable(m.gates.layerHeaders, [], new Set());
    // Room for the closing lines and the longest "N more" sentence.
    let room = limit - head.length - table.length - m.gates.moreChanges(rows.length).length - 32;
    const shown: string[][] = [];
    for (const row of rows) {
      const cost = markdownTable(['', '', ''], [row.cells], new Set()).length - markdownTable(['', '', ''], [], new Set()).length;
      if (cost > room) break;
      room -= cost;
      shown.push(row.cells);
    }
    const more = rows.length - shown.length;
    sections.push('', `<details><summary>${m.gates.layerChanges}</summary>`, '', markdownTable(m.gates.layerHeaders, shown, new Set()));
    if (more) sections.push('', m.gates.moreChanges(more));
    sections.push('', '</details>');
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
function grownLayers(diff: DiffResult, m: Messages): Grown[] {
  const countText = countTexts(m);
  return [
    ...diff.layers.added.map((l) => ({ layer: l.name, location: l.location, text: m.gates.addedLayer(summaryText(l, m)), macs: l.macs })),
    ...diff.layers.changed
      .filter((l) => Object.values(l.counts).some((c) => c.delta > 0n))
      .map((l) => ({ layer: l.name, location: l.location, text: changeText(l, m, countText), macs: l.counts.macs?.delta ?? 0n })),
  ].sort((a, b) => (b.macs > a.macs ? 1 : b.macs < a.macs ? -1 : 0));
}

/**
 * Workflow commands: an error per regressed metric at the spec line of the layer that grew most,
 * and a notice on each spec line whose layers grew (a block's layers share the lines of its definition).
 */
export function renderDiffGithub(baseline: Report, current: Report, diff: DiffResult, m: Messages = ENGLISH, file = current.model.file): string {
  const grown = grownLayers(diff, m);
  const annotations: Annotation[] = diff.metrics
    .filter((x) => x.regressed)
    .map((x) => ({
      level: 'error',
      file,
      at: grown[0]?.location,
      title: `archcost diff: ${x.metric}`,
      message: m.gates.grewFrom(
        x.metric,
        metricText(x.metric, x.change.baseline, m.n),
        metricText(x.metric, x.change.current, m.n),
        signedText(x.change.delta, x.change.percent, m.n),
        diff.maxIncrease,
        baseline.model.file ?? baseline.model.name,
      ),
    }));
  const byLine = new Map<string, Grown[]>();
  for (const g of grown) {
    if (!g.location) continue;
    const key = `${g.location.line}:${g.location.column}`;
    byLine.set(key, [...(byLine.get(key) ?? []), g]);
  }
  for (const group of [...byLine.values()].slice(0, MAX_LAYER_NOTICES)) {
    const [first, ...rest] = group;
    const more = rest.length ? m.gates.moreFromLine(rest.length, rest.map((g) => g.layer).join(', ')) : '';
    annotations.push({ level: 'notice', file, at: first.location, title: `archcost: ${first.layer}`, message: `${first.text}${more}` });
  }
  if (diff.passed) annotations.push({ level: 'notice', file, title: 'archcost diff', message: headline(diff, m) });
  return annotations.map(workflowCommand).join('\n') + '\n';
}
