import { jsonSyntaxError } from '../language/json-syntax.js';
import { activationName, bidirectionalLayer, recurrentLayer } from './keras-recurrent.js';
import { ModelGraph, args, importError, inputName, isObject, layerName, modelName, type FileLocation, type FlatModel, type ImportOptions, type Json, type Tensor } from './model-graph.js';

/**
 * Keras / TensorFlow.js model JSON → archcost layers: `model.to_json()` (Keras 2 and 3) and the
 * tfjs converter's `model.json` (its `modelTopology`). Keras is channels-last like archcost, so
 * shapes carry over; Sequential models chain their layers, functional ones follow each layer's
 * `inbound_nodes`; a model used as a layer is a scope of its own. A layer with a fused
 * `activation` is a scope holding the op and the activation (`conv1.conv`, `conv1.relu`), any
 * other is one layer named as in Keras. Counts follow Keras's own: BatchNormalization's moving
 * mean and variance are its non-trainable weights, archcost's buffers; `padding: same` is
 * TensorFlow's, as archcost's `same` is.
 */

const FORMAT = 'Keras';
const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);
/** Nested models deeper than this are refused rather than recursed into. */
const MAX_DEPTH = 50;

/** Keras activation names → archcost ops (`linear` is none). */
const ACTIVATIONS: Record<string, { op: string; args?: Record<string, unknown> } | null> = {
  linear: null,
  relu: { op: 'relu' },
  relu6: { op: 'relu6' },
  sigmoid: { op: 'sigmoid' },
  hard_sigmoid: { op: 'hardsigmoid' },
  tanh: { op: 'tanh' },
  softmax: { op: 'softmax' },
  swish: { op: 'silu' },
  silu: { op: 'silu' },
  hard_swish: { op: 'hardswish' },
  hard_silu: { op: 'hardswish' },
  gelu: { op: 'gelu' },
  elu: { op: 'elu' },
  mish: { op: 'mish' },
  leaky_relu: { op: 'leakyrelu', args: { negative_slope: 0.2 } },
};

class KerasReader {
  readonly graph: ModelGraph;
  private where: FileLocation = {};
  private scope: string[] = [];

  constructor(readonly file: string | undefined) {
    this.graph = new ModelGraph(file, FORMAT);
  }

  fail(message: string): never {
    throw importError(this.file, FORMAT, this.where, message);
  }

  /** Ops of one Keras layer go into a scope named as the layer; a lone op collapses into that name. */
  emit(op: string, args: Record<string, unknown>, inputs: Tensor[], leaf: string): Tensor {
    return this.graph.layer(op, args, inputs, { scope: this.scope, name: leaf, generic: true, at: this.where });
  }

  at(layer: Json, scope: string[]): Json {
    const config = isObject(layer.config) ? layer.config : {};
    const name = String(config.name ?? layer.name ?? layer.class_name ?? 'layer');
    this.where = { node: `layer '${name}' (${String(layer.class_name)})` };
    this.scope = [...scope, layerName(name, 'layer')];
    return config;
  }

  activation(x: Tensor, written: unknown): Tensor {
    const key = activationName(written, 'linear');
    if (!Object.hasOwn(ACTIVATIONS, key)) this.fail(`activation '${key}' has no archcost op`);
    const act = ACTIVATIONS[key];
    return act ? this.emit(act.op, act.args ?? {}, [x], key) : x;
  }

  /** A Keras layer applied to its inputs; returns its output. */
  apply(layer: Json, inputs: Tensor[], scope: string[], depth: number): Tensor {
    const cls = String(layer.class_name ?? '');
    if (MODEL_CLASSES.has(cls)) {
      const config = this.at(layer, scope);
      return this.model(layer, [...scope, layerName(String(config.name ?? 'model'), 'model')], inputs, depth + 1).output;
    }
    const config = this.at(layer, scope);
    const reader = LAYERS[cls];
    if (!reader) this.fail(`layer class ${cls} has no archcost mapping`);
    if (config.data_format === 'channels_first') this.fail('data_format channels_first is not read; archcost (and Keras by default) is channels-last');
    return reader(this, config, inputs);
  }

