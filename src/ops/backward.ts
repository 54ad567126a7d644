import { channelsOf, perAxis } from './geometry.js';
import { elements, type Shape } from './types.js';

/**
 * What an op keeps from its forward pass for the backward pass, and what its backward pass costs:
 * the training estimate's rules, one entry per op, next to the op table. The choices follow what
 * PyTorch's autograd saves (tools/autograd/derivatives.yaml): a tensor kept by several layers
 * (a ReLU's output that the next conv also keeps as its input) is stored once.
 */
export interface BackwardRule {
  /** Keeps its input tensors. */
  input?: boolean;
  /** Keeps its output tensor. */
  output?: boolean;
  /**
   * Tensors made inside the op and kept: `elements` per sample, stored at the activation dtype;
   * `bytes` per sample with a fixed width whatever the dtype (boolean masks, int64 indices,
   * float32 statistics); `batchBytes` once per batch (BatchNorm's batch statistics).
   */
  internal?: (args: Readonly<Record<string, unknown>>, inputs: readonly Shape[], output: Shape) => Internal;
  /** Backward FLOPs as a multiple of forward FLOPs. */
  backwardFactor: bigint;
  /** The rule in words (docs/memory.md). */
  saves: string;
}

export interface Internal {
  elements: bigint;
  bytes: bigint;
  batchBytes?: bigint;
}

/** Ops with MACs compute two products backward: the input gradient and the weight gradient. */
const MATMUL = 2n;
/** Any other op's gradient costs about what its forward did (zero-FLOP ops stay free). */
const ELEMENTWISE = 1n;

const INT64_BYTES = 8n;
/** Normalisation statistics (mean and 1/std) are kept in float32 whatever the activation dtype. */
const STATISTICS_BYTES = 2n * 4n;

const keepsInput = (saves = 'its input'): BackwardRule => ({ input: true, backwardFactor: ELEMENTWISE, saves });
const keepsOutput = (saves = 'its output'): BackwardRule => ({ output: true, backwardFactor: ELEMENTWISE, saves });
const keepsNothing = (saves: string): BackwardRule => ({ backwardFactor: ELEMENTWISE, saves });
const weighted = (saves = 'its input (for the weight gradient)'): BackwardRule => ({ input: true, backwardFactor: MATMUL, saves });
const withIndices = (saves: string): BackwardRule => ({
  input: true,
  internal: (_a, _i, output) => ({ elements: 0n, bytes: INT64_BYTES * elements(output) }),
  backwardFactor: ELEMENTWISE,
  saves,
});

const NOTHING = 'nothing (the gradient needs only shapes)';

