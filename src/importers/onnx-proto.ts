import protobuf from 'protobufjs/light.js';

/**
 * The part of the ONNX protobuf schema an importer reads (onnx/onnx.proto, IR version 3 and later):
 * message and field numbers as the official schema defines them. protobufjs decodes the wire format
 * and skips the fields not listed here (doc strings, metadata, training info, functions).
 */
const int64 = (id: number, rule?: 'repeated') => ({ type: 'int64', id, ...(rule ? { rule } : {}) });
const field = (type: string, id: number, rule?: 'repeated') => ({ type, id, ...(rule ? { rule } : {}) });

const SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            ir_version: int64(1),
            producer_name: field('string', 2),
            producer_version: field('string', 3),
            domain: field('string', 4),
            model_version: int64(5),
            doc_string: field('string', 6),
            graph: field('GraphProto', 7),
            opset_import: field('OperatorSetIdProto', 8, 'repeated'),
          },
        },
        OperatorSetIdProto: { fields: { domain: field('string', 1), version: int64(2) } },
        GraphProto: {
          fields: {
            node: field('NodeProto', 1, 'repeated'),
            name: field('string', 2),
            initializer: field('TensorProto', 5, 'repeated'),
            doc_string: field('string', 10),
            input: field('ValueInfoProto', 11, 'repeated'),
            output: field('ValueInfoProto', 12, 'repeated'),
            value_info: field('ValueInfoProto', 13, 'repeated'),
            sparse_initializer: field('SparseTensorProto', 15, 'repeated'),
          },
        },
        NodeProto: {
          fields: {
            input: field('string', 1, 'repeated'),
            output: field('string', 2, 'repeated'),
            name: field('string', 3),
            op_type: field('string', 4),
            attribute: field('AttributeProto', 5, 'repeated'),
            domain: field('string', 7),
          },
        },
        AttributeProto: {
          fields: {
            name: field('string', 1),
            f: field('float', 2),
            i: int64(3),
            s: field('bytes', 4),
            t: field('TensorProto', 5),
            g: field('GraphProto', 6),
            floats: field('float', 7, 'repeated'),
            ints: int64(8, 'repeated'),
            strings: field('bytes', 9, 'repeated'),
            tensors: field('TensorProto', 10, 'repeated'),
            graphs: field('GraphProto', 11, 'repeated'),
            type: field('int32', 20),
          },
        },
        TensorProto: {
          fields: {
            dims: int64(1, 'repeated'),
            data_type: field('int32', 2),
            float_data: field('float', 4, 'repeated'),
            int32_data: field('int32', 5, 'repeated'),
            string_data: field('bytes', 6, 'repeated'),
            int64_data: int64(7, 'repeated'),
            name: field('string', 8),
            raw_data: field('bytes', 9),
            double_data: field('double', 10, 'repeated'),
            uint64_data: field('uint64', 11, 'repeated'),
            data_location: field('int32', 14),
          },
        },
        SparseTensorProto: {
          fields: { values: field('TensorProto', 1), indices: field('TensorProto', 2), dims: int64(3, 'repeated') },
        },
        ValueInfoProto: { fields: { name: field('string', 1), type: field('TypeProto', 2) } },
        TypeProto: {
          fields: { tensor_type: field('TypeProtoTensor', 1) },
        },
        TypeProtoTensor: { fields: { elem_type: field('int32', 1), shape: field('TensorShapeProto', 2) } },
        TensorShapeProto: { fields: { dim: field('Dimension', 1, 'repeated') } },
        Dimension: { fields: { dim_value: int64(1), dim_param: field('string', 2) } },
      },
    },
  },
};

/** int64 fields arrive as numbers or Long objects. */
export type Int64 = number | { toString(): string };

