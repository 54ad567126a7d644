import type { Report } from '../../counting/analyze.js';
import { shapeText } from '../../core/numbers.js';
import type { Messages } from '../../i18n/messages.js';
import { summaryLines } from '../columns.js';
import { memorySummaryLines, type MemoryOptions } from '../memory-columns.js';
import { chartDepth, costChart } from './cost-chart.js';
import { graphChart } from './graph-chart.js';
import { layerTable } from './layer-table.js';
import { memoryChart } from './memory-chart.js';
import { rooflineChart } from './roofline-chart.js';
import { escapeHtml } from './svg.js';

export interface SectionOptions extends MemoryOptions {
  depth?: number;
  messages: Messages;
}

function cards(report: Report, m: Messages): string {
  const t = report.totals;
  const n = m.n;
  const c = m.html.cards;
  const card = (key: string, value: string, exact: string) =>
    `<div class="card" data-card="${key}"><div class="k">${escapeHtml(key)}</div><div class="v">${escapeHtml(value)}</div><div class="x">${escapeHtml(exact)}</div></div>`;
  const list = [
    card(c.params, n.si(t.params), n.int(t.params)),
    card(c.macs, n.si(t.macs), n.int(t.macs)),
    card(c.flops, n.si(t.flops), n.int(t.flops)),
    card(c.weights, n.bytes(t.weightBytes).trim(), `${n.int(t.weightBytes)} B`),
    card(c.peak, n.bytes(t.peakActivationBytes).trim(), report.peak.layer),
    card(c.inference, n.bytes(t.inferenceBytes).trim(), `${n.int(t.inferenceBytes)} B`),
  ];
  if (t.time && report.device) list.push(card(c.time, n.duration(t.time.seconds), `${report.device.name}, ${report.dtype}`));
  return `<div class="cards">${list.join('')}</div>`;
}

/**
 * One report as HTML: headline cards, the cost bars, the memory timeline, the roofline (with a
 * device), the architecture graph and the sortable table, then the counting rules. Shared by the
 * static page and the playground.
 */
export function reportSection(report: Report, options: SectionOptions): string {
  const m = options.messages;
  const [title, ...rules] = [...summaryLines(report, m), ...memorySummaryLines(report, { ...options, memory: true })];
  const inputs = report.inputs.map((i) => shapeText(i.shape)).join(', ');
  const panel = (heading: string, body: string, key: string) => `<div class="panel" data-panel="${key}"><h2>${escapeHtml(heading)}</h2>${body}</div>`;
  const level = options.depth ?? chartDepth(report).depth;
  const parts = [
    `<h1>${escapeHtml(report.model.name)}</h1>`,
    `<p class="lede">${escapeHtml(report.model.description ?? title)}</p>`,
    cards(report, m),
    panel(m.html.costTitle, costChart(report, m, options.depth), 'cost'),
    panel(m.html.memoryTitle, memoryChart(report, m), 'memory'),
    report.device ? panel(m.html.rooflineTitle(report.device.name, report.dtype), rooflineChart(report, m), 'roofline') : '',
    panel(m.html.graphTitle, graphChart(report, m, options.depth), 'graph'),
    panel(m.html.tableTitle, layerTable(report, m, options, level), 'table'),
    `<div class="panel"><details><summary>${escapeHtml(m.html.rules)}</summary><pre class="rules">${escapeHtml([title, ...rules].join('\n'))}</pre></details></div>`,
  ];
  return `<section class="report" data-model="${escapeHtml(report.model.name)}" data-inputs="${escapeHtml(inputs)}">\n${parts.filter(Boolean).join('\n')}\n</section>`;
}
