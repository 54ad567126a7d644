import { findOp } from '../ops/registry.js';
import type { Cost, Explanation, OpRules, Shape } from '../ops/types.js';
import { analyzeWithGraph, type AnalyzeOptions, type Report } from '../counting/analyze.js';
import { ArchcostError, didYouMean } from '../core/errors.js';
import { receptiveFields, type ReceptiveInfo } from '../counting/receptive.js';

/** One layer with its rules, the rules with its numbers in, and its receptive field. Counts are per sample. */
export interface ExplainedLayer {
  name: string;
  op: string;
  inputs: string[];
  inputShapes: Shape[];
  outputShape: Shape;
  cost: Cost;
  rules: OpRules;
  /** Absent only for an op that has no `explain` yet; its `rules` text stands in. */
  explanation?: Explanation;
  receptive?: ReceptiveInfo;
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
  const fields = receptiveFields(graph);
  const shapes = new Map<string, Shape>(graph.inputs.map((t) => [t.id, t.shape]));
  const layers: ExplainedLayer[] = graph.layers.map((l) => {
    const inputShapes = l.inputs.map((name) => shapes.get(name)!);
    shapes.set(l.name, l.outputShape);
    const op = findOp(l.op)!;
    return {
      name: l.name,
      op: l.op,
      inputs: l.inputs,
      inputShapes,
      outputShape: l.outputShape,
      cost: l.cost,
      rules: op.rules,
      explanation: op.explain?.(l.args, inputShapes, l.outputShape),
      receptive: fields.get(l.name),
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
