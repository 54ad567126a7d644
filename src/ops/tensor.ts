import { RuleError } from '../core/errors.js';
import { channelsOf, perAxis, resolvePadding, spatialOf, type PaddingArg } from './geometry.js';
import { axisSymbols, dot, elementsProduct, formula, shapeChange, shapeSymbols } from './explain-kit.js';
import { NOTHING } from './dense.js';
import { defineOp } from './define.js';
import { elements, formatShape, type BackwardSpec } from './types.js';

const MOVES = { flops: 'data movement only' };
const nothing: BackwardSpec = { saves: NOTHING };

export const identity = defineOp<Record<string, never>>({
  name: 'identity',
  summary: 'Passes its input through',
  args: () => ({}),
  shape: 'in.shape',
  backward: nothing,
});

export const dropout = defineOp<{ rate: number }>({
  name: 'dropout',
  summary: 'Dropout: the identity at inference',
  args: (k) => ({ rate: { schema: k.rate().default(0.5), doc: 'drop probability during training' } }),
  shape: 'in.shape',
  notes: { flops: 'identity at inference' },
  // PyTorch returns the input itself at rate 0; otherwise the fused kernel keeps a bool mask
  // (its CPU path keeps a float mask, 4 bytes per element at float32).
  backward: { savedBytes: 'out.elements if rate > 0 else 0', saves: 'a 1-byte boolean mask per element (nothing at rate 0)' },
});

export const stochasticDepth = defineOp<{ rate: number; mode: 'row' | 'batch' }>({
  name: 'stochastic_depth',
  summary: 'Stochastic depth (drop path): the identity at inference',
  args: (k) => ({
    rate: { schema: k.rate().default(0), doc: 'drop probability during training' },
    mode: { schema: k.choice(['row', 'batch']).default('row'), doc: 'per sample or per batch' },
  }),
  shape: 'in.shape',
  notes: { flops: 'identity at inference' },
  backward: { saves: 'its per-sample keep mask (one value per sample, not counted)' },
});

export const flatten = defineOp<Record<string, never>>({
  name: 'flatten',
  summary: 'Collapses all axes into one',
  args: () => ({}),
  shape: '[in.elements]',
  notes: MOVES,
  backward: nothing,
  receptive: () => ({ kind: 'global' }),
});

/** Axis index from a Python-style (possibly negative) axis. */
export function normaliseAxis(axis: number, rank: number, op: string): number {
  const a = axis < 0 ? rank + axis : axis;
  if (a < 0 || a >= rank) throw new RuleError(`${op} axis ${axis} is out of range for a rank-${rank} shape`, ['axis']);
  return a;
}

export const reshape = defineOp<{ shape: number[] }>({
  name: 'reshape',
  summary: 'Reinterprets the elements with a new shape (one entry may be -1)',
  args: (k) => ({ shape: { schema: k.shapeList(), doc: 'target shape without the batch axis' } }),
  shape: {
    rule: 'the given shape; -1 takes what remains of the element count',
    compute: (a, [input]) => {
      const total = elements(input);
      const unknown = a.shape.filter((d) => d === -1).length;
      if (unknown > 1 || a.shape.some((d) => d === 0)) {
        throw new RuleError(`reshape shape ${JSON.stringify(a.shape)} may hold positive sizes and at most one -1`, ['shape']);
      }
      const known = elements(a.shape.filter((d) => d !== -1));
      const out = a.shape.map((d) => (d === -1 ? Number(total / known) : d));
      if (elements(out) !== total) {
        throw new RuleError(`cannot reshape ${formatShape(input)} (${total} elements) to ${JSON.stringify(a.shape)}`, ['shape']);
      }
      return out;
    },
    explain: (a, [input], output) => {
      const change = shapeChange(shapeSymbols(input.length), a.shape, input, output);
      const free = a.shape.indexOf(-1);
      if (free < 0) return [change];
      // -1 takes what the given sizes leave of the element count N.
      const known = a.shape.filter((d) => d !== -1);
      const e = elementsProduct(input);
      const over = known.length === 0 ? '' : known.length === 1 ? ` / ${known[0]}` : ` / (${dot(...known)})`;
      return [change, formula(`-1 = ${e.symbols}${over}`, `${e.numbers}${over}`, `${output[free]}`)];
    },
  },
  notes: MOVES,
  backward: nothing,
  // Positions may move between axes: where each output came from is no longer tracked.
  receptive: () => ({ kind: 'untracked' }),
});

export const pad = defineOp<{ padding: PaddingArg }>({
  name: 'pad',
  summary: 'Zero padding of the spatial axes',
  args: (k) => ({ padding: { schema: k.padding(), doc: 'int, per-axis list, or [before, after] pairs' } }),
  shape: {
    rule: 'each spatial axis grows by before + after',
    compute: (a, [input]) => {
      const spatial = spatialOf(input, 'pad');
      if (a.padding === 'same') throw new RuleError('pad needs explicit sizes, not same', ['padding']);
      const ones = spatial.map(() => 1);
      const pads = resolvePadding(a.padding, spatial, ones, ones, ones);
      return [...spatial.map((s, i) => s + pads[i][0] + pads[i][1]), channelsOf(input)];
    },
    explain: (_a, [input], output) =>
      axisSymbols(input.length - 1).map((s, i) => formula(`${s}' = ${s} + pad`, `${input[i]} + ${output[i] - input[i]}`, `${output[i]}`)),
  },
  notes: MOVES,
  backward: nothing,
});