  /** A Sequential or functional model: its output, given the tensors its inputs are bound to (none at the top). */
  model(topology: Json, scope: string[], bound: Tensor[], depth: number): { output: Tensor; outputs: Tensor[] } {
    if (depth > MAX_DEPTH) this.fail(`models nest more than ${MAX_DEPTH} deep`);
    const cls = String(topology.class_name);
    const config = topology.config;
    if (cls === 'Sequential') return this.sequential(config, scope, bound, depth);
    if (!isObject(config) || !Array.isArray(config.layers)) this.fail(`${cls} config has no layers list`);
    return this.functional(config, scope, bound, depth);
  }

  private sequential(config: unknown, scope: string[], bound: Tensor[], depth: number): { output: Tensor; outputs: Tensor[] } {
    const layers = (Array.isArray(config) ? config : isObject(config) ? config.layers : undefined) as unknown[] | undefined;
    if (!Array.isArray(layers) || layers.length === 0) this.fail('the Sequential model has no layers');
    let x = bound[0];
    for (const raw of layers) {
      if (!isObject(raw)) this.fail('a layer entry is not an object');
      const layerConfig = this.at(raw, scope);
      if (raw.class_name === 'InputLayer') {
        x ??= this.newInput(layerConfig, String(layerConfig.name ?? 'input'));
        continue;
      }
      if (!x) {
        const declared = layerConfig.batch_input_shape ?? layerConfig.batch_shape ?? (isObject(config) ? config.build_input_shape : undefined);
        if (!declared) this.fail('the first layer declares no input shape (batch_input_shape); build the model before saving it');
        x = this.newInput({ batch_input_shape: declared }, `${String(layerConfig.name ?? 'layer')}_input`);
        this.at(raw, scope);
      }
      x = this.apply(raw, [x], scope, depth);
    }
    if (!x) this.fail('the Sequential model has no layer after its input');
    return { output: x, outputs: [x] };
  }

  private functional(config: Json, scope: string[], bound: Tensor[], depth: number): { output: Tensor; outputs: Tensor[] } {
    const produced = new Map<string, Tensor[]>();
    const inputNames = refs(config.input_layers).map((r) => r[0]);
    for (const raw of config.layers as unknown[]) {
      if (!isObject(raw)) this.fail('a layer entry is not an object');
      const layerConfig = this.at(raw, scope);
      const name = String(raw.name ?? layerConfig.name);
      if (raw.class_name === 'InputLayer') {
        const position = inputNames.indexOf(name);
        const tensor = bound.length ? bound[position < 0 ? 0 : position] : this.newInput(layerConfig, name);
        if (!tensor) this.fail(`input '${name}' is not bound`);
        produced.set(name, [tensor]);
        continue;
      }
      const nodes = Array.isArray(raw.inbound_nodes) ? raw.inbound_nodes : [];
      if (nodes.length === 0) this.fail('the layer has no inbound node: it is not connected');
      if (nodes.length > 1) this.fail(`the layer is applied ${nodes.length} times (shared weights); archcost would count its weights once per use`);
      const inputs = nodeRefs(nodes[0]).map(([from, node, index]) => {
        const outputs = produced.get(from);
        if (!outputs) this.fail(`reads '${from}', which is not an earlier layer`);
        if (node !== 0 || index !== 0) this.fail(`reads output ${node}:${index} of '${from}'; archcost follows single-output layers applied once`);
        return outputs[0];
      });
      if (inputs.length === 0) this.fail('the inbound node names no input tensor');
      produced.set(name, [this.apply(raw, inputs, scope, depth)]);
    }
    const outputNames = refs(config.output_layers).map((r) => r[0]);
    const outputs = outputNames.map((n) => produced.get(n)?.[0] ?? this.fail(`output layer '${n}' is not one of the model's layers`));
    if (outputs.length === 0) this.fail('the model names no output_layers');
    return { output: outputs[0], outputs };
  }

  private newInput(config: Json, name: string): Tensor {
    const shape = config.batch_input_shape ?? config.batch_shape;
    if (!Array.isArray(shape) || shape.length < 2) this.fail(`input '${name}' has no batch_input_shape`);
    const index = this.graph.inputs.length;
    const sizes = shape.slice(1).map((d, i) => {
      if (typeof d === 'number' && Number.isInteger(d) && d > 0) return d;
      const given = index === 0 ? this.override?.[i] : undefined;
      if (given) return given;
      return this.fail(`input '${name}' has an unknown size on axis ${i + 1} (None); give the size with --input, e.g. 224x224x3`);
    });
    if (index === 0 && this.override) {
      if (this.override.length !== sizes.length) this.fail(`--input ${this.override.join('x')} has ${this.override.length} sizes but input '${name}' has ${sizes.length}`);
      sizes.splice(0, sizes.length, ...this.override);
    }
    return this.graph.input(inputName(name, index), sizes);
  }

