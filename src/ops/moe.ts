import { defineOp } from './define.js';

/** The two layers a `moe` item adds around its expert body (src/language/graph.ts expands it; docs/transformers.md). */

export const router = defineOp<{ experts: number; top_k: number; bias: boolean }>({
  name: 'router',
  summary: "A mixture of experts' gate: a dense layer to one logit per expert, softmax and top-k (Mixtral's gate)",
  args: (k) => ({
    experts: { schema: k.positiveInt(), doc: 'experts to choose from' },
    top_k: { schema: k.positiveInt(), doc: 'experts each token is sent to' },
    bias: { schema: k.bool().default(false), doc: 'bias on the gate' },
  }),
  checks: [{ holds: 'top_k <= experts', message: 'top_k ${top_k} is more than the ${experts} experts', arg: 'top_k' }],
  shape: 'in.shape[:-1] + [experts]',
  params: 'in.channels * experts + (experts if bias else 0)',
  macs: 'in.positions * in.channels * experts',
  flops: '2 * macs + (out.elements if bias else 0) + 5 * out.elements + top_k * out.elements',
  notes: { flops: 'bias adds, softmax 5 per logit, and top_k compares per logit to pick the experts' },
  backward: { input: true, factor: 2, saves: 'its input (for the gate\'s weight gradient)' },
});

export const moeCombine = defineOp<{ top_k: number; shared_experts: number }>({
  name: 'moe_combine',
  summary: "Sums the chosen experts' outputs weighted by the router, plus the shared experts' (a moe item's last layer)",
  merge: true,
  args: (k) => ({
    top_k: { schema: k.positiveInt(), doc: 'experts each token was sent to' },
    shared_experts: { schema: k.nonNegativeInt().default(0), doc: 'experts every token goes through' },
  }),
  shape: 'ins[0].shape',
  flops: '(2 * top_k + shared_experts - 1) * out.elements',
  notes: { flops: 'per element: top_k multiplies by the router weights, then top_k + shared - 1 adds' },
  backward: { input: true, saves: 'its inputs (the expert outputs and the router weights)' },
});
