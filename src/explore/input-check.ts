import type { LayerReport, Report } from '../counting/analyze.js';
import { sameNumbers } from '../core/values.js';

/** A layer's first input shape in a report: a model input or an earlier layer's output. */
function inputShapeOf(report: Report, layer: LayerReport): number[] | undefined {
  const name = layer.inputs[0];
  return report.layers.find((l) => l.name === name)?.outputShape ?? report.inputs.find((i) => i.name === name)?.shape;
}

export interface ShapeAtBoth {
  name: string;
  op: string;
  /** Its input shape at the spec's own input size and at the one analyzed. */
  designInput: number[];
  input: number[];
}

/** A layer whose parameter count differs between the two inputs. */
export type ParamsAtBoth = ShapeAtBoth & { designParams: bigint; params: bigint };

/** The input's channel count (its last axis, on an input with spatial axes) changed. */
export interface ChannelChange {
  design: number;
  input: number;
  /** The first layer whose params follow the channel count: it has weights for each input channel. */
  scaledBy?: ParamsAtBoth;
}

/** What `analyze --input` adds when the input differs from the spec's own. */
export interface InputCheck {
  designInput: number[];
  input: number[];
  designParams: bigint;
  params: bigint;
  paramsChanged: boolean;
  designOutput: number[];
  output: number[];
  /** The last axis changed on an input with spatial axes: a change of what the first layers read, not of the input size. */
  channels?: ChannelChange;
  /** The spatial axes changed (every axis of a rank-1 input). What follows describes that change alone. */
  sizeChanged: boolean;
  /**
   * When the channels changed too, the size was checked at the new spatial size with the design's channels:
   * that input, its params and its output.
   */
  sizeCheckedAt?: { input: number[]; params: bigint; output: number[] };
  /** The size change alone changes the parameter count: the network works at one input size only. */
  sizeFixed: boolean;
  /** The first layer whose params depend on the input size (a dense layer after a flatten). */
  fixedBy?: ParamsAtBoth;
  /** The layer before it that turned the map into a vector (flatten, reshape). */
  flattenedBy?: ShapeAtBoth;
  /** Params unchanged and the output keeps spatial axes that follow the input: a fully convolutional network. */
  fullyConvolutional: boolean;
  /** Params and output unchanged: the last layer that pools any map to one size (global or adaptive pooling). */
  pooledBy?: ShapeAtBoth;
}


/** Layer shapes and params of two reports of one spec, matched by layer name. */
function pairing(design: Report, actual: Report) {
  const designLayers = new Map(design.layers.map((l) => [l.name, l]));
  const atBoth = (l: LayerReport): ShapeAtBoth | undefined => {
    const d = designLayers.get(l.name);
    const designInput = d && inputShapeOf(design, d);
    const input = inputShapeOf(actual, l);
    return designInput && input ? { name: l.name, op: l.op, designInput, input } : undefined;
  };
  const firstParamsChange = (): { layer: LayerReport; change: ParamsAtBoth } | undefined => {
    const layer = actual.layers.find((l) => {
      const d = designLayers.get(l.name);
      return d !== undefined && d.params !== l.params;
    });
    const shapes = layer && atBoth(layer);
    return shapes && { layer, change: { ...shapes, designParams: designLayers.get(layer.name)!.params, params: layer.params } };
  };
  return { designLayers, atBoth, firstParamsChange };
}

/**
 * Compares a report at a replaced input with the report at the spec's own input size (layers matched by
 * name); undefined when the input was not replaced. A change of channels (the last axis of an input with
 * spatial axes) and a change of spatial size are told apart: the first changes the layers that read the
 * channels, only the second can fix the input size. When both change, `analyzeAt` (the same spec at
 * another input) checks each alone; without it only the channel change is explained.
 */
export function checkInputSize(design: Report, actual: Report, analyzeAt?: (input: number[]) => Report): InputCheck | undefined {
  const designInput = design.input.shape;
  const input = actual.input.shape;
  if (sameNumbers(designInput, input)) return undefined;
  const spatial = (s: number[]) => (s.length > 1 ? s.slice(0, -1) : s);
  const channelsChanged = input.length > 1 && designInput.at(-1) !== input.at(-1);
  const sizeChanged = !sameNumbers(spatial(designInput), spatial(input));
  const check: InputCheck = {
    designInput,
    input,
    designParams: design.totals.params,
    params: actual.totals.params,
    paramsChanged: design.totals.params !== actual.totals.params,
    designOutput: design.output.shape,
    output: actual.output.shape,
    sizeChanged,
    sizeFixed: false,
    fullyConvolutional: false,
  };
  if (channelsChanged) {
    const channelsOnly = sizeChanged ? analyzeAt?.([...spatial(designInput), input.at(-1)!]) : actual;
    check.channels = { design: designInput.at(-1)!, input: input.at(-1)! };
    const scaled = channelsOnly && pairing(design, channelsOnly).firstParamsChange();
    if (scaled) check.channels.scaledBy = scaled.change;
  }
  const sizeOnly = !sizeChanged ? undefined : channelsChanged ? analyzeAt?.([...spatial(input), designInput.at(-1)!]) : actual;
  if (sizeOnly) {
    if (channelsChanged) check.sizeCheckedAt = { input: sizeOnly.input.shape, params: sizeOnly.totals.params, output: sizeOnly.output.shape };
    checkSize(check, design, sizeOnly);
  }
  return check;
}

/** The size part of the check: which layer fixes the size, or how the network takes any size. */
function checkSize(check: InputCheck, design: Report, actual: Report): void {
  const { designLayers, atBoth, firstParamsChange } = pairing(design, actual);
  check.sizeFixed = design.totals.params !== actual.totals.params;
  if (check.sizeFixed) {
    const first = firstParamsChange();
    if (!first) return;
    check.fixedBy = first.change;
    // Walk back along first inputs to the layer that collapsed the spatial axes.
    for (let l: LayerReport | undefined = first.layer; l; l = actual.layers.find((x) => x.name === l!.inputs[0])) {
      const input = inputShapeOf(actual, l);
      if ((l.op === 'flatten' || l.op === 'reshape') && input && input.length > l.outputShape.length) {
        check.flattenedBy = atBoth(l);
        break;
      }
    }
    return;
  }
  const spatial = actual.output.shape.length > 1;
  check.fullyConvolutional = spatial && !sameNumbers(design.output.shape, actual.output.shape);
  if (!check.fullyConvolutional) {
    // The last layer whose input follows the image size but whose output does not.
    const pool = [...actual.layers].reverse().find((l) => {
      const both = atBoth(l);
      const d = designLayers.get(l.name);
      return both && d && !sameNumbers(both.designInput, both.input) && sameNumbers(d.outputShape, l.outputShape);
    });
    check.pooledBy = pool && atBoth(pool);
  }
}