  override?: number[];
}

/** `[["input_1", 0, 0], ...]` (or a single such entry) as [layer, node, tensor] triples. */
function refs(value: unknown): [string, number, number][] {
  if (!Array.isArray(value)) return [];
  if (typeof value[0] === 'string') return [[value[0], Number(value[1] ?? 0), Number(value[2] ?? 0)]];
  return value.filter(Array.isArray).map((r) => [String(r[0]), Number(r[1] ?? 0), Number(r[2] ?? 0)]);
}

/** The tensors an inbound node reads: Keras 2 `[["name", 0, 0, {}], ...]`, Keras 3 `{args: [...]}` with `keras_history`. */
function nodeRefs(node: unknown): [string, number, number][] {
  if (Array.isArray(node)) return refs(node);
  const found: [string, number, number][] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 20) return;
    if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
    else if (isObject(v)) {
      const history = isObject(v.config) ? v.config.keras_history : undefined;
      if (v.class_name === '__keras_tensor__' && Array.isArray(history)) found.push([String(history[0]), Number(history[1] ?? 0), Number(history[2] ?? 0)]);
      else Object.values(v).forEach((x) => walk(x, depth + 1));
    }
  };
  if (isObject(node)) walk(node.args, 0);
  return found;
}

type LayerReader = (r: KerasReader, config: Json, inputs: Tensor[]) => Tensor;

const list = (v: unknown, rank: number): number[] => (Array.isArray(v) ? v.map(Number) : Array<number>(rank).fill(Number(v ?? 1)));
const compact = (values: number[], fallback?: number) => (values.every((v) => v === values[0]) ? (values[0] === fallback ? undefined : values[0]) : values);
const spatialRank = (x: Tensor) => x.shape.length - 1;

function padding(r: KerasReader, config: Json): 'same' | undefined {
  const p = String(config.padding ?? 'valid');
  if (p === 'same') return 'same';
  if (p !== 'valid') r.fail(`padding '${p}' has no archcost form (valid and same do)`);
  return undefined;
}

function windowArgs(r: KerasReader, config: Json, x: Tensor, kernelKey: string) {
  const rank = spatialRank(x);
  return {
    kernel: compact(list(config[kernelKey], rank)),
    stride: compact(list(config.strides, rank), 1),
    padding: padding(r, config),
    dilation: compact(list(config.dilation_rate, rank), 1),
  };
}

const withActivation = (r: KerasReader, y: Tensor, config: Json) => r.activation(y, config.activation);
const noBias = (config: Json) => (config.use_bias === false ? false : undefined);

const conv: LayerReader = (r, config, [x]) => {
  const groups = Number(config.groups ?? 1);
  const y = r.emit('conv', args({ filters: config.filters, ...windowArgs(r, config, x, 'kernel_size'), groups: groups === 1 ? undefined : groups, bias: noBias(config) }), [x], 'conv');
  return withActivation(r, y, config);
};

const pool =
  (op: 'maxpool' | 'avgpool'): LayerReader =>
  (r, config, [x]) => {
    const rank = spatialRank(x);
    const kernel = list(config.pool_size ?? 2, rank);
    const stride = config.strides === null || config.strides === undefined ? kernel : list(config.strides, rank);
    return r.emit(op, args({ kernel: compact(kernel), stride: compact(stride), padding: padding(r, config) }), [x], op);
  };

const globalPool =
  (op: 'globalavgpool' | 'globalmaxpool'): LayerReader =>
  (r, config, [x]) =>
    r.emit(op, args({ keepdims: config.keepdims === true ? true : undefined }), [x], op);

const merge =
  (op: 'add' | 'multiply'): LayerReader =>
  (r, _config, inputs) => {
    if (inputs.length < 2) r.fail('merges fewer than two tensors');
    return r.emit(op, {}, inputs, op);
  };

function checkLastAxis(r: KerasReader, config: Json, x: Tensor, what: string): void {
  const axes = Array.isArray(config.axis) ? config.axis : [config.axis ?? -1];
  if (axes.length !== 1 || (Number(axes[0]) !== -1 && Number(axes[0]) !== x.shape.length)) r.fail(`${what} over axis ${JSON.stringify(config.axis)}; archcost normalises the last (channel) axis`);
  if (config.center === false || config.scale === false) r.fail(`${what} without center or scale has fewer learned weights than archcost's (2·C)`);
}

