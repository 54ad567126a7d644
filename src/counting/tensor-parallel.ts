import { ArchcostError } from '../core/errors.js';
import { scaleCopies, shapeOfSource, type Graph, type LayerNode, type Tensor } from '../language/graph.js';
import { elements, type LayerContext, type Shape } from '../ops/types.js';

/**
 * How tensor parallelism treats a layer (Megatron-LM, Shoeybi et al. 2019): attention split by heads,
 * a dense layer by its output columns (reading a whole tensor) or its input rows (reading a split one),
 * an embedding by vocabulary rows; an elementwise op runs on the split tensor it gets; anything else
 * is replicated, every device computing all of it on the whole tensor.
 */
export type Split = 'heads' | 'columns' | 'rows' | 'vocab' | 'elementwise' | 'replicated';

/** One collective per sample of the batch: its elements, and whether it runs forward, backward or only in inference. */
export interface Collective {
  layer: string;
  kind: 'all-reduce' | 'all-gather';
  elements: bigint;
  pass: 'forward' | 'backward' | 'inference';
}

export interface TensorParallelGraph {
  /** Each device's graph: the same layers with the shapes, counts and memory of one device's share. */
  graph: Graph;
  splits: Split[];
  collectives: Collective[];
}

/** Ops that work on each channel alone: on a channel-split tensor each device does its share. */
const ELEMENTWISE = new Set([
  'relu', 'relu6', 'leakyrelu', 'elu', 'gelu', 'sigmoid', 'hardsigmoid', 'tanh', 'silu', 'hardswish', 'mish',
  'dropout', 'identity', 'stochastic_depth', 'add', 'multiply',
]);

const ceilDiv = (n: number, t: number) => Math.ceil(n / t);
const channels = (shape: Shape) => shape[shape.length - 1];

/**
 * The graph one device of a tensor-parallel group of T holds and runs. Sizes that T does not divide
 * (a vocabulary of 50,257) give each device the larger share, ceil(n / T), as padding does; attention
 * needs T to divide the heads, and the key/value heads to divide T or be divided by it (a KV head
 * is replicated on the T / G devices that share it).
 */
