import { RuleError } from '../core/errors.js';
import { channelsOf, perAxis, slideWindow, spatialOf, type PaddingArg } from './geometry.js';
import { axisSymbols, formula, windowShape } from './explain-kit.js';
import { defineOp } from './define.js';
import type { ArgKit, BackwardSpec, Shape } from './types.js';

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
  return { output: [...window.output, channelsOf(input)], window, spatial };
}

const poolArgs = (k: ArgKit) => ({
  kernel: { schema: k.positiveIntOrList(), doc: 'window size' },
  stride: { schema: k.positiveIntOrList().optional(), doc: 'step between windows (default: the kernel)' },
  padding: { schema: k.padding().default(0), doc: 'padding: int, per-axis list, same or valid' },
  ceil_mode: { schema: k.bool().default(false), doc: 'round the output size up (PyTorch ceil_mode)' },
});

/** Max pools keep an int64 argmax index per output element for backward. */
const INDEX_BYTES = '8';
const withIndices = (per: string, saves: string): BackwardSpec => ({ input: true, savedBytes: `${INDEX_BYTES} * ${per}`, saves });

const windowPool = (name: string, summary: string, backward: BackwardSpec) =>
  defineOp<PoolArgs>({
    name,
    summary,
    args: poolArgs,
    shape: {
      rule: "conv's window rule with stride = kernel by default; ceil_mode as PyTorch; channels kept",
      compute: (a, [input]) => pool(input, a, name).output,
      explain: (a, [input]) => {
        const { window, spatial } = pool(input, a, name);
        return [...windowShape(spatial, window, a.ceil_mode), formula("C' = C", [], `${channelsOf(input)}`)];
      },
    },
    quantities: { kernel_size: { doc: 'taps of the window: its product over the spatial axes', formula: 'prod(per_axis(kernel, in.rank - 1))' } },
    flops: 'out.elements * kernel_size',
    notes: { flops: 'one compare or add per window element' },
    backward,
    receptive: (a, [input]) => {
      const { window } = pool(input, a, name);
      return { kind: 'window', kernel: window.kernel, stride: window.stride, dilation: window.dilation };
    },
  });

export const maxpool = windowPool('maxpool', 'Max pooling over sliding windows', withIndices('out.elements', 'its input and an int64 argmax index per output element'));
export const avgpool = windowPool('avgpool', 'Average pooling over sliding windows', { input: true, saves: 'its input' });

const globalPool = (name: string, summary: string, backward: BackwardSpec) =>
  defineOp<{ keepdims: boolean }>({
    name,
    summary,
    args: (k) => ({ keepdims: { schema: k.bool().default(false), doc: 'keep the spatial axes as 1s' } }),
    accepts: ([input]) => void spatialOf(input, name),
    shape: '[1] * (in.rank - 1) + [in.channels] if keepdims else [in.channels]',
    flops: 'in.elements',
    notes: { flops: 'one compare or add per input element' },
    backward,
    receptive: () => ({ kind: 'global' }),
  });

export const globalavgpool = globalPool('globalavgpool', 'Average over all spatial positions', {
  input: true,
  saves: "its input (PyTorch 1.13's mean keeps it, as adaptive_avg_pool2d to 1x1 does)",
});
export const globalmaxpool = globalPool(
  'globalmaxpool',
  'Maximum over all spatial positions',
  withIndices('in.channels', 'its input and an int64 argmax index per channel'),
);

interface AdaptiveArgs {
  output: number | readonly number[];
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * PyTorch's adaptive windows along an axis of `size` cut into `out`: [floor(i·size/out), ceil((i+1)·size/out)).
 * Their lengths sum to size + out - gcd(size, out) and the widest is ceil((size + out - gcd) / out):
 * closed forms, so a huge `output` costs nothing to count.
 */
export function adaptiveWindows(size: number, out: number): { total: bigint; widest: number } {
  const g = gcd(size, out);
  return { total: BigInt(size) + BigInt(out) - BigInt(g), widest: Math.ceil((size + out - g) / out) };
}

const adaptivePool = (name: string, summary: string, backward: BackwardSpec) =>
  defineOp<AdaptiveArgs>({
    name,
    summary,
    args: (k) => ({ output: { schema: k.positiveIntOrList('the output size'), doc: 'output spatial size' } }),
    shape: {
      rule: 'spatial -> output; channels kept',
      compute: (a, [input]) => {
        const spatial = spatialOf(input, name);
        return [...perAxis(a.output, spatial.length, 'output'), channelsOf(input)];
      },
      explain: (_a, [input], output) => axisSymbols(input.length - 1).map((s, i) => formula(`${s}' = output`, [], `${output[i]}`)),
    },
    quantities: {
      window_sums: {
        doc: "per spatial axis, the summed length of PyTorch's adaptive windows: size + output - gcd(size, output)",
        compute: (a, [input]) => {
          const spatial = spatialOf(input, name);
          const out = perAxis(a.output, spatial.length, 'output');
          return spatial.map((size, i) => adaptiveWindows(size, out[i]).total);
        },
      },
    },
    flops: 'in.channels * prod(window_sums)',
    notes: { flops: 'one compare or add per element of every window' },
    backward,
    receptive: (a, [input]) => {
      const spatial = spatialOf(input, name);
      const out = perAxis(a.output, spatial.length, 'output');
      if (out.every((o) => o === 1)) return { kind: 'global' };
      // The widest window, spaced in/out apart.
      const kernel = spatial.map((size, i) => adaptiveWindows(size, out[i]).widest);
      return { kind: 'window', kernel, stride: spatial.map((size, i) => size / out[i]), dilation: spatial.map(() => 1) };
    },
  });

export const adaptiveavgpool = adaptivePool('adaptiveavgpool', 'Average pooling to a fixed output size (PyTorch AdaptiveAvgPool)', {
  input: true,
  saves: 'its input',
});
export const adaptivemaxpool = adaptivePool(
  'adaptivemaxpool',
  'Max pooling to a fixed output size (PyTorch AdaptiveMaxPool)',
  withIndices('out.elements', 'its input and an int64 argmax index per output element'),
);