/** A recurrent layer (or a Bidirectional one) is one archcost layer named by its op. */
const emitRecurrent = (r: KerasReader, x: Tensor, { op, args: spec }: { op: string; args: Json }) => r.emit(op, spec, [x], op);

const recurrent =
  (cls: string): LayerReader =>
  (r, config, [x]) =>
    emitRecurrent(r, x, recurrentLayer(cls, config, (m) => r.fail(m)));

const LAYERS: Record<string, LayerReader> = {
  Conv1D: conv,
  Conv2D: conv,
  Conv3D: conv,
  Conv1DTranspose: (r, config, [x]) => transpose(r, config, x),
  Conv2DTranspose: (r, config, [x]) => transpose(r, config, x),
  Conv3DTranspose: (r, config, [x]) => transpose(r, config, x),
  DepthwiseConv2D: (r, config, [x]) => {
    const { kernel, stride, padding: pad, dilation } = windowArgs(r, config, x, 'kernel_size');
    const multiplier = Number(config.depth_multiplier ?? 1);
    const y = r.emit('depthwise', args({ kernel, stride, padding: pad, dilation, multiplier: multiplier === 1 ? undefined : multiplier, bias: noBias(config) }), [x], 'depthwise');
    return withActivation(r, y, config);
  },
  SeparableConv2D: (r, config, [x]) => {
    const { kernel, stride, padding: pad, dilation } = windowArgs(r, config, x, 'kernel_size');
    const multiplier = Number(config.depth_multiplier ?? 1);
    const y = r.emit('separable', args({ filters: config.filters, kernel, stride, padding: pad, dilation, multiplier: multiplier === 1 ? undefined : multiplier, bias: noBias(config) }), [x], 'separable');
    return withActivation(r, y, config);
  },
  Dense: (r, config, [x]) => withActivation(r, r.emit('dense', args({ units: config.units, bias: noBias(config) }), [x], 'dense'), config),
  BatchNormalization: (r, config, [x]) => {
    checkLastAxis(r, config, x, 'BatchNormalization');
    return r.emit('batchnorm', {}, [x], 'batchnorm');
  },
  LayerNormalization: (r, config, [x]) => {
    checkLastAxis(r, config, x, 'LayerNormalization');
    return r.emit('layernorm', {}, [x], 'layernorm');
  },
  MaxPooling1D: pool('maxpool'),
  MaxPooling2D: pool('maxpool'),
  MaxPooling3D: pool('maxpool'),
  AveragePooling1D: pool('avgpool'),
  AveragePooling2D: pool('avgpool'),
  AveragePooling3D: pool('avgpool'),
  GlobalAveragePooling1D: globalPool('globalavgpool'),
  GlobalAveragePooling2D: globalPool('globalavgpool'),
  GlobalAveragePooling3D: globalPool('globalavgpool'),
  GlobalMaxPooling1D: globalPool('globalmaxpool'),
  GlobalMaxPooling2D: globalPool('globalmaxpool'),
  GlobalMaxPooling3D: globalPool('globalmaxpool'),
  Add: merge('add'),
  Subtract: merge('add'),
  Multiply: merge('multiply'),
  // The sum, then one division per element.
  Average: (r, config, inputs) => r.emit('elementwise', {}, [merge('add')(r, config, inputs)], 'divide'),
  // x · scale (+ offset): one operation per element for each.
  Rescaling: (r, config, [x]) => {
    const y = r.emit('elementwise', {}, [x], 'scale');
    return Number(config.offset ?? 0) === 0 ? y : r.emit('elementwise', {}, [y], 'offset');
  },
  Concatenate: (r, config, inputs) => {
    const axis = Number(config.axis ?? -1);
    const rank = inputs[0].shape.length;
    // Keras counts the batch as axis 0.
    const archAxis = axis < 0 ? axis : axis - 1;
    if (archAxis === -1 - rank || axis === 0) r.fail('concatenates along the batch axis');
    return r.emit('concat', archAxis === -1 || archAxis === rank - 1 ? {} : { axis: archAxis }, inputs, 'concat');
  },
  Activation: (r, config, [x]) => {
    const y = r.activation(x, config.activation);
    return y === x ? r.emit('identity', {}, [x], 'identity') : y;
  },
  ReLU: (r, config, [x]) => {
    const max = config.max_value;
    const slope = Number(config.negative_slope ?? 0);
    if (Number(config.threshold ?? 0) !== 0) r.fail('ReLU with a threshold has no archcost op');
    if (max === 6 && slope === 0) return r.emit('relu6', {}, [x], 'relu6');
    if (max !== null && max !== undefined) r.fail(`ReLU capped at ${String(max)} has no archcost op (relu6 caps at 6)`);
    return slope > 0 ? r.emit('leakyrelu', { negative_slope: slope }, [x], 'leakyrelu') : r.emit('relu', {}, [x], 'relu');
  },
  LeakyReLU: (r, config, [x]) => r.emit('leakyrelu', { negative_slope: Number(config.negative_slope ?? config.alpha ?? 0.3) }, [x], 'leakyrelu'),
  ELU: (r, config, [x]) => r.emit('elu', { alpha: Number(config.alpha ?? 1) }, [x], 'elu'),
  PReLU: (r, config, [x]) => {
    const shared = Array.isArray(config.shared_axes) ? config.shared_axes.map(Number).sort((a, b) => a - b) : [];
    const spatial = Array.from({ length: x.shape.length - 1 }, (_, i) => i + 1);
    if (shared.join() !== spatial.join()) r.fail("PReLU with one slope per element (shared_axes not every spatial axis) has more weights than archcost's prelu (one per channel)");
    return r.emit('prelu', {}, [x], 'prelu');
  },
  Softmax: (r, config, [x]) => {
    const axis = Number(config.axis ?? -1);
    return r.emit('softmax', axis === -1 || axis === x.shape.length ? {} : { axis: axis - 1 }, [x], 'softmax');
  },
  Flatten: (r, _config, [x]) => r.emit('flatten', {}, [x], 'flatten'),
  Reshape: (r, config, [x]) => r.emit('reshape', { shape: list(config.target_shape, 0) }, [x], 'reshape'),
  // Permute moves axes: free, and the output shape is what the layers after it read.
  Permute: (r, config, [x]) => r.emit('reshape', { shape: list(config.dims, 0).map((d) => x.shape[d - 1]) }, [x], 'permute'),
  Dropout: (r, config, [x]) => r.emit('dropout', { rate: Number(config.rate ?? 0.5) }, [x], 'dropout'),
  SpatialDropout1D: (r, config, [x]) => r.emit('dropout', { rate: Number(config.rate ?? 0.5) }, [x], 'dropout'),
  SpatialDropout2D: (r, config, [x]) => r.emit('dropout', { rate: Number(config.rate ?? 0.5) }, [x], 'dropout'),
  GaussianDropout: (r, config, [x]) => r.emit('dropout', { rate: Number(config.rate ?? 0.5) }, [x], 'dropout'),
  ZeroPadding1D: (r, config, [x]) => zeroPadding(r, config, x),
  ZeroPadding2D: (r, config, [x]) => zeroPadding(r, config, x),
  ZeroPadding3D: (r, config, [x]) => zeroPadding(r, config, x),
  Cropping2D: (r, config, [x]) => {
    const crops = pairs(config.cropping, 2);
    let y = x;
    crops.forEach(([before, after], axis) => {
      if (before || after) y = r.emit('slice', { start: before, end: x.shape[axis] - after, axis }, [y], `crop_${axis}`);
    });
    return y === x ? r.emit('identity', {}, [x], 'crop') : y;
  },
  UpSampling1D: (r, config, [x]) => r.emit('upsample', { scale: Number(config.size ?? 2) }, [x], 'upsample'),
  UpSampling2D: (r, config, [x]) => {
    const mode = String(config.interpolation ?? 'nearest');
    if (mode !== 'nearest' && mode !== 'bilinear') r.fail(`interpolation '${mode}' has no archcost op`);
    return r.emit('upsample', args({ scale: compact(list(config.size ?? 2, 2)), mode: mode === 'bilinear' ? 'bilinear' : undefined }), [x], 'upsample');
  },
  UpSampling3D: (r, config, [x]) => r.emit('upsample', { scale: compact(list(config.size ?? 2, 3)) }, [x], 'upsample'),
  Embedding: (r, config, [x]) => r.emit('embedding', { vocab: config.input_dim, dim: config.output_dim }, [x], 'embedding'),
  LSTM: recurrent('LSTM'),
  CuDNNLSTM: recurrent('CuDNNLSTM'),
  GRU: recurrent('GRU'),
  CuDNNGRU: recurrent('CuDNNGRU'),
  SimpleRNN: recurrent('SimpleRNN'),
  Bidirectional: (r, config, [x]) => emitRecurrent(r, x, bidirectionalLayer(config, (m) => r.fail(m))),
};

