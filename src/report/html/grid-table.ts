import { escapeHtml } from './svg.js';

/**
 * A table of text cells, the first column left and the rest right-aligned; with `values` (the
 * number behind each cell) its headers sort the rows as the layer table's do.
 */
export function gridTable(head: string[], rows: string[][], values?: (string | number | bigint)[][]): string {
  const numeric = (i: number) => i > 0 && (values === undefined || typeof values[0]?.[i] !== 'string');
  const th = head.map((h, i) => `<th${values ? ` data-sort="${numeric(i) ? 'number' : 'text'}"` : ''}${numeric(i) ? ' class="num"' : ''} scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((cells, r) => {
      const td = cells.map((c, i) => `<td${numeric(i) ? ' class="num"' : ''}${values ? ` data-v="${escapeHtml(String(values[r][i]))}"` : ''}>${escapeHtml(c)}</td>`);
      return `<tr data-order="${r}">${td.join('')}</tr>`;
    })
    .join('\n');
  const table = `<div class="table-scroll"><table${values ? ' class="sortable"' : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
  return values ? `<div class="table-block">${table}</div>` : table;
}
