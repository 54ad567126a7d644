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

export function squeezeDims(c: OnnxImport, dims: number[]): number[] {
  const axes = axesArg(c, dims.length) ?? dims.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
  if (axes.some((a) => dims[a] !== 1)) c.fail(`squeezes an axis whose size is not 1 (dims [${dims.join(', ')}])`);
  return dims.filter((_, i) => !axes.includes(i));
}

export function unsqueezeDims(c: OnnxImport, dims: number[]): number[] {
  const rank = dims.length + (c.opset < 13 ? c.attrs.ints('axes') ?? [] : c.numbers(1, 'axes')).length;
  const axes = axesArg(c, rank) ?? [];
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : dims[next++]);
  return out;
}
