import chalk from 'chalk';
import Table from 'cli-table3';
import type { Report } from '../engine/analyze.js';
import { HEADERS, rowCells, summaryLines, totalCells } from './columns.js';
import { reportRows } from './rows.js';

export interface TextOptions {
  depth?: number;
}

/** The terminal table; colour follows chalk's level (the CLI sets it from the terminal and NO_COLOR). */
export function renderTable(report: Report, options: TextOptions = {}): string {
  const colour = chalk.level > 0;
  const table = new Table({
    head: HEADERS.map((h) => chalk.bold(h)),
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'],
    // Rows without separators; the Total row stands out in bold.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: colour ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  for (const row of reportRows(report, options.depth)) table.push(rowCells(row, report));
  table.push(totalCells(report).map((c) => chalk.bold(c)));
  const [title, ...rest] = summaryLines(report);
  return [chalk.bold(title), table.toString(), ...rest].join('\n') + '\n';
}
