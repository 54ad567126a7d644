import type { Const, OnnxImport } from './onnx.js';
import type { Handler } from './onnx-ops.js';
import { flattenDims, product, reshapeDims, squeezeDims, unsqueezeDims } from './onnx-shapes.js';
import { int, tensorValues } from './onnx-proto.js';

/**
 * Constants and the shape arithmetic exporters write around them (PyTorch's `x.view(x.size(0), -1)`
 * becomes Shape, Gather, Unsqueeze, Concat, Reshape): computed here from the known dims, so the
 * Reshape that reads them gets numbers. Nothing here becomes a layer.
 */

const constant = (dims: number[], values: number[] | undefined, learnable = false): Const => ({ kind: 'const', dims, values, learnable });

function inputs(c: OnnxImport): Const[] {
  return c.node.input.filter(Boolean).map((name) => {
    const v = c.value(name);
    if (v.kind !== 'const') c.fail('mixes computed tensors and constants in a way archcost cannot follow');
    return v;
  });
}

/** NumPy broadcasting of two flat value lists, enough for shape arithmetic (scalars and equal lengths). */
function arithmetic(c: OnnxImport, f: (a: number, b: number) => number): void {
  const [a, b] = inputs(c);
  if (!a.values || !b.values) return c.set(0, constant(a.dims.length >= b.dims.length ? a.dims : b.dims, undefined));
  const n = Math.max(a.values.length, b.values.length);
  if (a.values.length !== n && a.values.length !== 1 || b.values.length !== n && b.values.length !== 1) {
    c.fail(`cannot compute ${c.node.op_type} of constants with dims [${a.dims.join(', ')}] and [${b.dims.join(', ')}]`);
  }
  const at = (v: number[], i: number) => (v.length === 1 ? v[0] : v[i]);
  c.set(0, constant(a.values.length >= b.values.length ? a.dims : b.dims, Array.from({ length: n }, (_, i) => f(at(a.values!, i), at(b.values!, i)))));
}

/** Same values, new dims (row-major order does not change). */
const reshapeConstant = (dimsOf: (c: OnnxImport, dims: number[]) => number[]) => (c: OnnxImport) => {
  const [x] = inputs(c);
  c.set(0, constant(dimsOf(c, x.dims), x.values, x.learnable));
};

