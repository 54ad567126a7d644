import type { Graph } from '../language/graph.js';

export interface LiveTensor {
  name: string;
  bytes: bigint;
}

export interface Peak {
  bytes: bigint;
  /** The layer running when the peak occurs (its inputs and output are live together). */
  layer: string;
  tensors: LiveTensor[];
}

/** One step of the execution order: the layer running and the bytes of every tensor live while it runs. */
export interface TimelineStep {
  layer: string;
  liveBytes: bigint;
}

export interface Liveness {
  peak: Peak;
  /** One entry per layer, in execution order; the peak is the largest. */
  timeline: TimelineStep[];
}

/**
 * Activation memory by liveness, in execution order. Rules: no op works in place; a tensor is
 * live from the layer that produces it (the model inputs from the start) until its last consumer
 * has run; the final output stays live to the end. Linear in the layers: each tensor is admitted
 * and freed once, and the tensors live at the peak are picked out afterwards.
 */
export function liveness(graph: Graph, bytesOf: (name: string) => bigint): Liveness {
  const { inputs, layers } = graph;
  const lastUse = new Map<string, number>();
  layers.forEach((layer, step) => layer.inputs.forEach((id) => lastUse.set(id, step)));
  const finalOutput = graph.output.id;
  // Freed after the step of its last use; one never read, after its own step (a model input's is the first).
  const freedAt = (name: string, admitted: number) => (name === finalOutput ? Infinity : Math.max(admitted, lastUse.get(name) ?? admitted));

  const freeing: string[][] = layers.map(() => []);
  const live = new Map<string, bigint>();
  let current = 0n;
  const admit = (name: string, step: number) => {
    const bytes = bytesOf(name);
    live.set(name, bytes);
    current += bytes;
    const at = freedAt(name, step);
    if (at < layers.length) freeing[at].push(name);
  };
  inputs.forEach((t) => admit(t.id, 0));
  let peak = { bytes: current, step: -1 };
  const timeline: TimelineStep[] = [];
  layers.forEach((layer, step) => {
    admit(layer.name, step);
    timeline.push({ layer: layer.name, liveBytes: current });
    if (current > peak.bytes || peak.step === -1) peak = { bytes: current, step };
    for (const name of freeing[step]) {
      current -= live.get(name)!;
      live.delete(name);
    }
  });

  // Live at the peak: admitted by its step and not freed before it, in the order they were admitted.
  const at = peak.step;
  const tensors = [...inputs.map((t) => t.id), ...layers.slice(0, at + 1).map((l) => l.name)]
    .filter((name, i) => freedAt(name, Math.max(0, i - inputs.length)) >= at)
    .map((name) => ({ name, bytes: bytesOf(name) }));
  return { peak: { bytes: peak.bytes, layer: at === -1 ? '' : layers[at].name, tensors }, timeline };
}
