import chalk from 'chalk';
import type { Report } from '../counting/analyze.js';
import { headers, rowCells, summaryLines, totalCells } from './columns.js';
import { extraColumns, memorySummaryLines, type ExtraColumn, type MemoryOptions } from './memory-columns.js';
import { drawTable, type Align } from './draw-table.js';
import { reportRows, type Row } from './rows.js';

/** `messages` (from MemoryOptions) sets the language of headers and summary lines (default English). */
export interface TextOptions extends MemoryOptions {
  depth?: number;
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
