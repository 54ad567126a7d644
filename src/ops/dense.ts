import { RuleError } from '../core/errors.js';
import { defineOp } from './define.js';
import { formatShape, type Shape } from './types.js';

/** What ops keep when their gradient needs only shapes. */
export const NOTHING = 'nothing (the gradient needs only shapes)';

export const dense = defineOp<{ units: number; bias: boolean }>({
  name: 'dense',
  aliases: ['linear'],
  summary: 'Fully connected layer on the last axis (PyTorch Linear, Keras Dense)',
  args: (k) => ({
    units: { schema: k.positiveInt(), doc: 'output features' },
    bias: { schema: k.bool().default(true), doc: 'learnable bias' },
  }),
  shape: 'in.shape[:-1] + [units]',
  params: 'in.channels * units + (units if bias else 0)',
  macs: 'in.positions * in.channels * units',
  flops: '2 * macs + (out.elements if bias else 0)',
  notes: { macs: 'every position of the leading axes is one row of the matrix product' },
  backward: { input: true, factor: 2, saves: 'its input (for the weight gradient)' },
});

const sequenceOf = (op: string) => (inputs: readonly Shape[]) => {
  if (inputs[0].length < 2) throw new RuleError(`${op} needs a sequence [L, C] (or a spatial map of tokens), got ${formatShape(inputs[0])}`);
};

export const attention = defineOp<{ heads: number; bias: boolean }>({
  name: 'attention',
  summary: 'Multi-head self-attention with q, k, v and output projections of C x C (PyTorch MultiheadAttention)',
  args: (k) => ({
    heads: { schema: k.positiveInt(), doc: 'attention heads; must divide C' },
    bias: { schema: k.bool().default(true), doc: 'biases on the four projections' },
  }),
  accepts: sequenceOf('attention'),
  quantities: {
    L: { doc: 'tokens: the product of the axes before the channels', formula: 'in.positions' },
    C: { doc: 'the model width (channels)', formula: 'in.channels' },
  },
  checks: [{ holds: 'C % heads == 0', message: 'heads ${heads} does not divide the ${C} channels', arg: 'heads' }],
  shape: 'in.shape',
  params: '4 * C ** 2 + (4 * C if bias else 0)',
  macs: '4 * L * C ** 2 + 2 * L ** 2 * C',
  flops: '2 * macs + (4 * L * C if bias else 0) + 6 * heads * L ** 2',
  notes: {
    macs: 'q, k, v and output projections, then QKᵀ and AV over all heads',
    flops: 'scaling each score 1, softmax 5 (max, subtract, exp, sum, divide)',
  },
  backward: {
    input: true,
    saved: '4 * L * C + heads * L ** 2',
    factor: 2,
    saves: 'its input, Q, K, V and the attention context (4·L·C) and the softmax probabilities (heads·L²)',
  },
  receptive: () => ({ kind: 'global' }),
});

export const embedding = defineOp<{ vocab: number; dim: number }>({
  name: 'embedding',
  summary: 'Token-id lookup table (PyTorch Embedding): [L] ids -> [L, dim]',
  args: (k) => ({
    vocab: { schema: k.positiveInt(), doc: 'vocabulary size (rows of the table)' },
    dim: { schema: k.positiveInt(), doc: 'embedding width' },
  }),
  accepts: ([input]) => {
    if (input.length !== 1) throw new RuleError(`embedding takes a sequence of token ids [L], got ${formatShape(input)}`);
  },
  shape: '[in.shape[0], dim]',
  params: 'vocab * dim',
  notes: { macs: 'a lookup, no arithmetic' },
  backward: { input: true, saves: 'its input (the token ids)' },
});

export const learnedToken = defineOp<{ count: number }>({
  name: 'learned_token',
  summary: "Prepends learned tokens such as ViT's class token: [L, C] -> [L+count, C]",
  args: (k) => ({ count: { schema: k.positiveInt().default(1), doc: 'tokens prepended' } }),
  accepts: ([input]) => {
    if (input.length !== 2) throw new RuleError(`learned_token needs a sequence [L, C], got ${formatShape(input)}`);
  },
  shape: '[in.length + count, in.channels]',
  params: 'count * in.channels',
  notes: { flops: 'a concatenation' },
  backward: { saves: NOTHING },
});

export const positionEmbedding = defineOp<Record<string, never>>({
  name: 'position_embedding',
  summary: 'Adds a learned position embedding to every token (ViT): shape kept',
  args: () => ({}),
  shape: 'in.shape',
  params: 'in.elements',
  flops: 'in.elements',
  notes: { flops: '1 add per element' },
  backward: { saves: NOTHING },
});