export function shardTensors(graph: Graph, T: number, context: LayerContext, file?: string): TensorParallelGraph {
  const split: boolean[] = [];
  const inputSplit = graph.inputs.map(() => false);
  const isSplit = (source: number) => (source >= 0 ? split[source] : inputSplit[-1 - source]);
  const layers: LayerNode[] = [];
  const shapeOf = (source: number) => shapeOfSource({ inputs: graph.inputs, layers }, source);
  const splits: Split[] = [];
  const collectives: Collective[] = [];
  const fail = (layer: LayerNode, message: string) => {
    throw new ArchcostError({ file, layer: layer.name, message: `--tensor-parallel ${T}: ${message}` });
  };

  // A copy of an earlier layer (graph.ts `twin`) whose inputs are split as that layer's were is sharded as it
  // was: its share is reused, not evaluated again. One whose inputs are split otherwise (a dense after a
  // column-parallel copy goes by rows) is sharded afresh and copies no one in the device's graph.
  const sharedAs = new Map<string, number>();
  const collectivesOf: { first: number; end: number }[] = [];
  graph.layers.forEach((l, i) => {
    const key = `${l.twin ?? i}|${l.sources.map((s) => (isSplit(s) ? 1 : 0)).join('')}`;
    const like = l.twin === undefined ? undefined : sharedAs.get(key);
    if (like !== undefined) {
      const { args, outputShape, cost, memory, activeParams, sharedWeights } = layers[like];
      layers.push({ ...l, args, outputShape, cost, memory, activeParams, sharedWeights, twin: like });
      splits.push(splits[like]);
      split.push(split[like]);
      const first = collectives.length;
      for (let k = collectivesOf[like].first; k < collectivesOf[like].end; k++) collectives.push({ ...collectives[k], layer: l.name });
      collectivesOf.push({ first, end: collectives.length });
      return;
    }
    sharedAs.set(key, i);
    const firstCollective = collectives.length;
    const full = (k: number) => shapeOfSource(graph, l.sources[k]);
    let inputs = l.sources.map(shapeOf);
    const runs = !l.precomputed;
    // An expert body's tensors stand for every active expert's (graph.ts).
    const copies = BigInt(l.copies?.active ?? 1);
    const collect = (kind: Collective['kind'], n: bigint, pass: Collective['pass']) => {
      if (runs) collectives.push({ layer: l.name, kind, elements: n * copies, pass });
    };
    /** The whole of every split input, gathered first. */
    const gather = () => {
      l.sources.forEach((s, k) => {
        if (isSplit(s)) collect('all-gather', elements(full(k)), 'forward');
      });
      inputs = l.sources.map((_, k) => full(k));
    };
    let args = l.args;
    let kind: Split;
    let outputSplit = false;
    let sharedWeights = l.sharedWeights;
    const readsSplit = l.sources.some(isSplit);
    if (l.op === 'attention' && !l.definition.user) {
      gather();
      const heads = l.args.heads as number;
      const G = (l.args.kv_heads as number | undefined) ?? heads;
      const d = (l.args.head_dim as number | undefined) ?? Math.floor(channels(inputs[0]) / heads);
      if (heads % T !== 0) fail(l, `attention has ${heads} heads, which ${T} does not divide; Megatron gives each device whole heads`);
      if (G % T !== 0 && T % G !== 0) fail(l, `attention has ${G} key/value heads: ${T} must divide them or be a multiple of them`);
      args = { ...l.args, heads: heads / T, kv_heads: Math.max(1, G / T), head_dim: d };
      kind = 'heads';
      collect('all-reduce', elements(inputs[0]), 'backward');
      collect('all-reduce', elements(l.outputShape), 'forward');
    } else if (l.op === 'dense' && !l.definition.user && l.sources.length === 1) {
      const units = l.args.units as number;
      if (readsSplit) {
        kind = 'rows';
        // The input channels are split: each device holds its rows of the matrix (a bias is added once, after the sum).
        sharedWeights = (l.sharedWeights / BigInt(channels(full(0)))) * BigInt(channels(inputs[0]));
        collect('all-reduce', elements(l.outputShape), 'forward');
      } else {
        kind = 'columns';
        args = { ...l.args, units: ceilDiv(units, T) };
        sharedWeights = (l.sharedWeights / BigInt(units)) * BigInt(ceilDiv(units, T));
        outputSplit = true;
        collect('all-reduce', elements(inputs[0]), 'backward');
      }
    } else if (l.op === 'embedding' && !l.definition.user) {
      const vocab = l.args.vocab as number;
      args = { ...l.args, vocab: ceilDiv(vocab, T) };
      sharedWeights = (l.sharedWeights / BigInt(vocab)) * BigInt(ceilDiv(vocab, T));
      kind = 'vocab';
      collect('all-reduce', elements(l.outputShape), 'forward');
    } else if (ELEMENTWISE.has(l.op) && !l.definition.user && l.sources.every(isSplit)) {
      kind = 'elementwise';
      outputSplit = true;
    } else {
      gather();
      kind = 'replicated';
    }
    splits.push(kind);
    split.push(outputSplit);
    const { output, cost, memory } = l.definition.evaluate(args, inputs, l.onSequence ? context : { cached: 0 });
    const { twin: _, ...layer } = l;
    const node: LayerNode = { ...layer, args, outputShape: output, cost, memory, activeParams: cost.params, sharedWeights };
    if (l.copies) scaleCopies(node, l.copies);
    layers.push(node);
    collectivesOf.push({ first: firstCollective, end: collectives.length });
  });
  // What the model gives out whole: a split output (an LM head's logits) is gathered; training's loss reads it split.
  const outputs = graph.outputs.map((t): Tensor => {
    const source = t.source ?? -1;
    if (source >= 0 && split[source]) collectives.push({ layer: layers[source].name, kind: 'all-gather', elements: elements(graph.layers[source].outputShape), pass: 'inference' });
    return { ...t, shape: shapeOf(source) };
  });
  const output = outputs.find((t) => t.id === graph.output.id) ?? { ...graph.output, shape: shapeOf(graph.output.source ?? -1) };
  return { graph: { ...graph, layers, outputs, output }, splits, collectives };
}
