import { elements } from '../ops/types.js';
import type { LayerReport, Report } from './analyze.js';
import { DTYPE_BYTES } from '../core/dtype.js';

/**
 * torchinfo's four size lines, reproduced from a report (torchinfo/model_statistics.py):
 * - Input size: the input tensors' bytes (batch included);
 * - Forward/backward pass size: 2 x the output bytes of every *leaf module call that has
 *   parameters* ("x2 for gradients"; parameter-free leaves such as ReLU and MaxPool are not
 *   counted, however often they are called);
 * - Params size: the leaf modules' parameter bytes (buffers are not counted);
 * - Estimated Total Size: the sum of the three.
 * MB = 1e6 bytes, printed with two decimals.
 */
export interface TorchinfoSizes {
  inputBytes: bigint;
  forwardBackwardBytes: bigint;
  paramsBytes: bigint;
  totalBytes: bigint;
}

/**
 * The torchinfo leaf modules an archcost layer stands for, as their output elements per sample;
 * the layer's params are those leaves' params. Ops missing here are parameter-free (never
 * counted) or hold their params in a container module in PyTorch (attention and window_attention:
 * nn.MultiheadAttention / ShiftedWindowAttention; learned_token, position_embedding, scale: a
 * parent module's nn.Parameter), which torchinfo does not count as a leaf with parameters.
 */
const output = (l: LayerReport) => [elements(l.outputShape)];

const LEAF_OUTPUTS: Readonly<Record<string, (layer: LayerReport, inputChannels: number) => bigint[]>> = {
  conv: output,
  depthwise: output,
  conv_transpose: output,
  dense: output,
  batchnorm: output,
  layernorm: output,
  groupnorm: output,
  prelu: output,
  embedding: output,
  // Two Conv modules, depthwise then 1x1. The report keeps no args, so the depthwise output is taken
  // at multiplier 1 (C_in channels), as in Xception and MobileNet; a multiplier m makes it m times larger.
  separable: (l, inputChannels) => {
    const positions = elements(l.outputShape.slice(0, -1));
    return [positions * BigInt(inputChannels), elements(l.outputShape)];
  },
};

export function torchinfoSizes(report: Report): TorchinfoSizes {
  const element = BigInt(DTYPE_BYTES[report.dtype]);
  const B = BigInt(report.batch);
  const channels = new Map<string, number>(report.inputs.map((t) => [t.name, t.shape[t.shape.length - 1]]));
  for (const l of report.layers) channels.set(l.name, l.outputShape[l.outputShape.length - 1]);

  const inputBytes = report.inputs.reduce((sum, t) => sum + elements(t.shape), 0n) * B * element;
  let outputElementsSum = 0n;
  let params = 0n;
  for (const layer of report.layers) {
    const leaves = LEAF_OUTPUTS[layer.op];
    if (!leaves || layer.params === 0n) continue;
    outputElementsSum += leaves(layer, channels.get(layer.inputs[0])!).reduce((a, b) => a + b, 0n);
    params += layer.params;
  }
  const forwardBackwardBytes = 2n * outputElementsSum * B * element;
  const paramsBytes = params * element;
  return { inputBytes, forwardBackwardBytes, paramsBytes, totalBytes: inputBytes + forwardBackwardBytes + paramsBytes };
}
