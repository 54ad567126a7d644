import chalk from 'chalk';
import Table from 'cli-table3';

export type Align = 'left' | 'right';

/** cli-table3 lays a table out in time quadratic in its rows (4.8 s for 5,000); longer tables are drawn in slices. */
const SLICE_ROWS = 50;
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * The one table style of every terminal report: bordered, no row separators, grey borders and
 * cyan headers in colour. Slices share fixed column widths, so joined
 * (each slice's inner border lines dropped) they read as one table.
 */
export function drawTable(head: string[], rows: string[][], aligns: Align[]): string {
  const style = chalk.level > 0 ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] };
  const chars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
  // A cell's width is its longest line without colour codes (headers may span two lines).
  const visible = (text: string) => Math.max(...text.replace(ANSI, '').split('\n').map((line) => line.length));
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
