import type { Report } from '../../counting/analyze.js';
import type { Messages } from '../../i18n/messages.js';
import { reportRows, type Row } from '../rows.js';
import { COLOURS, clip, escapeHtml, linearScale, px, title } from './svg.js';

/** More bars than this are not readable: the largest by MACs are kept, in execution order. */
export const MAX_BARS = 80;
const ROW = 20;

/** Rows for the chart: the depth asked for, or the deepest whose rows fit (depth 1 at least). */
export function chartDepth(report: Report, depth?: number): { depth?: number; auto: boolean } {
  if (depth !== undefined) return { depth, auto: false };
  const deepest = Math.max(...report.layers.map((l) => l.name.split('.').length));
  if (report.layers.length <= MAX_BARS / 2 || deepest === 1) return { depth: undefined, auto: true };
  let chosen = 1;
  for (let d = 2; d < deepest; d++) if (reportRows(report, d).length <= MAX_BARS / 2) chosen = d;
  return { depth: chosen, auto: true };
}

function kept(rows: Row[]): Row[] {
  if (rows.length <= MAX_BARS) return rows;
  const largest = new Set([...rows].sort((a, b) => (b.macs > a.macs ? 1 : b.macs < a.macs ? -1 : 0)).slice(0, MAX_BARS));
  return rows.filter((r) => largest.has(r));
}

/** Horizontal bars of MACs and of params per row (layer or block), side by side, with shares in the tooltips. */
export function costChart(report: Report, m: Messages, depthAsked?: number): string {
  const { depth, auto } = chartDepth(report, depthAsked);
  const all = reportRows(report, depth);
  const rows = kept(all);
  const label = 230;
  const panel = 345;
  const gap = 30;
  const top = 28;
  const width = label + 2 * panel + gap + 10;
  const height = top + rows.length * ROW + 8;
  const maxOf = (pick: (r: Row) => bigint) => Number(rows.reduce((a, r) => (pick(r) > a ? pick(r) : a), 0n));
  const panels = [
    { key: 'macs' as const, x: label, colour: COLOURS.macs, head: m.html.cards.macs, total: report.totals.macs, max: maxOf((r) => r.macs) },
    { key: 'params' as const, x: label + panel + gap, colour: COLOURS.params, head: m.html.cards.params, total: report.totals.params, max: maxOf((r) => r.params) },
  ];
  const parts: string[] = [];
  for (const p of panels) {
    const scale = linearScale(p.max, p.x, p.x + panel - 70, 4);
    parts.push(`<text class="chart-head" x="${p.x}" y="14">${escapeHtml(p.head)}</text>`);
    for (const t of scale.ticks) {
      parts.push(`<line class="grid" x1="${px(scale(t))}" x2="${px(scale(t))}" y1="${top - 6}" y2="${height - 6}"/>`);
    }
    rows.forEach((r, i) => {
      const value = r[p.key];
      const y = top + i * ROW;
      const w = scale(Number(value)) - p.x;
      const tip = `${r.name}: ${m.n.int(value)} ${p.head} (${m.n.percent(value, p.total)})`;
      parts.push(
        `<rect class="bar bar-${p.key}" x="${p.x}" y="${y + 3}" width="${px(Math.max(w, 0))}" height="${ROW - 6}" fill="${p.colour}" rx="2">${title(tip)}</rect>`,
        `<text class="value" x="${px(p.x + Math.max(w, 0) + 4)}" y="${y + ROW / 2 + 4}">${escapeHtml(value === 0n ? '0' : m.n.si(value))}</text>`,
      );
    });
  }
  rows.forEach((r, i) => {
    const y = top + i * ROW + ROW / 2 + 4;
    const name = r.layers > 1 ? `${r.name}  ·  ${r.op}` : r.name;
    parts.push(`<text class="label" x="${label - 10}" y="${y}" text-anchor="end">${title(name)}${escapeHtml(clip(name, 36))}</text>`);
  });
  const note = m.html.costNote(depth, auto, rows.length, all.length);
  return (
    `<figure class="chart" data-chart="cost"><svg viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-label="${escapeHtml(m.html.costTitle)}">${parts.join('')}</svg>` +
    `<figcaption>${escapeHtml(note)}</figcaption></figure>`
  );
}
