import { RuleError } from '../core/errors.js';
import { formatShape, type Shape } from './types.js';

export type PaddingArg = number | 'same' | 'valid' | readonly (number | readonly [number, number])[];

const AXIS_NAMES: Record<number, readonly string[]> = {
  1: ['length'],
  2: ['height', 'width'],
  3: ['depth', 'height', 'width'],
};

export function axisName(axis: number, spatialRank: number): string {
  return AXIS_NAMES[spatialRank]?.[axis] ?? `axis ${axis}`;
}

/** The spatial extent of an input that needs one: [L, C], [H, W, C] or [D, H, W, C]. */
export function spatialOf(shape: Shape, op: string): number[] {
  if (shape.length < 2 || shape.length > 4) {
    throw new RuleError(
      `${op} needs an input with 1 to 3 spatial axes plus channels ([L, C], [H, W, C] or [D, H, W, C]), got ${formatShape(shape)}`,
    );
  }
  return shape.slice(0, -1);
}

export function channelsOf(shape: Shape): number {
  return shape[shape.length - 1];
}

/** An int or per-axis list, expanded to one value per spatial axis. */
export function perAxis(value: number | readonly number[], rank: number, arg: string): number[] {
  if (typeof value === 'number') return Array<number>(rank).fill(value);
  if (value.length === rank) return [...value];
  if (value.length === 1) return Array<number>(rank).fill(value[0]);
  throw new RuleError(`${arg} has ${value.length} entries but the input has ${rank} spatial axes`, [arg]);
}

/** [before, after] padding per axis; `same` pads like TensorFlow (the odd pixel goes at the end). */
export function resolvePadding(
  padding: PaddingArg,
  spatial: readonly number[],
  kernel: readonly number[],
  stride: readonly number[],
  dilation: readonly number[],
): [number, number][] {
  const rank = spatial.length;
  if (padding === 'valid') return spatial.map(() => [0, 0]);
  if (padding === 'same') {
    return spatial.map((size, a) => {
      const out = Math.ceil(size / stride[a]);
      const total = Math.max((out - 1) * stride[a] + dilation[a] * (kernel[a] - 1) + 1 - size, 0);
      const before = Math.floor(total / 2);
      return [before, total - before];
    });
  }
  if (typeof padding === 'number') return spatial.map(() => [padding, padding]);
  const list = padding.length === 1 && rank > 1 ? Array(rank).fill(padding[0]) : padding;
  if (list.length !== rank) {
    throw new RuleError(`padding has ${padding.length} entries but the input has ${rank} spatial axes`, ['padding']);
  }
  return list.map((p: number | readonly [number, number]) => (typeof p === 'number' ? [p, p] : [p[0], p[1]]));
}

export interface WindowArgs {
  kernel: number | readonly number[];
  stride: number | readonly number[];
  dilation?: number | readonly number[];
  padding: PaddingArg;
  ceil_mode?: boolean;
}

export interface Window {
  kernel: number[];
  stride: number[];
  dilation: number[];
  padding: [number, number][];
  output: number[];
}

/** Sliding-window geometry shared by convolutions and pools (PyTorch's output-size formula). */
export function slideWindow(spatial: readonly number[], args: WindowArgs, op: string): Window {
  const rank = spatial.length;
  const kernel = perAxis(args.kernel, rank, 'kernel');
  const stride = perAxis(args.stride, rank, 'stride');
  const dilation = perAxis(args.dilation ?? 1, rank, 'dilation');
  const padding = resolvePadding(args.padding, spatial, kernel, stride, dilation);
  const output = spatial.map((size, a) => {
    const padded = size + padding[a][0] + padding[a][1];
    const span = dilation[a] * (kernel[a] - 1) + 1;
    if (span > padded) {
      const dilated = dilation[a] > 1 ? ` (dilated to ${span})` : '';
      throw new RuleError(
        `${op} kernel ${kernel[a]}${dilated} is larger than the padded input ${padded} on the ${axisName(a, rank)} axis`,
        ['kernel'],
      );
    }
    const steps = (padded - span) / stride[a];
    let out = (args.ceil_mode ? Math.ceil(steps) : Math.floor(steps)) + 1;
    // PyTorch: with ceil_mode the last window must start inside the input or its left padding.
    if (args.ceil_mode && (out - 1) * stride[a] >= size + padding[a][0]) out -= 1;
    return out;
  });
  return { kernel, stride, dilation, padding, output };
}

export function product(values: readonly number[]): bigint {
  let n = 1n;
  for (const v of values) n *= BigInt(v);
  return n;
}
