import { findOp } from '../ops/registry.js';
import { extraOp } from './extra-ops.js';
import type { FlatInput, FlatLayer, FlatModel } from './model-graph.js';

/**
 * Turns an importer's flat layer list into an archcost spec object. Layers that share a scope
 * (`layer1.0` of a PyTorch export) become nested `sequence` items, so full names come out dotted as
 * the framework names them (`layer1.0.conv1`); a scope holding one layer is that layer. Every input
 * that is not the previous item's output is written as `from`, with the name visible at that point
 * (the spec language looks names up in the item's scope and the scopes around it). Where a tensor
 * inside one sequence is read from outside it, no name can reach it: that sequence is flattened into
 * its parent (its items renamed `seq_item`), until every reference resolves.
 */

export interface SpecObject {
  name: string;
  description?: string;
  input?: number[] | { shape: number[]; name: string };
  inputs?: Record<string, number[]>;
  batch?: number;
  ops?: Record<string, unknown>;
  blocks?: Record<string, { params?: Record<string, null>; layers: unknown[] }>;
  layers: unknown[];
  outputs?: string[];
}

interface LayerNode {
  kind: 'layer';
  layer: FlatLayer;
  /** The name only says the op (see FlatLayer.generic); false once it has taken its scope's name. */
  generic: boolean;
  preferred: string;
  local: string;
  from?: string | string[];
}

interface SeqNode {
  kind: 'seq';
  preferred: string;
  local: string;
  items: TreeNode[];
  from?: string;
}

type TreeNode = LayerNode | SeqNode;

interface Scope {
  seq: SeqNode;
  input: string;
  byTensor: Map<string, string>;
  defined: Set<string>;
  /** Name of the sequence item of this scope being expanded right now: claimed, not yet defined. */
  open?: string;
  parent?: Scope;
}

export function assemble(model: FlatModel): SpecObject {
  const layers = [...model.layers];
  const last = layers[layers.length - 1]?.id;
  // The spec's output is its last item unless `outputs:` names them (several heads, or an output that is not last).
  const outputs = model.outputs && (model.outputs.length > 1 || model.outputs[0] !== last) ? model.outputs : [];
  const root = buildTree(layers);
  let names: string[] = [];
  for (let pass = 0; ; pass++) {
    nameItems(root);
    const resolved = resolve(root, model.inputs, outputs);
    names = resolved.outputs;
    if (resolved.flatten.size === 0 || pass > layers.length) break;
    flattenInto(root, resolved.flatten);
  }
  return {
    name: model.name,
    ...(model.description ? { description: model.description } : {}),
    ...inputsOf(model.inputs),
    ...(model.batch && model.batch > 1 ? { batch: model.batch } : {}),
    ...(model.ops ? { ops: model.ops } : {}),
    layers: root.items.map(emit),
    ...(names.length ? { outputs: names } : {}),
  };
}

function inputsOf(inputs: FlatInput[]): Pick<SpecObject, 'input' | 'inputs'> {
  if (inputs.length > 1) return { inputs: Object.fromEntries(inputs.map((i) => [i.name, i.shape])) };
  const [only] = inputs;
  return { input: only.name === 'input' ? only.shape : { shape: only.shape, name: only.name } };
}

function buildTree(layers: FlatLayer[]): SeqNode {
  const root: SeqNode = { kind: 'seq', preferred: '', local: '', items: [] };
  let open: { key: string; seq: SeqNode }[] = [];
  for (const layer of layers) {
    let common = 0;
    while (common < open.length && common < layer.scope.length && open[common].key === layer.scope[common]) common++;
    open = open.slice(0, common);
    for (let depth = common; depth < layer.scope.length; depth++) {
      const seq: SeqNode = { kind: 'seq', preferred: layer.scope[depth], local: '', items: [] };
      (depth === 0 ? root : open[depth - 1].seq).items.push(seq);
      open.push({ key: layer.scope[depth], seq });
    }
    (open.length ? open[open.length - 1].seq : root).items.push({ kind: 'layer', layer, generic: layer.generic === true, preferred: layer.name, local: '' });
  }
  collapse(root);
  return root;
}

/** A scope holding one layer whose name only says its op is that layer, named as the scope (PyTorch's module `conv1` holds one Conv node). */
function collapse(seq: SeqNode): void {
  seq.items = seq.items.map((item) => {
    if (item.kind === 'layer') return item;
    collapse(item);
    const [only] = item.items;
    return item.items.length === 1 && only.kind === 'layer' && only.generic ? { ...only, preferred: item.preferred, generic: false } : item;
  });
}