interface UpsampleArgs {
  scale: number | readonly number[];
  mode: 'nearest' | 'linear' | 'bilinear' | 'trilinear';
}

export const upsample = defineOp<UpsampleArgs>({
  name: 'upsample',
  summary: 'Spatial upsampling by an integer factor (nearest or (bi/tri)linear)',
  args: (k) => ({
    scale: { schema: k.positiveIntOrList('a positive integer factor'), doc: 'factor per spatial axis' },
    mode: { schema: k.choice(['nearest', 'linear', 'bilinear', 'trilinear']).default('nearest'), doc: 'interpolation' },
  }),
  shape: {
    rule: 'spatial · scale; channels kept',
    compute: (a, [input]) => {
      const spatial = spatialOf(input, 'upsample');
      const factors = perAxis(a.scale, spatial.length, 'scale');
      return [...spatial.map((s, i) => s * factors[i]), channelsOf(input)];
    },
    explain: (a, [input], output) => {
      const factors = perAxis(a.scale, input.length - 1, 'scale');
      return axisSymbols(input.length - 1).map((s, i) => formula(`${s}' = ${s}·scale`, `${input[i]}·${factors[i]}`, `${output[i]}`));
    },
  },
  // Linear interpolation over n axes weighs 2^n neighbours: 2^n multiplies and 2^n - 1 adds.
  flops: "0 if mode == 'nearest' else (2 ** in.rank - 1) * out.elements",
  notes: { flops: 'nearest copies; the linear modes weigh 2^n neighbours over n spatial axes: 2^(n+1) - 1 per output element (bilinear 7)' },
  backward: nothing,
  receptive: (a, [input]) => ({ kind: 'upsample', scale: perAxis(a.scale, input.length - 1, 'scale'), interpolates: a.mode !== 'nearest' }),
});

export const channelShuffle = defineOp<{ groups: number }>({
  name: 'channel_shuffle',
  summary: 'Interleaves channel groups (ShuffleNet)',
  args: (k) => ({ groups: { schema: k.positiveInt(), doc: 'groups; must divide C' } }),
  checks: [{ holds: 'in.channels % groups == 0', message: 'groups ${groups} does not divide the ${in.channels} channels', arg: 'groups' }],
  shape: 'in.shape',
  notes: MOVES,
  backward: nothing,
});

interface SliceArgs {
  start: number;
  end: number;
  axis: number;
}

export const slice = defineOp<SliceArgs>({
  name: 'slice',
  summary: 'Takes the range [start, end) of one axis (negative indices count from the end)',
  args: (k) => ({
    start: { schema: k.integer(), doc: 'first index kept' },
    end: { schema: k.integer(), doc: 'index after the last one kept' },
    axis: { schema: k.integer().default(-1), doc: 'axis (default: channels)' },
  }),
  shape: {
    rule: 'that axis becomes end - start (after Python-style clamping)',
    compute: (a, [input]) => {
      const axis = normaliseAxis(a.axis, input.length, 'slice');
      const size = input[axis];
      const clamp = (i: number) => Math.min(Math.max(i < 0 ? size + i : i, 0), size);
      const length = clamp(a.end) - clamp(a.start);
      if (length < 1) {
        throw new RuleError(`slice [${a.start}, ${a.end}) of an axis of size ${size} is empty`, ['start']);
      }
      return input.map((d, i) => (i === axis ? length : d));
    },
    explain: (a, [input], output) => [formula('end - start', `${a.end} - ${a.start}`, `${output[normaliseAxis(a.axis, input.length, 'slice')]}`)],
  },
  notes: MOVES,
  backward: nothing,
});

export const select = defineOp<{ index: number; axis: number }>({
  name: 'select',
  summary: "Picks one index of an axis and drops the axis (ViT's class token: [L, C] -> [C])",
  args: (k) => ({
    index: { schema: k.integer(), doc: 'index kept (negative counts from the end)' },
    axis: { schema: k.integer().default(-2), doc: 'axis dropped' },
  }),
  shape: {
    rule: 'the axis is removed',
    compute: (a, [input]) => {
      const axis = normaliseAxis(a.axis, input.length, 'select');
      if (a.index >= input[axis] || a.index < -input[axis]) {
        throw new RuleError(`select index ${a.index} is out of range for an axis of size ${input[axis]}`, ['index']);
      }
      if (input.length === 1) throw new RuleError('select would leave no axes', ['axis']);
      return input.filter((_, i) => i !== axis);
    },
    explain: (a, [input], output) => {
      const axis = normaliseAxis(a.axis, input.length, 'select');
      const symbols = shapeSymbols(input.length);
      return [shapeChange(symbols, symbols.filter((_, i) => i !== axis), input, output)];
    },
  },
  notes: MOVES,
  backward: nothing,
});

export const shapeOps = [identity, dropout, stochasticDepth, flatten, reshape, pad, upsample, channelShuffle, slice, select];
