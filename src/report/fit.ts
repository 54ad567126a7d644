import chalk from 'chalk';
import type { FitResult } from '../explore/fit.js';
import type { FitSweep } from '../explore/fit-sweep.js';
import { MAX_BATCH, MAX_CONTEXT } from '../explore/fit-model.js';
import { INFERENCE_TERMS, TRAINING_TERMS } from '../explore/fit-terms.js';
import type { Messages } from '../i18n/messages.js';
import { tokensText } from './deployment-lines.js';
import { drawTable, type Align } from './draw-table.js';
import { markdownTable, markdownText } from './markdown.js';

export type FitFormat = 'table' | 'markdown';

/** A table in the chosen format: drawn for the terminal (bold header), or Markdown. */
function table(format: FitFormat, head: string[], rows: string[][], aligns: Align[]): string {
  if (format === 'markdown') return markdownTable(head, rows, new Set(aligns.flatMap((a, i) => (a === 'right' ? [i] : []))));
  return drawTable(head.map((h) => chalk.bold(h)), rows, aligns);
}

const heading = (format: FitFormat, text: string) => (format === 'markdown' ? `### ${markdownText(text)}` : chalk.bold(text));

/** The lines of setup after the device: parallelism, training or the phase, stored dtypes. */
function setup(r: FitResult, m: Messages): string[] {
  const f = m.fit;
  const p = r.parallel;
  const parts = [...f.parallel(p.dataParallel, p.tensorParallel, p.pipelineParallel, p.zero)];
  if (r.training) {
    const precision = m.memory.precision(r.training.dtype, r.training.mixedPrecision ? r.training.stateDtype : undefined);
    parts.push(f.training(r.training.optimizer, precision, r.training.recompute));
  } else parts.push(f.inference(r.phase === 'decode', r.solve === 'context' ? undefined : m.n.int(r.point.context), r.dtype));
  const weights = r.weights && `${r.weights.dtype}${r.weights.groupSize ? `/${r.weights.groupSize}` : ''}`;
  const stored = f.stored(weights, r.kvDtype);
  if (stored) parts.push(stored);
  return parts;
}

