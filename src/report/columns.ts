import type { Report } from '../counting/analyze.js';
import { messages, type Messages } from '../i18n/messages.js';
import { compatLines } from './compat-lines.js';
import { shapeText } from '../core/numbers.js';
import type { Row } from './rows.js';

const ENGLISH = messages('en');

/** The columns every human-readable format shares, so table, Markdown and HTML agree. */
export const HEADERS = ENGLISH.analyze.headers;

export function headers(m: Messages = ENGLISH): string[] {
  return m.analyze.headers;
}

/**
 * Receptive field and cumulative stride: the field with one entry per spatial axis (`5`, `11x11`, `3x3x3`),
 * then the stride, once when every axis has the same (`/4`, as a conv's `stride: 4`), per axis otherwise
 * (`/2x1`); '-' where they are not tracked.
 */
function fieldCell(row: Row, m: Messages): string {
  if (!row.receptiveField || !row.cumulativeStride) return '-';
  const perAxis = (values: number[]) => values.map(m.n.plain).join('x');
  const jump = row.cumulativeStride;
  const stride = jump.every((v) => v === jump[0]) ? m.n.plain(jump[0]) : perAxis(jump);
  return `${perAxis(row.receptiveField)} /${stride}`;
}

export function rowCells(row: Row, report: Report, m: Messages = ENGLISH): string[] {
  const op = row.layers > 1 ? m.analyze.layersOf(row.op, row.layers) : row.op;
  return [
    row.name,
    op,
    shapeText(row.outputShape),
    m.n.int(row.params),
    m.n.int(row.macs),
    m.n.int(row.flops),
    m.n.bytes(row.activationBytes),
    m.n.percent(row.macs, report.totals.macs),
    fieldCell(row, m),
  ];
}

export function totalCells(report: Report, m: Messages = ENGLISH): string[] {
  const t = report.totals;
  const n = m.n;
  // A share of zero MACs is undefined, as in every row: '-', not 100%.
  const share = t.macs === 0n ? '-' : '100%';
  return [m.analyze.total, '', shapeText(report.output.shape), n.int(t.params), n.int(t.macs), n.int(t.flops), n.bytes(t.activationBytes), share, ''];
}

/** The lines under the table: totals in readable units, memory, and the conventions behind them. */
export function summaryLines(report: Report, m: Messages = ENGLISH): string[] {
  const t = report.totals;
  const { analyze: a, n } = m;
  const inputs = report.inputs.map((i) => (i.name === 'input' ? '' : `${i.name} `) + shapeText(i.shape)).join(', ');
  const decode = report.phase.name === 'decode';
  return [
    a.title(report.model.name, inputs, report.batch, report.dtype) + (decode ? `; ${a.decode(n.int(BigInt(report.phase.context)))}` : ''),
    a.params(n.int(t.params), n.si(t.params), t.buffers ? n.int(t.buffers) : undefined),
    ...(t.activeParams !== t.params ? [a.activeParams(n.int(t.activeParams), n.si(t.activeParams))] : []),
    a.macs(n.int(t.macs), n.si(t.macs)),
    a.flops(n.int(t.flops), n.si(t.flops), !report.compat),
    a.weights(n.bytes(t.weightBytes)),
    a.activations(n.bytes(t.inputBytes + t.activationBytes), n.bytes(t.inputBytes), n.bytes(t.activationBytes), n.bytes(t.peakActivationBytes), report.peak.layer),
    ...(t.kvCacheBytes ? [a.kvCache(n.bytes(t.kvCacheBytes), report.batch, n.bytes(t.kvCacheBytesPerPosition), t.kvCacheBytesPerPosition ? n.int(t.weightBytes / t.kvCacheBytesPerPosition) : undefined)] : []),
    a.inference(n.bytes(t.inferenceBytes), t.kvCacheBytes > 0n),
    ...(report.outputs.length > 1 ? [a.outputs(report.outputs.map((o) => `${o.name} ${shapeText(o.shape)}`).join(', '))] : []),
    ...compatLines(report),
  ];
}
