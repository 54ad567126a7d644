import chalk from 'chalk';
import { drawTable, type Align } from './draw-table.js';
import type { BottleneckResult, BreakEven, Side } from '../explore/bottleneck.js';
import type { Messages } from '../i18n/messages.js';
import { toJson } from './json.js';
import { markdownTable } from './markdown.js';

/** `bottleneck --format json`: the contract's `direct`, `bottleneck`, `ratio` (with --mid), else one entry per width. */
export function bottleneckJson(r: BottleneckResult): string {
  const { input, kernel, out, mid, stride, expand, bias } = r.query;
  const single = mid !== undefined ? r.widths[0] : undefined;
  return toJson({
    schemaVersion: 1,
    conventions: r.conventions,
    input,
    kernel,
    out,
    mid,
    stride,
    form: expand ? 'expand' : 'reduce',
    bias,
    device: r.device,
    direct: r.direct,
    bottleneck: single?.bottleneck,
    ratio: single?.ratio,
    widths: single ? undefined : r.widths.map((w) => ({ mid: w.mid, bottleneck: w.bottleneck, ratio: w.ratio })),
    breakEven: { macs: r.breakEven.macs.width, params: r.breakEven.params.width },
  });
}

type SideMetric = 'params' | 'macs' | 'flops' | 'activationBytes' | 'peakActivationBytes';
const METRICS: SideMetric[] = ['params', 'macs', 'flops', 'activationBytes', 'peakActivationBytes'];

function cellOf(m: Messages, side: Side, k: SideMetric): string {
  return k === 'activationBytes' || k === 'peakActivationBytes' ? m.n.bytes(side[k]) : m.n.int(side[k]);
}

export interface Grid {
  head: string[];
  rows: string[][];
}

/** With --mid: the two sides and their ratio per metric. */
export function sidesGrid(r: BottleneckResult, m: Messages): Grid {
  const w = r.widths[0];
  const b = m.bottleneck;
  const rows = METRICS.map((k) => {
    const ratio = k === 'params' || k === 'macs' || k === 'flops' ? w.ratio[k] : Number(r.direct[k]) / Number(w.bottleneck[k]);
    return [b.metric[k], cellOf(m, r.direct, k), cellOf(m, w.bottleneck, k), m.n.times(ratio)];
  });
  // With --device, the time saving next to the MACs saving.
  if (r.direct.time && w.bottleneck.time) {
    rows.splice(METRICS.indexOf('flops') + 1, 0, [m.memory.timeRow, m.n.duration(r.direct.time.seconds), m.n.duration(w.bottleneck.time.seconds), m.n.times(w.ratio.time ?? null)]);
  }
  return { head: ['', b.direct, b.bottleneck, b.ratio], rows };
}

/** Without --mid: one row per width M. */
export function widthsGrid(r: BottleneckResult, m: Messages): Grid {
  const b = m.bottleneck;
  const timed = r.direct.time !== undefined;
  const rows = r.widths.map((w) => [
    m.n.int(w.mid),
    m.n.int(w.bottleneck.params),
    m.n.int(w.bottleneck.macs),
    m.n.times(w.ratio.params),
    m.n.times(w.ratio.macs),
    ...(timed ? [m.n.duration(w.bottleneck.time!.seconds), m.n.times(w.ratio.time ?? null)] : []),
    m.n.bytes(w.bottleneck.activationBytes),
    w.bottleneck.macs < r.direct.macs ? b.yes : b.no,
  ]);
  const time = timed ? [m.memory.timeRow, m.memory.timeRatio] : [];
  return { head: ['M', b.metric.params, b.metric.macs, b.paramsRatio, b.macsRatio, ...time, b.metric.activationBytes, b.savesMacs], rows };
}

function drawGrid(grid: Grid): string {
  return drawTable(grid.head.map((h) => chalk.bold(h)), grid.rows, grid.head.map((_, i): Align => (i === 0 ? 'left' : 'right')));
}

