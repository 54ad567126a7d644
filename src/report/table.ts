import chalk from 'chalk';
import Table from 'cli-table3';
import type { Report } from '../engine/analyze.js';
import type { Messages } from '../i18n/messages.js';
import { headers, rowCells, summaryLines, totalCells } from './columns.js';
import { reportRows } from './rows.js';

export interface TextOptions {
  depth?: number;
  /** Language of headers and summary lines (default English). */
  messages?: Messages;
}

/** The terminal table; colour follows chalk's level (the CLI sets it from the terminal and NO_COLOR). */
export function renderTable(report: Report, options: TextOptions = {}): string {
  const colour = chalk.level > 0;
  const table = new Table({
    head: headers(options.messages).map((h) => chalk.bold(h)),
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
    // Rows without separators; the Total row stands out in bold.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: colour ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  for (const row of reportRows(report, options.depth)) table.push(rowCells(row, report, options.messages));
  table.push(totalCells(report, options.messages).map((c) => chalk.bold(c)));
  const [title, ...rest] = summaryLines(report, options.messages);
  return [chalk.bold(title), table.toString(), ...rest].join('\n') + '\n';
}
