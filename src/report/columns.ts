import type { Report } from '../engine/analyze.js';
import { compatLines } from './compat-lines.js';
import { bytes, grouped, percent, shapeText, si } from './numbers.js';
import type { Row } from './rows.js';

/** The columns every human-readable format shares, so table, Markdown and HTML agree. */
export const HEADERS = ['Layer', 'Op', 'Output', 'Params', 'MACs', 'FLOPs', 'Activations', '% MACs'];

export function rowCells(row: Row, report: Report): string[] {
  const op = row.layers > 1 ? `${row.op} (${row.layers} layers)` : row.op;
  return [
    row.name,
    op,
    shapeText(row.outputShape),
    grouped(row.params),
    grouped(row.macs),
    grouped(row.flops),
    bytes(row.activationBytes),
    percent(row.macs, report.totals.macs),
  ];
}

export function totalCells(report: Report): string[] {
  const t = report.totals;
  return ['Total', '', shapeText(report.output.shape), grouped(t.params), grouped(t.macs), grouped(t.flops), bytes(t.activationBytes), '100%'];
}

/** The lines under the table: totals in readable units, memory, and the conventions behind them. */
export function summaryLines(report: Report): string[] {
  const t = report.totals;
  const inputs = report.inputs.map((i) => (i.name === 'input' ? '' : `${i.name} `) + shapeText(i.shape)).join(', ');
  return [
    `${report.model.name}: input ${inputs}, batch ${report.batch}, ${report.dtype}`,
    `params       ${grouped(t.params)} (${si(t.params)})${t.buffers ? ` + ${grouped(t.buffers)} buffers` : ''}`,
    `MACs         ${grouped(t.macs)} (${si(t.macs)})`,
    `FLOPs        ${grouped(t.flops)} (${si(t.flops)})${report.compat ? '' : ' = 2 x MACs + elementwise work'}`,
    `weights      ${bytes(t.weightBytes)} (params + buffers)`,
    `activations  ${bytes(t.activationBytes)} summed over layer outputs; peak ${bytes(t.peakActivationBytes)} live at ${report.peak.layer}`,
    `inference    ${bytes(t.inferenceBytes)} = weights + peak activations`,
    ...compatLines(report),
  ];
}
