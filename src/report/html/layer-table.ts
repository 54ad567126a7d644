import type { Report } from '../../counting/analyze.js';
import type { Messages } from '../../i18n/messages.js';
import { headers, rowCells, totalCells } from '../columns.js';
import { extraColumns, type MemoryOptions } from '../memory-columns.js';
import { reportRows, type Row } from '../rows.js';
import { escapeHtml } from './svg.js';

/** How the nine shared columns sort: by text, or by the number behind the cell. */
const SORT_VALUES: ((row: Row) => string | number | bigint)[] = [
  (r) => r.name,
  (r) => r.op,
  (r) => r.outputShape.reduce((a, b) => a * b, 1),
  (r) => r.params,
  (r) => r.macs,
  (r) => r.flops,
  (r) => r.activationBytes,
  (r) => r.macs,
  (r) => r.receptiveField?.[0] ?? -1,
];

/** Names break after their dots, so a long path wraps in its cell instead of overflowing it. */
const breakable = (name: string) => escapeHtml(name).replace(/\./g, '.<wbr>');

/**
 * The table of a report with every depth in it: each row (layer or block) says at which levels it
 * shows, so the page can switch depth without recounting; `level` is shown first (undefined: all layers).
 * The header cells sort the rows (behaviour.ts).
 */
export function layerTable(report: Report, m: Messages, options: MemoryOptions, level?: number): string {
  const extra = extraColumns(report, { ...options, messages: m });
  const deepest = Math.max(...report.layers.map((l) => l.name.split('.').length));
  const levels: (number | undefined)[] = [...Array.from({ length: deepest - 1 }, (_, i) => i + 1), undefined];
  const levelName = (l: number | undefined) => (l === undefined ? 'all' : String(l));
  // A row's place is its first layer's step: a block's layers run together, so rows of a level
  // start where the ones before them end.
  const rows = new Map<string, { row: Row; levels: string[]; step: number }>();
  for (const l of levels) {
    let step = 0;
    for (const row of reportRows(report, l)) {
      const known = rows.get(row.name);
      if (known) known.levels.push(levelName(l));
      else rows.set(row.name, { row, levels: [levelName(l)], step });
      step += row.layers;
    }
  }
  const ordered = [...rows.values()].sort((a, b) => a.step - b.step || b.row.layers - a.row.layers);
  const shown = levelName(level !== undefined && level < deepest ? level : undefined);
  const head = [...headers(m), ...extra.map((c) => c.header)];
  const numeric = (i: number) => (i < SORT_VALUES.length ? i >= 2 : extra[i - SORT_VALUES.length].value !== undefined);
  const th = head.map((h, i) => `<th data-sort="${numeric(i) ? 'number' : 'text'}"${numeric(i) ? ' class="num"' : ''} scope="col">${escapeHtml(h)}</th>`).join('');
  let order = 0;
  const body = ordered
    .map(({ row, levels: at }) => {
      const values = [...SORT_VALUES.map((v) => v(row)), ...extra.map((c) => c.value?.(row) ?? (c.cell(row) as string | number))];
      const cells = [...rowCells(row, report, m), ...extra.map((c) => c.cell(row))];
      const flagged = extra.map((c) => c.flag?.(row) ?? false);
      const td = cells.map((text, i) => {
        const cls = [i === 0 ? 'name' : '', numeric(i) ? 'num' : '', i >= SORT_VALUES.length && flagged[i - SORT_VALUES.length] ? 'memory' : ''].filter(Boolean).join(' ');
        const content = i === 0 ? breakable(text) : escapeHtml(text);
        return `<td${cls ? ` class="${cls}"` : ''} data-v="${escapeHtml(String(values[i]))}">${content}</td>`;
      });
      const indent = row.name.split('.').length - 1;
      return `<tr data-order="${order++}" data-levels="${at.join(' ')}" style="--indent:${indent}"${at.includes(shown) ? '' : ' hidden'}${row.layers > 1 ? ' class="block"' : ''}>${td.join('')}</tr>`;
    })
    .join('\n');
  const total = [...totalCells(report, m), ...extra.map((c) => c.total)].map((c, i) => `<td${numeric(i) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('');
  const control =
    levels.length > 1
      ? `<div class="depth-control" role="group" aria-label="${escapeHtml(m.html.depth)}"><span>${escapeHtml(m.html.depth)}</span>` +
        levels.map((l) => `<button type="button" data-level="${levelName(l)}" aria-pressed="${levelName(l) === shown}">${l === undefined ? escapeHtml(m.html.allLayers) : l}</button>`).join('') +
        '</div>'
      : '';
  return (
    `<div class="table-block">${control}<p class="muted hint">${escapeHtml(m.html.sortHint)}</p>` +
    `<div class="table-scroll"><table class="layers sortable"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody><tfoot><tr class="total">${total}</tr></tfoot></table></div></div>`
  );
}
