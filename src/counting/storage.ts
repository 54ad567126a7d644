import { DTYPE_BYTES, storageBytes, type Dtype, type StorageDtype } from '../core/dtype.js';
import { ArchcostError, didYouMean } from '../core/errors.js';
import { inputShapes, perLayer, type Graph, type LayerNode } from '../language/graph.js';

/**
 * How weights are stored (`--weight-dtype`, `--group-size`, `--keep`), apart from the activation dtype
 * the layers compute in. Rules in docs/parallelism.md#quantized-weights.
 */
export interface WeightFormat {
  dtype: StorageDtype;
  /** One float16 scale per this many weights of a quantized layer; absent: none counted (int4: 128). */
  groupSize?: number;
  /** Layers whose weights stay at the activation dtype: an op, `head`, a layer or block name, or a name's last part. */
  keep?: string[];
}

/** The weight storage of every layer, and what was chosen. */
export interface WeightStorage {
  /** Bytes each layer holds: params and buffers as stored (a tied layer holds only its own, its bias). */
  held: bigint[];
  /** Bytes each layer reads of weights per run: what it holds, and for a tied layer the shared matrix as its owner stores it. */
  read: bigint[];
  /** Which layers have their matrices at the weight dtype. */
  quantized: boolean[];
  setup?: WeightSetup;
}

/** What the report says about the weight format (`weights` in JSON). */
export interface WeightSetup {
  dtype: StorageDtype;
  /** Weights per float16 scale, when scales are counted. */
  groupSize?: number;
  /** Layers left at the activation dtype by --keep. */
  kept: string[];
  /** How many layers have their matrices at the weight dtype. */
  quantizedLayers: number;
}

/** The ops that multiply by a weight matrix, and the args that switch their bias vectors (which stay at the activation dtype). */
const MATRIX_OPS: Readonly<Record<string, readonly string[]>> = {
  dense: ['bias'],
  embedding: [],
  attention: ['bias', 'qkv_bias', 'out_bias'],
  conv: ['bias'],
  depthwise: ['bias'],
  separable: ['bias'],
  conv_transpose: ['bias'],
  window_attention: ['bias', 'proj_bias'],
  router: ['bias'],
  lstm: ['bias'],
  gru: ['bias'],
  rnn: ['bias'],
};

/** Formats whose values need scales to be read back: the integers and fp8. */
const SCALED: ReadonlySet<StorageDtype> = new Set(['int8', 'int4', 'fp8']);
/** GPTQ's and AWQ's usual group for 4-bit weights. */
const INT4_GROUP = 128;
const SCALE_BYTES = 2n;

/** Params of one copy of the layer that are bias vectors: its params less its params with every bias switched off. */
function biasParams(graph: Graph, layer: LayerNode, biasArgs: readonly string[]): bigint {
  const off = Object.fromEntries(biasArgs.filter((a) => layer.args[a] !== undefined).map((a) => [a, false]));
  if (Object.keys(off).length === 0) return 0n;
  const one = layer.definition.evaluate(layer.args, inputShapes(graph, layer)).cost.params;
  const without = layer.definition.evaluate({ ...layer.args, ...off }, inputShapes(graph, layer)).cost.params;
  return one - without;
}

/** The layers `head` names: for each output, the last layer with weights on the way back along first inputs. */
function headLayers(graph: Graph): Set<number> {
  const heads = new Set<number>();
  for (const output of graph.outputs) {
    let source = output.source ?? -1;
    while (source >= 0) {
      const layer = graph.layers[source];
      if (layer.op in MATRIX_OPS && layer.cost.params + layer.sharedWeights > 0n) {
        heads.add(source);
        break;
      }
      source = layer.reads[0] ?? -1;
    }
  }
  return heads;
}