/** The closed forms with the user's numbers, the break-even derivation and its check. */
export function explanation(r: BottleneckResult, m: Messages): string[] {
  const q = r.query;
  const [H, W, C] = q.input;
  const [Ho, Wo] = r.direct.outputShape;
  const k = q.kernel;
  const b = m.bottleneck;
  const n = m.n;
  const lines = [b.legend(q.stride), '', b.closedFormTitle];
  const width = Math.max(b.direct.length, b.bottleneck.length, b.ratio.length) + 2;
  const label = (text: string) => `  ${text.padEnd(width)}`;
  const pad = ' '.repeat(width + 2);
  const d = r.directTerm;
  lines.push(`${label(b.direct)}${d.symbols} = ${d.numbers} = ${n.int(d.value)}`);
  if (q.mid !== undefined) {
    const w = r.widths[0];
    lines.push(
      `${label(b.bottleneck)}${w.terms.map((t) => t.symbols).join(' + ')}`,
      `${pad}= ${w.terms.map((t) => t.numbers).join(' + ')}`,
      `${pad}= ${w.terms.map((t) => n.int(t.value)).join(' + ')} = ${n.int(w.bottleneck.macs)}`,
      `${label(b.ratio)}${n.int(r.direct.macs)} / ${n.int(w.bottleneck.macs)} = ${n.fixed(w.ratio.macs ?? 0, 2)}`,
    );
    if (q.stride === 1) {
      const M = q.mid;
      const [symbols, numbers] = q.expand
        ? ['k·k·C·C2 / (M·(C + k·k·M + C2))', `${k}·${k}·${C}·${q.out} / (${M}·(${C} + ${k}·${k}·${M} + ${q.out}))`]
        : ['k·k·C·C2 / (M·(C + k·k·C2))', `${k}·${k}·${C}·${q.out} / (${M}·(${C} + ${k}·${k}·${q.out}))`];
      lines.push(`${pad}${b.strideOne}: ${symbols}`, `${pad}= ${numbers} = ${n.fixed(w.ratio.macs ?? 0, 2)}`);
    }
    lines.push('', b.nonLinearity(C, q.mid, n.int(BigInt(C) * BigInt(q.mid))));
  } else {
    const symbols = q.expand ? "H·W·M·C + H'·W'·M·(k·k·M) + H'·W'·C2·M" : "H·W·M·C + H'·W'·C2·(k·k·M)";
    lines.push(`${label(b.bottleneck)}${symbols} = ${q.expand ? 'a·M² + b·M' : 'b·M'}`);
  }
  lines.push('', ...breakEvenLines(r.breakEven.macs, r.direct.macs, 'macs', q.expand, m, { H, W, Ho, Wo, C, k, C2: q.out }));
  lines.push(...breakEvenLines(r.breakEven.params, r.direct.params, 'params', q.expand, m, { H, W, Ho, Wo, C, k, C2: q.out }).slice(0, 1));
  return lines;
}

interface Sizes {
  H: number;
  W: number;
  Ho: number;
  Wo: number;
  C: number;
  k: number;
  C2: number;
}

function breakEvenLines(be: BreakEven, direct: bigint, what: 'macs' | 'params', expand: boolean, m: Messages, s: Sizes): string[] {
  const b = m.bottleneck;
  const n = m.n;
  if (what === 'params') return [b.paramsBreakEven(be.width)];
  const { H, W, Ho, Wo, C, k, C2 } = s;
  const lines = [b.breakEvenTitle(expand)];
  lines.push(`  N = H'·W'·k·k·C·C2 = ${Ho}·${Wo}·${k}·${k}·${C}·${C2} = ${n.int(be.n)}`);
  if (expand) {
    lines.push(
      `  a = H'·W'·k·k = ${Ho}·${Wo}·${k}·${k} = ${n.int(be.a)}`,
      `  b = H·W·C + H'·W'·C2 = ${H}·${W}·${C} + ${Ho}·${Wo}·${C2} = ${n.int(be.b)}`,
      `  M < (√(b² + 4·a·N) − b) / (2·a) = ${n.fixed(be.root, 2)}`,
    );
  } else {
    lines.push(`  b = H·W·C + H'·W'·k·k·C2 = ${H}·${W}·${C} + ${Ho}·${Wo}·${k}·${k}·${C2} = ${n.int(be.b)}`, `  M < N / b = ${n.fixed(be.root, 2)}`);
  }
  lines.push(`  ${b.widest(be.width)}`);
  const points = be.check.map((c) => ({ mid: c.mid, macs: n.int(c.value), saves: c.value < direct }));
  lines.push(...b.check(points, n.int(direct)).map((line) => `  ${line}`));
  return lines;
}

export function renderBottleneck(r: BottleneckResult, m: Messages, format: 'table' | 'markdown'): string {
  const q = r.query;
  const b = m.bottleneck;
  const grid = q.mid !== undefined ? sidesGrid(r, m) : widthsGrid(r, m);
  const body =
    format === 'markdown'
      ? markdownTable(grid.head, grid.rows, new Set(grid.head.map((_, i) => i).filter((i) => i > 0)))
      : drawGrid(grid);
  const title = b.title(q.kernel, q.input.join('x'), r.direct.outputShape.join('x'), q.stride, q.bias, q.expand);
  const layout = [
    `  ${b.direct}: ${b.convLayer(q.kernel, q.input[2], q.out)}`,
    `  ${b.bottleneck}: ${b.bottleneckLayers(q.kernel, q.input[2], q.mid, q.out, q.expand)}`,
  ];
  const head = format === 'markdown' ? [`### ${title}`, '', ...layout.map((l) => `- ${l.trim()}`), ''] : [chalk.bold(title), ...layout];
  const directLine = q.mid === undefined ? [b.directTotals(m.n.int(r.direct.params), m.n.int(r.direct.macs))] : [b.ratioMeaning];
  if (r.device) directLine.push(m.memory.estimate(r.device.name, r.conventions.dtype));
  if (r.device && q.mid === undefined) directLine.push(b.directTime(m.n.duration(r.direct.time!.seconds)));
  const text = explanation(r, m);
  const tail = format === 'markdown' ? ['', '```', ...text, '```'] : ['', ...text];
  return [...head, body, ...directLine, ...tail].join('\n') + '\n';
}
