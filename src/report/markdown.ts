import type { Report } from '../counting/analyze.js';
import { headers, rowCells, summaryLines, totalCells } from './columns.js';
import { extraColumns, memorySummaryLines } from './memory-columns.js';
import { reportRows } from './rows.js';
import type { TextOptions } from './table.js';

const RIGHT = new Set([3, 4, 5, 6, 7]);

/**
 * Text from a spec (a model name) in Markdown: what would start an HTML tag, comment or entity is
 * escaped, so `<img src=x onerror=...>` shows as text. `<=` and `> ` stay as they are.
 */
export function markdownText(text: string): string {
  return text.replace(/&(?=#?\w+;)/g, '&amp;').replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}

function cell(text: string): string {
  return markdownText(text).replace(/\|/g, '\\|');
}

export function markdownTable(headers: string[], rows: string[][], right: Set<number>): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${headers.map((_, i) => (right.has(i) ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export function renderMarkdown(report: Report, options: TextOptions = {}): string {
  const m = options.messages;
  const extra = extraColumns(report, options);
  const rows = reportRows(report, options.depth).map((r) => [...rowCells(r, report, m), ...extra.map((c) => c.cell(r))]);
  const total = [...totalCells(report, m), ...extra.map((c) => c.total)].map((c) => (c ? `**${c}**` : c));
  const [title, ...rest] = [...summaryLines(report, m), ...memorySummaryLines(report, options)];
  const base = headers(m);
  const right = new Set([...RIGHT, ...extra.flatMap((c, i) => (c.right ? [base.length + i] : []))]);
  return [`### ${markdownText(title)}`, '', markdownTable([...base, ...extra.map((c) => c.header)], [...rows, total], right), '', '```', ...rest, '```', ''].join('\n');
}
