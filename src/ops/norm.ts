import { defineOp } from './define.js';

// Statistics and normalisation per element: sum for the mean 1, subtract 1, square and sum 2,
// multiply by 1/σ 1, affine scale and shift 2.
const NORMALISE = { flops: '7 * in.elements', note: 'per element: mean 1, centre 1, variance 2, scale 1, affine 2' };
/** Normalisation statistics (mean and 1/std) are kept in float32 whatever the activation dtype. */
const STATISTICS_BYTES = '8';

export const batchnorm = defineOp<Record<string, never>>({
  name: 'batchnorm',
  summary: 'Batch normalisation over the channel axis; inference form (running statistics)',
  args: () => ({}),
  shape: 'in.shape',
  params: '2 * in.channels',
  buffers: '2 * in.channels',
  flops: '2 * in.elements',
  notes: {
    params: 'scale and shift',
    buffers: 'running mean and variance',
    flops: 'the scale and shift folded at inference: a multiply and an add per element',
  },
  backward: {
    input: true,
    batchBytes: `${STATISTICS_BYTES} * in.channels`,
    saves: 'its input, and the batch mean and 1/std per channel (float32, once per batch)',
  },
});

export const layernorm = defineOp<Record<string, never>>({
  name: 'layernorm',
  summary: 'Layer normalisation over the last axis',
  args: () => ({}),
  shape: 'in.shape',
  params: '2 * in.channels',
  flops: NORMALISE.flops,
  notes: { params: 'scale and shift', flops: NORMALISE.note },
  backward: { input: true, savedBytes: `${STATISTICS_BYTES} * in.positions`, saves: 'its input, and the mean and 1/std per row (float32)' },
});

export const rmsnorm = defineOp<Record<string, never>>({
  name: 'rmsnorm',
  summary: 'Root-mean-square normalisation over the last axis with a learned scale (Llama, T5, Gemma)',
  args: () => ({}),
  shape: 'in.shape',
  params: 'in.channels',
  flops: '4 * in.elements + 3 * in.positions',
  notes: {
    params: 'the scale',
    flops: 'per element: square 1, sum 1, multiply by 1/rms 1, scale 1; per row: divide by C 1, add epsilon 1, reciprocal square root 1',
  },
  backward: { input: true, savedBytes: `4 * in.positions`, saves: 'its input, and 1/rms per row (float32)' },
});

export const groupnorm = defineOp<{ groups: number }>({
  name: 'groupnorm',
  summary: 'Group normalisation: channels split into groups, each normalised',
  args: (k) => ({ groups: { schema: k.positiveInt(), doc: 'channel groups; must divide C' } }),
  checks: [{ holds: 'in.channels % groups == 0', message: 'groups ${groups} does not divide the ${in.channels} channels', arg: 'groups' }],
  shape: 'in.shape',
  params: '2 * in.channels',
  flops: NORMALISE.flops,
  notes: { params: 'scale and shift', flops: `${NORMALISE.note}, as layernorm` },
  backward: { input: true, savedBytes: `${STATISTICS_BYTES} * groups`, saves: 'its input, and the mean and 1/std per group (float32)' },
});

export const lrn = defineOp<{ size: number }>({
  name: 'lrn',
  summary: 'Local response normalisation across channels (AlexNet, GoogLeNet v1)',
  args: (k) => ({ size: { schema: k.positiveInt().default(5), doc: 'channels in each window' } }),
  shape: 'in.shape',
  flops: '(size + 4) * in.elements',
  notes: { flops: 'per element: square 1, window sum size-1, scale and offset 2, power 1, divide 1' },
  backward: {
    input: true,
    output: true,
    saved: 'in.elements',
    saves: 'its input, its output and the denominator (an input-sized tensor)',
  },
});

export const scale = defineOp<Record<string, never>>({
  name: 'scale',
  summary: 'Learnable per-channel multiplier (layer scale)',
  args: () => ({}),
  shape: 'in.shape',
  params: 'in.channels',
  flops: 'in.elements',
  notes: { flops: '1 multiply per element' },
  backward: { input: true, saves: "its input (for the multiplier's gradient)" },
});
