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
 * has run; the outputs stay live to the end; a layer's workspace (attention's scores without
 * flash) is live while that layer runs.
 */
export function liveness(graph: Graph, bytesOf: (name: string) => bigint, workspaceOf: (layer: string) => bigint = () => 0n): Liveness {
  const lastUse = new Map<string, number>();
  graph.layers.forEach((layer, step) => layer.inputs.forEach((id) => lastUse.set(id, step)));
  const outputs = new Set(graph.outputs.map((t) => t.id));

  const live = new Map<string, bigint>();
  let current = 0n;
  const admit = (name: string) => {
    const bytes = bytesOf(name);
    live.set(name, bytes);
    current += bytes;
  };
  graph.inputs.forEach((t) => admit(t.id));

  let peak: Peak = { bytes: current, layer: '', tensors: [...live].map(([name, bytes]) => ({ name, bytes })) };
  const timeline: TimelineStep[] = [];
  graph.layers.forEach((layer, step) => {
    admit(layer.name);
    const workspace = workspaceOf(layer.name);
    const running = current + workspace;
    timeline.push({ layer: layer.name, liveBytes: running });
    if (running > peak.bytes || peak.layer === '') {
      const tensors = [...live].map(([name, bytes]) => ({ name, bytes }));
      peak = { bytes: running, layer: layer.name, tensors: workspace > 0n ? [...tensors, { name: `${layer.name} (workspace)`, bytes: workspace }] : tensors };
    }
    for (const [name, bytes] of live) {
      if (!outputs.has(name) && (lastUse.get(name) ?? step) <= step) {
        live.delete(name);
        current -= bytes;
      }
    }
  });
  return { peak, timeline };
}
