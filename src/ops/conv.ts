import { RuleError } from '../core/errors.js';
import { channelsOf, perAxis, product, resolvePadding, slideWindow, spatialOf, type PaddingArg } from './geometry.js';
import { axisSymbols, dot, formula, kernelSymbols, windowShape } from './explain-kit.js';
import { defineOp, elements, type ArgKit, type Cost, type Explanation, type Formula, type ReceptiveStep, type Shape } from './types.js';

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

function checkDivides(groups: number, count: number, what: string): void {
  if (count % groups !== 0) {
    throw new RuleError(`groups ${groups} does not divide the ${count} ${what}`, ['groups']);
  }
}

/** Output shape and cost of a grouped convolution; depthwise and separable reuse it. */
function convolve(input: Shape, a: ConvArgs, op: string): { output: Shape; cost: Cost } {
  const spatial = spatialOf(input, op);
  const inChannels = channelsOf(input);
  checkDivides(a.groups, inChannels, 'input channels');
  checkDivides(a.groups, a.filters, 'filters');
  const window = slideWindow(spatial, a, op);
  const output = [...window.output, a.filters];
  const weightsPerFilter = BigInt(inChannels / a.groups) * product(window.kernel);
  const macs = elements(output) * weightsPerFilter;
  const biasTerms = a.bias ? BigInt(a.filters) : 0n;
  return {
    output,
    cost: {
      params: BigInt(a.filters) * weightsPerFilter + biasTerms,
      buffers: 0n,
      macs,
      flops: 2n * macs + (a.bias ? elements(output) : 0n),
    },
  };
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
  shape: (a, [input]) => convolve(input, a, 'conv').output,
  cost: (a, [input]) => convolve(input, a, 'conv').cost,
  rules: {
    shape: 'out = floor((in + pad_before + pad_after - dilation·(kernel-1) - 1) / stride) + 1 per spatial axis; channels = filters',
    params: 'filters · (C_in/groups) · prod(kernel) + (bias ? filters : 0)',
    macs: 'prod(out spatial) · filters · (C_in/groups) · prod(kernel)',
    flops: '2 · MACs + (bias ? output elements : 0)',
  },
  explain: (a, [input]) => explainConv(input, a, 'conv'),
  receptive: (a, [input]) => convWindow(input, a, 'conv'),
});

/** A conv's window as a receptive-field step (separable's 1x1 part adds nothing to it). */
function convWindow(input: Shape, a: Omit<ConvArgs, 'filters' | 'groups'>, op: string): ReceptiveStep {
  const { kernel, stride, dilation } = slideWindow(spatialOf(input, op), a, op);
  return { kind: 'window', kernel, stride, dilation };
}

/** Output positions in symbols and numbers: H'·W' and 28·28. */
function positions(output: Shape): { symbols: string; numbers: string } {
  const spatial = output.slice(0, -1);
  return { symbols: axisSymbols(spatial.length).map((s) => `${s}'`).join('·'), numbers: dot(...spatial) };
}

/** FLOPs = 2·MACs (+ one bias add per output element). */
function convFlops(macs: bigint, bias: boolean, output: Shape): Formula {
  const at = positions(output);
  const channels = output[output.length - 1];
  return bias
    ? formula(`2·MACs + ${at.symbols}·C'`, ['2·', macs, ` + ${at.numbers}·${channels}`])
    : formula('2·MACs', ['2·', macs]);
}

function explainConv(input: Shape, a: ConvArgs, op: string): Explanation {
  const spatial = spatialOf(input, op);
  const window = slideWindow(spatial, a, op);
  const { output, cost } = convolve(input, a, op);
  const C = channelsOf(input);
  const K = kernelSymbols(spatial.length);
  const perFilter =
    a.groups === 1
      ? { symbols: `${K}·C`, numbers: dot(...window.kernel, C) }
      : { symbols: `${K}·C/g`, numbers: `${dot(...window.kernel, C)}/${a.groups}` };
  const at = positions(output);
  const bias = a.bias ? { symbols: " + C'", numbers: ` + ${a.filters}` } : { symbols: '', numbers: '' };
  return {
    shape: [...windowShape(spatial, window), formula("C' = filters", [], `${a.filters}`)],
    params: formula(`C'·(${perFilter.symbols})${bias.symbols}`, `${a.filters}·(${perFilter.numbers})${bias.numbers}`),
    macs: formula(`${at.symbols} · C' · (${perFilter.symbols})`, `${at.numbers} · ${a.filters} · (${perFilter.numbers})`),
    flops: convFlops(cost.macs, a.bias, output),
  };
}