export const BACKWARD_RULES: Readonly<Record<string, BackwardRule>> = {
  conv: weighted(),
  depthwise: weighted(),
  separable: {
    input: true,
    // The pointwise conv keeps its own input: the depthwise output, C_in·multiplier channels.
    internal: (a, [input], output) => ({
      elements: (elements(output) / BigInt(channelsOf(output))) * BigInt(channelsOf(input)) * BigInt(a.multiplier as number),
      bytes: 0n,
    }),
    backwardFactor: MATMUL,
    saves: 'its input and the depthwise output (the pointwise conv\'s input)',
  },
  conv_transpose: weighted(),
  dense: weighted(),
  attention: {
    input: true,
    internal: (a, [input]) => {
      const L = elements(input.slice(0, -1));
      const C = BigInt(channelsOf(input));
      return { elements: 4n * L * C + BigInt(a.heads as number) * L * L, bytes: 0n };
    },
    backwardFactor: MATMUL,
    saves: 'its input, Q, K, V and the attention context (4·L·C) and the softmax probabilities (heads·L²)',
  },
  window_attention: {
    // The qkv projection reads a padded, shifted, windowed copy of the input (T tokens, T >= H·W), so
    // that copy is what is kept, not the layer input; then Q, K, V, the context and the probabilities.
    internal: (a, [input]) => {
      const [wh, ww] = perAxis(a.window as number | number[], 2, 'window');
      const windows = BigInt(Math.ceil(input[0] / wh) * Math.ceil(input[1] / ww));
      const N = BigInt(wh * ww);
      const T = windows * N;
      return { elements: 5n * T * BigInt(channelsOf(input)) + windows * BigInt(a.heads as number) * N * N, bytes: 0n };
    },
    backwardFactor: MATMUL,
    saves: 'the windowed copy of its input, Q, K, V and the context (5·T·C for T padded tokens) and the softmax probabilities (windows·heads·N²)',
  },
  maxpool: withIndices('its input and an int64 argmax index per output element'),
  avgpool: keepsInput(),
  globalavgpool: keepsInput('its input (PyTorch 1.13\'s mean keeps it, as adaptive_avg_pool2d to 1x1 does)'),
  globalmaxpool: withIndices('its input and an int64 argmax index per channel'),
  adaptiveavgpool: keepsInput(),
  adaptivemaxpool: withIndices('its input and an int64 argmax index per output element'),
  batchnorm: {
    input: true,
    internal: (_a, [input]) => ({ elements: 0n, bytes: 0n, batchBytes: STATISTICS_BYTES * BigInt(channelsOf(input)) }),
    backwardFactor: ELEMENTWISE,
    saves: 'its input, and the batch mean and 1/std per channel (float32, once per batch)',
  },
  layernorm: {
    input: true,
    internal: (_a, [input]) => ({ elements: 0n, bytes: STATISTICS_BYTES * elements(input.slice(0, -1)) }),
    backwardFactor: ELEMENTWISE,
    saves: 'its input, and the mean and 1/std per row (float32)',
  },
  groupnorm: {
    input: true,
    internal: (a) => ({ elements: 0n, bytes: STATISTICS_BYTES * BigInt(a.groups as number) }),
    backwardFactor: ELEMENTWISE,
    saves: 'its input, and the mean and 1/std per group (float32)',
  },
  lrn: {
    input: true,
    output: true,
    internal: (_a, [input]) => ({ elements: elements(input), bytes: 0n }),
    backwardFactor: ELEMENTWISE,
    saves: 'its input, its output and the denominator (an input-sized tensor)',
  },
  scale: keepsInput('its input (for the multiplier\'s gradient)'),
  relu: keepsOutput('its output (PyTorch: threshold_backward on the result)'),
  relu6: keepsInput(),
  leakyrelu: keepsInput(),
  elu: keepsInput(),
  gelu: keepsInput(),
  sigmoid: keepsOutput(),
  hardsigmoid: keepsInput(),
  tanh: keepsOutput(),
  silu: keepsInput(),
  hardswish: keepsInput(),
  mish: keepsInput(),
  softmax: keepsOutput(),
  prelu: keepsInput(),
  identity: keepsNothing(NOTHING),
  stochastic_depth: keepsNothing('its per-sample keep mask (one value per sample, not counted)'),
  space_to_depth: keepsNothing(NOTHING),
  dropout: {
    // PyTorch returns the input itself at rate 0; otherwise the fused kernel keeps a bool mask
    // (its CPU path keeps a float mask, 4 bytes per element at float32).
    internal: (a, _i, output) => ({ elements: 0n, bytes: (a.rate as number) > 0 ? elements(output) : 0n }),
    backwardFactor: ELEMENTWISE,
    saves: 'a 1-byte boolean mask per element (nothing at rate 0)',
  },
  flatten: keepsNothing(NOTHING),
  reshape: keepsNothing(NOTHING),
  pad: keepsNothing(NOTHING),
  upsample: keepsNothing(NOTHING),
  channel_shuffle: keepsNothing(NOTHING),
  slice: keepsNothing(NOTHING),
  select: keepsNothing(NOTHING),
  add: keepsNothing(NOTHING),
  multiply: { input: true, backwardFactor: ELEMENTWISE, saves: 'its inputs (each gradient is the other input)' },
  concat: keepsNothing(NOTHING),
  learned_token: keepsNothing(NOTHING),
  position_embedding: keepsNothing(NOTHING),
  embedding: keepsInput('its input (the token ids)'),
};

/**
 * The rule of an op; an op added to ops/registry.ts without a row here (specs/training.test.ts
 * flags it) keeps its input, with backward FLOPs 2x forward when it has MACs, else 1x.
 */
export function backwardRule(op: string, hasMacs: boolean): BackwardRule {
  return BACKWARD_RULES[op] ?? (hasMacs ? weighted() : keepsInput());
}
