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

/** The terminal table; colour follows chalk's level (the CLI sets it from the terminal and NO_COLOR). */
export function renderTable(report: Report, options: TextOptions = {}): string {
  const colour = chalk.level > 0;
  const extra = extraColumns(report, options);
  const table = new Table({
    head: [...headers(options.messages), ...extra.map((c) => c.header)].map((h) => chalk.bold(h)),
    colAligns: [
      ...(['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'] as const),
      ...extra.map((c) => (c.right ? 'right' : 'left') as 'right' | 'left'),
    ],
    // Rows without separators; the Total row stands out in bold.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: colour ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  const m = options.messages;
  // Memory-bound layers stand out in yellow (the word says it without colour).
  const cell = (c: ExtraColumn, row: Row) => (c.flag?.(row) ? chalk.yellow(c.cell(row)) : c.cell(row));
  for (const row of reportRows(report, options.depth)) table.push([...rowCells(row, report, m), ...extra.map((c) => cell(c, row))]);
  table.push([...totalCells(report, m), ...extra.map((c) => c.total)].map((c) => chalk.bold(c)));
  const [title, ...rest] = [...summaryLines(report, m), ...memorySummaryLines(report, options)];
  return [chalk.bold(title), table.toString(), ...rest].join('\n') + '\n';
}
