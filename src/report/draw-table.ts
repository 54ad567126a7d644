import chalk from 'chalk';
import Table from 'cli-table3';

export type Align = 'left' | 'right';

/** cli-table3 lays a table out in time quadratic in its rows (4.8 s for 5,000); longer tables are drawn in slices. */
const SLICE_ROWS = 50;
const ANSI = /\x1b\[[0-9;]*m/g;
/** Text whose width is its length: printable ASCII, once colour codes are taken out. */
const PLAIN = /^[\x20-\x7e]*$/;

/** A cell's text without its colour codes: the cell itself when it has none, as most have (a 10k-layer table has 100k cells). */
const uncoloured = (text: string) => (text.includes('\x1b') ? text.replace(ANSI, '') : text);

type Style = NonNullable<ConstructorParameters<typeof Table>[0]>;

/**
 * The one table style of every terminal report: bordered, no row separators, grey borders and
 * cyan headers in colour. cli-table3 draws the frame, the header and one row; the other rows of
 * plain text are that row again with their own cells padded in (cli-table3 re-measures every cell
 * several times, 90% of a 10,000-row table's time). A table with other text is drawn by cli-table3
 * alone, in slices.
 */
export function drawTable(head: string[], rows: string[][], aligns: Align[]): string {
  const options = tableOptions(head, rows, aligns);
  const widths = options.colWidths as number[];
  const plain = rows.length > 0 && widths.every((w) => w > 2) && rows.every((row) => row.length === head.length && row.every((cell) => PLAIN.test(uncoloured(cell))));
  if (!plain) return drawInSlices(head, rows, aligns, options);
  const frame = new Table({ ...options, head });
  frame.push(widths.map((w) => 'x'.repeat(w - 2)));
  const lines = frame.toString().split('\n');
  const between = rowTemplate(lines[lines.length - 2], widths);
  const body = rows.map((row) => {
    let line = between[0];
    row.forEach((cell, i) => {
      const fill = ' '.repeat(widths[i] - 2 - uncoloured(cell).length);
      line += (aligns[i] === 'right' ? fill + cell : cell + fill) + between[i + 1];
    });
    return line;
  });
  return [...lines.slice(0, -2), ...body, lines[lines.length - 1]].join('\n');
}

/** The table drawn by cli-table3 itself, in slices that share fixed column widths and join as one table. */
export function drawInSlices(head: string[], rows: string[][], aligns: Align[], options = tableOptions(head, rows, aligns)): string {
  const slices: string[][][] = [];
  for (let start = 0; start === 0 || start < rows.length; start += SLICE_ROWS) slices.push(rows.slice(start, start + SLICE_ROWS));
  return slices
    .map((slice, k) => {
      const table = new Table({ ...options, head: k === 0 ? head : [] });
      table.push(...slice);
      const lines = table.toString().split('\n');
      return lines.slice(k === 0 ? 0 : 1, k === slices.length - 1 ? lines.length : -1).join('\n');
    })
    .join('\n');
}

/** Column widths (a cell's longest line without colour codes, headers may span two lines), alignment, borders and colours. */
export function tableOptions(head: string[], rows: string[][], aligns: Align[]): Style {
  const style = chalk.level > 0 ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] };
  const chars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
  const visible = (text: string) => {
    const plain = uncoloured(text);
    return plain.includes('\n') ? Math.max(...plain.split('\n').map((line) => line.length)) : plain.length;
  };
  const colWidths = head.map((h, i) => rows.reduce((w, row) => Math.max(w, visible(row[i] ?? '')), visible(h)) + 2);
  return { colWidths, colAligns: aligns, chars, style };
}

/** The text around the cells of a row cli-table3 drew with `x` filling each cell: borders, padding, colour codes. */
function rowTemplate(line: string, widths: number[]): string[] {
  const between: string[] = [];
  let at = 0;
  for (const w of widths) {
    const cell = line.indexOf('x'.repeat(w - 2), at);
    between.push(line.slice(at, cell));
    at = cell + w - 2;
  }
  between.push(line.slice(at));
  return between;
}
