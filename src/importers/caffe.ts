import { ModelGraph, importError, modelName, type FileLocation, type FlatModel, type ImportOptions, type Tensor } from './model-graph.js';
import { parseTextFormat, TextFormatError, type TextField, type TextMessage } from './prototxt.js';

/**
 * Caffe `.prototxt` (the deploy net, as netscope draws it) → archcost layers. Blobs are NCHW with
 * the batch first; archcost shapes are channels-last without it. A layer's top replaces its blob
 * (in-place ReLU writes back into `conv1`). Names keep the file's: `inception_3a/1x1` becomes layer
 * `1x1` in a sequence `inception_3a`, so full names read `inception_3a.1x1`. Geometry follows
 * Caffe's layer sources (BVLC/caffe `src/caffe/layers/*.cpp`): a convolution floors, a pooling
 * rounds up (`round_mode: CEIL`, the default) and, when it pads, drops a last window that would
 * start in the padding; BatchNorm (statistics only) and the Scale after it (the learned scale and
 * shift) are together one archcost `batchnorm`.
 */

const FORMAT = 'Caffe';

/** V1 `layers { type: CONVOLUTION }` enum names → the V2 type strings. */
const V1_TYPES: Record<string, string> = {
  CONVOLUTION: 'Convolution',
  DECONVOLUTION: 'Deconvolution',
  POOLING: 'Pooling',
  INNER_PRODUCT: 'InnerProduct',
  RELU: 'ReLU',
  SIGMOID: 'Sigmoid',
  TANH: 'TanH',
  LRN: 'LRN',
  CONCAT: 'Concat',
  ELTWISE: 'Eltwise',
  SOFTMAX: 'Softmax',
  DROPOUT: 'Dropout',
  SPLIT: 'Split',
  FLATTEN: 'Flatten',
};

interface Blob {
  t: Tensor;
  /** Caffe dims without the batch (C, H, W or C). */
  dims: number[];
}

class CaffeReader {
  readonly graph: ModelGraph;
  readonly blobs = new Map<string, Blob>();
  /** Blobs read by a later layer: the others are the net's outputs. */
  readonly consumed = new Set<string>();
  /** A BatchNorm waiting for its Scale: the blob it wrote and the layer. */
  pendingNorm?: { blob: string; layer: TextMessage; input: Blob };
  layer!: TextMessage;
  type = '';
  /** BatchNorm + Scale pairs written as one batchnorm. */
  fusedNorms = 0;
  batch = 1;

  constructor(readonly file: string | undefined) {
    this.graph = new ModelGraph(file, FORMAT);
  }

  where(layer = this.layer): FileLocation {
    return { line: layer.line, column: 1, node: `layer '${text(layer, 'name') ?? '?'}' (${this.type})` };
  }

  fail(message: string, field?: TextField): never {
    throw importError(this.file, FORMAT, field ? { ...this.where(), line: field.line, column: field.column } : this.where(), message);
  }

  param(name: string): TextMessage | undefined {
    const f = this.layer.get(name);
    return f && typeof f.value === 'object' ? f.value : undefined;
  }

  bottom(index = 0): Blob {
    const f = this.layer.all('bottom')[index];
    if (!f) this.fail(`needs bottom ${index + 1}`);
    const name = String(f.value);
    const blob = this.blobs.get(name);
    if (!blob) this.fail(`reads blob '${name}', which no earlier layer or input writes`, f);
    if (this.pendingNorm?.blob === name && this.type !== 'Scale') this.unpairedNorm();
    this.consumed.add(name);
    return blob;
  }

  bottoms(): Blob[] {
    return this.layer.all('bottom').map((_, i) => this.bottom(i));
  }

  top(blob: Blob, index = 0): void {
    const f = this.layer.all('top')[index];
    if (!f) this.fail('has no top');
    this.blobs.set(String(f.value), blob);
    this.consumed.delete(String(f.value));
  }

  /** A layer named as the Caffe layer (`layer`, default the current one), or `suffix`ed for a second one it implies. */
  emit(op: string, args: Record<string, unknown>, inputs: Blob[], dims: (t: Tensor) => number[], layer = this.layer, suffix?: string): Blob {
    const name = `${text(layer, 'name') ?? op}${suffix ? `_${suffix}` : ''}`;
    const parts = name.split('/').filter(Boolean);
    const leaf = parts.pop() ?? op;
    const t = this.graph.layer(op, args, inputs.map((b) => b.t), {
      scope: parts.map((p, i) => sanitize(p, `scope_${i}`)),
      name: sanitize(leaf, op),
      at: this.where(layer),
    });
    return { t, dims: dims(t) };
  }