interface DepthwiseArgs extends Omit<ConvArgs, 'filters' | 'groups'> {
  multiplier: number;
}

const depthwiseAsConv = (a: DepthwiseArgs, input: Shape): ConvArgs => {
  const channels = channelsOf(input);
  return { ...a, filters: channels * a.multiplier, groups: channels };
};

export const depthwise = defineOp<DepthwiseArgs>({
  name: 'depthwise',
  summary: 'Depthwise convolution: one kernel per input channel (conv with groups = C)',
  args: (k) => ({
    ...windowArgs(k),
    multiplier: { schema: k.positiveInt().default(1), doc: 'filters per input channel' },
    bias: { schema: k.bool().default(true), doc: 'learnable per-filter bias' },
  }),
  shape: (a, [input]) => convolve(input, depthwiseAsConv(a, input), 'depthwise').output,
  cost: (a, [input]) => convolve(input, depthwiseAsConv(a, input), 'depthwise').cost,
  rules: {
    shape: 'as conv; channels = C_in · multiplier',
    params: 'C_in · multiplier · prod(kernel) + (bias ? C_in · multiplier : 0)',
    macs: 'prod(out spatial) · C_in · multiplier · prod(kernel)',
    flops: '2 · MACs + (bias ? output elements : 0)',
  },
  explain: (a, [input]) => {
    const spatial = spatialOf(input, 'depthwise');
    const asConv = depthwiseAsConv(a, input);
    const window = slideWindow(spatial, asConv, 'depthwise');
    const { output, cost } = convolve(input, asConv, 'depthwise');
    const [C, m, K, k] = [channelsOf(input), a.multiplier, kernelSymbols(spatial.length), dot(...window.kernel)];
    const at = positions(output);
    return {
      shape: [...windowShape(spatial, window), formula("C' = C·m", dot(C, m), `${C * m}`)],
      params: formula(`C·m·(${K})${a.bias ? ' + C·m' : ''}`, `${dot(C, m)}·(${k})${a.bias ? ` + ${dot(C, m)}` : ''}`),
      macs: formula(`${at.symbols} · C·m · (${K})`, `${at.numbers} · ${dot(C, m)} · (${k})`),
      flops: convFlops(cost.macs, a.bias, output),
    };
  },
  receptive: (a, [input]) => convWindow(input, a, 'depthwise'),
});

interface SeparableArgs extends DepthwiseArgs {
  filters: number;
}

/** Depthwise (no bias) followed by a 1x1 pointwise conv that carries the bias. */
function separate(a: SeparableArgs, input: Shape): { output: Shape; cost: Cost } {
  const dw = convolve(input, { ...depthwiseAsConv(a, input), bias: false }, 'separable');
  const ones = perAxis(1, input.length - 1, 'kernel');
  const pw = convolve(
    dw.output,
    { filters: a.filters, kernel: ones, stride: 1, padding: 0, dilation: 1, groups: 1, bias: a.bias },
    'separable',
  );
  return {
    output: pw.output,
    cost: {
      params: dw.cost.params + pw.cost.params,
      buffers: 0n,
      macs: dw.cost.macs + pw.cost.macs,
      flops: dw.cost.flops + pw.cost.flops,
    },
  };
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
  shape: (a, [input]) => separate(a, input).output,
  cost: (a, [input]) => separate(a, input).cost,
  rules: {
    shape: 'depthwise window rule; channels = filters',
    params: 'C_in·m·prod(kernel) + C_in·m·filters + (bias ? filters : 0)',
    macs: 'prod(out spatial) · C_in·m · (prod(kernel) + filters)',
    flops: '2 · MACs + (bias ? output elements : 0)',
  },
  explain: (a, [input]) => {
    const spatial = spatialOf(input, 'separable');
    const window = slideWindow(spatial, depthwiseAsConv(a, input), 'separable');
    const { output, cost } = separate(a, input);
    const [C, m, K, k] = [channelsOf(input), a.multiplier, kernelSymbols(spatial.length), dot(...window.kernel)];
    const at = positions(output);
    return {
      shape: [...windowShape(spatial, window), formula("C' = filters", [], `${a.filters}`)],
      params: formula(
        `C·m·(${K}) + C·m·C'${a.bias ? " + C'" : ''}`,
        `${dot(C, m)}·(${k}) + ${dot(C, m, a.filters)}${a.bias ? ` + ${a.filters}` : ''}`,
      ),
      macs: formula(`${at.symbols} · C·m · (${K} + C')`, `${at.numbers} · ${dot(C, m)} · (${k} + ${a.filters})`),
      flops: convFlops(cost.macs, a.bias, output),
    };
  },
  receptive: (a, [input]) => convWindow(input, a, 'separable'),
});

