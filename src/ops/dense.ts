import { RuleError } from '../core/errors.js';
import { channelsOf } from './geometry.js';
import { axisSymbols, dot, formula, free, shapeChange, ZERO } from './explain-kit.js';
import { defineOp, elements, formatShape, type Shape } from './types.js';

interface DenseArgs {
  units: number;
  bias: boolean;
}

/** Rows a last-axis op sees: every position of every leading axis. */
const rows = (shape: Shape) => elements(shape.slice(0, -1));

export const dense = defineOp<DenseArgs>({
  name: 'dense',
  aliases: ['linear'],
  summary: 'Fully connected layer on the last axis (PyTorch Linear, Keras Dense)',
  args: (k) => ({
    units: { schema: k.positiveInt(), doc: 'output features' },
    bias: { schema: k.bool().default(true), doc: 'learnable bias' },
  }),
  shape: (a, [input]) => [...input.slice(0, -1), a.units],
  cost: (a, [input], output) => {
    const macs = rows(input) * BigInt(channelsOf(input)) * BigInt(a.units);
    return {
      params: BigInt(channelsOf(input)) * BigInt(a.units) + (a.bias ? BigInt(a.units) : 0n),
      buffers: 0n,
      macs,
      flops: 2n * macs + (a.bias ? elements(output) : 0n),
    };
  },
  rules: {
    shape: '[.., C] -> [.., units]',
    params: 'C · units + (bias ? units : 0)',
    macs: 'rows · C · units, rows = product of the leading axes',
    flops: '2 · MACs + (bias ? output elements : 0)',
  },
  explain: (a, [input]) => {
    const C = channelsOf(input);
    const lead = leadingAxes(input);
    const bias = a.bias ? [' + units', ` + ${a.units}`] : ['', ''];
    const macs = rows(input) * BigInt(C) * BigInt(a.units);
    return {
      shape: [formula("C' = units", [], `${a.units}`)],
      params: formula(`C·units${bias[0]}`, `${dot(C, a.units)}${bias[1]}`),
      macs: formula(`${lead.symbols}C·units`, `${lead.numbers}${dot(C, a.units)}`),
      flops: a.bias ? formula(`2·MACs + ${lead.symbols}units`, ['2·', macs, ` + ${lead.numbers}${a.units}`]) : formula('2·MACs', ['2·', macs]),
    };
  },
});

/** The leading axes a last-axis op repeats over, as a prefix of a product: "H·W · " and "28·28 · " ([C]: nothing). */
function leadingAxes(input: Shape): { symbols: string; numbers: string } {
  const lead = input.slice(0, -1);
  if (!lead.length) return { symbols: '', numbers: '' };
  return { symbols: `${axisSymbols(lead.length).join('·')} · `, numbers: `${dot(...lead)} · ` };
}

interface AttentionArgs {
  heads: number;
  bias: boolean;
}

function tokensOf(input: Shape): { tokens: bigint; channels: number } {
  if (input.length < 2) {
    throw new RuleError(`attention needs a sequence [L, C] (or a spatial map of tokens), got ${formatShape(input)}`);
  }
  return { tokens: rows(input), channels: channelsOf(input) };
}

