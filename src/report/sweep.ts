import chalk from 'chalk';
import { drawTable, type Align } from './draw-table.js';
import type { Value } from '../expr/expr.js';
import type { SweepResult, SweepRow } from '../explore/sweep.js';
import type { Messages } from '../i18n/messages.js';
import { countedAs } from './compat-lines.js';
import { field } from './csv.js';
import { toJson } from './json.js';
import { markdownTable, markdownText } from './markdown.js';

const COUNTS = ['params', 'macs', 'flops'] as const;
const BYTES = ['weightBytes', 'activationBytes', 'peakActivationBytes'] as const;

const valueText = (v: Value | number[] | undefined) => (Array.isArray(v) ? v.join('x') : String(v));

function axisCells(result: SweepResult, row: SweepRow): string[] {
  return result.sweep.map((axis) => valueText(axis.name === 'input' ? row.input : row.vars[axis.name]));
}

function grid(result: SweepResult, m: Messages): { head: string[]; rows: string[][] } {
  const head = [...result.sweep.map((a) => a.name), m.analyze.headers[2], ...COUNTS.map((k) => m.compare.metric[k]), ...BYTES.map((k) => m.compare.metric[k])];
  const rows = result.points.map((row) => [
    ...axisCells(result, row),
    row.output.join('x'),
    ...COUNTS.map((k) => m.n.int(row.totals[k])),
    ...BYTES.map((k) => m.n.bytes(row.totals[k])),
  ]);
  return { head, rows };
}

/** The title, and with --compat what the numbers count. */
const title = (r: SweepResult, m: Messages) =>
  [m.sweep.title(r.model.name, r.sweep.map((a) => a.name).join(' x '), r.points.length), ...(r.conventions.preset === 'archcost' ? [] : [countedAs(r.conventions)])].join('\n');

export function renderSweepTable(results: SweepResult[], m: Messages): string {
  return results
    .map((result) => {
      const { head, rows } = grid(result, m);
      const axes = result.sweep.length;
      const table = drawTable(head.map((h) => chalk.bold(h)), rows, head.map((_, i): Align => (i <= axes ? 'left' : 'right')));
      return `${chalk.bold(title(result, m))}\n${table}\n`;
    })
    .join('\n');
}

export function renderSweepMarkdown(results: SweepResult[], m: Messages): string {
  return results
    .map((result) => {
      const { head, rows } = grid(result, m);
      const right = new Set(head.map((_, i) => i).filter((i) => i > result.sweep.length));
      return `### ${markdownText(title(result, m))}\n\n${markdownTable(head, rows, right)}\n`;
    })
    .join('\n');
}

/** One line per point with exact integers; several specs share the header when they sweep the same names. */
export function renderSweepCsv(results: SweepResult[]): string {
  // A swept input is the input_shape column already.
  const axes = results[0].sweep.map((a) => a.name).filter((name) => name !== 'input');
  const totals = ['params', 'buffers', 'macs', 'flops', 'weightBytes', 'activationBytes', 'peakActivationBytes'] as const;
  const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const lines = [['model', ...axes, 'input_shape', 'output_shape', ...totals.map(snake)].map(field).join(',')];
  for (const result of results) {
    for (const row of result.points) {
      const cells = [result.model.name, ...axes.map((name) => valueText(row.vars[name])), row.input.join('x'), row.output.join('x'), ...totals.map((k) => String(row.totals[k]))];
      lines.push(cells.map(field).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

export function sweepJson(results: SweepResult[]): string {
  return toJson(results.length === 1 ? results[0] : results) + '\n';
}
