import type { Report } from '../counting/analyze.js';
import { blockOf } from './rows.js';

/** A node of the architecture graph: a model input, a layer, a block (`--depth`) or a run of repeated blocks. */
export interface GraphNode {
  id: string;
  kind: 'input' | 'layer' | 'block' | 'repeat';
  /** The name shown: a layer or block name, or `layer3.1 … layer3.35` for collapsed repeats. */
  name: string;
  /** The op, the block's kind (`bottleneck`), or `bottleneck ×35`. */
  op: string;
  outputShape: number[];
  params: bigint;
  macs: bigint;
  /** How many layers the node stands for (0 for an input). */
  layers: number;
}

/** A tensor from the node that makes it to a node that reads it. */
export interface GraphEdge {
  from: string;
  to: string;
  tensor: string;
}

export interface GraphView {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphViewOptions {
  /** Nodes are blocks of the first `depth` name segments, as the table's rows. */
  depth?: number;
  /**
   * Runs of three or more repeated blocks (`repeat:`) show their first instance and one node for
   * the rest, which repeat it (ResNet-152's 36 blocks of layer3 become two nodes).
   */
  collapseRepeats?: boolean;
}

/** A repeat scope: `layer3` of kind `bottleneck x36`. */
interface RepeatScope {
  name: string;
  block: string;
  count: number;
}

function repeatScopes(report: Report): RepeatScope[] {
  return report.scopes.flatMap((s) => {
    const match = /^(.*) x(\d+)$/.exec(s.kind);
    return match && Number(match[2]) >= 3 ? [{ name: s.name, block: match[1], count: Number(match[2]) }] : [];
  });
}

/** The collapsed node a block key falls in (instances 1 to N-1 of a repeat), if any. */
function collapsedKey(key: string, repeats: RepeatScope[]): RepeatScope | undefined {
  return repeats.find((r) => {
    if (!key.startsWith(r.name + '.')) return false;
    const index = key.slice(r.name.length + 1).split('.')[0];
    return /^\d+$/.test(index) && Number(index) >= 1;
  });
}

/**
 * The graph of a report: one node per layer (or per block with a depth), one edge per tensor that
 * crosses from one node to another, the model inputs as nodes of their own. Nodes are in execution order.
 */
export function graphView(report: Report, options: GraphViewOptions = {}): GraphView {
  const { depth } = options;
  const repeats = options.collapseRepeats ? repeatScopes(report) : [];
  const kinds = new Map(report.scopes.map((s) => [s.name, s.kind]));
  const nodes = new Map<string, GraphNode>();
  for (const input of report.inputs) {
    nodes.set(input.name, { id: input.name, kind: 'input', name: input.name, op: 'input', outputShape: input.shape, params: 0n, macs: 0n, layers: 0 });
  }
  const nodeOf = new Map<string, string>(report.inputs.map((i) => [i.name, i.name]));
  for (const layer of report.layers) {
    const key = blockOf(layer.name, depth);
    const repeat = collapsedKey(key, repeats);
    const id = repeat ? `${repeat.name}.1-${repeat.count - 1}` : key;
    nodeOf.set(layer.name, id);
    const node = nodes.get(id);
    if (node) {
      node.params += layer.params;
      node.macs += layer.macs;
      node.outputShape = layer.outputShape;
      node.layers += 1;
      continue;
    }
    const costs = { outputShape: layer.outputShape, params: layer.params, macs: layer.macs, layers: 1 };
    if (repeat) {
      const name = `${repeat.name}.1 … ${repeat.name}.${repeat.count - 1}`;
      nodes.set(id, { id, kind: 'repeat', name, op: `${repeat.block} ×${repeat.count - 1}`, ...costs });
    } else if (key !== layer.name) {
      nodes.set(id, { id, kind: 'block', name: key, op: kinds.get(key) ?? 'group', ...costs });
    } else {
      nodes.set(id, { id, kind: 'layer', name: key, op: layer.op, ...costs });
    }
  }
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const layer of report.layers) {
    const to = nodeOf.get(layer.name)!;
    for (const tensor of layer.inputs) {
      const from = nodeOf.get(tensor)!;
      const key = `${from}\u0000${to}\u0000${tensor}`;
      if (from === to || seen.has(key)) continue;
      seen.add(key);
      edges.push({ from, to, tensor });
    }
  }
  return { nodes: [...nodes.values()], edges };
}