export interface OnnxTensor {
  dims: Int64[];
  data_type: number;
  float_data: number[];
  int32_data: number[];
  int64_data: Int64[];
  double_data: number[];
  uint64_data: Int64[];
  name: string;
  raw_data: Uint8Array;
  data_location: number;
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f: number;
  i: Int64;
  s: Uint8Array;
  t?: OnnxTensor;
  g?: OnnxGraph;
  floats: number[];
  ints: Int64[];
  strings: Uint8Array[];
  tensors: OnnxTensor[];
  graphs: OnnxGraph[];
}

export interface OnnxNode {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  domain: string;
  attribute: OnnxAttribute[];
}

export interface OnnxValueInfo {
  name: string;
  type?: { tensor_type?: { elem_type: number; shape?: { dim: { dim_value?: Int64; dim_param?: string }[] } } };
}

export interface OnnxGraph {
  node: OnnxNode[];
  name: string;
  doc_string: string;
  initializer: OnnxTensor[];
  sparse_initializer: { values?: OnnxTensor; dims: Int64[] }[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  value_info: OnnxValueInfo[];
}

export interface OnnxModel {
  ir_version: Int64;
  producer_name: string;
  producer_version: string;
  doc_string: string;
  graph?: OnnxGraph;
  opset_import: { domain: string; version: Int64 }[];
}

let root: protobuf.Root | undefined;

/** The message types, built once from the schema above. */
export function onnxType(name: 'ModelProto' | 'GraphProto' | 'NodeProto' | 'TensorProto'): protobuf.Type {
  root ??= protobuf.Root.fromJSON(SCHEMA);
  return root.lookupType(`onnx.${name}`);
}

/** Decodes a ModelProto; throws protobufjs's own error on bytes that are not one. */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  return onnxType('ModelProto').decode(bytes) as unknown as OnnxModel;
}

/** An int64 as a JS number, or undefined when it is not a safe integer. */
export function int(value: Int64 | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const big = BigInt(value.toString());
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : undefined;
}

export const TENSOR_TYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
};

/** Elements of a tensor above which its values are not read (importers need small shape tensors only). */
const MAX_VALUES = 1 << 16;

/**
 * The numbers of a small tensor, whichever field holds them; undefined when the tensor is large,
 * stored outside the file, or of a type without numbers.
 */
export function tensorValues(t: OnnxTensor, count: number): number[] | undefined {
  if (count > MAX_VALUES || t.data_location === 1) return undefined;
  const typed = [t.float_data, t.int32_data, t.double_data].find((a) => a.length > 0);
  if (typed) return typed.length === count ? [...typed] : undefined;
  const longs = t.int64_data.length > 0 ? t.int64_data : t.uint64_data;
  if (longs.length > 0) return longs.length === count ? longs.map((v) => int(v) ?? Number(v.toString())) : undefined;
  const raw = t.raw_data;
  if (!raw || raw.length === 0) return count === 0 ? [] : undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read = RAW_READERS[t.data_type];
  if (!read || raw.byteLength !== read.bytes * count) return undefined;
  return Array.from({ length: count }, (_, i) => read.get(view, i * read.bytes));
}

const RAW_READERS: Record<number, { bytes: number; get(view: DataView, at: number): number }> = {
  1: { bytes: 4, get: (v, at) => v.getFloat32(at, true) },
  2: { bytes: 1, get: (v, at) => v.getUint8(at) },
  3: { bytes: 1, get: (v, at) => v.getInt8(at) },
  4: { bytes: 2, get: (v, at) => v.getUint16(at, true) },
  5: { bytes: 2, get: (v, at) => v.getInt16(at, true) },
  6: { bytes: 4, get: (v, at) => v.getInt32(at, true) },
  7: { bytes: 8, get: (v, at) => Number(v.getBigInt64(at, true)) },
  9: { bytes: 1, get: (v, at) => v.getUint8(at) },
  10: { bytes: 2, get: (v, at) => halfToNumber(v.getUint16(at, true)) },
  11: { bytes: 8, get: (v, at) => v.getFloat64(at, true) },
  12: { bytes: 4, get: (v, at) => v.getUint32(at, true) },
  13: { bytes: 8, get: (v, at) => Number(v.getBigUint64(at, true)) },
};

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