interface TransposeArgs extends ConvArgs {
  output_padding: IntOrList;
}

function transpose(input: Shape, a: TransposeArgs): { output: Shape; cost: Cost } {
  const spatial = spatialOf(input, 'conv_transpose');
  const rank = spatial.length;
  const inChannels = channelsOf(input);
  checkDivides(a.groups, inChannels, 'input channels');
  checkDivides(a.groups, a.filters, 'filters');
  const kernel = perAxis(a.kernel, rank, 'kernel');
  const stride = perAxis(a.stride, rank, 'stride');
  const dilation = perAxis(a.dilation, rank, 'dilation');
  const extra = perAxis(a.output_padding, rank, 'output_padding');
  // `same` (TensorFlow's rule for transposed convs) gives in·stride; otherwise padding trims each side.
  const trims = a.padding === 'same' ? [] : resolvePadding(a.padding, spatial, kernel, stride, dilation);
  const out = spatial.map((size, i) =>
    a.padding === 'same'
      ? size * stride[i] + extra[i]
      : (size - 1) * stride[i] - trims[i][0] - trims[i][1] + dilation[i] * (kernel[i] - 1) + extra[i] + 1,
  );
  if (out.some((n) => n < 1)) {
    throw new RuleError(`conv_transpose output would be ${out.join('x')}: padding is too large`, ['padding']);
  }
  const output = [...out, a.filters];
  const weightsPerInput = BigInt(a.filters / a.groups) * product(kernel);
  // Every input element is scattered through the kernel: that is where the multiplies happen.
  const macs = elements(input) * weightsPerInput;
  return {
    output,
    cost: {
      params: BigInt(inChannels) * weightsPerInput + (a.bias ? BigInt(a.filters) : 0n),
      buffers: 0n,
      macs,
      flops: 2n * macs + (a.bias ? elements(output) : 0n),
    },
  };
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
  shape: (a, [input]) => transpose(input, a).output,
  cost: (a, [input]) => transpose(input, a).cost,
  rules: {
    shape: 'out = (in-1)·stride - 2·padding + dilation·(kernel-1) + output_padding + 1 (same: in·stride)',
    params: 'C_in · (filters/groups) · prod(kernel) + (bias ? filters : 0)',
    macs: 'input elements · (filters/groups) · prod(kernel)',
    flops: '2 · MACs + (bias ? output elements : 0)',
  },
  explain: (a, [input]) => {
    const spatial = spatialOf(input, 'conv_transpose');
    const rank = spatial.length;
    const { output, cost } = transpose(input, a);
    const [kernel, stride, dilation, extra] = [a.kernel, a.stride, a.dilation, a.output_padding].map((v, i) =>
      perAxis(v, rank, ['kernel', 'stride', 'dilation', 'output_padding'][i]),
    );
    const trims = a.padding === 'same' ? [] : resolvePadding(a.padding, spatial, kernel, stride, dilation);
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
    const C = channelsOf(input);
    const K = kernelSymbols(rank);
    const perInput =
      a.groups === 1
        ? { symbols: `C'·${K}`, numbers: dot(a.filters, ...kernel) }
        : { symbols: `C'/g·${K}`, numbers: `${a.filters}/${a.groups}·${dot(...kernel)}` };
    const inputs = { symbols: [...names, 'C'].join('·'), numbers: dot(...input) };
    return {
      shape: [...shape, formula("C' = filters", [], `${a.filters}`)],
      params: formula(`C·(${perInput.symbols})${a.bias ? " + C'" : ''}`, `${C}·(${perInput.numbers})${a.bias ? ` + ${a.filters}` : ''}`),
      macs: formula(`${inputs.symbols} · (${perInput.symbols})`, `${inputs.numbers} · (${perInput.numbers})`),
      flops: convFlops(cost.macs, a.bias, output),
    };
  },
  receptive: (a, [input]) => {
    const rank = spatialOf(input, 'conv_transpose').length;
    const [kernel, stride, dilation] = [a.kernel, a.stride, a.dilation].map((v) => perAxis(v, rank, 'kernel'));
    return { kind: 'transposed', kernel, stride, dilation };
  },
});
