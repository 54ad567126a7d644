import { analyze, type LayerReport, type Report } from '../counting/analyze.js';
import { ratio, secondsRatio } from './compare.js';
import type { Conventions } from '../counting/conventions.js';
import type { Device } from '../counting/devices.js';
import type { Dtype } from '../core/dtype.js';
import { ArchcostError } from '../core/errors.js';
import { estimateTime, type DeviceUsed, type TimeTotals } from '../counting/roofline.js';

/**
 * The seed question in numbers: a direct kxk conv from C to C2 channels against a 1x1 reduction
 * to M channels before the kxk conv (and, with `expand`, ResNet's 1x1 → kxk → 1x1). Both are
 * built as specs and run through `analyze`; this module adds the closed forms and the break-even width.
 */
export interface BottleneckQuery {
  /** [H, W, C]. */
  input: number[];
  kernel: number;
  /** C2, the output channels. */
  out: number;
  /** M, the reduced width; without it a range of powers of two is tabulated. */
  mid?: number;
  stride: number;
  /** ResNet's form: 1x1 to M, kxk M → M, 1x1 to C2. */
  expand: boolean;
  bias: boolean;
  dtype?: Dtype;
  /** Adds the roofline time of each side on this device. */
  device?: Device;
}

/** What one side costs (per sample). */
export interface Side {
  params: bigint;
  macs: bigint;
  flops: bigint;
  activationBytes: bigint;
  peakActivationBytes: bigint;
  outputShape: number[];
  /** With a device: the roofline estimate (roofline.ts), layers one after another. */
  time?: TimeTotals;
}

export interface Ratio {
  params: number | null;
  macs: number | null;
  flops: number | null;
  /** With a device: direct seconds / bottleneck seconds. */
  time?: number | null;
}

/** One term of a closed form: the symbols, the same with the numbers in, and its value. */
export interface Term {
  layer: string;
  symbols: string;
  numbers: string;
  value: bigint;
}

/** Largest M with a·M² + b·M < N, from the closed form, and the check by analyze at M and M+1. */
export interface BreakEven {
  width: number;
  a: bigint;
  b: bigint;
  n: bigint;
  /** The real root of a·M² + b·M = N (for a = 0, N / b). */
  root: number;
  check: { mid: number; value: bigint }[];
}

export interface BottleneckComparison {
  mid: number;
  bottleneck: Side;
  ratio: Ratio;
  /** MACs of each layer of the bottleneck, for the closed form. */
  terms: Term[];
}

/** What `bottleneck --format json` prints (terms and break-even details are for the text). */
export interface BottleneckResult {
  query: BottleneckQuery;
  conventions: Conventions;
  /** With a device: its figures at the query's dtype. */
  device?: DeviceUsed;
  direct: Side;
  directTerm: Term;
  /** One entry with --mid, else one per power of two. */
  widths: BottleneckComparison[];
  breakEven: { macs: BreakEven; params: BreakEven };
}

const sideOf = (r: Report, device?: Device): Side => ({
  params: r.totals.params,
  macs: r.totals.macs,
  flops: r.totals.flops,
  activationBytes: r.totals.activationBytes,
  peakActivationBytes: r.totals.peakActivationBytes,
  outputShape: r.output.shape,
  time: device && estimateTime(r, device).totals,
});

function conv(name: string, filters: number, kernel: number, stride: number, bias: boolean) {
  return { conv: { name, filters, kernel, stride, padding: 'same', bias } };
}

export function directSpec(q: BottleneckQuery): object {
  return { name: 'direct', input: q.input, dtype: q.dtype, layers: [conv('direct', q.out, q.kernel, q.stride, q.bias)] };
}

/** 1x1 to M, ReLU, kxk (stride here, as in ResNet v1.5) to C2, or to M then ReLU and 1x1 to C2. */
export function bottleneckSpec(q: BottleneckQuery, mid: number): object {
  const layers: unknown[] = [conv('reduce', mid, 1, 1, q.bias), 'relu', conv('spatial', q.expand ? mid : q.out, q.kernel, q.stride, q.bias)];
  if (q.expand) layers.push('relu', conv('expand', q.out, 1, 1, q.bias));
  return { name: 'bottleneck', input: q.input, dtype: q.dtype, layers };
}

const run = (spec: object) => analyze(spec, { file: '(bottleneck)' });

export function exploreBottleneck(q: BottleneckQuery): BottleneckResult {
  if (q.input.length !== 3) {
    throw new ArchcostError({ message: `--input: expected HxWxC (a 2-D map with channels), got ${q.input.join('x')}` });
  }
  const direct = run(directSpec(q));
  const compareAt = (mid: number): BottleneckComparison => {
    const report = run(bottleneckSpec(q, mid));
    const side = sideOf(report, q.device);
    return {
      mid,
      bottleneck: side,
      ratio: {
        params: ratio(direct.totals.params, side.params),
        macs: ratio(direct.totals.macs, side.macs),
        flops: ratio(direct.totals.flops, side.flops),
        time: directSide.time && side.time && secondsRatio(directSide.time.seconds, side.time.seconds),
      },
      terms: bottleneckTerms(q, mid, report.layers),
    };
  };
  const directSide = sideOf(direct, q.device);
  const widths = (q.mid !== undefined ? [q.mid] : powersOfTwo(Math.max(q.input[2], q.out))).map(compareAt);
  return {
    query: q,
    conventions: direct.conventions,
    device: q.device && estimateTime(direct, q.device).device,
    direct: directSide,
    directTerm: term(direct.layers[0], "H'·W'·C2·(k·k·C)", [...outSize(q), q.out, `(${q.kernel}·${q.kernel}·${q.input[2]})`]),
    widths,
    breakEven: {
      macs: checked(macsBreakEven(q), direct.totals.macs, (m) => run(bottleneckSpec(q, m)).totals.macs),
      params: checked(paramsBreakEven(q), direct.totals.params, (m) => run(bottleneckSpec(q, m)).totals.params),
    },
  };
}

