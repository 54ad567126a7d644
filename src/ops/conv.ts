import { RuleError } from '../core/errors.js';
import { channelsOf, perAxis, resolvePadding, slideWindow, spatialOf, type PaddingArg } from './geometry.js';
import { axisSymbols, formula, windowShape } from './explain-kit.js';
import { defineOp } from './define.js';
import type { ArgKit, Formula, ReceptiveStep, Shape } from './types.js';

type IntOrList = number | readonly number[];

interface ConvArgs {
  filters: number;
  kernel: IntOrList;
  stride: IntOrList;
  padding: PaddingArg;
  dilation: IntOrList;
  groups: number;
  bias: boolean;
}

const windowArgs = (k: ArgKit) => ({
  kernel: { schema: k.positiveIntOrList(), doc: 'kernel size' },
  stride: { schema: k.positiveIntOrList().default(1), doc: 'step between windows' },
  padding: { schema: k.padding().default(0), doc: 'zero padding: int, per-axis list, same or valid' },
  dilation: { schema: k.positiveIntOrList().default(1), doc: 'spacing between kernel taps' },
});

/** Taps of one filter per input channel, whatever the rank: an int kernel applies to every spatial axis. */
const kernelSize = { doc: 'taps of the kernel: its product over the spatial axes', formula: 'prod(per_axis(kernel, in.rank - 1))' };

const biasTerm = (what: string) => `(${what} if bias else 0)`;
const FLOPS = `2 * macs + ${biasTerm('out.elements')}`;
const FLOPS_NOTE = 'a multiply and an add per MAC, and one bias add per output element';

function checkDivides(groups: number, count: number, what: string): void {
  if (count % groups !== 0) {
    throw new RuleError(`groups ${groups} does not divide the ${count} ${what}`, ['groups']);
  }
}

/** A window op's output shape: PyTorch's rule per spatial axis, then the channels. */
function windowOutput(input: Shape, a: Omit<ConvArgs, 'filters' | 'groups'>, channels: number, op: string): Shape {
  return [...slideWindow(spatialOf(input, op), a, op).output, channels];
}

/** H' = floor((H + pad - k) / s) + 1 per axis with the numbers in, then the channels. */
function explainWindow(input: Shape, a: Omit<ConvArgs, 'filters' | 'groups'>, op: string, channels: Formula): Formula[] {
  const spatial = spatialOf(input, op);
  return [...windowShape(spatial, slideWindow(spatial, a, op)), channels];
}

/** A conv's window as a receptive-field step (separable's 1x1 part adds nothing to it). */
function convWindow(input: Shape, a: Omit<ConvArgs, 'filters' | 'groups'>, op: string): ReceptiveStep {
  const { kernel, stride, dilation } = slideWindow(spatialOf(input, op), a, op);
  return { kind: 'window', kernel, stride, dilation };
}

export const conv = defineOp<ConvArgs>({
  name: 'conv',
  summary: 'Convolution, 1-D/2-D/3-D by input rank (PyTorch Conv1d/2d/3d, Keras Conv*D)',
  args: (k) => ({
    filters: { schema: k.positiveInt(), doc: 'output channels' },
    ...windowArgs(k),
    groups: { schema: k.positiveInt().default(1), doc: 'channel groups; must divide input channels and filters' },
    bias: { schema: k.bool().default(true), doc: 'learnable per-filter bias' },
  }),
  accepts: ([input]) => void spatialOf(input, 'conv'),
  shape: {
    rule: 'out = floor((in + pad_before + pad_after - dilation·(kernel-1) - 1) / stride) + 1 per spatial axis; channels = filters',
    compute: (a, [input]) => {
      checkDivides(a.groups, channelsOf(input), 'input channels');
      checkDivides(a.groups, a.filters, 'filters');
      return windowOutput(input, a, a.filters, 'conv');
    },
    explain: (a, [input]) => explainWindow(input, a, 'conv', formula("C' = filters", [], `${a.filters}`)),
  },
  quantities: { kernel_size: kernelSize },
  params: `filters * (in.channels / groups) * kernel_size + ${biasTerm('filters')}`,
  macs: 'out.positions * filters * (in.channels / groups) * kernel_size',
  flops: FLOPS,
  notes: { flops: FLOPS_NOTE },
  backward: { input: true, factor: 2, saves: 'its input (for the weight gradient)' },
  receptive: (a, [input]) => convWindow(input, a, 'conv'),
});

