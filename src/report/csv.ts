import type { Report } from '../engine/analyze.js';
import { reportRows } from './rows.js';
import type { TextOptions } from './table.js';

const HEADER = ['model', 'layer', 'op', 'output_shape', 'params', 'macs', 'flops', 'activation_bytes'];

export function field(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One line per layer (or block with --depth) with exact integers; several reports share one header. */
export function renderCsv(reports: Report[], options: TextOptions = {}): string {
  const lines = [HEADER.join(',')];
  for (const report of reports) {
    for (const row of reportRows(report, options.depth)) {
      const cells = [report.model.name, row.name, row.op, row.outputShape.join('x'), row.params, row.macs, row.flops, row.activationBytes];
      lines.push(cells.map((c) => field(String(c))).join(','));
    }
  }
  return lines.join('\n') + '\n';
}
