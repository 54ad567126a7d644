import { ModelGraph, importError, inputName, layerName, modelName, type FlatModel, type ImportOptions, type Tensor } from './model-graph.js';
import { HANDLERS, WEIGHT_SLOTS, CHANNEL_OPS } from './onnx-ops.js';
import { RECURRENT_OPS } from './onnx-recurrent.js';
import { decodeModel, int, tensorValues, TENSOR_TYPES, type OnnxAttribute, type OnnxGraph, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './onnx-proto.js';
import { sameNumbers } from '../core/values.js';
import { product } from './onnx-shapes.js';

/**
 * ONNX (`.onnx`) → archcost layers. ONNX tensors are NCHW with the batch first; archcost shapes are
 * channels-last without the batch. Each computed tensor is tracked with its ONNX dims and a layout:
 * `perm[j]` is the archcost axis of ONNX axis j + 1. Transpose only changes the layout; an op that
 * needs channels last (Conv, pools, norms) or a plain layout (MatMul) gets a free `reshape` first
 * when the tensor is in another. Weights are initializers or, with `export_params=False`, graph
 * inputs; their values are never needed, only their dims. Small constants (Reshape shapes, Resize
 * scales, Clip bounds) are read and folded, with the shape arithmetic PyTorch exports (Shape,
 * Gather, Concat, ...).
 */

export interface Act {
  kind: 'act';
  t: Tensor;
  /** ONNX dims, batch first. */
  dims: number[];
  perm: number[];
  /** The ONNX axis holding the batch when it is not the first: time-major sequences [L, N, C] around recurrent nodes. */
  batch?: number;
  /**
   * `t` holds these elements in another shape: a recurrent node's output [L, D·H] standing for
   * ONNX's Y [L, D, N, H]. Reshapes back to `t`'s shape (PyTorch's Squeeze or Reshape) cost no
   * layer; any other reader gets a free reshape to ONNX's dims first.
   */
  view?: boolean;
}

export interface Const {
  kind: 'const';
  dims: number[];
  values?: number[];
  /** An initializer or weight input (a parameter), as opposed to a Constant node or a folded value. */
  learnable: boolean;
  /** The dims of the parameter itself, when Expand broadcast it (over the batch). */
  learnedDims?: number[];
}

export type Value = Act | Const;

const FORMAT = 'ONNX';
/** protobuf's own limit for one message. */
export const MAX_ONNX_BYTES = 2 ** 31 - 1;

export const channelsLast = (rank: number) => Array.from({ length: rank }, (_, j) => (j === 0 ? rank - 1 : j - 1));
export const plainLayout = (rank: number) => Array.from({ length: rank }, (_, j) => j);
/** Whether a layout keeps ONNX's axis order (each axis j on archcost axis j). */
export const isPlain = (perm: readonly number[]) => sameNumbers(perm, plainLayout(perm.length));

/** Archcost shape of ONNX dims (the batch, on axis `batch`, dropped) under a layout. */
export function archShape(dims: readonly number[], perm: readonly number[], batch = 0): number[] {
  const shape = new Array<number>(perm.length);
  perm.forEach((axis, j) => (shape[axis] = dims[j < batch ? j : j + 1]));
  return shape;
}

/** The view mark of an act whose tensor `t` stands for ONNX's dims `rest` (the batch dropped, plain layout): none when they agree. */
export const viewMark = (rest: readonly number[], t: Tensor): { view?: true } => (sameNumbers(rest, t.shape) ? {} : { view: true });

export interface Attributes {
  int(name: string, fallback: number): number;
  ints(name: string): number[] | undefined;
  float(name: string, fallback: number): number;
  floats(name: string): number[] | undefined;
  strings(name: string): string[] | undefined;
  string(name: string, fallback: string): string;
  tensor(name: string): OnnxTensor | undefined;
  has(name: string): boolean;
}

function attributes(node: OnnxNode, fail: (message: string) => never): Attributes {
  const byName = new Map<string, OnnxAttribute>(node.attribute.map((a) => [a.name, a]));
  const safe = (v: Parameters<typeof int>[0], name: string) => int(v) ?? fail(`attribute ${name} is not a safe integer`);
  return {
    int: (name, fallback) => (byName.has(name) ? safe(byName.get(name)!.i, name) : fallback),
    ints: (name) => byName.get(name)?.ints.map((v) => safe(v, name)),
    float: (name, fallback) => {
      const a = byName.get(name);
      // An integer-valued attribute written as INT (type 2) still means the number.
      return a === undefined ? fallback : a.type === 2 ? safe(a.i, name) : a.f;
    },
    floats: (name) => byName.get(name)?.floats,
    strings: (name) => byName.get(name)?.strings.map((b) => new TextDecoder().decode(b)),
    string: (name, fallback) => (byName.has(name) ? new TextDecoder().decode(byName.get(name)!.s) : fallback),
    tensor: (name) => byName.get(name)?.t,
    has: (name) => byName.has(name),
  };
}

export class OnnxImport {
  readonly values = new Map<string, Value>();
  readonly graph: ModelGraph;
  /** Nodes reading each value, for fusing MatMul with its bias Add. */
  readonly readers = new Map<string, OnnxNode[]>();
  /** Nodes folded into an earlier layer (a bias Add after MatMul). */
  readonly fused = new Set<OnnxNode>();
  readonly shapesInFile = new Map<string, (number | undefined)[]>();
  readonly graphOutputs = new Set<string>();
  /** Elementwise ops whose operand is a one-value initializer, counted as a constant. */
  scalarInitializers = 0;
  node!: OnnxNode;
  attrs!: Attributes;
  private scope: string[] = [];
  private leaf = '';
  private generic = false;

  constructor(
    readonly file: string | undefined,
    readonly opset: number,
  ) {
    this.graph = new ModelGraph(file, FORMAT);
  }

  at(node: OnnxNode, index: number): void {
    this.node = node;
    this.attrs = attributes(node, (m) => this.fail(m));
    const naming = nodeNaming(node, index);
    this.scope = naming.scope;
    this.leaf = naming.leaf;
    this.generic = naming.generic;
  }

  fail(message: string): never {
    throw importError(this.file, FORMAT, { node: `node '${this.node?.name || this.node?.op_type}' (${this.node?.op_type})` }, message);
  }

  /** A value by name; a time-major tensor or a view only for the handlers that say they read one. */
  value(name: string, reads: { timeMajor?: boolean; view?: boolean } = {}): Value {
    const found = this.values.get(name);
    if (!found) this.fail(`reads '${name}', which no graph input, initializer or earlier node provides (nodes must be in topological order)`);
    const v = found.kind === 'act' && found.view && !reads.view ? this.materialize(name, found) : found;
    if (v.kind === 'act' && v.batch && !reads.timeMajor) {
      this.fail(`reads '${name}', whose batch is on axis ${v.batch} (moved there by a Transpose or a recurrent node); archcost keeps the batch first, and only recurrent nodes, Transpose, Flatten, Squeeze, Unsqueeze, Reshape, Shape, Concat, Gather and a MatMul by a weight read such a tensor`);
    }
    return v;
  }

  /** A view in ONNX's own dims: a free reshape, read in its place from now on. */
  private materialize(name: string, v: Act): Act {
    const shape = archShape(v.dims, v.perm, v.batch ?? 0);
    const plain: Act = { ...v, view: undefined };
    const made = sameNumbers(shape, v.t.shape) ? plain : this.emit('reshape', { shape }, [plain], v.perm, 'layout', v.batch ?? 0);
    this.values.set(name, made);
    return made;
  }

  /** Whether output `slot` of the current node is read by a node or is a graph output. */
  used(slot: number): boolean {
    const name = this.node.output[slot];
    return Boolean(name) && ((this.readers.get(name)?.length ?? 0) > 0 || this.graphOutputs.has(name));
  }

  /** Input `slot` as a computed tensor. */
  act(slot: number): Act {
    const name = this.node.input[slot];
    if (!name) this.fail(`input ${slot} is missing`);
    const v = this.value(name);
    if (v.kind !== 'act') this.fail(`input ${slot} ('${name}') is a constant where archcost needs a computed tensor`);
    return v;
  }

  /** Input `slot` when it is given (ONNX leaves optional inputs empty). */
  optional(slot: number): Value | undefined {
    const name = this.node.input[slot];
    return name ? this.value(name) : undefined;
  }

  /** Input `slot` as a weight or constant: its dims (values when small and stored in the file). */
  weight(slot: number, what: string): Const {
    const v = this.optional(slot);
    if (!v) this.fail(`${what} (input ${slot}) is missing`);
    if (v.kind !== 'const') this.fail(`${what} (input ${slot}) is computed by the graph; archcost needs it as an initializer or weight input`);
    return v;
  }

  /** The numbers of a constant input: Reshape's shape, Resize's scales, Clip's bounds. */
  numbers(slot: number, what: string): number[] {
    const v = this.weight(slot, what);
    if (!v.values) this.fail(`${what} (input ${slot}) must be a constant stored in the file; its values are not known`);
    return v.values;
  }

  set(slot: number, value: Value): void {
    const name = this.node.output[slot];
    if (!name) return;
    if (value.kind === 'act') this.checkAgainstFile(name, value);
    this.values.set(name, value);
  }

  /** Where the file states an output's dims (value_info, graph outputs), archcost's must agree. */
  private checkAgainstFile(name: string, value: Act): void {
    const stated = this.shapesInFile.get(name);
    if (!stated || stated.length !== value.dims.length) return;
    // Every axis but the batch's, which is not axis 0 in a time-major tensor.
    const batch = value.batch ?? 0;
    const differs = stated.some((d, i) => i !== batch && d !== undefined && d !== value.dims[i]);
    if (differs) {
      this.fail(`the file gives output '${name}' the shape [${stated.map((d) => d ?? '?').join(', ')}], archcost computes [${value.dims.join(', ')}]`);
    }
  }

  /** Adds an archcost layer for the current node; its output is read back into ONNX dims through `perm`. */
  emit(op: string, args: Record<string, unknown>, inputs: Act[], perm: number[], suffix?: string, batchAt = 0): Act {
    const name = suffix ? `${this.leaf}_${suffix}` : this.leaf;
    const t = this.graph.layer(op, args, inputs.map((i) => i.t), {
      scope: this.scope,
      name,
      generic: this.generic,
      at: { node: `node '${this.node.name || this.node.op_type}' (${this.node.op_type})` },
    });
    if (t.shape.length !== perm.length) this.fail(`archcost's ${op} gives a rank-${t.shape.length} tensor where ONNX has rank ${perm.length + 1}`);
    const rest = perm.map((axis) => t.shape[axis]);
    const dims = [...rest.slice(0, batchAt), inputs[0].dims[inputs[0].batch ?? 0], ...rest.slice(batchAt)];
    return { kind: 'act', t, dims, perm, ...(batchAt ? { batch: batchAt } : {}) };
  }

  /** The tensor in layout `perm`: the same tensor when it already is, else a free reshape. */
  layout(a: Act, perm: number[]): Act {
    if (sameNumbers(a.perm, perm)) return a;
    const shape = archShape(a.dims, perm);
    if (sameNumbers(shape, a.t.shape)) return { ...a, perm };
    return this.emit('reshape', { shape }, [a], perm, 'layout');
  }

  channelsLast(a: Act): Act {
    if (a.dims.length < 3) this.fail(`needs a tensor with channels and spatial axes (N, C, ...), got dims [${a.dims.join(', ')}]`);
    return this.layout(a, channelsLast(a.dims.length - 1));
  }

  plain(a: Act): Act {
    return this.layout(a, plainLayout(a.dims.length - 1));
  }

  /** An ONNX axis (negative counts from the end) of a tensor of `rank` dims; the batch axis (`batch`, 0 unless time-major) is refused. */
  axis(raw: number, rank: number, what = 'axis', batch = 0): number {
    const axis = this.inRange(raw, rank, what);
    if (axis === batch) this.fail(`${what} ${axis} is the batch axis; archcost shapes have no batch axis to work on`);
    return axis;
  }

  /** An ONNX axis (negative from the end) as 0 to rank - 1; out of range, the import stops. */
  inRange(raw: number, rank: number, what = 'axis'): number {
    const axis = raw < 0 ? raw + rank : raw;
    if (axis < 0 || axis >= rank) this.fail(`${what} ${raw} is out of range for rank ${rank}`);
    return axis;
  }

  /**
   * A new view of a tensor with other ONNX dims: flatten to [N, K], relabel, or a free reshape.
   * `batchAt`: where a time-major tensor's batch goes, when the node says (Squeeze, Unsqueeze).
   */
  reshaped(a: Act, dims: number[], batchAt?: number): Act {
    if (a.batch) return this.reshapedTimeMajor(a, dims, batchAt);
    if (dims[0] !== a.dims[0]) this.fail(`changes the batch axis (${a.dims[0]} to ${dims[0]}); archcost keeps the batch apart`);
    if (sameNumbers(dims, a.dims)) return a;
    if (dims.length === 2) return this.emit('flatten', {}, [a], [0]);
    const channels = a.dims.length >= 3 && sameNumbers(a.perm, channelsLast(a.dims.length - 1)) && dims.length >= 3;
    const perm = channels ? channelsLast(dims.length - 1) : plainLayout(dims.length - 1);
    const shape = archShape(dims, perm);
    // A view too: its `t` under the new dims, no longer a view.
    if (sameNumbers(shape, a.t.shape)) return { kind: 'act', t: a.t, dims, perm };
    return this.emit('reshape', { shape }, [a], perm);
  }

  /**
   * Reshape of a time-major tensor (PyTorch's Squeeze and Reshape after LSTM): the batch keeps its
   * size and the elements before it. Its new axis is `batchAt` when given, else the first that holds so.
   */
  private reshapedTimeMajor(a: Act, dims: number[], batchAt?: number): Act {
    const batch = a.batch!;
    const at = batchAt ?? batchAxisBySize(a.dims, batch, dims);
    if (at < 0) this.fail(`reshapes [${a.dims.join(', ')}] (batch on axis ${batch}) to [${dims.join(', ')}], mixing the batch with other axes; archcost keeps the batch apart`);
    const shape = dims.filter((_, i) => i !== at);
    const perm = plainLayout(shape.length);
    if (sameNumbers(shape, a.t.shape)) return { kind: 'act', t: a.t, dims, perm, ...(at ? { batch: at } : {}) };
    return this.emit('reshape', { shape }, [a], perm, undefined, at);
  }
}

/** The first axis of `dims` with the batch's size and, before it, as many elements as before the batch in `from`; -1 if none. */
function batchAxisBySize(from: readonly number[], batch: number, dims: readonly number[]): number {
  const before = product(from.slice(0, batch));
  for (let i = 0, prefix = 1; i < dims.length && prefix <= before; prefix *= dims[i++]) {
    if (prefix === before && dims[i] === from[batch]) return i;
  }
  return -1;
}

/**
 * Scope and name of a node. PyTorch names nodes by module path, `/layer1/layer1.0/conv1/Conv`:
 * the scopes are the modules (a child of a Sequential repeats its parent's name, `layer1.0`, and
 * keeps only the index) and the last part is the op type, which names the layer only when its
 * module holds more than one.
 */
function nodeNaming(node: OnnxNode, index: number): { scope: string[]; leaf: string; generic: boolean } {
  const raw = node.name || node.output[0] || `${node.op_type}_${index}`;
  if (!raw.includes('/')) return { scope: [], leaf: layerName(raw, `node_${index}`), generic: !node.name };
  const parts = raw.split('/').filter(Boolean);
  const last = parts.pop() ?? node.op_type;
  const scope = parts.map((part, i) => {
    const parent = parts[i - 1];
    const local = parent && part.startsWith(`${parent}.`) ? part.slice(parent.length + 1) : part;
    return layerName(local, `scope_${i}`);
  });
  const generic = new RegExp(`^${node.op_type}(_\\d+)?$`).test(last);
  return { scope, leaf: layerName(generic ? last.toLowerCase() : last, node.op_type.toLowerCase()), generic };
}

function dimsOf(info: OnnxValueInfo): (number | string | undefined)[] | undefined {
  const shape = info.type?.tensor_type?.shape;
  if (!shape) return undefined;
  return shape.dim.map((d) => (d.dim_param ? d.dim_param : int(d.dim_value) || undefined));
}

function tensorDims(t: OnnxTensor, fail: (m: string) => never): number[] {
  return t.dims.map((d) => {
    const n = int(d);
    if (n === undefined || n < 0) fail(`initializer '${t.name}' has an invalid dimension ${String(d)}`);
    return n;
  });
}

export function importOnnx(bytes: Uint8Array, options: ImportOptions = {}): FlatModel {
  const file = options.file;
  const fail = (message: string): never => {
    throw importError(file, FORMAT, {}, message);
  };
  if (bytes.length > MAX_ONNX_BYTES) fail(`the file is ${bytes.length} bytes; ONNX (protobuf) files are at most 2 GiB`);
  let model;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    return fail(`the file cannot be decoded as an ONNX model (it may be truncated or not ONNX): ${(e as Error).message}`);
  }
  const graph = model.graph;
  if (!graph || graph.node.length === 0) return fail('the file holds no graph with nodes: it is not an ONNX model, or an empty one');
  const opset = int(model.opset_import.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version) ?? 1;
  if (graph.node.length > 100_000) fail(`the graph has ${graph.node.length} nodes; archcost reads at most 100,000`);
  rejectUnsupported(graph, fail);

  const ctx = new OnnxImport(file, opset);
  for (const o of graph.output) ctx.graphOutputs.add(o.name);
  for (const info of [...graph.value_info, ...graph.output]) {
    const dims = dimsOf(info);
    if (dims) ctx.shapesInFile.set(info.name, dims.map((d) => (typeof d === 'number' ? d : undefined)));
  }
  for (const t of graph.initializer) {
    const dims = tensorDims(t, fail);
    const count = dims.reduce((a, b) => a * b, 1);
    ctx.values.set(t.name, { kind: 'const', dims, values: tensorValues(t, count), learnable: !t.name.startsWith('onnx::') });
  }
  for (const s of graph.sparse_initializer) {
    const name = s.values?.name ?? '';
    ctx.values.set(name, { kind: 'const', dims: s.dims.map((d) => int(d) ?? 0), learnable: true });
  }
  for (const node of graph.node) {
    for (const name of node.input) {
      if (!ctx.readers.has(name)) ctx.readers.set(name, []);
      ctx.readers.get(name)!.push(node);
    }
  }
  const batch = addInputs(ctx, graph, options, fail);
  graph.node.forEach((node, index) => {
    if (ctx.fused.has(node)) return;
    ctx.at(node, index);
    HANDLERS[node.op_type](ctx);
  });

  if (ctx.scalarInitializers) {
    ctx.graph.note(`${ctx.scalarInitializers} elementwise op${ctx.scalarInitializers === 1 ? ' reads' : 's read'} a one-value initializer, taken as a constant (no param counted)`);
  }
  const outputs = graph.output.map((o) => o.name).filter((name) => ctx.values.get(name)?.kind === 'act');
  if (outputs.length === 0) fail('none of the graph outputs is computed from its inputs');
  // Exporters name graphs generically (torch_jit, main_graph): the file's name says more.
  const name = file ? modelName(file) : graph.name || 'model';
  const producer = model.producer_name ? ` exported by ${model.producer_name} ${model.producer_version}`.trimEnd() : '';
  return ctx.graph.model(name, { description: `Imported from ONNX (opset ${opset})${producer}`, batch, outputs: outputs.map((o) => (ctx.values.get(o) as Act).t.id) });
}


