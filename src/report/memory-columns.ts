import type { Report } from '../counting/analyze.js';
import { intensity } from '../counting/traffic.js';
import { messages, type Messages } from '../i18n/messages.js';
import type { Row } from './rows.js';
import { deploymentLines, tokensText } from './deployment-lines.js';

/** A column added to the human-readable reports by --memory, --training or --device. */
export interface ExtraColumn {
  header: string;
  cell(row: Row): string;
  total: string;
  /** Numbers align right; words (the bound) left. */
  right: boolean;
  /** The number the column shows, for sorting (the HTML table); a word column has none. */
  value?(row: Row): number | bigint;
  /** Rows to make stand out (memory-bound layers): yellow on a terminal, a class in HTML. */
  flag?(row: Row): boolean;
}

export interface MemoryOptions {
  /** --memory: weight bytes, bytes moved and FLOPs per byte per layer. */
  memory?: boolean;
  /** Language of headers and lines (default English). */
  messages?: Messages;
}

const ENGLISH = messages('en');

/** Extra columns for a report: memory traffic with --memory, kept bytes with --training, time with --device. */
export function extraColumns(report: Report, options: MemoryOptions = {}): ExtraColumn[] {
  const t = report.totals;
  const { memory: w, n } = options.messages ?? ENGLISH;
  const bytes = (b: bigint) => n.bytes(b);
  const columns: ExtraColumn[] = [];
  if (options.memory) {
    columns.push(
      { header: w.headers.weights, cell: (r) => bytes(r.weightBytes), value: (r) => r.weightBytes, total: bytes(t.weightBytes), right: true },
      {
        header: w.headers.moved,
        cell: (r) => bytes(r.bytesRead + r.bytesWritten),
        value: (r) => r.bytesRead + r.bytesWritten,
        total: bytes(t.bytesRead + t.bytesWritten),
        right: true,
      },
      {
        header: w.headers.intensity,
        cell: (r) => n.threeDigits(intensity(r.flops, r.bytesRead + r.bytesWritten)),
        value: (r) => intensity(r.flops, r.bytesRead + r.bytesWritten),
        total: n.threeDigits(t.arithmeticIntensity),
        right: true,
      },
    );
  }
  if (t.training) {
    const kept = t.training.savedActivationBytes;
    const saved = (r: Row) => r.training?.savedActivationBytes ?? 0n;
    columns.push({ header: w.headers.keptForBackward, cell: (r) => bytes(saved(r)), value: saved, total: bytes(kept), right: true });
  }
  if (t.time) {
    const time = t.time;
    columns.push(
      {
        header: w.headers.time,
        cell: (r) => (r.time ? n.duration(r.time.seconds) : ''),
        value: (r) => r.time?.seconds ?? 0,
        total: n.duration(time.seconds),
        right: true,
      },
      {
        header: w.headers.bound,
        cell: (r) => (r.time ? w.bound[r.time.bound] : ''),
        total: w.memoryBound(time.memoryBoundLayers, report.layers.length),
        right: false,
        flag: (r) => r.time?.bound === 'memory',
      },
    );
  }
  return columns;
}

/** Lines under the table for the memory model: the tensors live at the peak, training memory, time. */
export function memorySummaryLines(report: Report, options: MemoryOptions = {}): string[] {
  const t = report.totals;
  const m = options.messages ?? ENGLISH;
  const { memory: w, n } = m;
  const bytes = (b: bigint) => n.bytes(b).trim();
  const lines: string[] = [];
  if (options.memory) {
    lines.push(w.livePeak(report.peak.tensors.map((x) => `${x.name} ${bytes(x.bytes)}`).join(', ')));
    lines.push(w.traffic(bytes(t.bytesRead), bytes(t.bytesWritten), n.threeDigits(t.arithmeticIntensity)));
  }
  if (t.training && report.training) {
    const tr = t.training;
    const s = report.training;
    const precision = w.precision(s.dtype, s.mixedPrecision ? s.stateDtype : undefined);
    const master = tr.masterWeightBytes ? bytes(tr.masterWeightBytes) : undefined;
    const recompute = s.recompute && s.recompute !== 'none' ? { mode: s.recompute, bytes: bytes(tr.recomputeBytes) } : undefined;
    lines.push(
      w.training(bytes(tr.totalBytes), s.optimizer, precision, bytes(tr.weightBytes), master, bytes(tr.gradientBytes), bytes(tr.optimizerStateBytes), bytes(tr.savedActivationBytes), recompute),
      w.trainFlops(n.int(tr.flops), n.si(tr.flops), n.si(tr.forwardFlops), n.si(tr.backwardFlops), report.compat?.tool),
    );
  }
  if (t.time && report.device) {
    const d = report.device;
    const time = t.time;
    lines.push(
      w.time(
        n.duration(time.seconds),
        d.name,
        report.dtype,
        n.duration(time.computeSeconds),
        n.duration(time.memorySeconds),
        time.memoryBoundLayers,
        report.layers.length,
        n.threeDigits(d.ridgeIntensity),
        n.duration(time.memoryBoundSeconds),
      ),
    );
    // A sequence model's speed in tokens: a decode step makes one per sequence.
    if (report.phase.name === 'decode' || report.totals.kvCacheBytes > 0n) lines.push(w.tokens(tokensText(m, time.tokensPerSecond), report.batch, report.phase.tokens));
  }
  return [...lines, ...deploymentLines(report, m)];
}