/** 1, 2, 4, … up to the first power of two at or above the widest side; at most the last 10. */
export function powersOfTwo(widest: number): number[] {
  const widths: number[] = [];
  for (let m = 1; ; m *= 2) {
    widths.push(m);
    if (m >= widest) break;
  }
  return widths.slice(-10);
}

/** Output spatial size with `same` padding: ceil(in / stride). */
const outSize = (q: BottleneckQuery) => [Math.ceil(q.input[0] / q.stride), Math.ceil(q.input[1] / q.stride)];

function term(layer: LayerReport, symbols: string, factors: (number | string)[]): Term {
  return { layer: layer.name, symbols, numbers: factors.join('·'), value: layer.macs };
}

function bottleneckTerms(q: BottleneckQuery, mid: number, layers: LayerReport[]): Term[] {
  const [H, W, C] = q.input;
  const [Ho, Wo] = outSize(q);
  const k = q.kernel;
  const find = (name: string) => layers.find((l) => l.name === name)!;
  const terms = [
    term(find('reduce'), 'H·W·M·C', [H, W, mid, C]),
    q.expand
      ? term(find('spatial'), "H'·W'·M·(k·k·M)", [Ho, Wo, mid, `(${k}·${k}·${mid})`])
      : term(find('spatial'), "H'·W'·C2·(k·k·M)", [Ho, Wo, q.out, `(${k}·${k}·${mid})`]),
  ];
  if (q.expand) terms.push(term(find('expand'), "H'·W'·C2·M", [Ho, Wo, q.out, mid]));
  return terms;
}

/*
 * Break-even in closed form. With P = H·W input positions, P' = H'·W' output positions, K = k·k:
 *   direct MACs          N = P'·K·C·C2
 *   reduce form     B(M) = P·C·M + P'·K·M·C2            = b·M,          b = P·C + P'·K·C2
 *   expand form     B(M) = P·C·M + P'·K·M² + P'·M·C2     = a·M² + b·M,   a = P'·K, b = P·C + P'·C2
 * The bottleneck saves MACs while B(M) < N: M < N/b, or M < (√(b² + 4aN) − b) / 2a.
 * Params, the same with P = P' = 1 (weights are shared over positions) plus the bias terms.
 */
export function macsBreakEven(q: BottleneckQuery): Omit<BreakEven, 'check'> {
  const [H, W, C] = q.input.map(BigInt);
  const [Ho, Wo] = outSize(q).map(BigInt);
  const P = H * W;
  const Po = Ho * Wo;
  const K = BigInt(q.kernel) ** 2n;
  const C2 = BigInt(q.out);
  const n = Po * K * C * C2;
  return q.expand ? solve(Po * K, P * C + Po * C2, n) : solve(0n, P * C + Po * K * C2, n);
}

export function paramsBreakEven(q: BottleneckQuery): Omit<BreakEven, 'check'> {
  const C = BigInt(q.input[2]);
  const K = BigInt(q.kernel) ** 2n;
  const C2 = BigInt(q.out);
  const bias = q.bias ? 1n : 0n; // the bias of C2 is on both sides; each extra layer of M adds M
  return q.expand ? solve(K, C + C2 + 2n * bias, K * C * C2) : solve(0n, C + K * C2 + bias, K * C * C2);
}

/** The largest integer M >= 0 with a·M² + b·M < n (a >= 0, b > 0). */
export function solve(a: bigint, b: bigint, n: bigint): Omit<BreakEven, 'check'> {
  const f = (m: bigint) => a * m * m + b * m;
  let m: bigint;
  let root: number;
  if (a === 0n) {
    m = (n - 1n) / b;
    root = Number(n) / Number(b);
  } else {
    const disc = b * b + 4n * a * n;
    m = (isqrt(disc) - b) / (2n * a);
    root = (Math.sqrt(Number(disc)) - Number(b)) / (2 * Number(a));
    // isqrt floors, so m is the root's floor or one above it when the root is an integer.
    while (m > 0n && f(m) >= n) m -= 1n;
    while (f(m + 1n) < n) m += 1n;
  }
  return { width: Number(m), a, b, n, root };
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}

/** Runs the spec at the break-even width and one above: the first must save, the second must not. */
function checked(form: Omit<BreakEven, 'check'>, directValue: bigint, at: (mid: number) => bigint): BreakEven {
  const mids = form.width > 0 ? [form.width, form.width + 1] : [1];
  const check = mids.map((mid) => ({ mid, value: at(mid) }));
  const saves = check.map((c) => c.value < directValue);
  if (saves.at(-1) || (form.width > 0 && !saves[0])) {
    throw new Error(`bottleneck break-even ${form.width} disagrees with analyze: ${check.map((c) => `${c.mid}: ${c.value}`).join(', ')} against ${directValue}`);
  }
  return { ...form, check };
}
