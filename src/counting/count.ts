import { DTYPE_BYTES, type Dtype, type StorageDtype } from '../core/dtype.js';
import { perLayer, type Graph, type LayerNode } from '../language/graph.js';
import { elements, type Shape } from '../ops/types.js';
import { liveness, type Liveness } from './memory.js';
import { kvBytes, type WeightStorage } from './storage.js';
import { layerTraffic, type Traffic } from './traffic.js';
import { listOfLength } from '../core/values.js';

/** What the batch, the dtypes and the weight storage make of a graph's per-sample counts. */
export interface CountSetup {
  batch: number;
  dtype: Dtype;
  storage: WeightStorage;
  kvDtype?: StorageDtype;
}

/** One layer's figures at the batch and dtypes (the report's layer fields). */
export interface LayerFigures extends Traffic {
  macs: bigint;
  flops: bigint;
  activationBytes: bigint;
  kvCacheBytes: bigint;
  workspaceBytes: bigint;
}

export interface GraphFigures {
  layers: LayerFigures[];
  /** The model inputs' bytes, in order. */
  inputBytes: bigint[];
  /** A tensor's bytes by its source (LayerNode `sources`: a layer's index, or -1 - a model input's). */
  bytesOf: (source: number) => bigint;
  liveness: Liveness;
}

/** Per-layer work, traffic, cache and workspace of a graph, and its liveness (rules in docs/memory.md). */
export function countGraph(graph: Graph, setup: CountSetup): GraphFigures {
  const B = BigInt(setup.batch);
  const element = BigInt(DTYPE_BYTES[setup.dtype]);
  const bytes = (shape: Shape) => elements(shape) * B * element;
  // Each tensor's bytes once, by position (LayerNode `sources`): layers read them, and the liveness walk again.
  // An expert body's output stands for every active expert's (graph.ts).
  const layerBytes = perLayer(graph.layers, (l) => bytes(l.outputShape) * BigInt(l.copies?.active ?? 1));
  const inputBytes = graph.inputs.map((t) => bytes(t.shape));
  const bytesOf = (source: number) => (source >= 0 ? layerBytes[source] : inputBytes[-1 - source]);
  const elementBytes = (n: bigint) => n * B * element;
  const cacheBytes = (n: bigint) => kvBytes(n * B, setup.dtype, setup.kvDtype);
  const layers = listOfLength<LayerFigures>(graph.layers.length);
  const figures = (l: LayerNode, i: number): LayerFigures => {
    // A layer precomputed in prefill (an encoder, in decode) holds its weights and output but runs no more.
    const runs = l.precomputed ? 0n : 1n;
    const flops = l.cost.flops * B * runs;
    const activationBytes = layerBytes[i];
    const weightBytes = setup.storage.read[i];
    const workspaceBytes = elementBytes(l.memory.workspace);
    // A tensor read twice (`add: {from: [a, a]}`) is read once.
    const read = l.reads.length === 1 ? [bytesOf(l.reads[0])] : [...new Set(l.reads)].map(bytesOf);
    const traffic = l.precomputed
      ? { weightBytes, bytesRead: 0n, bytesWritten: 0n, arithmeticIntensity: 0 }
      : layerTraffic(flops, weightBytes, read, activationBytes, {
          read: cacheBytes(l.memory.cacheRead) + workspaceBytes,
          written: cacheBytes(l.memory.cacheWritten) + workspaceBytes,
        });
    return { macs: l.cost.macs * B * runs, flops, activationBytes, kvCacheBytes: cacheBytes(l.memory.cache), workspaceBytes, ...traffic };
  };
  // A copy of an earlier layer (graph.ts `twin`) has its figures, unless its weights are stored otherwise;
  // tested here, so that `figures` runs for the few layers that are made and is not compiled for 100,000.
  const read = setup.storage.read;
  graph.layers.forEach((l, i) => (layers[i] = l.twin !== undefined && read[i] === read[l.twin] ? layers[l.twin] : figures(l, i)));
  return { layers, inputBytes, bytesOf, liveness: liveness(graph, bytesOf, layers.map((l) => l.workspaceBytes)) };
}
