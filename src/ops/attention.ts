import { RuleError } from '../core/errors.js';
import { defineOp } from './define.js';
import { formatShape, type Shape } from './types.js';

interface AttentionArgs {
  heads: number;
  kv_heads?: number;
  head_dim?: number;
  causal: boolean;
  window?: number;
  bias: boolean;
  qkv_bias?: boolean;
  out_bias?: boolean;
  flash: boolean;
  rope: boolean;
  dropout: number;
}

const sequences = (inputs: readonly Shape[]) => {
  for (const input of inputs) {
    if (input.length < 2) throw new RuleError(`attention needs a sequence [L, C] (or a spatial map of tokens), got ${formatShape(input)}`);
  }
  if (inputs.length > 2) throw new RuleError(`attention takes a query and at most one memory (from: [query, memory]), got ${inputs.length} tensors`);
};

/** Σ_{p=1..n} min(p, W): the keys the first n causal queries see with a window of W (no window: n(n+1)/2). */
const seen = (n: string) => `(${n} * (${n} + 1) // 2 if W == None or ${n} <= W else W * (W + 1) // 2 + (${n} - W) * W)`;

export const attention = defineOp<AttentionArgs>({
  name: 'attention',
  summary:
    'Multi-head attention with q, k, v and output projections (PyTorch MultiheadAttention, Hugging Face attention): grouped-query, causal, sliding-window, cross-attention',
  merge: true,
  args: (k) => ({
    heads: { schema: k.positiveInt(), doc: 'query heads' },
    kv_heads: { schema: k.positiveInt().optional(), doc: 'key/value heads (grouped-query attention; 1 = multi-query); default: heads' },
    head_dim: { schema: k.positiveInt().optional(), doc: 'width of a head; default: C / heads (Gemma differs)' },
    causal: { schema: k.bool().default(false), doc: 'each query sees itself and earlier positions only (decoders)' },
    window: { schema: k.positiveInt().optional(), doc: 'sliding window: each query sees at most this many keys (Mistral)' },
    bias: { schema: k.bool().default(true), doc: 'biases on all four projections (the default of qkv_bias and out_bias)' },
    qkv_bias: { schema: k.bool().optional(), doc: 'biases on the q, k and v projections (Qwen2: true with out_bias false)' },
    out_bias: { schema: k.bool().optional(), doc: 'bias on the output projection' },
    flash: { schema: k.bool().default(false), doc: 'a fused kernel (FlashAttention, SDPA): the score and probability matrices are never stored' },
    rope: { schema: k.bool().default(false), doc: 'rotary position embedding applied to q and k (Llama)' },
    dropout: {
      schema: k.rate().default(0),
      doc: 'dropout on the probabilities while training (attention_dropout, attn_pdrop): a 1-byte mask and the dropped probabilities are kept for backward; nothing at inference',
    },
  }),
  accepts: sequences,
  quantities: {
    L: { doc: 'query tokens: the product of the axes before the channels', formula: 'in.positions' },
    C: { doc: 'the model width (channels)', formula: 'in.channels' },
    cross: { doc: 'cross-attention: keys and values come from a memory tensor (from: [query, memory])', formula: 'len(ins) > 1' },
    M: { doc: "the memory's tokens (cross-attention), else 0", formula: 'ins[1].positions if cross else 0' },
    Cm: { doc: 'the width keys and values are projected from: the memory\'s channels, else C', formula: 'ins[1].channels if cross else C' },
    G: { doc: 'key/value heads', formula: 'heads if kv_heads == None else kv_heads' },
    d: { doc: 'the width of a head', formula: 'C // heads if head_dim == None else head_dim' },
    qb: { doc: 'whether q, k and v have biases', formula: 'bias if qkv_bias == None else qkv_bias' },
    ob: { doc: 'whether the output projection has a bias', formula: 'bias if out_bias == None else out_bias' },
    W: { doc: 'the sliding window (None: every key)', formula: 'window' },
    Lk: { doc: 'keys in view: the memory, or the cached positions and these', formula: 'M if cross else cached + L' },
    kv_new: { doc: 'tokens whose keys and values are projected in this step (a memory is projected once, in prefill)', formula: 'L if not cross else (M if cached == 0 else 0)' },
    pairs: {
      doc: 'query-key pairs per head: causal, the lower triangle (with the diagonal) clipped to the window; else L·Lk (each query at most W keys)',
      formula: `${seen('(cached + L)')} - ${seen('cached')} if causal and not cross else L * (Lk if W == None else min(Lk, W))`,
    },
  },
  checks: [
    { holds: 'heads % G == 0', message: 'kv_heads ${G} must divide the ${heads} query heads', arg: 'kv_heads' },
    { holds: 'head_dim != None or C % heads == 0', message: 'heads ${heads} does not divide the ${C} channels (give head_dim when the heads are not C wide in all)', arg: 'heads' },
  ],
  shape: 'in.shape',
  params: 'C * heads * d + 2 * Cm * G * d + heads * d * C + ((heads + 2 * G) * d if qb else 0) + (C if ob else 0)',
  macs: 'L * C * heads * d + 2 * kv_new * Cm * G * d + 2 * heads * d * pairs + L * heads * d * C',
  flops:
    '2 * macs + (L * heads * d + 2 * kv_new * G * d if qb else 0) + (L * C if ob else 0) + 6 * heads * pairs + (3 * (L * heads + kv_new * G) * d if rope else 0)',
  memory: {
    workspace: '0 if flash else 2 * heads * L * Lk',
    cache: '0 if not (causal or cross) else 2 * G * d * (M if cross else (cached + L if W == None else min(cached + L, W)))',
    cacheRead: '0 if not (causal or cross) else 2 * G * d * ((M if cached > 0 else 0) if cross else (cached if W == None else min(cached, W)))',
    cacheWritten: '0 if not (causal or cross) else 2 * G * d * kv_new',
  },
  notes: {
    params: 'q: C x heads·d, k and v: Cm x G·d each, output: heads·d x C, and their biases',
    macs: 'the four projections, then QKᵀ and AV: d MACs per query-key pair and head each (causal: the triangle a fused kernel computes)',
    flops: 'bias adds; per pair and head: scaling 1, softmax 5 (max, subtract, exp, sum, divide); RoPE 3 per rotated q and k element (4 multiplies, 2 adds per pair of elements)',
    workspace: 'without a fused kernel the scores and the probabilities, heads·L·Lk each, are stored (masked in full when causal, as eager attention does)',
    cache: 'K and V of every position kept for decoding (causal self-attention and cross-attention; an encoder keeps none), at most W with a window',
  },
  backward: {
    input: true,
    saved: '2 * L * heads * d + 2 * kv_new * G * d + (0 if flash else heads * L * Lk * (2 if dropout > 0 else 1))',
    savedBytes: '4 * heads * L if flash else (heads * L * Lk if dropout > 0 else 0)',
    selective: { saved: '0 if flash else heads * L * Lk * (2 if dropout > 0 else 1)', savedBytes: '0 if flash or dropout == 0 else heads * L * Lk' },
    factor: 2,
    saves:
      'its inputs, Q and the context (2·L·heads·d), K and V (2·kv_new·G·d), and the softmax probabilities (heads·L·Lk); with dropout also its 1-byte mask and the dropped probabilities (heads·L·Lk each); with flash the float32 log-sum-exp per query and head instead (a fused kernel regenerates the dropout mask); selective recomputation drops the probabilities and their dropout',
  },
  receptive: () => ({ kind: 'global' }),
});

export const rope = defineOp<Record<string, never>>({
  name: 'rope',
  summary: 'Rotary position embedding (RoFormer, Llama) on a tensor of heads: no params, shape kept',
  args: () => ({}),
  shape: 'in.shape',
  flops: '3 * in.elements',
  notes: { flops: 'each pair of elements (x1, x2) becomes (x1·cos - x2·sin, x1·sin + x2·cos): 4 multiplies and 2 adds, 3 per element' },
  backward: { saves: 'nothing (the rotation is fixed)' },
});