  unpairedNorm(): never {
    const norm = this.pendingNorm!;
    this.layer = norm.layer;
    this.type = 'BatchNorm';
    return this.fail("is not followed by a Scale layer with bias_term: true; Caffe's BatchNorm holds only statistics, archcost's batchnorm also the learned scale and shift");
  }
}

const sanitize = (s: string, fallback: string) => s.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || fallback;

function text(m: TextMessage, name: string): string | undefined {
  const v = m.get(name)?.value;
  return v === undefined || typeof v === 'object' ? undefined : String(v);
}

function num(m: TextMessage | undefined, name: string): number | undefined {
  const v = m?.get(name)?.value;
  return typeof v === 'number' ? v : undefined;
}

function nums(m: TextMessage | undefined, name: string): number[] {
  return (m?.all(name) ?? []).map((f) => f.value).filter((v): v is number => typeof v === 'number');
}

/** Caffe dims (C, H, W) of an archcost map [H, W, C], or (C) of a vector. */
const caffeDims = (t: Tensor) => (t.shape.length === 3 ? [t.shape[2], t.shape[0], t.shape[1]] : [...t.shape]);
/** archcost shape of Caffe dims without the batch. */
const archShape = (dims: number[]) => (dims.length === 3 ? [dims[1], dims[2], dims[0]] : dims);

/** kernel, stride, pad and dilation as Caffe spells them (`kernel_size` or `kernel_h`/`kernel_w`, repeated or one). */
function window(r: CaffeReader, p: TextMessage, what: 'kernel' | 'stride' | 'pad' | 'dilation', fallback: number): [number, number] {
  const base = what === 'kernel' ? 'kernel_size' : what;
  const [h, w] = [num(p, `${what}_h`), num(p, `${what}_w`)];
  if (h !== undefined || w !== undefined) return [h ?? fallback, w ?? fallback];
  const list = nums(p, base);
  if (list.length > 2) r.fail(`${base} has ${list.length} values; archcost reads 2-D Caffe nets`);
  if (list.length === 0) {
    if (what === 'kernel') r.fail('kernel_size is missing');
    return [fallback, fallback];
  }
  return [list[0], list[list.length - 1]];
}

const pair = (v: [number, number]) => (v[0] === v[1] ? v[0] : v);

function convArgs(r: CaffeReader, p: TextMessage): Record<string, unknown> {
  const output = num(p, 'num_output') ?? r.fail('num_output is missing');
  const [kernel, stride, pad, dilation] = [window(r, p, 'kernel', 1), window(r, p, 'stride', 1), window(r, p, 'pad', 0), window(r, p, 'dilation', 1)];
  const group = num(p, 'group') ?? 1;
  const args: Record<string, unknown> = { filters: output, kernel: pair(kernel) };
  if (stride.some((s) => s !== 1)) args.stride = pair(stride);
  if (pad.some((s) => s !== 0)) args.padding = pair(pad);
  if (dilation.some((s) => s !== 1)) args.dilation = pair(dilation);
  if (group !== 1) args.groups = group;
  if (p.get('bias_term')?.value === false) args.bias = false;
  return args;
}

type LayerReader = (r: CaffeReader) => void;

const map = (r: CaffeReader, x: Blob) => {
  if (x.dims.length !== 3) r.fail(`needs a C x H x W blob, got ${x.dims.join(' x ')}`);
  return x;
};

const unary =
  (op: string, args: (r: CaffeReader) => Record<string, unknown> = () => ({})): LayerReader =>
  (r) => {
    const x = r.bottom();
    r.top(r.emit(op, args(r), [x], () => x.dims));
  };

/** A Caffe axis (1 = channels) as an archcost axis of the blob. */
function axis(r: CaffeReader, x: Blob, raw: number): number {
  const a = raw < 0 ? raw + x.dims.length + 1 : raw;
  if (a < 1 || a > x.dims.length) r.fail(`axis ${raw} is not a channel or spatial axis of a ${x.dims.length + 1}-axis blob`);
  return x.dims.length === 3 ? [-1, 0, 1][a - 1] : a - 1;
}

