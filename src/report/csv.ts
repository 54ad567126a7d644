import type { Report } from '../counting/analyze.js';
import { intensity } from '../counting/traffic.js';
import { reportRows, type Row } from './rows.js';
import type { TextOptions } from './table.js';

/** buffers comes after the columns it was added to, so a reader that indexes columns keeps working. */
const HEADER = ['model', 'layer', 'op', 'output_shape', 'params', 'macs', 'flops', 'activation_bytes', 'buffers'];

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

/**
 * One line per layer (or block with --depth) with exact integers, then a totals line per model:
 * layer `total` with an empty op (every layer has one), the model's output shape and its totals.
 * Several reports share one header.
 */
export function renderCsv(reports: Report[], options: TextOptions = {}): string {
  const training = reports.some((r) => r.totals.training);
  const time = reports.some((r) => r.totals.time);
  const header = [...HEADER, ...(options.memory ? MEMORY : []), ...(training ? TRAINING : []), ...(time ? TIME : [])];
  const lines = [header.join(',')];
  const line = (cells: unknown[]) => lines.push(cells.map((c) => field(String(c))).join(','));
  const extra = (row: Row) => [
    ...(options.memory ? [row.weightBytes, row.bytesRead, row.bytesWritten, intensity(row.flops, row.bytesRead + row.bytesWritten)] : []),
    ...(training ? [row.training?.savedActivationBytes ?? '', row.training?.backwardFlops ?? ''] : []),
    ...(time ? [row.time?.seconds ?? '', row.time?.bound ?? ''] : []),
  ];
  for (const report of reports) {
    for (const row of reportRows(report, options.depth)) {
      line([report.model.name, row.name, row.op, row.outputShape.join('x'), row.params, row.macs, row.flops, row.activationBytes, row.buffers, ...extra(row)]);
    }
    const t = report.totals;
    line([
      report.model.name,
      'total',
      '',
      report.output.shape.join('x'),
      t.params,
      t.macs,
      t.flops,
      t.activationBytes,
      t.buffers,
      ...(options.memory ? [t.weightBytes, t.bytesRead, t.bytesWritten, t.arithmeticIntensity] : []),
      ...(training ? [t.training?.savedActivationBytes ?? '', t.training?.backwardFlops ?? ''] : []),
      ...(time ? [t.time?.seconds ?? '', ''] : []),
    ]);
  }
  return lines.join('\n') + '\n';
}
