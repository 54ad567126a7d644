import type { OnnxImport } from './onnx.js';

/** New dims of Flatten, Reshape, Squeeze and Unsqueeze, for computed tensors and constants alike. */

export const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

export function flattenDims(c: OnnxImport, dims: number[]): number[] {
  const raw = c.attrs.int('axis', 1);
  const axis = raw < 0 ? raw + dims.length : raw;
  return [product(dims.slice(0, axis)), product(dims.slice(axis))];
}

export function reshapeDims(c: OnnxImport, dims: number[]): number[] {
  const shape = c.opset < 5 ? c.attrs.ints('shape') ?? c.fail('shape is missing') : c.numbers(1, 'shape');
  const keepZero = c.attrs.int('allowzero', 0) === 1;
  const out = shape.map((d, i) => (d === 0 && !keepZero ? dims[i] : d));
  const unknown = out.indexOf(-1);
  if (unknown >= 0) {
    const known = product(out.filter((_, i) => i !== unknown));
    out[unknown] = known === 0 ? 0 : product(dims) / known;
  }
  if (product(out) !== product(dims) || out.some((d) => !Number.isInteger(d) || d < 0)) c.fail(`cannot reshape [${dims.join(', ')}] to [${shape.join(', ')}]`);
  return out;
}

function axesArg(c: OnnxImport, rank: number): number[] | undefined {
  const raw = c.opset < 13 ? c.attrs.ints('axes') : c.optional(1) ? c.numbers(1, 'axes') : undefined;
  return raw?.map((a) => c.inRange(a, rank, 'axes entry'));
}

/** The axes Squeeze removes: those given, else every axis of size 1. */
function squeezedAxes(c: OnnxImport, dims: number[]): number[] {
  const axes = axesArg(c, dims.length) ?? dims.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
  if (axes.some((a) => dims[a] !== 1)) c.fail(`squeezes an axis whose size is not 1 (dims [${dims.join(', ')}])`);
  return axes;
}

export function squeezeDims(c: OnnxImport, dims: number[]): number[] {
  const axes = squeezedAxes(c, dims);
  return dims.filter((_, i) => !axes.includes(i));
}

/** The axes Unsqueeze inserts, numbered in its output. */
function insertedAxes(c: OnnxImport, dims: number[]): { rank: number; axes: number[] } {
  const rank = dims.length + (c.opset < 13 ? c.attrs.ints('axes') ?? [] : c.numbers(1, 'axes')).length;
  return { rank, axes: axesArg(c, rank) ?? [] };
}

export function unsqueezeDims(c: OnnxImport, dims: number[]): number[] {
  const { rank, axes } = insertedAxes(c, dims);
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : dims[next++]);
  return out;
}

/**
 * Where axis `axis` of `dims` is after Squeeze or Unsqueeze, which know the axes they remove or
 * insert (a time-major tensor's batch: by sizes alone, [L, 1, N, H] with L = N = 1 has no answer).
 */
export function squeezedAxis(c: OnnxImport, dims: number[], axis: number): number {
  const axes = squeezedAxes(c, dims);
  if (axes.includes(axis)) c.fail(`squeezes axis ${axis}, the batch (dims [${dims.join(', ')}]); archcost keeps the batch apart`);
  return axis - axes.filter((a) => a < axis).length;
}

export function unsqueezedAxis(c: OnnxImport, dims: number[], axis: number): number {
  const { axes } = insertedAxes(c, dims);
  let at = axis;
  for (let i = 0; i <= at; i++) if (axes.includes(i)) at++;
  return at;
}
