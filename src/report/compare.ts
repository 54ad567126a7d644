import chalk from 'chalk';
import { drawTable, type Align } from './draw-table.js';
import { COMPARED_TOTALS, ratio, type ComparedTotal, type Comparison } from '../explore/compare.js';
import type { Messages } from '../i18n/messages.js';
import { markdownTable, markdownText } from './markdown.js';

const BYTE_TOTALS = new Set<ComparedTotal>(['weightBytes', 'activationBytes', 'peakActivationBytes', 'kvCacheBytes']);

export interface Grid {
  title: string;
  /** Header cells; each is a model name (or '') and what the column holds. */
  head: [string, string][];
  rows: string[][];
  /** The number (or name) behind each cell, for sorting in HTML. */
  values?: (string | number | bigint)[][];
  /** A line under the table. */
  note?: string;
}

/** Totals that say something here: no buffers row without buffers, none for a mixture of experts or a KV cache the models lack. */
export function shownTotals(c: Comparison): ComparedTotal[] {
  const meaningful: Partial<Record<ComparedTotal, (t: Comparison['models'][number]['totals']) => boolean>> = {
    buffers: (t) => t.buffers !== 0n,
    activeParams: (t) => t.activeParams !== t.params,
    kvCacheBytes: (t) => t.kvCacheBytes !== 0n,
  };
  return COMPARED_TOTALS.filter((k) => !meaningful[k] || c.models.some((model) => meaningful[k]!(model.totals)));
}

/** Totals side by side: each model's value, then its ratio and difference against the first. */
export function totalsGrid(c: Comparison, m: Messages): Grid {
  const head: [string, string][] = [['', m.compare.total], ['', c.models[0].name]];
  for (const model of c.models.slice(1)) head.push(['', model.name], [model.name, m.compare.ratio], [model.name, m.compare.difference]);
  const shown = shownTotals(c);
  const rows = shown.map((k) => {
    const value = (v: bigint) => (BYTE_TOTALS.has(k) ? m.n.bytes(v) : m.n.int(v));
    const signed = (v: bigint) => (v > 0n ? '+' : v < 0n ? '-' : '') + value(v < 0n ? -v : v);
    const cells = [m.compare.metric[k], value(c.models[0].totals[k])];
    for (const model of c.models.slice(1)) {
      cells.push(value(model.totals[k]), m.n.times(c.ratios[model.name][k]), signed(c.differences[model.name][k]));
    }
    return cells;
  });
  const time = timeRow(c, m);
  if (time) rows.splice(shown.indexOf('flops') + 1, 0, time);
  return { title: m.compare.totalsTitle(c.baseline), head, rows, note: time && estimateNote(c, m) };
}

/** With --device: each model's estimated time, its ratio and difference against the first. */
function timeRow(c: Comparison, m: Messages): string[] | undefined {
  const seconds = c.models.map((model) => model.totals.time?.seconds);
  if (seconds.some((s) => s === undefined)) return undefined;
  const [base, ...others] = seconds as number[];
  const signed = (d: number) => (d > 0 ? '+' : d < 0 ? '-' : '') + m.n.duration(Math.abs(d));
  const cells = [m.memory.timeRow, m.n.duration(base)];
  others.forEach((s, i) => cells.push(m.n.duration(s), m.n.times(c.ratios[c.models[i + 1].name].time ?? null), signed(s - base)));
  return cells;
}

function estimateNote(c: Comparison, m: Messages): string {
  const dtypes = [...new Set(c.models.map((model) => model.dtype))].join(', ');
  return m.memory.estimate(c.models[0].device!.name, dtypes);
}

/** Layers (or blocks) by name: params and MACs per model, and each MACs ratio against the first. */
export function layersGrid(c: Comparison, m: Messages, blocks: boolean): Grid {
  const head: [string, string][] = [['', m.compare.layer]];
  c.models.forEach((model, i) => {
    head.push([model.name, m.compare.metric.params], [model.name, m.compare.metric.macs]);
    if (i > 0) head.push([model.name, m.compare.ratio]);
  });
  const values: (string | number | bigint)[][] = [];
  const rows = c.layers.map(({ name, costs }) => {
    const cells = [name];
    const row: (string | number | bigint)[] = [name];
    costs.forEach((cost, i) => {
      cells.push(cost ? m.n.int(cost.params) : m.compare.absent, cost ? m.n.int(cost.macs) : m.compare.absent);
      row.push(cost?.params ?? -1, cost?.macs ?? -1);
      if (i > 0) {
        const base = costs[0];
        // Two layers without MACs (activations, pools) have nothing to compare.
        const comparable = cost && base && (cost.macs !== 0n || base.macs !== 0n);
        const r = comparable ? ratio(cost.macs, base.macs) : null;
        cells.push(comparable ? m.n.times(r) : m.compare.absent);
        row.push(r ?? -1);
      }
    });
    values.push(row);
    return cells;
  });
  return { title: m.compare.layersTitle(blocks), head, rows, values };
}

export interface CompareTextOptions {
  /** Rows are blocks (`--depth`), not single layers. */
  blocks?: boolean;
}

export function renderCompareTable(c: Comparison, m: Messages, options: CompareTextOptions = {}): string {
  const draw = (grid: Grid) => {
    const head = grid.head.map(([model, what]) => chalk.bold(model ? `${model}\n${what}` : what));
    const table = drawTable(head, grid.rows, grid.head.map((_, i): Align => (i === 0 ? 'left' : 'right')));
    return `${chalk.bold(grid.title)}\n${table}${grid.note ? `\n${grid.note}` : ''}`;
  };
  return [draw(totalsGrid(c, m)), draw(layersGrid(c, m, options.blocks ?? false))].join('\n\n') + '\n';
}

export function renderCompareMarkdown(c: Comparison, m: Messages, options: CompareTextOptions = {}): string {
  const draw = (grid: Grid) => {
    const right = new Set(grid.head.map((_, i) => i).filter((i) => i > 0));
    const head = grid.head.map(([model, what]) => (model ? `${model} ${what}` : what));
    return `### ${markdownText(grid.title)}\n\n${markdownTable(head, grid.rows, right)}\n${grid.note ? `\n${grid.note}\n` : ''}`;
  };
  return [draw(totalsGrid(c, m)), draw(layersGrid(c, m, options.blocks ?? false))].join('\n');
}
