import { defineOp } from './define.js';
import type { ArgKit, ArgSpec, BackwardSpec, Op } from './types.js';

interface Activation {
  name: string;
  aliases?: string[];
  flopsPerElement: number;
  /** How the per-element count is reached; transcendental functions (exp, tanh, erf) count as 1. */
  why: string;
  summary: string;
  args?: (k: ArgKit) => Record<string, ArgSpec>;
  /** What backward keeps (PyTorch's autograd): the output for relu, sigmoid, tanh and softmax, else the input. */
  keeps?: 'output';
  keepsWhy?: string;
}

const ACTIVATIONS: Activation[] = [
  { name: 'relu', flopsPerElement: 1, why: 'max(x, 0)', summary: 'Rectified linear unit', keeps: 'output', keepsWhy: 'its output (PyTorch: threshold_backward on the result)' },
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
  { name: 'sigmoid', flopsPerElement: 4, why: '1/(1 + exp(-x)): negate, exp, add, divide', summary: 'Logistic sigmoid', keeps: 'output' },
  { name: 'hardsigmoid', flopsPerElement: 4, why: 'relu6(x + 3)/6: add, max, min, divide', summary: 'Piecewise-linear sigmoid' },
  { name: 'tanh', flopsPerElement: 1, why: 'one transcendental', summary: 'Hyperbolic tangent', keeps: 'output' },
  { name: 'silu', aliases: ['swish'], flopsPerElement: 5, why: 'x·sigmoid(x): sigmoid 4, multiply 1', summary: 'x·sigmoid(x)' },
  { name: 'hardswish', flopsPerElement: 5, why: 'x·hardsigmoid(x): 4 + 1', summary: 'x·hardsigmoid(x) (MobileNet v3)' },
  { name: 'mish', flopsPerElement: 5, why: 'x·tanh(ln(1 + exp(x))): exp, add, log, tanh, multiply', summary: 'x·tanh(softplus(x))' },
  {
    name: 'softmax',
    flopsPerElement: 5,
    why: 'max, subtract, exp, sum, divide',
    summary: 'Softmax over an axis',
    args: (k) => ({ axis: { schema: k.integer().default(-1), doc: 'axis normalised over' } }),
    keeps: 'output',
  },
];

const backwardOf = (act: Activation): BackwardSpec =>
  act.keeps === 'output' ? { output: true, saves: act.keepsWhy ?? 'its output' } : { input: true, saves: 'its input' };

const elementwise = (act: Activation): Op =>
  defineOp<Record<string, unknown>>({
    name: act.name,
    aliases: act.aliases,
    summary: act.summary,
    args: act.args ?? (() => ({})),
    shape: 'in.shape',
    flops: act.flopsPerElement === 1 ? 'in.elements' : `${act.flopsPerElement} * in.elements`,
    notes: { flops: `${act.flopsPerElement} per element: ${act.why}` },
    backward: backwardOf(act),
  });

export const activations: Op[] = [
  ...ACTIVATIONS.map(elementwise),
  defineOp<Record<string, never>>({
    name: 'prelu',
    summary: 'Leaky ReLU with a learned slope per channel',
    args: () => ({}),
    shape: 'in.shape',
    params: 'in.channels',
    flops: '2 * in.elements',
    notes: { params: 'one slope per channel', flops: '2 per element: compare, multiply' },
    backward: { input: true, saves: 'its input' },
  }),
];
