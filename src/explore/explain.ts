import type { Cost, Explanation, LayerMemory, OpRules, Shape } from '../ops/types.js';
import { analyzeWithGraph, type AnalyzeOptions, type Report } from '../counting/analyze.js';
import { ArchcostError, didYouMean } from '../core/errors.js';
import { receptiveFields, type ReceptiveInfo } from '../counting/receptive.js';
import type { LayerNode, ScopeInfo } from '../language/graph.js';

/** One layer with its rules, the rules with its numbers in, and its receptive field. Counts are per sample. */
export interface ExplainedLayer {
  name: string;
  op: string;
  inputs: string[];
  inputShapes: Shape[];
  outputShape: Shape;
  cost: Cost;
  /** Elements per sample besides its input and output (one copy's, as `cost`). */
  memory: LayerMemory;
  rules: OpRules;
  explanation: Explanation;
  receptive?: ReceptiveInfo;
  /**
   * Set on the layers of a repeated copy that is the same as an earlier copy (same ops, args,
   * shapes and counts): the name of that copy. Text output explains the copy once.
   */
  sameAs?: { copy: string; of: string };
  /**
   * In a mixture of experts' body: the copies the layer stands for (graph.ts). `cost` is then one
   * copy's, as its formulas give it, and `total` the layer's: params x stored, work x active.
   */
  copies?: { stored: number; active: number; total: Cost };
}

export interface ExplainResult {
  report: Report;
  layers: ExplainedLayer[];
}

/**
 * Analyzes a spec and explains each layer (or the layers named `layer`, or in the block `layer`).
 * Throws ArchcostError when no layer has that name.
 */
export function explainSpec(spec: string | object, options: AnalyzeOptions = {}, layer?: string): ExplainResult {
  const { report, graph } = analyzeWithGraph(spec, options);
  const context = { cached: report.phase?.context ?? 0 };
  const fields = receptiveFields(graph);
  const shapes = new Map<string, Shape>(graph.inputs.map((t) => [t.id, t.shape]));
  const inputShapes = new Map<string, Shape[]>();
  for (const l of graph.layers) {
    inputShapes.set(l.name, l.inputs.map((name) => shapes.get(name)!));
    shapes.set(l.name, l.outputShape);
  }
  const folded = foldRepeats(graph.layers, graph.scopes, inputShapes);
  const layers: ExplainedLayer[] = graph.layers.map((l) => {
    const op = l.definition;
    const sameAs = folded.get(l.name);
    return {
      name: l.name,
      op: l.op,
      inputs: l.inputs,
      inputShapes: inputShapes.get(l.name)!,
      outputShape: l.outputShape,
      cost: l.copies ? oneCopy(l.cost, l.copies) : l.cost,
      memory: l.copies ? (Object.fromEntries(Object.entries(l.memory).map(([k, v]) => [k, v / BigInt(l.copies!.active)])) as LayerMemory) : l.memory,
      ...(l.copies ? { copies: { ...l.copies, total: l.cost } } : {}),
      rules: op.rules,
      explanation: op.explain(l.args, inputShapes.get(l.name)!, l.outputShape, context),
      receptive: fields.get(l.name),
      ...(sameAs ? { sameAs } : {}),
    };
  });
  if (layer === undefined) return { report, layers };
  const picked = layers.filter((l) => l.name === layer || l.name.startsWith(`${layer}.`));
  if (!picked.length) {
    const names = layers.map((l) => l.name);
    throw new ArchcostError({
      file: options.file,
      message: `--layer ${layer}: no layer or block of that name${didYouMean(layer, [...names, ...report.scopes.map((s) => s.name)])}`,
    });
  }
  return { report, layers: picked };
}

/**
 * Copies of a repeated item (`repeat: 12`, named NAME.0 ... NAME.11) that are the same as the last copy
 * shown: layer name -> the copy it belongs to and the copy it repeats.
 */
function foldRepeats(layers: readonly LayerNode[], scopes: readonly ScopeInfo[], inputShapes: Map<string, Shape[]>) {
  const byCopy = new Map<string, LayerNode[]>();
  for (const l of layers) {
    // Every dotted prefix of a name may be a copy: layer1.1.conv1 is in layer1.1 (and in layer1).
    for (let dot = l.name.indexOf('.'); dot >= 0; dot = l.name.indexOf('.', dot + 1)) push(byCopy, l.name.slice(0, dot), l);
    push(byCopy, l.name, l);
  }
  const signature = (copy: string) =>
    JSON.stringify(
      (byCopy.get(copy) ?? []).map((l) => [l.name.slice(copy.length), l.op, l.args, inputShapes.get(l.name), l.outputShape, Object.values(l.cost).map(String)]),
    );
  const folded = new Map<string, { copy: string; of: string }>();
  for (const scope of scopes) {
    if (scope.repeat === undefined) continue;
    let shown = `${scope.name}.0`;
    let shownSignature = signature(shown);
    for (let i = 1; i < scope.repeat; i++) {
      const copy = `${scope.name}.${i}`;
      const mine = signature(copy);
      if (mine !== shownSignature) {
        [shown, shownSignature] = [copy, mine];
        continue;
      }
      // A copy inside a copy already folded stays folded into the outer one.
      for (const l of byCopy.get(copy) ?? []) if (!folded.has(l.name)) folded.set(l.name, { copy, of: shown });
    }
  }
  return folded;
}

/** One expert's cost from a layer that counts several (exact: graph.ts multiplied it). */
function oneCopy(cost: Cost, copies: { stored: number; active: number }): Cost {
  const [stored, active] = [BigInt(copies.stored), BigInt(copies.active)];
  return { params: cost.params / stored, buffers: cost.buffers / stored, macs: cost.macs / active, flops: cost.flops / active };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