function transpose(r: KerasReader, config: Json, x: Tensor): Tensor {
  const rank = spatialRank(x);
  const extra = config.output_padding === null || config.output_padding === undefined ? undefined : compact(list(config.output_padding, rank), 0);
  const y = r.emit('conv_transpose', args({ filters: config.filters, ...windowArgs(r, config, x, 'kernel_size'), output_padding: extra, bias: noBias(config) }), [x], 'conv_transpose');
  return withActivation(r, y, config);
}

/** Keras's padding forms: n, (a, b) per axis, or ((before, after), ...). */
function pairs(value: unknown, rank: number): [number, number][] {
  if (typeof value === 'number') return Array.from({ length: rank }, () => [value, value]);
  if (!Array.isArray(value)) return Array.from({ length: rank }, () => [1, 1]);
  if (rank === 1 && value.length === 2 && value.every((v) => typeof v === 'number')) return [[value[0], value[1]]];
  return value.map((v) => (Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [Number(v), Number(v)]));
}

function zeroPadding(r: KerasReader, config: Json, x: Tensor): Tensor {
  const p = pairs(config.padding ?? 1, spatialRank(x));
  return r.emit('pad', { padding: p.every(([a, b]) => a === b) ? compact(p.map(([a]) => a)) : p }, [x], 'pad');
}