const LAYERS: Record<string, LayerReader> = {
  Convolution: (r) => {
    const x = map(r, r.bottom());
    r.top(r.emit('conv', convArgs(r, r.param('convolution_param') ?? r.fail('convolution_param is missing')), [x], caffeDims));
  },
  Deconvolution: (r) => {
    const x = map(r, r.bottom());
    r.top(r.emit('conv_transpose', convArgs(r, r.param('convolution_param') ?? r.fail('convolution_param is missing')), [x], caffeDims));
  },
  Pooling: (r) => {
    const x = map(r, r.bottom());
    const p = r.param('pooling_param');
    const method = text(p ?? r.layer, 'pool') ?? 'MAX';
    if (method !== 'MAX' && method !== 'AVE' && method !== '0' && method !== '1') r.fail(`pool: ${method} has no archcost op (MAX and AVE do)`);
    const max = method === 'MAX' || method === '0';
    if (p?.get('global_pooling')?.value === true) {
      r.top(r.emit(max ? 'globalmaxpool' : 'globalavgpool', { keepdims: true }, [x], caffeDims));
      return;
    }
    const [kernel, stride, pad] = [window(r, p!, 'kernel', 1), window(r, p!, 'stride', 1), window(r, p!, 'pad', 0)];
    const ceil = (text(p!, 'round_mode') ?? 'CEIL') === 'CEIL';
    const args: Record<string, unknown> = { kernel: pair(kernel), stride: pair(stride) };
    if (pad.some((s) => s !== 0)) args.padding = pair(pad);
    if (ceil) args.ceil_mode = true;
    const y = r.emit(max ? 'maxpool' : 'avgpool', args, [x], caffeDims);
    // Caffe drops a last window starting in the padding only when it pads; PyTorch's rule (archcost's) always.
    const expected = [1, 2].map((a) => {
      const i = a - 1;
      const size = x.dims[a];
      let out = (ceil ? Math.ceil : Math.floor)((size + 2 * pad[i] - kernel[i]) / stride[i]) + 1;
      if (pad[i] && (out - 1) * stride[i] >= size + pad[i]) out--;
      return out;
    });
    if (expected[0] !== y.dims[1] || expected[1] !== y.dims[2]) {
      r.fail(`Caffe's pooling gives ${expected.join(' x ')} here, archcost's ceil_mode ${y.dims[1]} x ${y.dims[2]} (a window past the input without padding)`);
    }
    r.top(y);
  },
  InnerProduct: (r) => {
    let x = r.bottom();
    const p = r.param('inner_product_param') ?? r.fail('inner_product_param is missing');
    if ((num(p, 'axis') ?? 1) !== 1) r.fail('inner_product_param axis other than 1 has no archcost form');
    if (p.get('transpose')?.value === true) r.fail('transpose: true is not read');
    if (x.dims.length > 1) x = r.emit('flatten', {}, [x], caffeDims, r.layer, 'flatten');
    const args: Record<string, unknown> = { units: num(p, 'num_output') ?? r.fail('num_output is missing') };
    if (p.get('bias_term')?.value === false) args.bias = false;
    r.top(r.emit('dense', args, [x], caffeDims));
  },
  ReLU: unary('relu'),
  Sigmoid: unary('sigmoid'),
  TanH: unary('tanh'),
  ELU: unary('elu', (r) => ({ alpha: num(r.param('elu_param'), 'alpha') ?? 1 })),
  Dropout: unary('dropout', (r) => ({ rate: num(r.param('dropout_param'), 'dropout_ratio') ?? 0.5 })),
  PReLU: (r) => {
    if (r.param('prelu_param')?.get('channel_shared')?.value === true) r.fail("channel_shared: true has one slope; archcost's prelu has one per channel");
    unary('prelu')(r);
  },
  LRN: (r) => {
    const p = r.param('lrn_param');
    if ((text(p ?? r.layer, 'norm_region') ?? 'ACROSS_CHANNELS') !== 'ACROSS_CHANNELS') r.fail("norm_region WITHIN_CHANNEL has no archcost op (lrn is across channels)");
    const x = map(r, r.bottom());
    r.top(r.emit('lrn', { size: num(p, 'local_size') ?? 5 }, [x], () => x.dims));
  },
  Concat: (r) => {
    const inputs = r.bottoms();
    if (inputs.length === 1) return r.top(inputs[0]);
    const p = r.param('concat_param');
    const a = axis(r, inputs[0], num(p, 'axis') ?? num(p, 'concat_dim') ?? 1);
    r.top(r.emit('concat', a === -1 || a === inputs[0].dims.length - 1 ? {} : { axis: a }, inputs, caffeDims));
  },
  Eltwise: (r) => {
    const inputs = r.bottoms();
    const p = r.param('eltwise_param');
    const operation = text(p ?? r.layer, 'operation') ?? 'SUM';
    if (nums(p, 'coeff').some((c) => c !== 1)) r.fail('a weighted sum (coeff) has no archcost op');
    const op = operation === 'SUM' || operation === '1' ? 'add' : operation === 'PROD' || operation === '0' ? 'multiply' : r.fail(`operation ${operation} has no archcost op (SUM and PROD do)`);
    r.top(r.emit(op, {}, inputs, caffeDims));
  },
  BatchNorm: (r) => {
    const x = r.bottom();
    const top = r.layer.all('top')[0] ?? r.fail('has no top');
    // The layer is written with the Scale that follows it; until then the blob is the statistics' output.
    r.pendingNorm = { blob: String(top.value), layer: r.layer, input: x };
    r.top(x);
  },
  Scale: (r) => {
    const p = r.param('scale_param');
    const bias = p?.get('bias_term')?.value === true;
    const bottom = String(r.layer.get('bottom')?.value ?? '');
    const norm = r.pendingNorm?.blob === bottom ? r.pendingNorm : undefined;
    const x = r.bottom();
    if (norm) {
      if (!bias) r.fail("follows a BatchNorm without bias_term: true; archcost's batchnorm has a learned shift too");
      r.pendingNorm = undefined;
      r.top(r.emit('batchnorm', {}, [norm.input], () => norm.input.dims, norm.layer));
      r.fusedNorms++;
      return;
    }
    if (bias) r.fail("a Scale with bias_term: true that does not follow a BatchNorm has no archcost op (scale is a multiplier per channel)");
    r.top(r.emit('scale', {}, [x], () => x.dims));
  },
  Softmax: (r) => {
    const x = r.bottom();
    const a = axis(r, x, num(r.param('softmax_param'), 'axis') ?? 1);
    r.top(r.emit('softmax', a === -1 || a === x.dims.length - 1 ? {} : { axis: a }, [x], () => x.dims));
  },
  Flatten: (r) => {
    const x = r.bottom();
    r.top(x.dims.length === 1 ? x : r.emit('flatten', {}, [x], caffeDims));
  },
  Split: (r) => {
    const x = r.bottom();
    r.layer.all('top').forEach((_, i) => r.top(x, i));
  },
};

