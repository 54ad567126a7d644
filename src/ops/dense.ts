import { RuleError } from '../core/errors.js';
import { defineOp } from './define.js';
import { formatShape } from './types.js';

/** What ops keep when their gradient needs only shapes. */
export const NOTHING = 'nothing (the gradient needs only shapes)';

export const dense = defineOp<{ units: number; bias: boolean; tie?: string }>({
  name: 'dense',
  aliases: ['linear'],
  summary: 'Fully connected layer on the last axis (PyTorch Linear, Keras Dense)',
  args: (k) => ({
    units: { schema: k.positiveInt(), doc: 'output features' },
    bias: { schema: k.bool().default(true), doc: 'learnable bias' },
    tie: {
      schema: k.text().optional(),
      doc: 'the name of an earlier embedding or dense layer whose weight matrix this one shares (a tied LM head): its weights are counted there, once',
    },
  }),
  shape: 'in.shape[:-1] + [units]',
  params: '(0 if tie != None else in.channels * units) + (units if bias else 0)',
  macs: 'in.positions * in.channels * units',
  flops: '2 * macs + (out.elements if bias else 0)',
  notes: {
    params: 'a tied layer owns only its bias',
    macs: 'every position of the leading axes is one row of the matrix product',
  },
  backward: { input: true, factor: 2, saves: 'its input (for the weight gradient)' },
});

export const embedding = defineOp<{ vocab: number; dim: number; tie?: string }>({
  name: 'embedding',
  summary: 'Token-id lookup table (PyTorch Embedding): [L] ids -> [L, dim]',
  args: (k) => ({
    vocab: { schema: k.positiveInt(), doc: 'vocabulary size (rows of the table)' },
    dim: { schema: k.positiveInt(), doc: 'embedding width' },
    tie: { schema: k.text().optional(), doc: "the name of an earlier embedding or dense layer whose matrix this table is (T5's encoder and decoder share one)" },
  }),
  accepts: ([input]) => {
    if (input.length !== 1) throw new RuleError(`embedding takes a sequence of token ids [L], got ${formatShape(input)}`);
  },
  shape: '[in.shape[0], dim]',
  params: '0 if tie != None else vocab * dim',
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

export const positionEmbedding = defineOp<{ max?: number }>({
  name: 'position_embedding',
  summary: 'Adds a learned position embedding to every token (ViT, GPT-2, BERT): shape kept',
  args: (k) => ({
    max: { schema: k.positiveInt().optional(), doc: 'rows of the table (max_position_embeddings); default: as many as the input has positions' },
  }),
  checks: [
    {
      holds: 'max == None or cached + in.positions <= max',
      message: 'position_embedding has ${max} rows, but the sequence reaches position ${cached + in.positions}',
      arg: 'max',
    },
  ],
  shape: 'in.shape',
  params: '(in.positions if max == None else max) * in.channels',
  flops: 'in.elements',
  notes: { params: 'one row of C per position of the table', flops: '1 add per element' },
  backward: { saves: NOTHING },
});