interface DepthwiseArgs extends Omit<ConvArgs, 'filters' | 'groups'> {
  multiplier: number;
}

export const depthwise = defineOp<DepthwiseArgs>({
  name: 'depthwise',
  summary: 'Depthwise convolution: one kernel per input channel (conv with groups = C)',
  args: (k) => ({
    ...windowArgs(k),
    multiplier: { schema: k.positiveInt().default(1), doc: 'filters per input channel' },
    bias: { schema: k.bool().default(true), doc: 'learnable per-filter bias' },
  }),
  shape: {
    rule: 'as conv; channels = C_in · multiplier',
    compute: (a, [input]) => windowOutput(input, a, channelsOf(input) * a.multiplier, 'depthwise'),
    explain: (a, [input]) => {
      const C = channelsOf(input);
      return explainWindow(input, a, 'depthwise', formula("C' = C·multiplier", `${C}·${a.multiplier}`, `${C * a.multiplier}`));
    },
  },
  quantities: { kernel_size: kernelSize },
  params: `in.channels * multiplier * kernel_size + ${biasTerm('in.channels * multiplier')}`,
  macs: 'out.positions * in.channels * multiplier * kernel_size',
  flops: FLOPS,
  notes: { flops: FLOPS_NOTE },
  backward: { input: true, factor: 2, saves: 'its input (for the weight gradient)' },
  receptive: (a, [input]) => convWindow(input, a, 'depthwise'),
});

interface SeparableArgs extends DepthwiseArgs {
  filters: number;
}

export const separable = defineOp<SeparableArgs>({
  name: 'separable',
  summary: 'Depthwise-separable convolution: depthwise (no bias) then a 1x1 conv (Keras SeparableConv)',
  args: (k) => ({
    filters: { schema: k.positiveInt(), doc: 'output channels of the pointwise conv' },
    ...windowArgs(k),
    multiplier: { schema: k.positiveInt().default(1), doc: 'depthwise filters per input channel' },
    bias: { schema: k.bool().default(true), doc: 'bias on the pointwise conv' },
  }),
  shape: {
    rule: 'depthwise window rule; channels = filters',
    compute: (a, [input]) => windowOutput(input, a, a.filters, 'separable'),
    explain: (a, [input]) => explainWindow(input, a, 'separable', formula("C' = filters", [], `${a.filters}`)),
  },
  quantities: { kernel_size: kernelSize },
  params: `in.channels * multiplier * kernel_size + in.channels * multiplier * filters + ${biasTerm('filters')}`,
  macs: 'out.positions * in.channels * multiplier * (kernel_size + filters)',
  flops: FLOPS,
  notes: { macs: 'the depthwise taps, then the 1x1 conv from C_in·multiplier channels', flops: FLOPS_NOTE },
  backward: {
    input: true,
    // The pointwise conv keeps its own input: the depthwise output, C_in·multiplier channels.
    saved: 'out.positions * in.channels * multiplier',
    factor: 2,
    saves: "its input and the depthwise output (the pointwise conv's input)",
  },
  receptive: (a, [input]) => convWindow(input, a, 'separable'),
});

interface TransposeArgs extends ConvArgs {
  output_padding: IntOrList;
}

