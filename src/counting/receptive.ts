import type { ReceptiveStep } from '../ops/types.js';
import { inputShapes, perLayer, type Graph } from '../language/graph.js';
import { listOfLength } from '../core/values.js';

/**
 * Receptive field and cumulative stride of every tensor, per spatial axis of the first input, in
 * input pixels. The standard recurrence (Araujo et al., "Computing receptive fields of CNNs",
 * Distill 2019): a window of kernel k, stride s, dilation d maps (r, j) to
 * r' = r + d·(k-1)·j and j' = j·s. Padding does not change it (the field may exceed the input).
 * A merge takes the max over its inputs. A layer that mixes all positions (global pool, flatten,
 * attention) sees the whole input: r = the input size. After a reshape the positions are not
 * tracked: no field is reported until a global layer.
 */
export interface Field {
  size: number[];
  jump: number[];
  /** Every output position sees every input position. */
  global: boolean;
}

export interface ReceptiveInfo {
  /** The field entering the layer (the max over its inputs); null when not tracked. */
  before: Field | null;
  step?: ReceptiveStep;
  after: Field | null;
}

/** Per layer name; empty when the first input has no spatial axes ([C] vectors, [L] token ids count as 1-D). */
export function receptiveFields(graph: Graph): Map<string, ReceptiveInfo> {
  const { before, steps, after } = receptiveSteps(graph);
  return new Map(steps.map((step, i) => [graph.layers[i].name, { before: before[i], step, after: after[i] }]));
}

/** ReceptiveInfo's three fields per layer position, in execution order, as three lists: no record a layer. */
export interface ReceptiveSteps {
  before: (Field | null)[];
  steps: (ReceptiveStep | undefined)[];
  after: (Field | null)[];
}

/** The same per layer position, in execution order; empty lists when the first input has no spatial axes. */
export function receptiveSteps(graph: Graph): ReceptiveSteps {
  const extent = graph.inputs[0].shape.slice(0, -1);
  const rank = extent.length;
  // Without spatial axes nothing is tracked: three empty lists.
  const layers = rank === 0 ? [] : graph.layers;
  const before = listOfLength<Field | null>(layers.length);
  // A copy of an earlier layer (graph.ts `twin`) has its args and input shapes: its window too.
  const steps = perLayer(layers, (layer) => layer.definition.receptive?.(layer.args, inputShapes(graph, layer)));
  const after = listOfLength<Field | null>(layers.length);
  const inputFields = graph.inputs.map((t) => (t.shape.length - 1 === rank ? { size: extent.map(() => 1), jump: extent.map(() => 1), global: false } : null));
  // By source (LayerNode `sources`): layer i is i, model input k is -1 - k.
  const fieldOf = (source: number) => (source >= 0 ? after[source] : inputFields[-1 - source]);
  for (let i = 0; i < layers.length; i++) {
    const { reads } = layers[i];
    before[i] = reads.length === 1 ? fieldOf(reads[0]) : merge(reads.map(fieldOf));
    after[i] = apply(before[i], steps[i], extent);
  }
  return { before, steps, after };
}

function merge(inputs: (Field | null)[]): Field | null {
  if (inputs.some((f) => f === null)) return null;
  const fields = inputs as Field[];
  // Most merges (a residual add) have one input whose field holds every other's: it is the merge.
  const widest = fields.find((w) => fields.every((f) => covers(w, f)));
  if (widest) return widest;
  const largest = (axis: (f: Field) => number[]) => axis(fields[0]).map((_, i) => fields.reduce((m, f) => Math.max(m, axis(f)[i]), -Infinity));
  return { size: largest((f) => f.size), jump: largest((f) => f.jump), global: fields.some((f) => f.global) };
}

/** Whether the max of `a` and `b`, axis by axis, is `a`. */
function covers(a: Field, b: Field): boolean {
  if (a.global !== (a.global || b.global) || a.size.length !== b.size.length) return false;
  for (let i = 0; i < a.size.length; i++) if (a.size[i] < b.size[i] || a.jump[i] < b.jump[i]) return false;
  return true;
}

/**
 * Input pixels beyond this are not counted: a field or stride past 2^53 - 1 pixels (strides of 2^52
 * twice over) cannot be held exactly and says nothing a smaller one would not, so the field is
 * left out (untracked) from there, as after a reshape.
 */
const MAX_PIXELS = Number.MAX_SAFE_INTEGER;

function apply(before: Field | null, step: ReceptiveStep | undefined, extent: number[]): Field | null {
  const after = next(before, step, extent);
  // The field entering was checked when it was made.
  return after === before || (after && exact(after.size) && exact(after.jump)) ? after : null;
}

function exact(values: number[]): boolean {
  for (let i = 0; i < values.length; i++) if (!(Number.isFinite(values[i]) && values[i] <= MAX_PIXELS)) return false;
  return true;
}

function next(before: Field | null, step: ReceptiveStep | undefined, extent: number[]): Field | null {
  if (!step) return before;
  if (step.kind === 'global') return { size: [...extent], jump: before?.jump ?? [...extent], global: true };
  if (step.kind === 'untracked' || before === null) return null;
  if (before.global) return before;
  const perAxis = 'kernel' in step ? step.kernel : step.scale;
  if (perAxis.length !== before.size.length) return null;
  const { size, jump } = before;
  switch (step.kind) {
    case 'window':
      // A stride of 1 keeps the jump: the same list, not a copy.
      return {
        size: size.map((r, i) => r + step.dilation[i] * (step.kernel[i] - 1) * jump[i]),
        jump: step.stride.every((s) => s === 1) ? jump : jump.map((j, i) => j * step.stride[i]),
        global: false,
      };
    case 'transposed':
      // Each output reads about ceil(span / s) neighbouring inputs; outputs are s times denser.
      return {
        size: size.map((r, i) => r + (Math.ceil((step.dilation[i] * (step.kernel[i] - 1) + 1) / step.stride[i]) - 1) * jump[i]),
        jump: jump.map((j, i) => j / step.stride[i]),
        global: false,
      };
    case 'upsample':
      // Nearest copies one input; linear modes blend two neighbours per axis.
      return { size: size.map((r, i) => r + (step.interpolates ? jump[i] : 0)), jump: jump.map((j, i) => j / step.scale[i]), global: false };
  }
}
