import chalk from 'chalk';
import Table from 'cli-table3';
import type { Report } from '../engine/analyze.js';
import { HEADERS, rowCells, summaryLines, totalCells } from './columns.js';
import { extraColumns, memorySummaryLines, type MemoryOptions } from './memory-columns.js';
import { reportRows } from './rows.js';

export interface TextOptions extends MemoryOptions {
  depth?: number;
}

/** The terminal table; colour follows chalk's level (the CLI sets it from the terminal and NO_COLOR). */
export function renderTable(report: Report, options: TextOptions = {}): string {
  const colour = chalk.level > 0;
  const extra = extraColumns(report, options);
  const table = new Table({
    head: [...HEADERS, ...extra.map((c) => c.header)].map((h) => chalk.bold(h)),
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', ...extra.map((c) => (c.right ? 'right' : 'left') as 'right' | 'left')],
    // Rows without separators; the Total row stands out in bold.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: colour ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  // Memory-bound layers stand out in yellow (the word says it without colour).
  const mark = (c: string) => (c === 'memory' ? chalk.yellow(c) : c);
  for (const row of reportRows(report, options.depth)) table.push([...rowCells(row, report), ...extra.map((c) => mark(c.cell(row)))]);
  table.push([...totalCells(report), ...extra.map((c) => c.total)].map((c) => chalk.bold(c)));
  const [title, ...rest] = [...summaryLines(report), ...memorySummaryLines(report, options)];
  return [chalk.bold(title), table.toString(), ...rest].join('\n') + '\n';
}