/** Per spatial axis: (in-1)·s - pad + d·(k-1) + output_padding + 1, or in·s with `same` (TensorFlow's rule). */
function transposeGeometry(input: Shape, a: TransposeArgs) {
  const spatial = spatialOf(input, 'conv_transpose');
  const rank = spatial.length;
  const kernel = perAxis(a.kernel, rank, 'kernel');
  const stride = perAxis(a.stride, rank, 'stride');
  const dilation = perAxis(a.dilation, rank, 'dilation');
  const extra = perAxis(a.output_padding, rank, 'output_padding');
  const trims = a.padding === 'same' ? [] : resolvePadding(a.padding, spatial, kernel, stride, dilation);
  const out = spatial.map((size, i) =>
    a.padding === 'same'
      ? size * stride[i] + extra[i]
      : (size - 1) * stride[i] - trims[i][0] - trims[i][1] + dilation[i] * (kernel[i] - 1) + extra[i] + 1,
  );
  return { spatial, kernel, stride, dilation, extra, trims, out };
}

export const convTranspose = defineOp<TransposeArgs>({
  name: 'conv_transpose',
  summary: 'Transposed convolution (PyTorch ConvTranspose*d, Keras Conv*DTranspose)',
  args: (k) => ({
    filters: { schema: k.positiveInt(), doc: 'output channels' },
    ...windowArgs(k),
    output_padding: { schema: k.nonNegativeIntOrList().default(0), doc: 'extra size added to one side of the output' },
    groups: { schema: k.positiveInt().default(1), doc: 'channel groups' },
    bias: { schema: k.bool().default(true), doc: 'learnable per-filter bias' },
  }),
  accepts: ([input]) => void spatialOf(input, 'conv_transpose'),
  shape: {
    rule: 'out = (in-1)·stride - 2·padding + dilation·(kernel-1) + output_padding + 1 (same: in·stride)',
    compute: (a, [input]) => {
      checkDivides(a.groups, channelsOf(input), 'input channels');
      checkDivides(a.groups, a.filters, 'filters');
      const { out } = transposeGeometry(input, a);
      if (out.some((n) => n < 1)) {
        throw new RuleError(`conv_transpose output would be ${out.join('x')}: padding is too large`, ['padding']);
      }
      return [...out, a.filters];
    },
    explain: (a, [input], output) => {
      const { spatial, kernel, stride, dilation, extra, trims } = transposeGeometry(input, a);
      const rank = spatial.length;
      const names = axisSymbols(rank);
      const shape = spatial.map((size, i) => {
        const sub = rank > 1 ? `_${names[i].toLowerCase()}` : '';
        return a.padding === 'same'
          ? formula(`${names[i]}' = ${names[i]}·s${sub} + output_padding`, `${size}·${stride[i]} + ${extra[i]}`, `${output[i]}`)
          : formula(
              `${names[i]}' = (${names[i]}-1)·s${sub} - pad + d${sub}·(k${sub}-1) + output_padding + 1`,
              `(${size}-1)·${stride[i]} - ${trims[i][0] + trims[i][1]} + ${dilation[i]}·(${kernel[i]}-1) + ${extra[i]} + 1`,
              `${output[i]}`,
            );
      });
      return [...shape, formula("C' = filters", [], `${a.filters}`)];
    },
  },
  quantities: { kernel_size: kernelSize },
  params: `in.channels * (filters / groups) * kernel_size + ${biasTerm('filters')}`,
  // Every input element is scattered through the kernel: that is where the multiplies happen.
  macs: 'in.elements * (filters / groups) * kernel_size',
  flops: FLOPS,
  notes: { macs: 'each input element is scattered through the kernel', flops: FLOPS_NOTE },
  backward: { input: true, factor: 2, saves: 'its input (for the weight gradient)' },
  receptive: (a, [input]) => {
    const rank = spatialOf(input, 'conv_transpose').length;
    const [kernel, stride, dilation] = [a.kernel, a.stride, a.dilation].map((v) => perAxis(v, rank, 'kernel'));
    return { kind: 'transposed', kernel, stride, dilation };
  },
});
