import type { Op } from '../ops/types.js';
import { objectSource } from '../language/source.js';
import type { SpecFile, UserOpSpec } from '../language/spec.js';
import { userOps } from '../language/user-ops.js';

/**
 * Ops an exported graph computes that archcost has no built-in for: an imported spec that needs
 * one defines it in its own `ops:` section (docs/write-an-op.md), so the formula behind every
 * number is written in the spec, and analyze counts it like any other op.
 */
export const EXTRA_OPS: Record<string, UserOpSpec> = {
  matmul: {
    summary: 'Product of two computed tensors, [..., M, K] x [..., K, N] (ONNX MatMul of two activations: attention scores and their values)',
    merge: true,
    checks: [{ holds: 'len(ins) == 2 and ins[0].shape[-1] == ins[1].shape[-2]', message: 'matmul multiplies [..., M, K] by [..., K, N]' }],
    shape: 'ins[0].shape[:-1] + [ins[1].shape[-1]]',
    params: 0,
    macs: 'out.elements * ins[0].shape[-1]',
    flops: '2 * macs',
    backward: { keeps: 'input' },
  },
  elementwise: {
    summary: 'One arithmetic operation or function on every element, with a constant (ONNX Add, Sub, Mul, Div, Pow by a constant; Sqrt, Erf, Exp, Log, Reciprocal, Neg, Abs)',
    params: 0,
    macs: 0,
    flops: 'out.elements',
    backward: { keeps: 'input' },
  },
  bias: {
    summary: 'A learned vector added along the channels (ONNX Add of a learned [C])',
    params: 'in.channels',
    macs: 0,
    flops: 'out.elements',
    backward: { keeps: 'none' },
  },
  reduce_mean: {
    summary: 'Mean over the channels, kept as an axis of size 1 (ONNX ReduceMean over the last axis)',
    shape: 'in.shape[:-1] + [1]',
    params: 0,
    macs: 0,
    flops: 'in.elements',
    backward: { keeps: 'none' },
  },
};

let built: Map<string, Op> | undefined;

/** The Op of an extra op, built once from its formulas. */
export function extraOp(name: string): Op | undefined {
  if (!Object.hasOwn(EXTRA_OPS, name)) return undefined;
  built ??= userOps({ ops: EXTRA_OPS } as unknown as SpecFile, objectSource({ ops: EXTRA_OPS }, 'archcost'));
  return built.get(name);
}
