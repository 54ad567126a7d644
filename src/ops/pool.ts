import { RuleError } from '../core/errors.js';
import { channelsOf, perAxis, product, slideWindow, spatialOf, type PaddingArg } from './geometry.js';
import { axisSymbols, dot, elementsProduct, formula, free, kernelSymbols, shapeChange, shapeSymbols, windowShape } from './explain-kit.js';
import { defineOp, elements, type ArgKit, type Shape } from './types.js';

interface PoolArgs {
  kernel: number | readonly number[];
  stride?: number | readonly number[];
  padding: PaddingArg;
  ceil_mode: boolean;
}

function pool(input: Shape, a: PoolArgs, op: string) {
  const spatial = spatialOf(input, op);
  const window = slideWindow(spatial, { ...a, stride: a.stride ?? a.kernel }, op);
  window.padding.forEach(([before, after], axis) => {
    // PyTorch rejects pads over half the kernel: such a window could see nothing but padding.
    if (typeof a.padding !== 'string' && Math.max(before, after) * 2 > window.kernel[axis]) {
      throw new RuleError(`${op} padding ${Math.max(before, after)} is more than half the kernel ${window.kernel[axis]}`, ['padding']);
    }
  });
  return { output: [...window.output, channelsOf(input)], window };
}

const poolArgs = (k: ArgKit) => ({
  kernel: { schema: k.positiveIntOrList(), doc: 'window size' },
  stride: { schema: k.positiveIntOrList().optional(), doc: 'step between windows (default: the kernel)' },
  padding: { schema: k.padding().default(0), doc: 'padding: int, per-axis list, same or valid' },
  ceil_mode: { schema: k.bool().default(false), doc: 'round the output size up (PyTorch ceil_mode)' },
});

const windowPool = (name: string, summary: string) =>
  defineOp<PoolArgs>({
    name,
    summary,
    args: poolArgs,
    shape: (a, [input]) => pool(input, a, name).output,
    cost: (a, [input]) => {
      const { output, window } = pool(input, a, name);
      return { params: 0n, buffers: 0n, macs: 0n, flops: elements(output) * product(window.kernel) };
    },
    rules: {
      shape: 'conv\'s window rule with stride = kernel by default; ceil_mode as PyTorch; channels kept',
      params: '0',
      macs: '0',
      flops: 'output elements · prod(kernel) (one compare or add per window element)',
    },
    explain: (a, [input]) => {
      const { output, window } = pool(input, a, name);
      const out = elementsProduct(output, true);
      const spatial = spatialOf(input, name);
      return {
        ...free([...windowShape(spatial, window, a.ceil_mode), formula("C' = C", [], `${channelsOf(input)}`)]),
        flops: formula(`${out.symbols} · ${kernelSymbols(spatial.length)}`, `${out.numbers} · ${dot(...window.kernel)}`),
      };
    },
    receptive: (a, [input]) => {
      const { window } = pool(input, a, name);
      return { kind: 'window', kernel: window.kernel, stride: window.stride, dilation: window.dilation };
    },
  });

export const maxpool = windowPool('maxpool', 'Max pooling over sliding windows');
export const avgpool = windowPool('avgpool', 'Average pooling over sliding windows');

interface GlobalArgs {
  keepdims: boolean;
}

