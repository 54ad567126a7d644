import { RuleError } from '../core/errors.js';
import { channelsOf } from './geometry.js';
import { elementsProduct, formula, perElement } from './explain-kit.js';
import { defineOp, elements, type Cost, type Shape } from './types.js';

/** Normalisations: 2·C learnable (scale and shift) and `flops` per element. */
function normExplanation(input: Shape, flopsPerElement: number | string) {
  const C = channelsOf(input);
  return perElement(flopsPerElement, input, formula('2·C', `2·${C}`));
}

export const batchnorm = defineOp<Record<string, never>>({
  name: 'batchnorm',
  summary: 'Batch normalisation over the channel axis; inference form (running statistics)',
  args: () => ({}),
  shape: (_a, [input]) => input,
  cost: (_a, [input]) => {
    const c = BigInt(channelsOf(input));
    return { params: 2n * c, buffers: 2n * c, macs: 0n, flops: 2n * elements(input) };
  },
  rules: {
    shape: 'kept',
    params: '2·C (scale, shift); buffers 2·C (running mean, variance)',
    macs: '0',
    flops: '2 per element (folded scale and shift at inference)',
  },
  explain: (_a, [input]) => ({ ...normExplanation(input, 2), buffers: formula('2·C', `2·${channelsOf(input)}`) }),
});

// Statistics and normalisation per element: sum for the mean 1, subtract 1, square and sum 2,
// multiply by 1/σ 1, affine scale and shift 2.
const NORMALISE_FLOPS = 7n;

/** Layer and group norm: a learned scale and shift per channel, NORMALISE_FLOPS per element. */
const normaliseCost = (input: Shape): Cost => ({
  params: 2n * BigInt(channelsOf(input)),
  buffers: 0n,
  macs: 0n,
  flops: NORMALISE_FLOPS * elements(input),
});

export const layernorm = defineOp<Record<string, never>>({
  name: 'layernorm',
  summary: 'Layer normalisation over the last axis',
  args: () => ({}),
  shape: (_a, [input]) => input,
  cost: (_a, [input]) => normaliseCost(input),
  rules: { shape: 'kept', params: '2·C', macs: '0', flops: '7 per element (mean 1, centre 1, variance 2, scale 1, affine 2)' },
  explain: (_a, [input]) => normExplanation(input, Number(NORMALISE_FLOPS)),
});

export const groupnorm = defineOp<{ groups: number }>({
  name: 'groupnorm',
  summary: 'Group normalisation: channels split into groups, each normalised',
  args: (k) => ({ groups: { schema: k.positiveInt(), doc: 'channel groups; must divide C' } }),
  shape: (a, [input]) => {
    const c = channelsOf(input);
    if (c % a.groups !== 0) throw new RuleError(`groups ${a.groups} does not divide the ${c} channels`, ['groups']);
    return input;
  },
  cost: (_a, [input]) => normaliseCost(input),
  rules: { shape: 'kept', params: '2·C', macs: '0', flops: '7 per element, as layernorm' },
  explain: (_a, [input]) => normExplanation(input, Number(NORMALISE_FLOPS)),
});

export const lrn = defineOp<{ size: number }>({
  name: 'lrn',
  summary: 'Local response normalisation across channels (AlexNet, GoogLeNet v1)',
  args: (k) => ({ size: { schema: k.positiveInt().default(5), doc: 'channels in each window' } }),
  shape: (_a, [input]) => input,
  cost: (a, [input]) => ({ params: 0n, buffers: 0n, macs: 0n, flops: BigInt(a.size + 4) * elements(input) }),
  rules: {
    shape: 'kept',
    params: '0',
    macs: '0',
    flops: '(size + 4) per element: square 1, window sum size-1, scale and offset 2, power 1, divide 1',
  },
  explain: (a, [input]) => {
    const e = elementsProduct(input);
    return { ...perElement(a.size + 4, input), flops: formula(`(size + 4)·${e.symbols}`, `(${a.size} + 4)·${e.numbers}`) };
  },
});

export const scale = defineOp<Record<string, never>>({
  name: 'scale',
  summary: 'Learnable per-channel multiplier (layer scale)',
  args: () => ({}),
  shape: (_a, [input]) => input,
  cost: (_a, [input]) => ({ params: BigInt(channelsOf(input)), buffers: 0n, macs: 0n, flops: elements(input) }),
  rules: { shape: 'kept', params: 'C', macs: '0', flops: '1 multiply per element' },
  explain: (_a, [input]) => perElement(1, input, formula('C', `${channelsOf(input)}`)),
});