/** Every op type the importer cannot map, with the nodes that use it, in one message. */
function rejectUnsupported(graph: OnnxGraph, fail: (m: string) => never): void {
  const unsupported = new Map<string, string[]>();
  graph.node.forEach((node, i) => {
    const domain = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.` : '';
    if (!domain && Object.hasOwn(HANDLERS, node.op_type)) return;
    const type = `${domain}${node.op_type}`;
    if (!unsupported.has(type)) unsupported.set(type, []);
    unsupported.get(type)!.push(node.name || `#${i}`);
  });
  if (unsupported.size === 0) return;
  const list = [...unsupported].map(([type, nodes]) => {
    const shown = nodes.slice(0, 5).map((n) => `'${n}'`).join(', ');
    return `${type} (${nodes.length} node${nodes.length === 1 ? '' : 's'}: ${shown}${nodes.length > 5 ? ', …' : ''})`;
  });
  fail(`${unsupported.size} operator type${unsupported.size === 1 ? ' has' : 's have'} no archcost mapping: ${list.join('; ')}. docs/importers/onnx.md lists the supported operators`);
}

/** Graph inputs: data tensors become spec inputs; weight inputs (export_params=False) become parameters. */
function addInputs(ctx: OnnxImport, graph: OnnxGraph, options: ImportOptions, fail: (m: string) => never): number | undefined {
  let batch: number | undefined;
  const candidates = graph.input.filter((i) => !ctx.values.has(i.name));
  candidates.forEach((info, index) => {
    const dims = dimsOf(info);
    if (!dims) fail(`graph input '${info.name}' has no tensor shape`);
    if (index > 0 && isWeightInput(ctx, info.name, dims)) {
      const sizes = dims.map((d) => (typeof d === 'number' ? d : fail(`weight input '${info.name}' has a symbolic size '${d}'`)));
      ctx.values.set(info.name, { kind: 'const', dims: sizes, learnable: true });
      return;
    }
    const dataIndex = ctx.graph.inputs.length;
    const elemType = info.type?.tensor_type?.elem_type ?? 1;
    if (dims.length === 0) fail(`graph input '${info.name}' is a scalar; archcost inputs have a batch axis and at least one more`);
    // A sequence read only by recurrent nodes in their default layout is time-major: [L, N, C].
    const batchAt = dims.length === 3 && timeMajorInput(ctx, info.name) ? 1 : 0;
    const sizes = dims.filter((_, i) => i !== batchAt);
    const rest = resolveSizes(info.name, sizes, dataIndex === 0 ? options.input : undefined, !batchAt && channelFirstInput(ctx, info.name, dims.length), fail);
    const first = typeof dims[batchAt] === 'number' ? dims[batchAt] : 1;
    if (batch !== undefined && first !== batch) fail(`graph inputs have different batch sizes (${batch} and ${first})`);
    batch = first;
    const onnxDims = [...rest.dims.slice(0, batchAt), first, ...rest.dims.slice(batchAt)];
    const t = ctx.graph.input(inputName(info.name, dataIndex), archShape(onnxDims, rest.perm, batchAt));
    ctx.values.set(info.name, { kind: 'act', t, dims: onnxDims, perm: rest.perm, ...(batchAt ? { batch: batchAt } : {}) });
    if (TENSOR_TYPES[elemType] === 'string') fail(`graph input '${info.name}' holds strings`);
  });
  if (ctx.graph.inputs.length === 0) fail('the graph has no data input (every input is a weight or initializer)');
  return batch;
}