/** The answer, the terms at it, what binds, and either what would make it fit or the decode throughput. */
export function renderFit(r: FitResult, m: Messages, format: FitFormat): string {
  const f = m.fit;
  const n = m.n;
  const bytes = (b: bigint) => n.bytes(b).trim();
  const lines = [heading(format, f.title(r.model.name, r.parallel.devices, r.device.name, bytes(r.capacityBytes), setup(r, m)))];
  if (r.reserveBytes > 0n) lines.push(f.reserve(bytes(r.reserveBytes), bytes(r.usableBytes)));
  const value = r.solve === 'batch' ? r.point.batch : r.point.context;
  // A batch of an LLM's inference is of sequences, each with its KV cache; otherwise of samples.
  const sequences = r.mode === 'inference' && (r.point.terms.kvCacheBytes ?? 0n) > 0n;
  // Training's batch, and inference's over data-parallel replicas, is each replica's.
  const perReplica = r.mode === 'training' || r.parallel.dataParallel > 1;
  if (!r.fits) lines.push(f.noFit(r.solve, n.int(value), bytes(r.point.totalBytes), bytes(r.usableBytes), bytes(-r.headroomBytes)));
  else if (r.solve === 'batch') lines.push(f.largestBatch(n.int(value), sequences ? 'sequence' : 'sample', perReplica, bytes(r.point.totalBytes), bytes(r.usableBytes), bytes(r.headroomBytes)));
  else lines.push(f.largestContext(n.int(value), r.phase === 'decode', n.int(r.point.batch), perReplica, bytes(r.point.totalBytes), bytes(r.usableBytes), bytes(r.headroomBytes)));
  const at = r.solve === 'batch' ? `${m.fit.axis('batch', n.int(r.point.batch))}` : `${m.fit.axis('context', n.int(r.point.context))}`;
  const terms = (r.mode === 'training' ? TRAINING_TERMS : INFERENCE_TERMS).filter((k) => k !== 'recomputeBytes' || r.point.terms[k]);
  const rows = terms.map((k) => [f.term[k], bytes(r.point.terms[k] ?? 0n), n.percent(r.point.terms[k] ?? 0n, r.point.totalBytes)]);
  rows.push([f.total, bytes(r.point.totalBytes), n.percent(r.point.totalBytes, r.point.totalBytes)]);
  lines.push(table(format, f.termsHeaders(at), rows, ['left', 'right', 'right']));
  const notes: string[] = [];
  if (r.fits) {
    const next = r.next && {
      value: m.fit.axis(r.solve, n.int(r.next.value)),
      ...(r.next.totalBytes !== undefined ? { need: bytes(r.next.totalBytes), over: bytes(r.next.totalBytes - r.usableBytes) } : {}),
      ...(r.next.reason ? { reason: r.next.reason } : {}),
    };
    const unit = r.solve === 'context' ? (r.phase === 'decode' ? 'position' : 'token') : sequences ? 'sequence' : 'sample';
    notes.push(f.binding(f.term[r.binding], r.perStep !== undefined ? bytes(r.perStep) : undefined, unit, next));
    if (!r.next) notes.push(f.limitless(n.int(r.solve === 'batch' ? MAX_BATCH : MAX_CONTEXT)));
  } else {
    notes.push(f.suggestionsTitle);
    if (!r.suggestions?.length) notes.push(f.noSuggestion);
    for (const s of r.suggestions ?? []) notes.push(f.suggestion(s.flags.join(' '), bytes(s.totalBytes), n.int(s.largest), r.solve));
  }
  notes.push(f.rule(r.mode === 'training', r.reserveBytes > 0n), f.analyses(r.analyses));
  lines.push(format === 'markdown' ? ['```', ...notes, '```'].join('\n') : notes.join('\n'));
  if (r.decode) {
    const d = r.decode;
    const points = d.points.map((p) => [n.int(p.batch), n.duration(p.seconds), tokensText(m, p.tokensPerSecond), tokensText(m, p.tokensPerSecondPerDevice), m.memory.bound[p.bound]]);
    lines.push(
      (format === 'table' ? '\n' : '') + heading(format, f.decodeTitle(n.int(d.context), r.device.name)),
      table(format, f.decodeHeaders, points, ['right', 'right', 'right', 'right', 'left']),
      f.ceiling(tokensText(m, d.ceilingTokensPerSecond), d.limitedBy, n.int(d.knee), n.int(d.points[d.points.length - 1].batch), `${n.fixed(d.largestShare * 100, 0)}%`),
    );
  }
  return lines.join(format === 'markdown' ? '\n\n' : '\n') + '\n';
}

/** The sweep's answers: a grid for two axes (the first down, the second across), else one row per point. */
export function renderFitSweep(s: FitSweep, m: Messages, format: FitFormat): string {
  const f = m.fit;
  const n = m.n;
  const value = (v: unknown) => (typeof v === 'number' ? n.int(v) : String(v));
  const cell = (p: FitSweep['points'][number]) => (p.error ? 'x' : n.int(p.largest));
  const capacity = n.bytes(s.device.memoryBytes).trim();
  let head: string[];
  let rows: string[][];
  if (s.sweep.length === 2) {
    const [down, across] = s.sweep;
    head = [f.axis(down.name, '').trim(), ...across.values.map((v) => f.axis(across.name, value(v)))];
    rows = down.values.map((v, i) => [value(v), ...across.values.map((_, j) => cell(s.points[i * across.values.length + j]))]);
  } else {
    head = [...s.sweep.map((a) => f.axis(a.name, '').trim()), f.axis(s.solve, '').trim()];
    rows = s.points.map((p) => [...s.sweep.map((a) => value(p.values[a.name])), cell(p)]);
  }
  const errors = s.points.filter((p) => p.error).map((p) => f.sweepError(Object.entries(p.values).map(([k, v]) => `${k}=${v}`).join(', '), p.error!));
  const aligns = head.map((): Align => 'right');
  const notes = [f.sweepLegend, ...errors, f.analyses(s.analyses)];
  return (
    [
      heading(format, f.sweepTitle(s.model.name, s.solve, s.device.name, capacity, s.phase === 'decode')),
      table(format, head, rows, aligns),
      format === 'markdown' ? ['```', ...notes, '```'].join('\n') : notes.join('\n'),
    ].join(format === 'markdown' ? '\n\n' : '\n') + '\n'
  );
}
