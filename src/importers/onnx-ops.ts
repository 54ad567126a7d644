import { args } from './model-graph.js';
import { isPlain, type Act, type Const, type OnnxImport, type Value } from './onnx.js';
import { fold, FOLDS } from './onnx-fold.js';
import { pickBeforeBatch, recurrent } from './onnx-recurrent.js';
import { flattenDims, product, reshapeDims, squeezedAxis, squeezeDims, unsqueezedAxis, unsqueezeDims } from './onnx-shapes.js';

/**
 * The ONNX operators archcost reads, each mapped to archcost ops (docs/importers/onnx.md has the
 * table). A handler reads the current node's inputs and attributes from the context and sets its
 * outputs; anything it cannot map exactly is an error naming the node, never a silent zero.
 */
export type Handler = (c: OnnxImport) => void;

/** Input slots that hold weights: a graph input read only there is a parameter (export_params=False). */
export const WEIGHT_SLOTS: Record<string, number[]> = {
  Conv: [1, 2],
  ConvTranspose: [1, 2],
  Gemm: [1, 2],
  MatMul: [1],
  BatchNormalization: [1, 2, 3, 4],
  InstanceNormalization: [1, 2],
  LayerNormalization: [1, 2],
  GroupNormalization: [1, 2],
  PRelu: [1],
  Gather: [0],
  Add: [0, 1],
  Mul: [0, 1],
  LSTM: [1, 2, 3, 7],
  GRU: [1, 2, 3],
  RNN: [1, 2, 3],
};

/** Ops that read axis 1 as channels, so a rank-3 input they read is (N, C, L). */
export const CHANNEL_OPS = new Set(['Conv', 'ConvTranspose', 'MaxPool', 'AveragePool', 'BatchNormalization', 'InstanceNormalization', 'LRN', 'GlobalAveragePool', 'GlobalMaxPool']);

/** A per-axis list as the spec writes it: omitted when every entry is the default, one number when all agree. */
function compact(list: number[], fallback?: number): number | number[] | undefined {
  if (list.every((v) => v === list[0])) return list[0] === fallback ? undefined : list[0];
  return list;
}

const ones = (n: number) => Array<number>(n).fill(1);

