import type { Report } from '../engine/analyze.js';
import { headers, rowCells, summaryLines, totalCells } from './columns.js';
import { reportRows } from './rows.js';
import type { TextOptions } from './table.js';

const RIGHT = new Set([3, 4, 5, 6, 7]);

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function markdownTable(headers: string[], rows: string[][], right: Set<number>): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${headers.map((_, i) => (right.has(i) ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export function renderMarkdown(report: Report, options: TextOptions = {}): string {
  const rows = reportRows(report, options.depth).map((r) => rowCells(r, report, options.messages));
  const total = totalCells(report, options.messages).map((c) => (c ? `**${c}**` : c));
  const [title, ...rest] = summaryLines(report, options.messages);
  return [`### ${title}`, '', markdownTable(headers(options.messages), [...rows, total], RIGHT), '', '```', ...rest, '```', ''].join('\n');
}