/** Which layers an entry of --keep names; an entry that names none is an error with the names it could be. */
function keptLayers(graph: Graph, keep: readonly string[], file?: string): Set<number> {
  const kept = new Set<number>();
  const heads = headLayers(graph);
  for (const entry of keep) {
    let matched = false;
    graph.layers.forEach((layer, i) => {
      const name = layer.name;
      const hit =
        entry === 'head'
          ? heads.has(i)
          : layer.op === entry || name === entry || name.startsWith(`${entry}.`) || name.slice(name.lastIndexOf('.') + 1) === entry;
      if (hit && layer.op in MATRIX_OPS) {
        kept.add(i);
        matched = true;
      }
    });
    if (!matched) {
      const names = [...new Set(graph.layers.filter((l) => l.op in MATRIX_OPS).flatMap((l) => [l.op, l.name.slice(l.name.lastIndexOf('.') + 1)]))];
      throw new ArchcostError({
        file,
        message: `--keep ${entry}: no layer with weights is called that${didYouMean(entry, names)}; an entry is head, an op (${[...new Set(graph.layers.filter((l) => l.op in MATRIX_OPS).map((l) => l.op))].join(', ')}), a layer or block name, or the last part of a name`,
      });
    }
  }
  return kept;
}

/**
 * Stored weight bytes per layer. At the activation dtype (no format, a kept layer, an op without a
 * matrix): (params + buffers) x dtype bytes. Otherwise the matrices (params less biases) at the weight
 * dtype, one float16 scale per group of `groupSize` of them, and biases and buffers at the activation dtype.
 */
export function weightStorage(graph: Graph, dtype: Dtype, format?: WeightFormat, file?: string): WeightStorage {
  const element = BigInt(DTYPE_BYTES[dtype]);
  const plain = (l: LayerNode) => (l.cost.params + l.cost.buffers) * element;
  if (!format) {
    // A copy (graph.ts `twin`) has its twin's cost and shared weights: the same two bigints, not two more a layer.
    const held = perLayer(graph.layers, plain);
    const read = perLayer(graph.layers, (l, i) => held[i] + l.sharedWeights * element);
    return { held, read, quantized: graph.layers.map(() => false) };
  }
  const groupSize = format.groupSize ?? (format.dtype === 'int4' ? INT4_GROUP : undefined);
  if (groupSize !== undefined && !SCALED.has(format.dtype)) {
    throw new ArchcostError({ file, message: `--group-size applies to int8, int4 and fp8 weights, which need scales; ${format.dtype} stores its values as they are` });
  }
  const kept = keptLayers(graph, format.keep ?? [], file);
  const quantized = graph.layers.map((l, i) => l.op in MATRIX_OPS && !kept.has(i) && l.cost.params + l.sharedWeights > 0n);
  /** A matrix of n weights in the weight format: packed values and their scales. */
  const matrixBytes = (n: bigint) => storageBytes(n, format.dtype) + (groupSize ? ((n + BigInt(groupSize) - 1n) / BigInt(groupSize)) * SCALE_BYTES : 0n);
  const held = graph.layers.map((l, i) => {
    if (!quantized[i]) return plain(l);
    const stored = BigInt(l.copies?.stored ?? 1);
    const bias = biasParams(graph, l, MATRIX_OPS[l.op]);
    const matrix = l.cost.params / stored - bias;
    return matrixBytes(matrix) * stored + (bias * stored + l.cost.buffers) * element;
  });
  // A tied layer reads its owner's matrix as the owner stores it.
  const read = graph.layers.map((l, i) => {
    if (!l.sharedWeights) return held[i];
    const owner = l.tiedTo === undefined ? undefined : graph.layers[l.tiedTo];
    const ownerQuantized = l.tiedTo !== undefined && quantized[l.tiedTo];
    return held[i] + (owner && ownerQuantized ? matrixBytes(l.sharedWeights) : l.sharedWeights * element);
  });
  return {
    held,
    read,
    quantized,
    setup: {
      dtype: format.dtype,
      ...(groupSize ? { groupSize } : {}),
      kept: [...kept].map((i) => graph.layers[i].name),
      quantizedLayers: quantized.filter(Boolean).length,
    },
  };
}

/** Bytes of `elements` K/V values: at the activation dtype, or at --kv-dtype. */
export function kvBytes(elements: bigint, dtype: Dtype, kvDtype?: StorageDtype): bigint {
  return kvDtype ? storageBytes(elements, kvDtype) : elements * BigInt(DTYPE_BYTES[dtype]);
}
