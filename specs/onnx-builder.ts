import { onnxType } from '../src/importers/onnx-proto.js';

/**
 * Small ONNX models for tests, encoded with the same protobuf schema the importer decodes (field
 * numbers of onnx/onnx.proto). Weights are initializers (export_params=True) unless listed as
 * `weights` (graph inputs, export_params=False).
 */

export type Dims = (number | string)[];
type Attribute = number | number[] | string | { floats: number[] } | { strings: string[] } | { tensor: TensorSpec };

export interface TensorSpec {
  name?: string;
  dims: number[];
  /** float32 values, or int64 with `int64: true`. */
  values?: number[];
  int64?: boolean;
}

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attrs?: Record<string, Attribute>;
}

export interface ModelSpec {
  inputs: { name: string; dims: Dims; type?: number }[];
  initializers?: (TensorSpec & { name: string })[];
  weights?: { name: string; dims: number[] }[];
  nodes: NodeSpec[];
  outputs: { name: string; dims?: Dims }[];
  valueInfo?: { name: string; dims: Dims }[];
  opset?: number;
  graphName?: string;
}

const valueInfo = (name: string, dims: Dims | undefined, type = 1) => ({
  name,
  type: { tensor_type: { elem_type: type, ...(dims ? { shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } : {}) } },
});

function tensor(t: TensorSpec) {
  return {
    name: t.name ?? '',
    dims: t.dims,
    data_type: t.int64 ? 7 : 1,
    ...(t.values ? (t.int64 ? { int64_data: t.values } : { float_data: t.values }) : {}),
  };
}

function attribute(name: string, value: Attribute) {
  if (typeof value === 'string') return { name, type: 3, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: 7, ints: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { name, type: 2, i: value } : { name, type: 1, f: value };
  if ('floats' in value) return { name, type: 6, floats: value.floats };
  if ('strings' in value) return { name, type: 8, strings: value.strings.map((v) => new TextEncoder().encode(v)) };
  return { name, type: 4, t: tensor(value.tensor) };
}

export function onnxBytes(spec: ModelSpec): Uint8Array {
  const Model = onnxType('ModelProto');
  const model = {
    ir_version: 7,
    producer_name: 'archcost-tests',
    opset_import: [{ domain: '', version: spec.opset ?? 13 }],
    graph: {
      name: spec.graphName ?? 'test',
      node: spec.nodes.map((n, i) => ({
        name: n.name ?? `${n.op}_${i}`,
        op_type: n.op,
        domain: n.domain ?? '',
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: (spec.initializers ?? []).map(tensor),
      input: [...spec.inputs.map((i) => valueInfo(i.name, i.dims, i.type)), ...(spec.weights ?? []).map((w) => valueInfo(w.name, w.dims))],
      output: spec.outputs.map((o) => valueInfo(o.name, o.dims)),
      value_info: (spec.valueInfo ?? []).map((v) => valueInfo(v.name, v.dims)),
    },
  };
  return Model.encode(Model.fromObject(model)).finish();
}

/** A graph of one node on input `x`, output `y`, with its weights as initializers. */
export function oneNode(op: string, inputDims: Dims, extra: { weights?: (TensorSpec & { name: string })[]; attrs?: Record<string, Attribute>; inputs?: string[]; opset?: number } = {}): Uint8Array {
  return onnxBytes({
    inputs: [{ name: 'x', dims: inputDims }],
    initializers: extra.weights ?? [],
    nodes: [{ op, name: op.toLowerCase(), inputs: extra.inputs ?? ['x', ...(extra.weights ?? []).map((w) => w.name)], outputs: ['y'], attrs: extra.attrs }],
    outputs: [{ name: 'y' }],
    opset: extra.opset,
  });
}
