import { OPS } from '../ops/registry.js';
import { DTYPE_BYTES, type Dtype } from '../core/dtype.js';
import type { Preset } from './presets.js';

export { PRESETS, type Preset } from './presets.js';

/**
 * What the numbers of a report mean, carried by every JSON output so a CI check reading `macs`
 * knows what was counted (and a baseline counted differently is not silently compared).
 */
export interface Conventions {
  preset: Preset;
  macs: string;
  flops: string;
  params: string;
  /** Work counted in `flops` besides 2 per MAC: op names (see `archcost ops` for each rule). */
  elementwiseInFlops: string[];
  batch: number;
  dtype: Dtype;
  bytesPerElement: number;
  memory: string;
}

// ASCII (QK^T, not QKᵀ): one character past Latin-1 makes a saved report's whole text two bytes a
// character when it is read back (15 MB for 10k layers, not 7.6), and every scan of it slower.
const MAC_OPS = 'conv, depthwise, separable, conv_transpose, dense and attention (QK^T and AV included)';

/** Ops whose flops rule adds elementwise work: no MACs, yet a non-zero flop rule. */
function elementwiseOps(): string[] {
  return OPS.filter((op) => op.formulas.macs === '0' && op.formulas.flops !== '0').map((op) => op.name);
}

export function defaultConventions(batch: number, dtype: Dtype): Conventions {
  return {
    preset: 'archcost',
    macs: `multiply-accumulates of ${MAC_OPS}; bias adds are not MACs`,
    flops: '2 x MACs + bias adds + elementwise work (each op\'s rule in `archcost ops`)',
    params: 'learnable values (PyTorch sum(p.numel())); BatchNorm running statistics are buffers, counted apart',
    elementwiseInFlops: ['bias', ...elementwiseOps(), 'attention (score scaling and softmax)'],
    batch,
    dtype,
    bytesPerElement: DTYPE_BYTES[dtype],
    memory:
      'weightBytes = (params + buffers) x bytesPerElement; activationBytes = sum of layer outputs; ' +
      'peakActivationBytes = most bytes live at once (no op in place); memory budget = weightBytes + peakActivationBytes',
  };
}
