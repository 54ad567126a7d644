import type { Report } from '../counting/analyze.js';
import { intensity } from '../counting/traffic.js';
import { reportRows, type Row } from './rows.js';
import type { TextOptions } from './table.js';

const HEADER = ['model', 'layer', 'op', 'output_shape', 'params', 'macs', 'flops', 'activation_bytes'];

/** Columns appended by --memory, --training and --device (exact integers; ratio and seconds as decimals). */
const MEMORY = ['weight_bytes', 'bytes_read', 'bytes_written', 'arithmetic_intensity'];
const TRAINING = ['saved_activation_bytes', 'backward_flops'];
const TIME = ['time_seconds', 'bound'];

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
 * carriage return; a model or layer name, say) gets a leading single quote; numbers are left as they are.
 */
export function field(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** One line per layer (or block with --depth) with exact integers; several reports share one header. */
export function renderCsv(reports: Report[], options: TextOptions = {}): string {
  const training = reports.some((r) => r.totals.training);
  const time = reports.some((r) => r.totals.time);
  const header = [...HEADER, ...(options.memory ? MEMORY : []), ...(training ? TRAINING : []), ...(time ? TIME : [])];
  const lines = [header.join(',')];
  const extra = (row: Row) => [
    ...(options.memory ? [row.weightBytes, row.bytesRead, row.bytesWritten, intensity(row.flops, row.bytesRead + row.bytesWritten)] : []),
    ...(training ? [row.training?.savedActivationBytes ?? '', row.training?.backwardFlops ?? ''] : []),
    ...(time ? [row.time?.seconds ?? '', row.time?.bound ?? ''] : []),
  ];
  for (const report of reports) {
    for (const row of reportRows(report, options.depth)) {
      const cells = [report.model.name, row.name, row.op, row.outputShape.join('x'), row.params, row.macs, row.flops, row.activationBytes, ...extra(row)];
      lines.push(cells.map((c) => field(String(c))).join(','));
    }
  }
  return lines.join('\n') + '\n';
}