const globalPool = (name: string, summary: string) =>
  defineOp<GlobalArgs>({
    name,
    summary,
    args: (k) => ({ keepdims: { schema: k.bool().default(false), doc: 'keep the spatial axes as 1s' } }),
    shape: (a, [input]) => {
      const spatial = spatialOf(input, name);
      return a.keepdims ? [...spatial.map(() => 1), channelsOf(input)] : [channelsOf(input)];
    },
    cost: (_a, [input]) => ({ params: 0n, buffers: 0n, macs: 0n, flops: elements(input) }),
    rules: {
      shape: '[.., C] -> [C] (keepdims: [1, .., 1, C])',
      params: '0',
      macs: '0',
      flops: 'input elements (one compare or add each)',
    },
    explain: (a, [input]) => {
      const spatial = spatialOf(input, name);
      const e = elementsProduct(input);
      // keepdims: each spatial axis becomes 1; otherwise they go and only the channels remain.
      const shape = a.keepdims
        ? axisSymbols(spatial.length).map((s) => formula(`${s}'`, [], '1'))
        : [shapeChange(shapeSymbols(input.length), ['C'], input, [channelsOf(input)])];
      return { ...free(shape), flops: formula(e.symbols, e.numbers) };
    },
    receptive: () => ({ kind: 'global' }),
  });

export const globalavgpool = globalPool('globalavgpool', 'Average over all spatial positions');
export const globalmaxpool = globalPool('globalmaxpool', 'Maximum over all spatial positions');

interface AdaptiveArgs {
  output: number | readonly number[];
}

/** Total window length along one axis, with PyTorch's adaptive windows [floor(i·in/out), ceil((i+1)·in/out)). */
function adaptiveWindowSum(size: number, out: number): bigint {
  let sum = 0n;
  for (let i = 0; i < out; i++) {
    sum += BigInt(Math.ceil(((i + 1) * size) / out) - Math.floor((i * size) / out));
  }
  return sum;
}

const adaptivePool = (name: string, summary: string) =>
  defineOp<AdaptiveArgs>({
    name,
    summary,
    args: (k) => ({ output: { schema: k.positiveIntOrList('the output size'), doc: 'output spatial size' } }),
    shape: (a, [input]) => {
      const spatial = spatialOf(input, name);
      return [...perAxis(a.output, spatial.length, 'output'), channelsOf(input)];
    },
    cost: (a, [input]) => {
      const spatial = spatialOf(input, name);
      const out = perAxis(a.output, spatial.length, 'output');
      let reads = BigInt(channelsOf(input));
      spatial.forEach((size, axis) => (reads *= adaptiveWindowSum(size, out[axis])));
      return { params: 0n, buffers: 0n, macs: 0n, flops: reads };
    },
    rules: {
      shape: 'spatial -> output; channels kept',
      params: '0',
      macs: '0',
      flops: 'C · Π over axes of Σ window lengths (PyTorch\'s adaptive windows)',
    },
    explain: (a, [input]) => {
      const spatial = spatialOf(input, name);
      const out = perAxis(a.output, spatial.length, 'output');
      const names = axisSymbols(spatial.length);
      const sums = spatial.map((size, i) => adaptiveWindowSum(size, out[i]));
      return {
        ...free(names.map((s, i) => formula(`${s}' = output`, [], `${out[i]}`))),
        flops: formula(`C · ${names.map((s) => `Σ window_${s.toLowerCase()}`).join(' · ')}`, `${channelsOf(input)} · ${dot(...sums.map(String))}`),
      };
    },
    receptive: (a, [input]) => {
      const spatial = spatialOf(input, name);
      const out = perAxis(a.output, spatial.length, 'output');
      if (out.every((o) => o === 1)) return { kind: 'global' };
      // PyTorch's windows [floor(i·in/out), ceil((i+1)·in/out)): the widest one, spaced in/out apart.
      const kernel = spatial.map((size, i) => Math.max(...Array.from({ length: out[i] }, (_, j) => Math.ceil(((j + 1) * size) / out[i]) - Math.floor((j * size) / out[i]))));
      return { kind: 'window', kernel, stride: spatial.map((size, i) => size / out[i]), dilation: spatial.map(() => 1) };
    },
  });

export const adaptiveavgpool = adaptivePool('adaptiveavgpool', 'Average pooling to a fixed output size (PyTorch AdaptiveAvgPool)');
export const adaptivemaxpool = adaptivePool('adaptivemaxpool', 'Max pooling to a fixed output size (PyTorch AdaptiveMaxPool)');