/** ONNX's pads [x1_begin, x2_begin, ..., x1_end, x2_end] or auto_pad as archcost padding. */
function padding(c: OnnxImport, spatial: number[], kernel: number[], stride: number[], dilation: number[]): unknown {
  const rank = spatial.length;
  const auto = c.attrs.string('auto_pad', 'NOTSET');
  if (auto === 'VALID') return undefined;
  if (auto === 'SAME_UPPER') return 'same';
  let pairs: [number, number][];
  if (auto === 'SAME_LOWER') {
    pairs = spatial.map((size, i) => {
      const total = Math.max((Math.ceil(size / stride[i]) - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1 - size, 0);
      return [total - Math.floor(total / 2), Math.floor(total / 2)];
    });
  } else {
    const pads = c.attrs.ints('pads') ?? Array<number>(2 * rank).fill(0);
    if (pads.length !== 2 * rank) c.fail(`pads has ${pads.length} entries; a ${rank}-D window needs ${2 * rank}`);
    if (pads.some((p) => p < 0)) c.fail(`negative pads [${pads.join(', ')}] (cropping) have no archcost equivalent`);
    pairs = spatial.map((_, i) => [pads[i], pads[i + rank]]);
  }
  if (pairs.every(([b, e]) => b === e)) return compact(pairs.map(([b]) => b), 0);
  return pairs;
}

/** kernel, stride, dilation and padding of a Conv, ConvTranspose or pool node. */
function window(c: OnnxImport, x: Act, kernel: number[]) {
  const rank = x.dims.length - 2;
  if (kernel.length !== rank) c.fail(`kernel_shape has ${kernel.length} entries for an input with ${rank} spatial axes`);
  const stride = c.attrs.ints('strides') ?? ones(rank);
  const dilation = c.attrs.ints('dilations') ?? ones(rank);
  return { kernel, stride, dilation, padding: padding(c, x.dims.slice(2), kernel, stride, dilation) };
}

const conv: Handler = (c) => {
  const x = c.channelsLast(c.act(0));
  const w = c.weight(1, 'the weight W');
  const group = c.attrs.int('group', 1);
  if (w.dims.length !== x.dims.length) c.fail(`W has dims [${w.dims.join(', ')}], which do not fit an input of rank ${x.dims.length}`);
  if (w.dims[1] * group !== x.dims[1]) c.fail(`W takes ${w.dims[1]} channels per group x ${group} groups, but the input has ${x.dims[1]} channels`);
  const g = window(c, x, c.attrs.ints('kernel_shape') ?? w.dims.slice(2));
  const bias = c.optional(2) !== undefined;
  const spec = args({
    filters: w.dims[0],
    kernel: compact(g.kernel),
    stride: compact(g.stride, 1),
    padding: g.padding,
    dilation: compact(g.dilation, 1),
    groups: group === 1 ? undefined : group,
    bias: bias ? undefined : false,
  });
  c.set(0, c.emit('conv', spec, [x], x.perm));
};

const convTranspose: Handler = (c) => {
  const x = c.channelsLast(c.act(0));
  const w = c.weight(1, 'the weight W');
  const group = c.attrs.int('group', 1);
  if (w.dims.length !== x.dims.length || w.dims[0] !== x.dims[1]) c.fail(`W has dims [${w.dims.join(', ')}], which do not fit an input with ${x.dims[1]} channels`);
  const g = window(c, x, c.attrs.ints('kernel_shape') ?? w.dims.slice(2));
  if (c.attrs.has('output_shape')) c.fail('output_shape is not read; export with explicit pads and output_padding');
  if (g.padding === 'same' || Array.isArray(g.padding) && g.padding.some((p) => Array.isArray(p))) {
    c.fail('ConvTranspose with auto_pad or uneven pads has no archcost form; export with symmetric pads');
  }
  const extra = c.attrs.ints('output_padding');
  const spec = args({
    filters: w.dims[1] * group,
    kernel: compact(g.kernel),
    stride: compact(g.stride, 1),
    padding: g.padding,
    dilation: compact(g.dilation, 1),
    output_padding: extra ? compact(extra, 0) : undefined,
    groups: group === 1 ? undefined : group,
    bias: c.optional(2) !== undefined ? undefined : false,
  });
  c.set(0, c.emit('conv_transpose', spec, [x], x.perm));
};

const pool =
  (op: 'maxpool' | 'avgpool'): Handler =>
  (c) => {
    const x = c.channelsLast(c.act(0));
    const kernel = c.attrs.ints('kernel_shape') ?? c.fail('kernel_shape is missing');
    const g = window(c, x, kernel);
    if (g.dilation.some((d) => d !== 1)) c.fail('pooling with dilations has no archcost form');
    if (c.node.output[1] && c.readers.get(c.node.output[1])?.length) c.fail("MaxPool's Indices output is read; archcost pools give values only");
    const ceil = c.attrs.int('ceil_mode', 0) === 1;
    // ONNX strides default to 1, archcost's to the kernel: always write them.
    const spec = args({ kernel: compact(g.kernel), stride: compact(g.stride), padding: g.padding, ceil_mode: ceil || undefined });
    c.set(0, c.emit(op, spec, [x], x.perm));
  };

const globalPool =
  (op: 'globalavgpool' | 'globalmaxpool'): Handler =>
  (c) => {
    const x = c.channelsLast(c.act(0));
    c.set(0, c.emit(op, { keepdims: true }, [x], x.perm));
  };

/** Channels on the last archcost axis: channels-last for (N, C, ...), as it is for (N, C). */
const withChannels = (c: OnnxImport, a: Act) => (a.dims.length >= 3 ? c.channelsLast(a) : a);
/** The last ONNX axis on the last archcost axis (LayerNormalization, MatMul, Softmax over the last axis). */
const lastAxisLast = (c: OnnxImport, a: Act) => (a.perm[a.perm.length - 1] === a.perm.length - 1 ? a : c.plain(a));

function checkChannels(c: OnnxImport, w: Const, channels: number, what: string): void {
  if (product(w.dims) !== channels) c.fail(`${what} has ${product(w.dims)} values for ${channels} channels`);
}

const batchNormalization: Handler = (c) => {
  const x = withChannels(c, c.act(0));
  checkChannels(c, c.weight(1, 'scale'), x.dims[1], 'scale');
  for (const slot of [2, 3, 4]) c.weight(slot, ['', '', 'B', 'input_mean', 'input_var'][slot]);
  if (c.node.output.slice(1).some((o) => o && c.readers.get(o)?.length)) c.fail('the training outputs (running mean and variance) are read; archcost counts inference');
  c.set(0, c.emit('batchnorm', {}, [x], x.perm));
};

const instanceNormalization: Handler = (c) => {
  const x = c.channelsLast(c.act(0));
  checkChannels(c, c.weight(1, 'scale'), x.dims[1], 'scale');
  c.weight(2, 'B');
  c.set(0, c.emit('groupnorm', { groups: x.dims[1] }, [x], x.perm));
};

const groupNormalization: Handler = (c) => {
  const x = c.channelsLast(c.act(0));
  const groups = c.attrs.int('num_groups', 0);
  if (groups < 1) c.fail('num_groups is missing');
  checkChannels(c, c.weight(1, 'scale'), x.dims[1], 'scale');
  c.weight(2, 'bias');
  c.set(0, c.emit('groupnorm', { groups }, [x], x.perm));
};

const layerNormalization: Handler = (c) => {
  const a = c.act(0);
  const axis = c.attrs.int('axis', -1);
  if (axis !== -1 && axis !== a.dims.length - 1) c.fail(`normalises from axis ${axis}; archcost's layernorm normalises the last axis only`);
  const x = lastAxisLast(c, a);
  checkChannels(c, c.weight(1, 'Scale'), a.dims[a.dims.length - 1], 'Scale');
  if (!c.optional(2)) c.fail("has no bias B; archcost's layernorm counts scale and shift (2·C params)");
  if (c.node.output.slice(1).some((o) => o && c.readers.get(o)?.length)) c.fail('its Mean or InvStdDev output is read');
  c.set(0, c.emit('layernorm', {}, [x], x.perm));
};

const unary =
  (op: string, read: (c: OnnxImport) => Record<string, unknown> = () => ({})): Handler =>
  (c) => {
    const x = c.act(0);
    c.set(0, c.emit(op, read(c), [x], x.perm));
  };

const clip: Handler = (c) => {
  const bound = (slot: number, attr: string, fallback: number) => {
    if (c.opset < 11) return c.attrs.float(attr, fallback);
    return c.optional(slot) ? c.numbers(slot, attr)[0] : fallback;
  };
  const [low, high] = [bound(1, 'min', -Infinity), bound(2, 'max', Infinity)];
  const x = c.act(0);
  if (low === 0 && high === 6) c.set(0, c.emit('relu6', {}, [x], x.perm));
  else if (low === 0 && high === Infinity) c.set(0, c.emit('relu', {}, [x], x.perm));
  else c.fail(`Clip to [${low}, ${high}] has no archcost op (relu is [0, inf), relu6 [0, 6])`);
};

const prelu: Handler = (c) => {
  const x = withChannels(c, c.act(0));
  checkChannels(c, c.weight(1, 'slope'), x.dims[1], 'slope');
  c.set(0, c.emit('prelu', {}, [x], x.perm));
};

const softmax: Handler = (c) => {
  const a = c.act(0);
  const rank = a.dims.length;
  const axis = c.axis(c.attrs.int('axis', c.opset < 13 ? 1 : -1), rank);
  // Before opset 13 Softmax flattens the axes from `axis` on: the same only when that is the last one.
  if (c.opset < 13 && axis !== rank - 1) c.fail(`opset ${c.opset} Softmax over axes ${axis}.. together has no archcost op; re-export with opset 13 or later`);
  const archAxis = a.perm[axis - 1];
  c.set(0, c.emit('softmax', args({ axis: archAxis === rank - 2 ? undefined : archAxis }), [a], a.perm));
};

/** Add, Sub (as add) and Mul, Div (as multiply): one flop per output element either way. */
const elementwise =
  (merge: 'add' | 'multiply'): Handler =>
  (c) => {
    const [a, b] = [c.value(c.node.input[0]), c.value(c.node.input[1])];
    if (a.kind === 'const' && b.kind === 'const') return fold(c);
    if (a.kind === 'act' && b.kind === 'act') {
      if (a.dims.length !== b.dims.length) c.fail(`broadcasts a rank-${a.dims.length} tensor with a rank-${b.dims.length} one; archcost needs equal ranks`);
      c.set(0, c.emit(merge, {}, [a, c.layout(b, a.perm)], a.perm));
      return;
    }
    const [x, w] = a.kind === 'act' ? [a, b as Const] : [b as Act, a as Const];
    withConstant(c, merge, x, w);
  };

/**
 * A computed tensor with a constant or learned operand: a learned [C] is a layer scale (Mul, Div)
 * or a bias (Add, Sub) on the channels, a learned [1, ...] of the whole shape a position
 * embedding; a constant that broadcasts into the tensor is one operation per element.
 */
function withConstant(c: OnnxImport, merge: 'add' | 'multiply', x: Act, w: Const): void {
  const what = `${c.node.op_type} of a computed tensor and ${w.learnable ? 'a learned' : 'a constant'} tensor [${w.dims.join(', ')}]`;
  if (w.dims.length > x.dims.length) c.fail(`${what} broadcasts the tensor to a higher rank`);
  const aligned = [...Array<number>(x.dims.length - w.dims.length).fill(1), ...w.dims];
  if (aligned.some((d, i) => d !== 1 && d !== x.dims[i])) c.fail(`${what} does not broadcast into [${x.dims.join(', ')}]`);
  if (!w.learnable) return c.set(0, c.emit('elementwise', {}, [x], x.perm));
  if (product(w.dims) === 1) {
    // One stored value (eps, a scale factor): exporters keep constants as initializers too.
    c.scalarInitializers++;
    return c.set(0, c.emit('elementwise', {}, [x], x.perm));
  }
  const varying = aligned.map((d, i) => (d === 1 ? -1 : i)).filter((i) => i >= 0);
  if (varying.length === 1) {
    const axis = varying[0];
    const y = axis === 1 && x.dims.length >= 3 ? c.channelsLast(x) : axis === x.dims.length - 1 ? lastAxisLast(c, x) : c.fail(`${what} varies along axis ${axis}, not the channels`);
    c.set(0, c.emit(merge === 'multiply' ? 'scale' : 'bias', {}, [y], y.perm));
    return;
  }
  if (merge === 'add' && aligned[0] === 1 && aligned.slice(1).every((d, i) => d === x.dims[i + 1])) {
    c.set(0, c.emit('position_embedding', {}, [x], x.perm));
    return;
  }
  c.fail(`${what} has no archcost op (learned operands map to scale or bias along the channels, or position_embedding over the whole shape)`);
}

/** The Add after a MatMul that adds a learned [N] bias: folded into the dense layer (PyTorch's Linear on 3-D input). */
function biasAdd(c: OnnxImport, units: number): { add: string } | undefined {
  const out = c.node.output[0];
  const readers = c.readers.get(out) ?? [];
  if (readers.length !== 1 || readers[0].op_type !== 'Add') return undefined;
  const other = readers[0].input.find((name) => name !== out);
  const v = other ? c.values.get(other) : undefined;
  if (v?.kind !== 'const' || !v.learnable || product(v.dims) !== units) return undefined;
  c.fused.add(readers[0]);
  return { add: readers[0].output[0] };
}

function dense(c: OnnxImport, x: Act, units: number, bias: boolean, extraOutput?: string): void {
  const y = c.emit('dense', args({ units, bias: bias ? undefined : false }), [x], x.perm, undefined, x.batch);
  c.set(0, y);
  if (extraOutput) c.values.set(extraOutput, y);
}

const matMul: Handler = (c) => {
  // A Linear on every step of a time-major sequence (PyTorch's batch_first=False) is a dense on [L, C] too.
  const b = c.value(c.node.input[1]);
  const a = c.value(c.node.input[0], { timeMajor: b.kind === 'const' });
  if (a.kind === 'act' && a.batch && (a.batch === a.dims.length - 1 || !isPlain(a.perm))) c.fail('multiplies a time-major tensor along its batch axis or in a transposed view');
  if (a.kind === 'const' && b.kind === 'const') return fold(c);
  if (a.kind !== 'act') return c.fail('MatMul with a weight on the left has no archcost op (dense multiplies by the weight on the right)');
  if (b.kind === 'act') {
    // Attention's QKᵀ and its product with V: both in ONNX's own axis order, where MatMul works.
    if (a.dims.length !== b.dims.length) c.fail(`multiplies tensors of ranks ${a.dims.length} and ${b.dims.length}; archcost's matmul takes equal ranks`);
    const [x, y] = [c.plain(a), c.plain(b)];
    return c.set(0, c.emit('matmul', {}, [x, y], x.perm));
  }
  if (b.dims.length !== 2) c.fail(`the weight has dims [${b.dims.join(', ')}]; archcost's dense takes a 2-D weight`);
  const [k, n] = b.dims;
  if (a.dims[a.dims.length - 1] !== k) c.fail(`the input's last axis is ${a.dims[a.dims.length - 1]} but the weight takes ${k}`);
  if (a.dims.length < 2) c.fail('the input has no batch axis');
  const fused = biasAdd(c, n);
  dense(c, lastAxisLast(c, a), n, fused !== undefined, fused?.add);
};

const gemm: Handler = (c) => {
  const a = c.act(0);
  const w = c.weight(1, 'B');
  if (a.dims.length !== 2) c.fail(`Gemm takes a 2-D input, got dims [${a.dims.join(', ')}]`);
  if (c.attrs.int('transA', 0) !== 0) c.fail('transA=1 (the batch on the second axis) has no archcost form');
  if (w.dims.length !== 2) c.fail(`B has dims [${w.dims.join(', ')}]`);
  const [k, n] = c.attrs.int('transB', 0) ? [w.dims[1], w.dims[0]] : w.dims;
  if (k !== a.dims[1]) c.fail(`B takes ${k} features but the input has ${a.dims[1]}`);
  const bias = c.optional(2);
  if (bias && product(bias.dims) !== n && product(bias.dims) !== 1) c.fail(`C has dims [${bias.dims.join(', ')}] for ${n} outputs`);
  if (bias && product(bias.dims) === 1 && n !== 1) c.fail('C is one value broadcast over every output; archcost counts a bias per output');
  dense(c, a, n, bias !== undefined);
};

const concat: Handler = (c) => {
  const inputs = c.node.input.map((name) => c.value(name, { timeMajor: true }));
  if (inputs.every((v) => v.kind === 'const')) return fold(c);
  if (inputs.some((v) => v.kind === 'act' && v.batch)) return concatTimeMajor(c, inputs);
  const token = learnedToken(c, inputs);
  if (token) return c.set(0, token);
  if (inputs.some((v) => v.kind === 'const')) c.fail('joins computed tensors with constants; archcost concatenates computed tensors only (a learned [1, k, C] before the tokens is a learned_token)');
  const acts = inputs as Act[];
  const first = acts[0];
  const rank = first.dims.length;
  if (acts.some((a) => a.dims.length !== rank)) c.fail('joins tensors of different ranks');
  const axis = c.axis(c.attrs.int('axis', 1), rank);
  if (acts.length === 1) return c.set(0, first);
  const archAxis = first.perm[axis - 1];
  c.set(0, c.emit('concat', args({ axis: archAxis === rank - 2 ? undefined : archAxis }), acts.map((a) => c.layout(a, first.perm)), first.perm));
};

/** Time-major tensors joined along another axis than the batch (PyTorch's h_n: the layers' Y_h one after another). */
function concatTimeMajor(c: OnnxImport, inputs: Value[]): void {
  const first = inputs[0] as Act;
  const batch = first.batch ?? 0;
  if (inputs.some((v) => v.kind !== 'act' || v.batch !== batch || v.dims.length !== first.dims.length || !isPlain(v.perm))) {
    c.fail('joins time-major tensors with others, or with their batch on different axes');
  }
  const axis = c.axis(c.attrs.int('axis', 1), first.dims.length, 'axis', batch);
  const archAxis = axis < batch ? axis : axis - 1;
  c.set(0, c.emit('concat', args({ axis: archAxis === first.perm.length - 1 ? undefined : archAxis }), inputs as Act[], first.perm, undefined, batch));
}

/** A learned [1, k, C] concatenated before [N, L, C] tokens (ViT's class token): archcost's learned_token. */
function learnedToken(c: OnnxImport, inputs: Value[]): Act | undefined {
  const [first, second] = inputs;
  if (inputs.length !== 2 || first.kind !== 'const' || !first.learnable || second.kind !== 'act' || second.dims.length !== 3) return undefined;
  if (c.axis(c.attrs.int('axis', 1), 3) !== 1) return undefined;
  const own = first.learnedDims ?? first.dims;
  if (own.length !== 3 || own[0] !== 1 || own[2] !== second.dims[2]) return undefined;
  const x = c.plain(second);
  return c.emit('learned_token', own[1] === 1 ? {} : { count: own[1] }, [x], x.perm);
}

/** Flatten, Reshape, Squeeze, Unsqueeze: new dims for the same elements; `axisOf`, where a given axis goes, for those that know. */
const reshapeLike =
  (dimsOf: (c: OnnxImport, dims: number[]) => number[], axisOf?: (c: OnnxImport, dims: number[], axis: number) => number): Handler =>
  (c) => {
    const v = c.value(c.node.input[0], { timeMajor: true, view: true });
    if (v.kind === 'const') return fold(c);
    c.set(0, c.reshaped(v, dimsOf(c, v.dims), v.batch ? axisOf?.(c, v.dims, v.batch) : undefined));
  };

/** Only relabels axes; one that moves the batch leaves a time-major tensor, which recurrent nodes read (PyTorch's batch_first). */
const transpose: Handler = (c) => {
  const v = c.value(c.node.input[0], { timeMajor: true, view: true });
  if (v.kind === 'const') return fold(c);
  const rank = v.dims.length;
  const order = c.attrs.ints('perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  if (order.length !== rank || !isPlain([...order].sort((a, b) => a - b))) c.fail(`perm [${order.join(', ')}] is not a permutation of ${rank} axes`);
  const batch = v.batch ?? 0;
  const batchAt = order.indexOf(batch);
  const perm = order.filter((from) => from !== batch).map((from) => v.perm[from < batch ? from : from - 1]);
  c.set(0, { kind: 'act', t: v.t, dims: order.map((from) => v.dims[from]), perm, ...(batchAt ? { batch: batchAt } : {}), ...(v.view ? { view: true } : {}) });
};

const pad: Handler = (c) => {
  const a = c.act(0);
  const rank = a.dims.length;
  const pads = c.opset < 11 ? c.attrs.ints('pads') ?? c.fail('pads is missing') : c.numbers(1, 'pads');
  if (c.optional(3)) c.fail('the axes input is not read; pad every axis');
  if (pads.length !== 2 * rank) c.fail(`pads has ${pads.length} entries for rank ${rank}`);
  if (pads.some((p) => p < 0)) c.fail('negative pads (cropping) have no archcost op');
  if (pads[0] || pads[1] || pads[rank] || pads[rank + 1]) c.fail('pads the batch or channel axis; archcost pads spatial axes only');
  const x = c.channelsLast(a);
  const pairs = Array.from({ length: rank - 2 }, (_, i): [number, number] => [pads[i + 2], pads[i + 2 + rank]]);
  const padding = pairs.every(([b, e]) => b === e) ? compact(pairs.map(([b]) => b)) : pairs;
  c.set(0, c.emit('pad', { padding }, [x], x.perm));
};

const resize: Handler = (c) => {
  const x = c.channelsLast(c.act(0));
  const spatial = x.dims.slice(2);
  const numbersAt = (slot: number) => (c.optional(slot) && c.weight(slot, 'scales').dims.some((d) => d > 0) ? c.numbers(slot, slot === 3 ? 'sizes' : 'scales') : undefined);
  let factors: number[];
  const scalesSlot = c.node.op_type === 'Upsample' || c.opset < 11 ? 1 : 2;
  const scales = c.node.op_type === 'Upsample' && c.opset < 9 ? c.attrs.floats('scales') : numbersAt(scalesSlot);
  const sizes = c.node.op_type === 'Resize' && c.opset >= 11 ? numbersAt(3) : undefined;
  if (sizes) {
    if (sizes[0] !== x.dims[0] || sizes[1] !== x.dims[1]) c.fail('resizes the batch or channel axis');
    factors = sizes.slice(2).map((s, i) => s / spatial[i]);
  } else if (scales) {
    if (scales[0] !== 1 || scales[1] !== 1) c.fail('scales the batch or channel axis');
    factors = scales.slice(2);
  } else {
    return c.fail('has neither scales nor sizes');
  }
  if (factors.length !== spatial.length || factors.some((f) => !Number.isInteger(f) || f < 1)) {
    c.fail(`scales by [${factors.join(', ')}]; archcost's upsample takes whole factors of 1 or more`);
  }
  const mode = c.attrs.string('mode', 'nearest');
  const linear = ['linear', 'trilinear', 'bilinear'].includes(mode);
  if (mode !== 'nearest' && !linear) c.fail(`mode '${mode}' has no archcost op (nearest and linear do)`);
  const interpolation = linear ? ['linear', 'bilinear', 'trilinear'][spatial.length - 1] : undefined;
  c.set(0, c.emit('upsample', args({ scale: compact(factors), mode: interpolation }), [x], x.perm));
};

const dropout: Handler = (c) => {
  const x = c.act(0);
  const rate = c.opset < 12 ? c.attrs.float('ratio', 0.5) : c.optional(1) ? c.numbers(1, 'ratio')[0] : 0.5;
  c.set(0, c.emit('dropout', { rate }, [x], x.perm));
};

/** Identity and Cast pass their input through (Cast's change of type moves no archcost count). */
const passThrough: Handler = (c) => c.set(0, c.value(c.node.input[0]));

const split: Handler = (c) => {
  const v = c.value(c.node.input[0]);
  if (v.kind === 'const') return fold(c);
  const axis = c.axis(c.attrs.int('axis', 0), v.dims.length);
  const outputs = c.node.output.length;
  const sizes =
    (c.opset < 13 ? c.attrs.ints('split') : c.optional(1) ? c.numbers(1, 'split') : undefined) ??
    Array<number>(outputs).fill(Math.ceil(v.dims[axis] / outputs));
  let start = 0;
  sizes.forEach((size, i) => {
    const end = Math.min(start + size, v.dims[axis]);
    c.set(i, c.emit('slice', { start, end, axis: v.perm[axis - 1] }, [v], v.perm, String(i)));
    start = end;
  });
};

const slice: Handler = (c) => {
  const v = c.value(c.node.input[0]);
  if (v.kind === 'const') return fold(c);
  const read = (slot: number, attr: string) => (c.opset < 10 ? c.attrs.ints(attr) : c.optional(slot) ? c.numbers(slot, attr) : undefined);
  const starts = read(1, 'starts') ?? c.fail('starts is missing');
  const ends = read(2, 'ends') ?? c.fail('ends is missing');
  const axes = read(3, 'axes') ?? starts.map((_, i) => i);
  const steps = (c.opset < 10 ? undefined : read(4, 'steps')) ?? ones(starts.length);
  let x = v;
  axes.forEach((raw, i) => {
    const axis = raw < 0 ? raw + v.dims.length : raw;
    if (steps[i] !== 1) c.fail(`slices with step ${steps[i]}; archcost's slice takes every element`);
    const clamp = (n: number) => Math.max(-x.dims[axis], Math.min(n, x.dims[axis]));
    const [start, end] = [clamp(starts[i]), clamp(ends[i])];
    if (axis === 0) {
      if ((start === 0 || start === -x.dims[0]) && end >= x.dims[0]) return;
      c.fail('slices the batch axis');
    }
    x = c.emit('slice', { start, end, axis: x.perm[axis - 1] }, [x], x.perm, axes.length > 1 ? String(i) : undefined);
  });
  c.set(0, x);
};

const gather: Handler = (c) => {
  const viewed = c.value(c.node.input[0], { timeMajor: true, view: true });
  const indices = c.value(c.node.input[1]);
  if (viewed.kind === 'const' && indices.kind === 'const') return fold(c);
  // Before the batch of a time-major tensor (or a view of one): picked there. A batch-first view (layout 1's Y) is read as a plain tensor.
  if (viewed.kind === 'act' && viewed.batch) return pickBeforeBatch(c, viewed, indices);
  const data = viewed.kind === 'act' && viewed.view ? c.value(c.node.input[0], { timeMajor: true }) : viewed;
  if (data.kind === 'const') {
    // A lookup table indexed by token ids: an embedding.
    if (!data.learnable || data.dims.length !== 2 || c.attrs.int('axis', 0) !== 0) c.fail(`Gather from a constant [${data.dims.join(', ')}] is not an embedding table`);
    const ids = c.plain(indices as Act);
    if (ids.dims.length !== 2) c.fail(`embedding lookups take ids of dims [N, L], got [${ids.dims.join(', ')}]`);
    c.set(0, c.emit('embedding', { vocab: data.dims[0], dim: data.dims[1] }, [ids], [0, 1]));
    return;
  }
  const index = indices as Const;
  const axis = c.axis(c.attrs.int('axis', 0), data.dims.length);
  if (index.values?.length !== 1) return c.fail('Gather with several indices from a computed tensor has no archcost op');
  const at = index.values[0];
  if (index.dims.length === 1) {
    c.set(0, c.emit('slice', { start: at, end: at < 0 ? at + data.dims[axis] + 1 : at + 1, axis: data.perm[axis - 1] }, [data], data.perm));
    return;
  }
  const dropped = data.perm[axis - 1];
  const perm = data.perm.filter((p) => p !== dropped).map((p) => (p > dropped ? p - 1 : p));
  if (perm.length === 0) c.fail('picks one element from a vector, leaving no axes');
  c.set(0, c.emit('select', { index: at, axis: dropped }, [data], perm));
};

const reduceMean: Handler = (c) => {
  const v = c.value(c.node.input[0]);
  if (v.kind === 'const') return fold(c);
  const rank = v.dims.length;
  const raw = c.opset < 18 ? c.attrs.ints('axes') : c.optional(1) ? c.numbers(1, 'axes') : undefined;
  const axes = (raw ?? []).map((a) => c.inRange(a, rank, 'axes entry')).sort((a, b) => a - b);
  if (axes.length === 1 && axes[0] === rank - 1 && rank >= 2 && c.attrs.int('keepdims', 1) === 1) {
    // The mean of each row (LayerNorm written out before opset 17).
    const x = lastAxisLast(c, v);
    return c.set(0, c.emit('reduce_mean', {}, [x], x.perm));
  }
  const spatial = Array.from({ length: rank - 2 }, (_, i) => i + 2);
  if (rank < 3 || axes.join() !== spatial.join()) c.fail(`ReduceMean over axes [${axes.join(', ')}] has no archcost op (over the spatial axes it is globalavgpool)`);
  const x = c.channelsLast(v);
  const keep = c.attrs.int('keepdims', 1) === 1;
  c.set(0, c.emit('globalavgpool', args({ keepdims: keep || undefined }), [x], keep ? x.perm : [0]));
};

export const HANDLERS: Record<string, Handler> = {
  LSTM: recurrent,
  GRU: recurrent,
  RNN: recurrent,
  Conv: conv,
  ConvTranspose: convTranspose,
  Gemm: gemm,
  MatMul: matMul,
  BatchNormalization: batchNormalization,
  InstanceNormalization: instanceNormalization,
  GroupNormalization: groupNormalization,
  LayerNormalization: layerNormalization,
  LRN: unary('lrn', (c) => ({ size: c.attrs.int('size', 5) })),
  Relu: unary('relu'),
  LeakyRelu: unary('leakyrelu', (c) => ({ negative_slope: c.attrs.float('alpha', 0.01) })),
  Elu: unary('elu', (c) => ({ alpha: c.attrs.float('alpha', 1) })),
  Sigmoid: unary('sigmoid'),
  HardSigmoid: unary('hardsigmoid'),
  HardSwish: unary('hardswish'),
  Tanh: unary('tanh'),
  Gelu: unary('gelu'),
  Mish: unary('mish'),
  PRelu: prelu,
  Clip: clip,
  Softmax: softmax,
  MaxPool: pool('maxpool'),
  AveragePool: pool('avgpool'),
  GlobalAveragePool: globalPool('globalavgpool'),
  GlobalMaxPool: globalPool('globalmaxpool'),
  ReduceMean: reduceMean,
  Add: elementwise('add'),
  Sub: elementwise('add'),
  Mul: elementwise('multiply'),
  Div: elementwise('multiply'),
  Concat: concat,
  Flatten: reshapeLike(flattenDims),
  Reshape: reshapeLike(reshapeDims),
  Squeeze: reshapeLike(squeezeDims, squeezedAxis),
  Unsqueeze: reshapeLike(unsqueezeDims, unsqueezedAxis),
  Transpose: transpose,
  Pad: pad,
  Resize: resize,
  Upsample: resize,
  Dropout: dropout,
  Sqrt: unary('elementwise'),
  Erf: unary('elementwise'),
  Exp: unary('elementwise'),
  Log: unary('elementwise'),
  Reciprocal: unary('elementwise'),
  Neg: unary('elementwise'),
  Abs: unary('elementwise'),
  Pow: (c) => {
    const [base, exponent] = [c.value(c.node.input[0]), c.value(c.node.input[1])];
    if (base.kind === 'const') return fold(c);
    if (exponent.kind !== 'const' || exponent.dims.some((d) => d !== 1)) c.fail('Pow to a computed or per-element exponent has no archcost op');
    c.set(0, c.emit('elementwise', {}, [base], base.perm));
  },
  // Shape arithmetic on constants (ViT's class token is expanded over a batch computed this way).
  Equal: fold,
  Where: fold,
  Expand: fold,
  Identity: passThrough,
  Cast: passThrough,
  Split: split,
  Slice: slice,
  Gather: gather,
  ...FOLDS,
};

export type { Value };