/**
 * An input used only where ops take weights (Conv's W, BatchNormalization's statistics, a
 * MatMul's or an elementwise op's second operand) is a weight; the first input is always data.
 */
function isWeightInput(ctx: OnnxImport, name: string, dims: (number | string | undefined)[]): boolean {
  if (typeof dims[0] !== 'number') return false;
  return readOnlyAsWeight(ctx, name, 0);
}

/** Ops that pass a weight on unchanged in value count (PyTorch shares identical weight inputs through Identity). */
const PASS_THROUGH = new Set(['Identity', 'Cast', 'Transpose', 'Unsqueeze', 'Squeeze', 'Reshape', 'Expand']);

function readOnlyAsWeight(ctx: OnnxImport, name: string, depth: number, via?: string): boolean {
  const readers = ctx.readers.get(name) ?? [];
  if (readers.length === 0 || depth > 8) return false;
  return readers.every((node) =>
    node.input.every((input, slot) => {
      if (input !== name) return true;
      if (WEIGHT_SLOTS[node.op_type]?.includes(slot)) return true;
      // ViT's class token: a weight expanded over the batch and put before the tokens.
      if (node.op_type === 'Concat' && via === 'Expand') return true;
      return slot === 0 && PASS_THROUGH.has(node.op_type) && node.output.every((out) => readOnlyAsWeight(ctx, out, depth + 1, node.op_type));
    }),
  );
}