function layerType(layer: TextMessage, v1: boolean): string {
  const raw = text(layer, 'type') ?? '';
  return v1 ? V1_TYPES[raw] ?? raw : raw;
}

/** Input blobs: `Input` layers, or the old top-level `input:` with `input_shape` / `input_dim`. */
function readInputs(r: CaffeReader, net: TextMessage, options: ImportOptions): void {
  const add = (name: string, dims: number[], at: FileLocation) => {
    if (dims.length !== 4 && dims.length !== 2) throw importError(r.file, FORMAT, at, `input '${name}' has ${dims.length} dims; archcost reads N x C x H x W or N x C`);
    if (dims.some((d) => !Number.isInteger(d) || d < 1)) throw importError(r.file, FORMAT, at, `input '${name}' has dims ${dims.join(' x ')}`);
    let rest = dims.slice(1);
    if (options.input && r.graph.inputs.length === 0) {
      const [h, w, c] = options.input;
      if (options.input.length !== rest.length || (rest.length === 3 && c === undefined)) throw importError(r.file, FORMAT, at, `--input ${options.input.join('x')} does not fit input '${name}' (${rest.join(' x ')})`);
      rest = rest.length === 3 ? [c, h, w] : [...options.input];
    }
    if (r.graph.inputs.length === 0) r.batch = dims[0];
    const t = r.graph.input(sanitize(name, 'input').replace(/-/g, '_'), archShape(rest));
    r.blobs.set(name, { t, dims: rest });
  };
  const names = net.all('input').map((f) => String(f.value));
  const shapes = net.all('input_shape').map((f) => nums(f.value as TextMessage, 'dim'));
  const legacy = nums(net, 'input_dim');
  names.forEach((name, i) => add(name, shapes[i] ?? legacy.slice(4 * i, 4 * i + 4), { line: net.all('input')[i].line, column: 1 }));
  for (const layer of [...net.all('layer'), ...net.all('layers')].map((f) => f.value as TextMessage)) {
    if (text(layer, 'type') !== 'Input') continue;
    const shapeFields = (layer.get('input_param')?.value as TextMessage | undefined)?.all('shape') ?? [];
    layer.all('top').forEach((top, i) => add(String(top.value), nums(shapeFields[i]?.value as TextMessage, 'dim'), { line: layer.line, column: 1 }));
  }
}