/** The model description inside the file: to_json's top level, or tfjs's modelTopology (with or without model_config). */
function topologyOf(json: unknown): Json | undefined {
  if (!isObject(json)) return undefined;
  if (isObject(json.modelTopology)) return topologyOf(json.modelTopology.model_config ?? json.modelTopology);
  if (typeof json.class_name === 'string' && MODEL_CLASSES.has(json.class_name)) return json;
  return undefined;
}

/** Values in tfjs's weightsManifest: what Keras counts as total params (trainable and not). */
function manifestValues(json: unknown): bigint | undefined {
  if (!isObject(json) || !Array.isArray(json.weightsManifest)) return undefined;
  let total = 0n;
  for (const group of json.weightsManifest) {
    for (const w of (isObject(group) && Array.isArray(group.weights) ? group.weights : []) as unknown[]) {
      if (isObject(w) && Array.isArray(w.shape)) total += w.shape.reduce((n: bigint, d: unknown) => n * BigInt(Number(d) || 0), 1n);
    }
  }
  return total;
}

export function importKeras(bytes: Uint8Array, options: ImportOptions = {}): FlatModel {
  const file = options.file;
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (e) {
    const found = jsonSyntaxError(text);
    const before = found ? text.slice(0, found.offset) : '';
    const at = found ? { line: before.split('\n').length, column: found.offset - before.lastIndexOf('\n') } : {};
    throw importError(file, FORMAT, at, `invalid JSON: ${found?.message ?? (e as Error).message}`);
  }
  if (isObject(json) && json.format === 'graph-model') {
    throw importError(file, FORMAT, {}, 'this is a TensorFlow.js graph model (a TensorFlow graph, not Keras layers); archcost reads layers models, or the model exported to ONNX');
  }
  const topology = topologyOf(json);
  if (!topology) throw importError(file, FORMAT, {}, 'no Keras model here: expected model.to_json() output (class_name Sequential, Functional or Model) or a TensorFlow.js model.json with modelTopology');
  const reader = new KerasReader(file);
  reader.override = options.input;
  const { outputs } = reader.model(topology, [], [], 0);
  const values = manifestValues(json);
  if (values !== undefined && values !== reader.graph.weights) {
    reader.graph.note(`the weights manifest holds ${values} values (Keras's total params, trainable and not) but the layers read here have ${reader.graph.weights} params + buffers`);
  }
  const config = isObject(topology.config) ? topology.config : {};
  return reader.graph.model(modelName(file, typeof config.name === 'string' ? config.name : 'model'), {
    description: `Imported from a Keras ${String(topology.class_name)} model${isObject(json) && json.modelTopology ? ' (TensorFlow.js model.json)' : ''}`,
    outputs: outputs.map((o) => o.id),
  });
}
