import type { LayerReport, Report } from './analyze.js';
import { DTYPE_BYTES } from './dtype.js';

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
 * How an archcost layer maps onto torchinfo leaf modules: the leaf outputs it stands for (in
 * elements per sample) and whether its params sit in those leaves. Ops missing here are either
 * parameter-free (never counted) or hold their params in a container module in PyTorch
 * (attention: nn.MultiheadAttention; learned_token, position_embedding, scale: a parent module's
 * nn.Parameter), which torchinfo does not count as a leaf with parameters.
 */
const LEAF_OUTPUTS: Readonly<Record<string, (layer: LayerReport, inputChannels: number) => bigint[]>> = {
  conv: (l) => [outputElements(l)],
  depthwise: (l) => [outputElements(l)],
  conv_transpose: (l) => [outputElements(l)],
  dense: (l) => [outputElements(l)],
  batchnorm: (l) => [outputElements(l)],
  layernorm: (l) => [outputElements(l)],
  groupnorm: (l) => [outputElements(l)],
  prelu: (l) => [outputElements(l)],
  embedding: (l) => [outputElements(l)],
  // Two Conv modules, depthwise then 1x1. The report keeps no args, so the depthwise output is taken
  // at multiplier 1 (C_in channels), as in Xception and MobileNet; a multiplier m makes it m times larger.
  separable: (l, inputChannels) => {
    const positions = outputElements(l) / BigInt(l.outputShape[l.outputShape.length - 1]);
    return [positions * BigInt(inputChannels), outputElements(l)];
  },
};

function outputElements(layer: LayerReport): bigint {
  return layer.outputShape.reduce((n, d) => n * BigInt(d), 1n);
}

export function torchinfoSizes(report: Report): TorchinfoSizes {
  const element = BigInt(DTYPE_BYTES[report.dtype]);
  const B = BigInt(report.batch);
  const channels = new Map<string, number>(report.inputs.map((t) => [t.name, t.shape[t.shape.length - 1]]));
  for (const l of report.layers) channels.set(l.name, l.outputShape[l.outputShape.length - 1]);

  const inputBytes = report.inputs.reduce((sum, t) => sum + t.shape.reduce((n, d) => n * BigInt(d), 1n), 0n) * B * element;
  let outputElementsSum = 0n;
  let params = 0n;
  for (const layer of report.layers) {
    const leaves = LEAF_OUTPUTS[layer.op];
    if (!leaves || layer.params === 0n) continue;
    outputElementsSum += leaves(layer, channels.get(layer.inputs[0]) ?? 0).reduce((a, b) => a + b, 0n);
    params += layer.params;
  }
  const forwardBackwardBytes = 2n * outputElementsSum * B * element;
  const paramsBytes = params * element;
  return { inputBytes, forwardBackwardBytes, paramsBytes, totalBytes: inputBytes + forwardBackwardBytes + paramsBytes };
}
