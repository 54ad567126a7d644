import { RuleError } from '../core/errors.js';
import { normaliseAxis } from './tensor.js';
import { NOTHING } from './dense.js';
import { axisSymbols, formula } from './explain-kit.js';
import { defineOp } from './define.js';
import { formatShape, type BackwardSpec, type Shape } from './types.js';

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

const needsTwo = (op: string) => (inputs: readonly Shape[]) => {
  if (inputs.length < 2) throw new RuleError(`${op} needs at least 2 inputs (branches or a from list), got ${inputs.length}`);
};

const elementwiseMerge = (name: string, summary: string, backward: BackwardSpec) =>
  defineOp<Record<string, never>>({
    name,
    summary,
    merge: true,
    args: () => ({}),
    accepts: needsTwo(name),
    shape: {
      rule: 'NumPy broadcast of the inputs',
      compute: (_a, inputs) => broadcast(inputs, name),
      explain: (_a, inputs, output) =>
        inputs.every((s) => formatShape(s) === formatShape(output)) ? [] : [formula('broadcast', inputs.map(formatShape).join(', '), formatShape(output))],
    },
    flops: '(len(ins) - 1) * out.elements',
    notes: { flops: 'one operation per output element for each input after the first' },
    backward,
  });

export const add = elementwiseMerge('add', 'Elementwise sum of branches or named tensors (residual connections)', { saves: NOTHING });
export const multiply = elementwiseMerge('multiply', 'Elementwise product of branches or named tensors (squeeze-excite, gating)', {
  input: true,
  saves: 'its inputs (each gradient is the other input)',
});

export const concat = defineOp<{ axis: number }>({
  name: 'concat',
  summary: 'Concatenation of branches or named tensors along an axis (Inception, DenseNet)',
  merge: true,
  args: (k) => ({ axis: { schema: k.integer().default(-1), doc: 'axis joined (default: channels)' } }),
  accepts: needsTwo('concat'),
  shape: {
    rule: 'sizes along axis add up; other axes must match',
    compute: (a, inputs) => {
      const rank = inputs[0].length;
      const axis = normaliseAxis(a.axis, rank, 'concat');
      for (const s of inputs) {
        if (s.length !== rank || s.some((d, i) => i !== axis && d !== inputs[0][i])) {
          throw new RuleError(`concat needs every axis but axis ${a.axis} to match: ${inputs.map(formatShape).join(' with ')}`);
        }
      }
      return inputs[0].map((d, i) => (i === axis ? inputs.reduce((sum, s) => sum + s[i], 0) : d));
    },
    explain: (a, inputs, output) => {
      const axis = normaliseAxis(a.axis, output.length, 'concat');
      const name = axis === output.length - 1 ? 'C' : axisSymbols(output.length - 1)[axis];
      const sizes = inputs.map((s) => s[axis]);
      return [formula(`${name}' = ${sizes.map((_, i) => `${name}_${i + 1}`).join(' + ')}`, sizes.join(' + '), `${output[axis]}`)];
    },
  },
  notes: { flops: 'data movement only' },
  backward: { saves: NOTHING },
});
