import chalk from 'chalk';
import Table from 'cli-table3';
import type { Report } from '../engine/analyze.js';
import { headers, rowCells, summaryLines, totalCells } from './columns.js';
import { extraColumns, memorySummaryLines, type ExtraColumn, type MemoryOptions } from './memory-columns.js';
import { reportRows, type Row } from './rows.js';

/** `messages` (from MemoryOptions) sets the language of headers and summary lines (default English). */
export interface TextOptions extends MemoryOptions {
  depth?: number;
}

type Align = 'left' | 'right';

/** cli-table3 lays a table out in time quadratic in its rows (4.8 s for 5,000); longer tables are drawn in slices. */
const SLICE_ROWS = 50;
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * A bordered table without row separators. Slices share fixed column widths, so joined
 * (each slice's inner border lines dropped) they read as one table.
 */
export function drawTable(head: string[], rows: string[][], aligns: Align[]): string {
  const style = chalk.level > 0 ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] };
  const chars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
  const visible = (text: string) => text.replace(ANSI, '').length;
  const colWidths = head.map((h, i) => rows.reduce((w, row) => Math.max(w, visible(row[i] ?? '')), visible(h)) + 2);
  const slices: string[][][] = [];
  for (let start = 0; start === 0 || start < rows.length; start += SLICE_ROWS) slices.push(rows.slice(start, start + SLICE_ROWS));
  return slices
    .map((slice, k) => {
      const table = new Table({ head: k === 0 ? head : [], colWidths, colAligns: aligns, chars, style });
      table.push(...slice);
      const lines = table.toString().split('\n');
      return lines.slice(k === 0 ? 0 : 1, k === slices.length - 1 ? lines.length : -1).join('\n');
    })
    .join('\n');
}

/** The terminal table; colour follows chalk's level (the CLI sets it from the terminal and NO_COLOR). */
export function renderTable(report: Report, options: TextOptions = {}): string {
  const extra = extraColumns(report, options);
  const head = [...headers(options.messages), ...extra.map((c) => c.header)].map((h) => chalk.bold(h));
  const aligns: Align[] = [
    ...(['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'] as const),
    ...extra.map((c): Align => (c.right ? 'right' : 'left')),
  ];
  const m = options.messages;
  // Memory-bound layers stand out in yellow (the word says it without colour).
  const cell = (c: ExtraColumn, row: Row) => (c.flag?.(row) ? chalk.yellow(c.cell(row)) : c.cell(row));
  const rows = reportRows(report, options.depth).map((row) => [...rowCells(row, report, m), ...extra.map((c) => cell(c, row))]);
  // The Total row stands out in bold.
  rows.push([...totalCells(report, m), ...extra.map((c) => c.total)].map((c) => chalk.bold(c)));
  const [title, ...rest] = [...summaryLines(report, m), ...memorySummaryLines(report, options)];
  return [chalk.bold(title), drawTable(head, rows, aligns), ...rest].join('\n') + '\n';
}
