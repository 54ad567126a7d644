import type { Report } from '../engine/analyze.js';
import { intensity } from '../engine/traffic.js';
import { bytes, duration, grouped, ratio, si } from './numbers.js';
import type { Row } from './rows.js';

/** A column added to the human-readable reports by --memory, --training or --device. */
export interface ExtraColumn {
  header: string;
  cell(row: Row): string;
  total: string;
  /** Numbers align right; words (the bound) left. */
  right: boolean;
}

export interface MemoryOptions {
  /** --memory: weight bytes, bytes moved and FLOPs per byte per layer. */
  memory?: boolean;
}

/** Extra columns for a report: memory traffic with --memory, kept bytes with --training, time with --device. */
export function extraColumns(report: Report, options: MemoryOptions = {}): ExtraColumn[] {
  const t = report.totals;
  const columns: ExtraColumn[] = [];
  if (options.memory) {
    columns.push(
      { header: 'Weights', cell: (r) => bytes(r.weightBytes), total: bytes(t.weightBytes), right: true },
      { header: 'Moved', cell: (r) => bytes(r.bytesRead + r.bytesWritten), total: bytes(t.bytesRead + t.bytesWritten), right: true },
      { header: 'FLOP/B', cell: (r) => ratio(intensity(r.flops, r.bytesRead + r.bytesWritten)), total: ratio(t.arithmeticIntensity), right: true },
    );
  }
  if (t.training) {
    columns.push({ header: 'Kept for bwd', cell: (r) => bytes(r.training?.savedActivationBytes ?? 0n), total: bytes(t.training.savedActivationBytes), right: true });
  }
  if (t.time) {
    const time = t.time;
    columns.push(
      { header: 'Time', cell: (r) => (r.time ? duration(r.time.seconds) : ''), total: duration(time.seconds), right: true },
      { header: 'Bound', cell: (r) => r.time?.bound ?? '', total: `${time.memoryBoundLayers}/${report.layers.length} memory`, right: false },
    );
  }
  return columns;
}

/** Lines under the table for the memory model: the tensors live at the peak, training memory, time. */
export function memorySummaryLines(report: Report, options: MemoryOptions = {}): string[] {
  const t = report.totals;
  const lines: string[] = [];
  if (options.memory) {
    const live = report.peak.tensors.map((x) => `${x.name} ${bytes(x.bytes).trim()}`).join(', ');
    lines.push(`live at peak ${live}`);
    lines.push(`traffic      read ${bytes(t.bytesRead).trim()}, written ${bytes(t.bytesWritten).trim()}: ${ratio(t.arithmeticIntensity)} FLOP/B overall`);
  }
  if (t.training && report.training) {
    const tr = t.training;
    const s = report.training;
    const precision = s.mixedPrecision ? `mixed precision (${s.dtype}, ${s.stateDtype} master weights and state)` : s.dtype;
    lines.push(
      `training     ${bytes(tr.totalBytes).trim()} with ${s.optimizer}, ${precision}: weights ${bytes(tr.weightBytes).trim()}` +
        (tr.masterWeightBytes ? ` + master ${bytes(tr.masterWeightBytes).trim()}` : '') +
        ` + gradients ${bytes(tr.gradientBytes).trim()} + optimizer state ${bytes(tr.optimizerStateBytes).trim()}` +
        ` + kept activations ${bytes(tr.savedActivationBytes).trim()}`,
      `train FLOPs  ${grouped(tr.flops)} (${si(tr.flops)}) = forward ${si(tr.forwardFlops)} + backward ${si(tr.backwardFlops)} per step`,
    );
  }
  if (t.time && report.device) {
    const d = report.device;
    lines.push(
      `time         ${duration(t.time.seconds)} on ${d.name} at ${report.dtype} (roofline estimate: compute ${duration(t.time.computeSeconds)}, memory ${duration(t.time.memorySeconds)}); ` +
        `${t.time.memoryBoundLayers} of ${report.layers.length} layers memory-bound (below ${ratio(d.ridgeIntensity)} FLOP/B), ${duration(t.time.memoryBoundSeconds)} of the time`,
    );
  }
  return lines;
}
