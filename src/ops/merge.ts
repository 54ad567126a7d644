import { RuleError } from '../core/errors.js';
import { normaliseAxis } from './tensor.js';
import { axisSymbols, elementsProduct, formula, free } from './explain-kit.js';
import { defineOp, elements, formatShape, type Formula, type Shape } from './types.js';

/** NumPy broadcasting: align from the right; each pair of sizes must match or be 1. */
export function broadcast(shapes: readonly Shape[], op: string): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 1; i <= rank; i++) {
    const sizes = shapes.map((s) => s[s.length - i] ?? 1);
    const size = Math.max(...sizes);
    if (sizes.some((d) => d !== 1 && d !== size)) {
      throw new RuleError(`${op} cannot broadcast ${shapes.map(formatShape).join(' with ')}: sizes ${sizes.join(' and ')} differ`);
    }
    out.unshift(size);
  }
  return out;
}

function needsTwo(inputs: readonly Shape[], op: string): void {
  if (inputs.length < 2) throw new RuleError(`${op} needs at least 2 inputs (branches or a from list), got ${inputs.length}`);
}

const elementwiseMerge = (name: string, summary: string) =>
  defineOp<Record<string, never>>({
    name,
    summary,
    merge: true,
    args: () => ({}),
    shape: (_a, inputs) => {
      needsTwo(inputs, name);
      return broadcast(inputs, name);
    },
    cost: (_a, inputs, output) => ({ params: 0n, buffers: 0n, macs: 0n, flops: BigInt(inputs.length - 1) * elements(output) }),
    rules: {
      shape: 'NumPy broadcast of the inputs',
      params: '0',
      macs: '0',
      flops: '(inputs - 1) per output element',
    },
    explain: (_a, inputs, output) => {
      const same = inputs.every((s) => formatShape(s) === formatShape(output));
      const shape: Formula[] = same ? [] : [formula('broadcast', inputs.map(formatShape).join(', '), formatShape(output))];
      const e = elementsProduct(output, true);
      return { ...free(shape), flops: formula(`(n-1)·${e.symbols}`, `${inputs.length - 1}·${e.numbers}`) };
    },
  });

export const add = elementwiseMerge('add', 'Elementwise sum of branches or named tensors (residual connections)');
export const multiply = elementwiseMerge('multiply', 'Elementwise product of branches or named tensors (squeeze-excite, gating)');

export const concat = defineOp<{ axis: number }>({
  name: 'concat',
  summary: 'Concatenation of branches or named tensors along an axis (Inception, DenseNet)',
  merge: true,
  args: (k) => ({ axis: { schema: k.integer().default(-1), doc: 'axis joined (default: channels)' } }),
  shape: (a, inputs) => {
    needsTwo(inputs, 'concat');
    const rank = inputs[0].length;
    const axis = normaliseAxis(a.axis, rank, 'concat');
    for (const s of inputs) {
      if (s.length !== rank || s.some((d, i) => i !== axis && d !== inputs[0][i])) {
        throw new RuleError(
          `concat needs every axis but axis ${a.axis} to match: ${inputs.map(formatShape).join(' with ')}`,
        );
      }
    }
    return inputs[0].map((d, i) => (i === axis ? inputs.reduce((sum, s) => sum + s[i], 0) : d));
  },
  cost: () => ({ params: 0n, buffers: 0n, macs: 0n, flops: 0n }),
  rules: { shape: 'sizes along axis add up; other axes must match', params: '0', macs: '0', flops: '0 (data movement only)' },
  explain: (a, inputs, output) => {
    const axis = normaliseAxis(a.axis, output.length, 'concat');
    const name = axis === output.length - 1 ? 'C' : axisSymbols(output.length - 1)[axis];
    const sizes = inputs.map((s) => s[axis]);
    return free([formula(`${name}' = ${sizes.map((_, i) => `${name}_${i + 1}`).join(' + ')}`, sizes.join(' + '), `${output[axis]}`)]);
  },
});