/** Unique local names per sequence; `input` is reserved (it names the scope's input). */
function nameItems(seq: SeqNode): void {
  const wanted = new Set(seq.items.map((i) => i.preferred));
  const used = new Set<string>(['input']);
  for (const item of seq.items) {
    let name = item.preferred;
    // A suffixed name must not take the name another item of the list asks for.
    for (let n = 1; used.has(name) || (name !== item.preferred && wanted.has(name)); n++) name = `${item.preferred}_${n}`;
    used.add(name);
    item.local = name;
    if (item.kind === 'seq') nameItems(item);
  }
}

const takesList = (op: string) => (findOp(op) ?? extraOp(op))?.merge === true;

/**
 * Writes each item's `from` and names the outputs (from the top scope, as `outputs:` is read);
 * returns those names and the sequences to flatten because a reference cannot be named.
 */
function resolve(root: SeqNode, inputs: FlatInput[], outputs: string[]): { flatten: Set<SeqNode>; outputs: string[] } {
  const flatten = new Set<SeqNode>();
  const parentOf = new Map<TreeNode, SeqNode>();
  const producer = new Map<string, TreeNode>();
  const index = (seq: SeqNode) => {
    for (const item of seq.items) {
      parentOf.set(item, seq);
      if (item.kind === 'layer') producer.set(item.layer.id, item);
      else index(item);
    }
  };
  index(root);
  const chain = (node: TreeNode | SeqNode): SeqNode[] => {
    const seqs: SeqNode[] = [];
    for (let s = parentOf.get(node as TreeNode); s; s = parentOf.get(s)) seqs.unshift(s);
    if (node.kind === 'seq') seqs.push(node);
    return seqs;
  };

  const unreachable = (tensor: string, scope: Scope) => {
    // Flatten the outermost sequence that hides the producer from the reader, else the one around the reader.
    const reader = chain(scope.seq);
    const made = producer.get(tensor);
    const hides = made ? chain(made).filter((s) => !reader.includes(s)) : [];
    const target = hides[0] ?? reader.find((s) => s !== root);
    if (target) flatten.add(target);
    return tensor;
  };

  const ref = (tensor: string, scope: Scope): string => {
    if (tensor === scope.input) return 'input';
    const inner = new Set<string>(['input']);
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const name = s.byTensor.get(tensor);
      if (name !== undefined && !inner.has(name)) return name;
      for (const n of s.defined) inner.add(n);
      if (s.open) inner.add(s.open);
    }
    return unreachable(tensor, scope);
  };

  const walk = (scope: Scope): string => {
    let previous = scope.input;
    for (const item of scope.seq.items) {
      let out: string;
      if (item.kind === 'layer') {
        const ins = item.layer.inputs;
        if (takesList(item.layer.op) && ins.length > 1) item.from = ins.map((t) => ref(t, scope));
        else item.from = ins[0] === previous ? undefined : ref(ins[0], scope);
        out = item.layer.id;
      } else {
        const entry = firstLayer(item).layer.inputs[0];
        item.from = entry === previous ? undefined : ref(entry, scope);
        scope.open = item.local;
        out = walk({ seq: item, input: entry, byTensor: new Map(), defined: new Set(), parent: scope });
        scope.open = undefined;
      }
      scope.byTensor.set(out, item.local);
      scope.defined.add(item.local);
      previous = out;
    }
    return previous;
  };

  const top: Scope = { seq: root, input: inputs[0].id, byTensor: new Map(), defined: new Set() };
  for (const i of inputs) {
    top.byTensor.set(i.id, i.name);
    top.defined.add(i.name);
  }
  walk(top);
  return { flatten, outputs: outputs.map((t) => ref(t, top)) };
}

function firstLayer(seq: SeqNode): LayerNode {
  const first = seq.items[0];
  return first.kind === 'layer' ? first : firstLayer(first);
}

function flattenInto(seq: SeqNode, targets: Set<SeqNode>): void {
  seq.items = seq.items.flatMap((item) => {
    if (item.kind === 'layer') return [item];
    flattenInto(item, targets);
    if (!targets.has(item)) return [item];
    return item.items.map((inner) => ({ ...inner, preferred: `${item.local}_${inner.local}` }));
  });
}

function emit(item: TreeNode): unknown {
  const from = item.from === undefined ? {} : { from: item.from };
  if (item.kind === 'seq') return { sequence: { name: item.local, ...from, layers: item.items.map(emit) } };
  return { [item.layer.op]: { name: item.local, ...from, ...item.layer.args } };
}
