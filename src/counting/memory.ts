import type { Graph } from '../language/graph.js';
import { listOfLength } from '../core/values.js';

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
 * has run; the outputs stay live to the end; a layer's workspace (attention's scores without flash)
 * is live while that layer runs. Linear in the layers: each tensor is admitted and freed once, and
 * the tensors live at the peak are picked out afterwards.
 */
export function liveness(graph: Graph, bytesOf: (source: number) => bigint, workspace: readonly bigint[] = []): Liveness {
  const { inputs, layers } = graph;
  const layerLastUse = layers.map(() => -1);
  const inputLastUse = inputs.map(() => -1);
  layers.forEach((layer, step) => {
    for (let r = 0; r < layer.reads.length; r++) {
      const s = layer.reads[r];
      if (s >= 0) layerLastUse[s] = step;
      else inputLastUse[-1 - s] = step;
    }
  });
  const outputs = new Set(graph.outputs.map((t) => t.source));
  // Freed after the step of its last use; one never read, after its own step (a model input's is the first).
  const freedAt = (source: number, admitted: number) =>
    outputs.has(source) ? Infinity : Math.max(admitted, source >= 0 ? layerLastUse[source] : inputLastUse[-1 - source]);

  // What is freed after each step, as lists linked through two arrays (an array for each step took ~150 B).
  // A source s is entry s + inputs.length.
  const firstFreed = new Int32Array(layers.length).fill(-1);
  const nextFreed = new Int32Array(layers.length + inputs.length).fill(-1);
  let current = 0n;
  const admit = (source: number, step: number) => {
    current += bytesOf(source);
    const at = freedAt(source, step);
    if (at >= layers.length) return;
    nextFreed[source + inputs.length] = firstFreed[at];
    firstFreed[at] = source + inputs.length;
  };
  inputs.forEach((_, k) => admit(-1 - k, 0));
  let peak = { bytes: current, step: -1 };
  const timeline = listOfLength<TimelineStep>(layers.length);
  layers.forEach((layer, step) => {
    admit(step, step);
    let running = workspace[step] ? current + workspace[step] : current;
    // A copy's step (graph.ts `twin`) most often has its twin's bytes: that bigint is kept, not a new one.
    const twin = layer.twin === undefined ? undefined : timeline[layer.twin].liveBytes;
    if (running === twin) running = twin;
    timeline[step] = { layer: layer.name, liveBytes: running };
    if (running > peak.bytes || peak.step === -1) peak = { bytes: running, step };
    for (let entry = firstFreed[step]; entry !== -1; entry = nextFreed[entry]) current -= bytesOf(entry - inputs.length);
  });

  // Live at the peak: admitted by its step and not freed before it, in the order they were admitted.
  const at = peak.step;
  const tensors: LiveTensor[] = [];
  inputs.forEach((t, k) => {
    if (freedAt(-1 - k, 0) >= at) tensors.push({ name: t.id, bytes: bytesOf(-1 - k) });
  });
  for (let i = 0; i <= at; i++) if (freedAt(i, i) >= at) tensors.push({ name: layers[i].name, bytes: bytesOf(i) });
  if (at >= 0 && workspace[at]) tensors.push({ name: `${layers[at].name} (workspace)`, bytes: workspace[at] });
  return { peak: { bytes: peak.bytes, layer: at === -1 ? '' : layers[at].name, tensors }, timeline };
}