export function importCaffe(bytes: Uint8Array, options: ImportOptions = {}): FlatModel {
  const file = options.file;
  let net: TextMessage;
  try {
    net = parseTextFormat(new TextDecoder().decode(bytes));
  } catch (e) {
    if (!(e instanceof TextFormatError)) throw e;
    throw importError(file, FORMAT, { line: e.line, column: e.column }, `not a readable prototxt: ${e.message}`);
  }
  const v1 = net.all('layers').length > 0;
  const layers = [...net.all('layer'), ...net.all('layers')].map((f) => f.value).filter((v): v is TextMessage => typeof v === 'object');
  if (layers.length === 0) throw importError(file, FORMAT, {}, 'the file has no layer { ... } entries: it is not a Caffe net');
  if (layers.length > 100_000) throw importError(file, FORMAT, {}, `the net has ${layers.length} layers; archcost reads at most 100,000`);
  const r = new CaffeReader(file);
  readInputs(r, net, options);
  if (r.graph.inputs.length === 0) {
    throw importError(file, FORMAT, { line: layers[0].line, column: 1 }, 'the net has no Input layer or input: shape (a train_val net reads a data source instead): give the deploy prototxt');
  }
  rejectUnsupported(layers, v1, file);
  for (const layer of layers) {
    const type = layerType(layer, v1);
    if (type === 'Input') continue;
    r.layer = layer;
    r.type = type;
    LAYERS[type](r);
  }
  if (r.pendingNorm) r.unpairedNorm();
  if (r.fusedNorms) {
    r.graph.note(`${r.fusedNorms} BatchNorm + Scale pair${r.fusedNorms === 1 ? ' is' : 's are'} one batchnorm each (2·C params from the Scale, 2·C buffers from the BatchNorm; Caffe's one-value moving-average factor per BatchNorm is not counted)`);
  }
  const outputs = [...r.blobs.keys()].filter((b) => !r.consumed.has(b) && !r.graph.inputs.some((i) => r.blobs.get(b)?.t.id === i.id));
  const name = text(net, 'name');
  return r.graph.model(modelName(file, name ?? 'model'), {
    description: `Imported from a Caffe prototxt${name ? ` (${name})` : ''}`,
    batch: r.batch,
    outputs: outputs.map((b) => r.blobs.get(b)!.t.id),
  });
}

function rejectUnsupported(layers: TextMessage[], v1: boolean, file?: string): void {
  const unsupported = new Map<string, string[]>();
  for (const layer of layers) {
    const type = layerType(layer, v1);
    if (type === 'Input' || Object.hasOwn(LAYERS, type)) continue;
    if (!unsupported.has(type)) unsupported.set(type, []);
    unsupported.get(type)!.push(text(layer, 'name') ?? '?');
  }
  if (unsupported.size === 0) return;
  const list = [...unsupported].map(([type, names]) => `${type || '(no type)'} (${names.slice(0, 5).map((n) => `'${n}'`).join(', ')}${names.length > 5 ? ', …' : ''})`);
  const first = layers.find((l) => unsupported.has(layerType(l, v1)))!;
  throw importError(file, FORMAT, { line: first.line, column: 1 }, `${unsupported.size} layer type${unsupported.size === 1 ? ' has' : 's have'} no archcost mapping: ${list.join('; ')}. docs/importers/caffe.md lists the supported layers`);
}