const FOLDERS: Record<string, Handler> = {
  Add: (c) => arithmetic(c, (a, b) => a + b),
  Sub: (c) => arithmetic(c, (a, b) => a - b),
  Mul: (c) => arithmetic(c, (a, b) => a * b),
  // Shape arithmetic is on integers: ONNX's integer Div truncates.
  Div: (c) => arithmetic(c, (a, b) => (Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b)),
  Reshape: reshapeConstant(reshapeDims),
  Flatten: reshapeConstant(flattenDims),
  Squeeze: reshapeConstant(squeezeDims),
  Unsqueeze: reshapeConstant(unsqueezeDims),
  Transpose: (c) => {
    const [x] = inputs(c);
    const order = c.attrs.ints('perm') ?? x.dims.map((_, i) => x.dims.length - 1 - i);
    c.set(0, constant(order.map((i) => x.dims[i]), x.dims.length <= 1 ? x.values : undefined, x.learnable));
  },
  Concat: (c) => {
    const parts = inputs(c);
    const rank = parts[0].dims.length;
    const axis = c.inRange(c.attrs.int('axis', 0), rank);
    const dims = parts[0].dims.map((d, i) => (i === axis ? parts.reduce((sum, p) => sum + p.dims[i], 0) : d));
    const values = rank === 1 && parts.every((p) => p.values) ? parts.flatMap((p) => p.values!) : undefined;
    c.set(0, constant(dims, values));
  },
  Gather: (c) => {
    const [data, indices] = inputs(c);
    const axis = c.attrs.int('axis', 0);
    if (data.dims.length !== 1 || axis !== 0 || !data.values || !indices.values) return c.set(0, constant([...indices.dims, ...data.dims.slice(1)], undefined));
    const n = data.values.length;
    c.set(0, constant(indices.dims, indices.values.map((i) => data.values![i < 0 ? i + n : i])));
  },
  Slice: (c) => {
    const [data] = inputs(c);
    const all = data.dims.length === 1 ? data.values : undefined;
    if (!all) return c.fail('slices a constant of more than one axis, or one whose values are not known');
    const read = (slot: number, attr: string) => (c.opset < 10 ? c.attrs.ints(attr) : c.optional(slot) ? c.numbers(slot, attr) : undefined);
    const n = all.length;
    const clamp = (i: number) => Math.max(0, Math.min(i < 0 ? i + n : i, n));
    const [start, end, step] = [read(1, 'starts')?.[0] ?? 0, read(2, 'ends')?.[0] ?? n, (c.opset < 10 ? undefined : read(4, 'steps'))?.[0] ?? 1];
    if (step !== 1) c.fail(`slices a constant with step ${step}`);
    const values = all.slice(clamp(start), clamp(end));
    c.set(0, constant([values.length], values));
  },
  Equal: (c) => arithmetic(c, (a, b) => (a === b ? 1 : 0)),
  Where: (c) => {
    const [condition, a, b] = inputs(c);
    const lists = [condition.values, a.values, b.values];
    const n = Math.max(...[condition, a, b].map((t) => t.values?.length ?? 0));
    if (lists.some((v) => !v || (v.length !== n && v.length !== 1))) return c.set(0, constant(a.dims, undefined));
    const at = (v: number[], i: number) => (v.length === 1 ? v[0] : v[i]);
    c.set(0, constant(a.dims.length >= b.dims.length ? a.dims : b.dims, Array.from({ length: n }, (_, i) => (at(lists[0]!, i) ? at(lists[1]!, i) : at(lists[2]!, i)))));
  },
  // A learned tensor expanded over the batch (ViT's class token) stays learned: its own dims count.
  Expand: (c) => {
    const [x] = inputs(c);
    const shape = c.numbers(1, 'shape');
    const rank = Math.max(shape.length, x.dims.length);
    const pad = (d: number[]) => [...Array<number>(rank - d.length).fill(1), ...d];
    const dims = pad(x.dims).map((d, i) => Math.max(d, pad(shape)[i]));
    c.set(0, { ...constant(dims, undefined, x.learnable), learnedDims: x.learnedDims ?? x.dims });
  },
  Cast: (c) => c.set(0, inputs(c)[0]),
  Identity: (c) => c.set(0, inputs(c)[0]),
};

/** The current node computed from constant inputs, or an error when that is not one of the foldable ops. */
export function fold(c: OnnxImport): void {
  const folder = FOLDERS[c.node.op_type];
  if (!folder) c.fail(`${c.node.op_type} of constants is not computed by the importer`);
  folder(c);
}

export const FOLDS: Record<string, Handler> = {
  Constant: (c) => {
    const t = c.attrs.tensor('value');
    if (t) {
      const dims = t.dims.map((d) => int(d) ?? c.fail('the constant has an invalid dimension'));
      return c.set(0, constant(dims, tensorValues(t, product(dims))));
    }
    const floats = c.attrs.floats('value_floats');
    const ints = c.attrs.ints('value_ints');
    if (floats?.length || ints?.length) return c.set(0, constant([(floats?.length ? floats : ints)!.length], floats?.length ? floats : ints));
    if (c.attrs.has('value_float')) return c.set(0, constant([], [c.attrs.float('value_float', 0)]));
    if (c.attrs.has('value_int')) return c.set(0, constant([], [c.attrs.int('value_int', 0)]));
    c.fail('the constant has no value this importer reads (value, value_float(s), value_int(s))');
  },
  // Reads dims only, so any tensor: PyTorch sizes an LSTM's zero initial state from its time-major input.
  Shape: (c) => {
    const v = c.value(c.node.input[0], { timeMajor: true, view: true });
    const rank = v.dims.length;
    const bound = (name: string, fallback: number) => {
      const i = c.attrs.int(name, fallback);
      return Math.max(0, Math.min(i < 0 ? i + rank : i, rank));
    };
    const dims = v.dims.slice(bound('start', 0), bound('end', rank));
    c.set(0, constant([dims.length], dims));
  },
  ConstantOfShape: (c) => {
    const dims = c.numbers(0, 'shape');
    const t = c.attrs.tensor('value');
    const fill = t ? tensorValues(t, 1)?.[0] ?? 0 : 0;
    c.set(0, constant(dims, product(dims) <= 1 << 16 ? Array<number>(product(dims)).fill(fill) : undefined));
  },
};
