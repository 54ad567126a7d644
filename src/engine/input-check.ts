import type { LayerReport, Report } from './analyze.js';

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

/** What `analyze --input` adds when the input differs from the spec's own. */
export interface InputCheck {
  designInput: number[];
  input: number[];
  designParams: bigint;
  params: bigint;
  paramsChanged: boolean;
  designOutput: number[];
  output: number[];
  /** The first layer whose params depend on the input size (a dense layer after a flatten). */
  fixedBy?: ShapeAtBoth & { designParams: bigint; params: bigint };
  /** The layer before it that turned the map into a vector (flatten, reshape). */
  flattenedBy?: ShapeAtBoth;
  /** Params unchanged and the output keeps spatial axes that follow the input: a fully convolutional network. */
  fullyConvolutional: boolean;
  /** Params and output unchanged: the last layer that pools any map to one size (global or adaptive pooling). */
  pooledBy?: ShapeAtBoth;
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Compares a report at a replaced input with the report at the spec's own input size. Layers are
 * matched by name. Undefined when the input was not replaced (or replaced by the same shape).
 */
export function checkInputSize(design: Report, actual: Report): InputCheck | undefined {
  if (same(design.input.shape, actual.input.shape)) return undefined;
  const designLayers = new Map(design.layers.map((l) => [l.name, l]));
  const atBoth = (l: LayerReport): ShapeAtBoth | undefined => {
    const d = designLayers.get(l.name);
    const designInput = d && inputShapeOf(design, d);
    const input = inputShapeOf(actual, l);
    return designInput && input ? { name: l.name, op: l.op, designInput, input } : undefined;
  };
  const check: InputCheck = {
    designInput: design.input.shape,
    input: actual.input.shape,
    designParams: design.totals.params,
    params: actual.totals.params,
    paramsChanged: design.totals.params !== actual.totals.params,
    designOutput: design.output.shape,
    output: actual.output.shape,
    fullyConvolutional: false,
  };
  if (check.paramsChanged) {
    const index = actual.layers.findIndex((l) => {
      const d = designLayers.get(l.name);
      return d !== undefined && d.params !== l.params;
    });
    const layer = actual.layers[index];
    const shapes = layer && atBoth(layer);
    if (shapes) {
      check.fixedBy = { ...shapes, designParams: designLayers.get(layer.name)!.params, params: layer.params };
      // Walk back along first inputs to the layer that collapsed the spatial axes.
      for (let l: LayerReport | undefined = layer; l; l = actual.layers.find((x) => x.name === l!.inputs[0])) {
        const input = inputShapeOf(actual, l);
        if ((l.op === 'flatten' || l.op === 'reshape') && input && input.length > l.outputShape.length) {
          check.flattenedBy = atBoth(l);
          break;
        }
      }
    }
    return check;
  }
  const spatial = actual.output.shape.length > 1;
  check.fullyConvolutional = spatial && !same(design.output.shape, actual.output.shape);
  if (!check.fullyConvolutional) {
    // The last layer whose input follows the image size but whose output does not.
    const pool = [...actual.layers].reverse().find((l) => {
      const both = atBoth(l);
      const d = designLayers.get(l.name);
      return both && d && !same(both.designInput, both.input) && same(d.outputShape, l.outputShape);
    });
    check.pooledBy = pool && atBoth(pool);
  }
  return check;
}
