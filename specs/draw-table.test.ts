import { afterAll, describe, expect, test } from '@jest/globals';
import chalk from 'chalk';
import { readFileSync } from 'node:fs';
import { analyze } from '../src/index.js';
import { headers, rowCells, totalCells } from '../src/report/columns.js';
import { drawInSlices, drawTable, type Align } from '../src/report/draw-table.js';
import { reportRows } from '../src/report/rows.js';

/**
 * Long tables reuse one row cli-table3 drew for every row of plain text; the result must be
 * exactly what cli-table3 draws itself, in colour and without, for every kind of row.
 */

const zoo = new URL('../examples/zoo/', import.meta.url);
// Convs, branches and merges, depthwise and windows, long names: the kinds of rows there are
// (cli-table3 drawing every zoo table as the reference would be most of this file's time).
const reports = ['resnet50', 'inception_v3', 'mobilenet_v3_large', 'swin_t']
  .map((name) => `${name}.yaml`)
  .map((f) => analyze(readFileSync(new URL(f, zoo), 'utf8'), { file: f }));
const ALIGNS: Align[] = ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'];
const level = chalk.level;
afterAll(() => {
  chalk.level = level;
});

describe('drawTable draws what cli-table3 draws', () => {
  test.each([0, 2])('zoo reports, colour level %i, with bold and yellow cells and two-line headers', (colour) => {
    chalk.level = colour as 0 | 2;
    for (const report of reports) {
      const head = headers().map((h, i) => chalk.bold(i === 3 ? `${h}\n(count)` : h));
      const rows = reportRows(report).map((row) => rowCells(row, report).map((cell, i) => (i === 6 && row.macs === 0n ? chalk.yellow(cell) : cell)));
      rows.push(totalCells(report).map((cell) => chalk.bold(cell)));
      expect(drawTable(head, rows, ALIGNS)).toBe(drawInSlices(head, rows, ALIGNS));
    }
  });

  test('rows of other text (wide characters, a line break) and empty columns are left to cli-table3', () => {
    chalk.level = 0;
    const head = ['name', '', 'n'];
    const rows = [['模型', '', '1'], ['a\nb', '', '22'], ['plain', '', '333']];
    expect(drawTable(head, rows, ['left', 'left', 'right'])).toBe(drawInSlices(head, rows, ['left', 'left', 'right']));
    expect(drawTable(head, rows, ['left', 'left', 'right']).split('\n')).toHaveLength(2 + 1 + 4);
  });
});
