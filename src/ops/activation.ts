import { channelsOf } from './geometry.js';
import { formula, perElement } from './explain-kit.js';
import { defineOp, elements, type ArgKit, type ArgSpec, type OpDefinition } from './types.js';

interface Activation {
  name: string;
  aliases?: string[];
  flopsPerElement: number;
  /** How the per-element count is reached; transcendental functions (exp, tanh, erf) count as 1. */
  why: string;
  summary: string;
  args?: (k: ArgKit) => Record<string, ArgSpec>;
}

const ACTIVATIONS: Activation[] = [
  { name: 'relu', flopsPerElement: 1, why: 'max(x, 0)', summary: 'Rectified linear unit' },
  { name: 'relu6', flopsPerElement: 2, why: 'min(max(x, 0), 6)', summary: 'ReLU clipped at 6 (MobileNet)' },
  {
    name: 'leakyrelu',
    flopsPerElement: 2,
    why: 'compare, multiply',
    summary: 'Leaky ReLU',
    args: (k) => ({ negative_slope: { schema: k.positiveNumber().default(0.01), doc: 'slope for x < 0' } }),
  },
  {
    name: 'elu',
    flopsPerElement: 4,
    why: 'compare, exp, subtract, multiply',
    summary: 'Exponential linear unit',
    args: (k) => ({ alpha: { schema: k.positiveNumber().default(1), doc: 'scale of the negative part' } }),
  },
  { name: 'gelu', flopsPerElement: 5, why: 'x·0.5·(1 + erf(x/√2)): divide, erf, add, 2 multiplies', summary: 'Gaussian error linear unit' },
  { name: 'sigmoid', flopsPerElement: 4, why: '1/(1 + exp(-x)): negate, exp, add, divide', summary: 'Logistic sigmoid' },
  { name: 'hardsigmoid', flopsPerElement: 4, why: 'relu6(x + 3)/6: add, max, min, divide', summary: 'Piecewise-linear sigmoid' },
  { name: 'tanh', flopsPerElement: 1, why: 'one transcendental', summary: 'Hyperbolic tangent' },
  { name: 'silu', aliases: ['swish'], flopsPerElement: 5, why: 'x·sigmoid(x): sigmoid 4, multiply 1', summary: 'x·sigmoid(x)' },
  { name: 'hardswish', flopsPerElement: 5, why: 'x·hardsigmoid(x): 4 + 1', summary: 'x·hardsigmoid(x) (MobileNet v3)' },
  { name: 'mish', flopsPerElement: 5, why: 'x·tanh(ln(1 + exp(x))): exp, add, log, tanh, multiply', summary: 'x·tanh(softplus(x))' },
  {
    name: 'softmax',
    flopsPerElement: 5,
    why: 'max, subtract, exp, sum, divide',
    summary: 'Softmax over an axis',
    args: (k) => ({ axis: { schema: k.integer().default(-1), doc: 'axis normalised over' } }),
  },
];

const elementwise = (act: Activation): OpDefinition =>
  defineOp<Record<string, unknown>>({
    name: act.name,
    aliases: act.aliases,
    summary: act.summary,
    args: act.args ?? (() => ({})),
    shape: (_a, [input]) => input,
    cost: (_a, [input]) => ({ params: 0n, buffers: 0n, macs: 0n, flops: BigInt(act.flopsPerElement) * elements(input) }),
    rules: {
      shape: 'kept',
      params: '0',
      macs: '0',
      flops: `${act.flopsPerElement} per element (${act.why})`,
    },
    explain: (_a, [input]) => perElement(act.flopsPerElement, input),
  });

export const activations: OpDefinition[] = [
  ...ACTIVATIONS.map(elementwise),
  defineOp<Record<string, never>>({
    name: 'prelu',
    summary: 'Leaky ReLU with a learned slope per channel',
    args: () => ({}),
    shape: (_a, [input]) => input,
    cost: (_a, [input]) => ({ params: BigInt(channelsOf(input)), buffers: 0n, macs: 0n, flops: 2n * elements(input) }),
    rules: { shape: 'kept', params: 'C (one slope per channel)', macs: '0', flops: '2 per element (compare, multiply)' },
    explain: (_a, [input]) => perElement(2, input, formula('C', `${channelsOf(input)}`)),
  }),
];