/** An input read only by recurrent nodes in layout 0 (and Shape): time-major. */
function timeMajorInput(ctx: OnnxImport, name: string): boolean {
  const readers = ctx.readers.get(name) ?? [];
  const recurrent = readers.filter((n) => Object.hasOwn(RECURRENT_OPS, n.op_type) && n.input[0] === name && !n.attribute.some((a) => a.name === 'layout' && int(a.i) === 1));
  // Shape nodes beside them size the initial state (PyTorch's export).
  return recurrent.length > 0 && readers.every((n) => recurrent.includes(n) || n.op_type === 'Shape');
}

/** A rank-3 input (N, C, L or N, L, C) is channels-first when a channel op (Conv, pool, norm) reads it. */
function channelFirstInput(ctx: OnnxImport, name: string, rank: number): boolean {
  if (rank >= 4) return true;
  if (rank < 3) return false;
  return (ctx.readers.get(name) ?? []).some((n) => CHANNEL_OPS.has(n.op_type));
}

function resolveSizes(
  name: string,
  sizes: (number | string | undefined)[],
  override: number[] | undefined,
  channels: boolean,
  fail: (m: string) => never,
): { dims: number[]; perm: number[] } {
  const perm = channels ? channelsLast(sizes.length) : plainLayout(sizes.length);
  if (override) {
    if (override.length !== sizes.length) fail(`--input ${override.join('x')} has ${override.length} sizes but input '${name}' has ${sizes.length} besides the batch`);
    return { dims: perm.map((axis) => override[axis]), perm };
  }
  const dims = sizes.map((d, i) => {
    if (typeof d === 'number' && d > 0) return d;
    return fail(`input '${name}' has a symbolic size ${d === undefined ? '(unknown)' : `'${d}'`} on axis ${i + 1}; give the size with --input (channels last, e.g. 224x224x3)`);
  });
  return { dims, perm };
}