export const attention = defineOp<AttentionArgs>({
  name: 'attention',
  summary: 'Multi-head self-attention with q, k, v and output projections of C x C (PyTorch MultiheadAttention)',
  args: (k) => ({
    heads: { schema: k.positiveInt(), doc: 'attention heads; must divide C' },
    bias: { schema: k.bool().default(true), doc: 'biases on the four projections' },
  }),
  shape: (a, [input]) => {
    const { channels } = tokensOf(input);
    if (channels % a.heads !== 0) throw new RuleError(`heads ${a.heads} does not divide the ${channels} channels`, ['heads']);
    return input;
  },
  cost: (a, [input]) => {
    const { tokens: L, channels } = tokensOf(input);
    const C = BigInt(channels);
    const H = BigInt(a.heads);
    const projections = 4n * L * C * C;
    const scores = L * L * C; // QKᵀ over all heads: H · L · L · (C/H)
    const mixing = L * L * C; // softmax(QKᵀ)·V
    const macs = projections + scores + mixing;
    const biasAdds = a.bias ? 4n * L * C : 0n;
    // Scaling the scores by 1/sqrt(d) is 1 flop per score; softmax is 5 (max, subtract, exp, sum, divide).
    const scoreWork = 6n * H * L * L;
    return {
      params: 4n * C * C + (a.bias ? 4n * C : 0n),
      buffers: 0n,
      macs,
      flops: 2n * macs + biasAdds + scoreWork,
    };
  },
  rules: {
    shape: 'kept; tokens L = product of the non-channel axes',
    params: '4·C² + (bias ? 4·C : 0)',
    macs: '4·L·C² (q, k, v, output projections) + L²·C (QKᵀ) + L²·C (AV)',
    flops: '2 · MACs + (bias ? 4·L·C : 0) + 6·heads·L² (scale 1 + softmax 5 per score)',
  },
  explain: (a, [input]) => {
    const { tokens, channels: C } = tokensOf(input);
    const L = input.length === 2 ? `${input[0]}` : `(${dot(...input.slice(0, -1))})`;
    const macs = 4n * tokens * BigInt(C) * BigInt(C) + 2n * tokens * tokens * BigInt(C);
    const h = a.heads;
    return {
      shape: [],
      params: formula(`4·C·C${a.bias ? ' + 4·C' : ''}`, `4·${C}·${C}${a.bias ? ` + 4·${C}` : ''}`),
      macs: formula('4·L·C·C + 2·L·L·C', `4·${L}·${C}·${C} + 2·${L}·${L}·${C}`),
      flops: formula(`2·MACs${a.bias ? ' + 4·L·C' : ''} + 6·heads·L·L`, ['2·', macs, `${a.bias ? ` + 4·${L}·${C}` : ''} + 6·${h}·${L}·${L}`]),
    };
  },
  receptive: () => ({ kind: 'global' }),
});

interface EmbeddingArgs {
  vocab: number;
  dim: number;
}

export const embedding = defineOp<EmbeddingArgs>({
  name: 'embedding',
  summary: 'Token-id lookup table (PyTorch Embedding): [L] ids -> [L, dim]',
  args: (k) => ({
    vocab: { schema: k.positiveInt(), doc: 'vocabulary size (rows of the table)' },
    dim: { schema: k.positiveInt(), doc: 'embedding width' },
  }),
  shape: (a, [input]) => {
    if (input.length !== 1) throw new RuleError(`embedding takes a sequence of token ids [L], got ${formatShape(input)}`);
    return [input[0], a.dim];
  },
  cost: (a) => ({ params: BigInt(a.vocab) * BigInt(a.dim), buffers: 0n, macs: 0n, flops: 0n }),
  rules: {
    shape: '[L] -> [L, dim]',
    params: 'vocab · dim',
    macs: '0 (a lookup, no arithmetic)',
    flops: '0',
  },
  explain: (a, [input], output) => ({ ...free([shapeChange(['L'], ['L', 'dim'], input, output)]), params: formula('vocab·dim', dot(a.vocab, a.dim)) }),
});

interface TokenArgs {
  count: number;
}

export const learnedToken = defineOp<TokenArgs>({
  name: 'learned_token',
  summary: 'Prepends learned tokens such as ViT\'s class token: [L, C] -> [L+count, C]',
  args: (k) => ({ count: { schema: k.positiveInt().default(1), doc: 'tokens prepended' } }),
  shape: (a, [input]) => {
    if (input.length !== 2) throw new RuleError(`learned_token needs a sequence [L, C], got ${formatShape(input)}`);
    return [input[0] + a.count, input[1]];
  },
  cost: (a, [input]) => ({ params: BigInt(a.count) * BigInt(channelsOf(input)), buffers: 0n, macs: 0n, flops: 0n }),
  rules: { shape: '[L, C] -> [L+count, C]', params: 'count · C', macs: '0', flops: '0 (a concatenation)' },
  explain: (a, [input]) => ({
    ...free([formula("L' = L + count", `${input[0]} + ${a.count}`, `${input[0] + a.count}`)]),
    params: formula('count·C', dot(a.count, channelsOf(input))),
  }),
});

export const positionEmbedding = defineOp<Record<string, never>>({
  name: 'position_embedding',
  summary: 'Adds a learned position embedding to every token (ViT): shape kept',
  args: () => ({}),
  shape: (_a, [input]) => input,
  cost: (_a, [input]) => ({ params: elements(input), buffers: 0n, macs: 0n, flops: elements(input) }),
  rules: { shape: 'kept', params: 'product of the input shape (L · C)', macs: '0', flops: '1 add per element' },
  explain: (_a, [input]) => ({
    shape: [],
    params: formula('L·C', dot(...input)),
    macs: ZERO,
    flops: formula('1·L·C', `1·${dot(...input)}`),
  }),
});
