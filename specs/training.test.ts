import { describe, expect, test } from '@jest/globals';
import { ArchcostError, OPS } from '../src/index.js';
import { BACKWARD_RULES } from '../src/ops/backward.js';
import { toJson } from '../src/report/json.js';
import { layer, run } from './helpers.js';

// Sizes: input 8·8·3 = 192 elements; conv, batchnorm and relu outputs 8·8·16 = 1,024; maxpool and
// flatten 4·4·16 = 256; dense 10. Params: conv 16·3·9 + 16 = 448, batchnorm 32 (+32 buffers),
// dense 256·10 + 10 = 2,570; 3,050 params, 32 buffers.
const NET = `input: [8, 8, 3]
layers:
  - conv: {filters: 16, kernel: 3, padding: 1}
  - batchnorm
  - relu
  - maxpool: {kernel: 2}
  - flatten
  - dense: {units: 10}
`;
const PARAMS = 3_050n;
const BUFFERS = 32n;
// Kept for backward: conv its input (192), batchnorm its input (1,024), relu its output (1,024),
// maxpool its input (relu's output, already kept) plus an int64 index per output (8·256 bytes),
// flatten nothing, dense its input (256).
const SAVED_ELEMENTS = 192n + 1_024n + 1_024n + 256n;
const INDEX_BYTES = 8n * 256n;

describe('training memory', () => {
  test('Adam at float32: weights, gradients, two states per parameter, kept activations', () => {
    const t = run(NET, { training: { optimizer: 'adam' } }).totals.training!;
    expect(t.weightBytes).toBe((PARAMS + BUFFERS) * 4n);
    expect(t.masterWeightBytes).toBe(0n);
    expect(t.gradientBytes).toBe(PARAMS * 4n);
    expect(t.optimizerStateBytes).toBe(2n * PARAMS * 4n);
    expect(t.savedActivationBytes).toBe(SAVED_ELEMENTS * 4n + INDEX_BYTES); // 12,032
    expect(t.totalBytes).toBe(12_328n + 12_200n + 24_400n + 12_032n);
  });

  test('each layer reports what it adds to the kept set; a tensor kept twice counts once', () => {
    const report = run(NET, { training: { optimizer: 'sgd' } });
    const saved = report.layers.map((l) => l.training!.savedActivationBytes);
    expect(saved).toEqual([192n * 4n, 1_024n * 4n, 1_024n * 4n, INDEX_BYTES, 0n, 256n * 4n]);
  });

  test('SGD keeps no state, momentum one, AdamW two', () => {
    const state = (optimizer: 'sgd' | 'momentum' | 'adamw') => run(NET, { training: { optimizer } }).totals.training!.optimizerStateBytes;
    expect(state('sgd')).toBe(0n);
    expect(state('momentum')).toBe(PARAMS * 4n);
    expect(state('adamw')).toBe(2n * PARAMS * 4n);
  });

  test('mixed precision: 16-bit weights, gradients and activations; float32 master weights and Adam state', () => {
    const report = run(NET, { training: { optimizer: 'adam', mixedPrecision: true } });
    const t = report.totals.training!;
    expect(report.training).toEqual({ optimizer: 'adam', mixedPrecision: true, dtype: 'float16', stateDtype: 'float32' });
    expect(t.weightBytes).toBe(PARAMS * 2n + BUFFERS * 4n);
    expect(t.masterWeightBytes).toBe(PARAMS * 4n);
    expect(t.gradientBytes).toBe(PARAMS * 2n);
    expect(t.optimizerStateBytes).toBe(PARAMS * 8n);
    expect(t.savedActivationBytes).toBe(SAVED_ELEMENTS * 2n + INDEX_BYTES);
    // ZeRO (Rajbhandari et al. 2019, sec. 3.1): mixed-precision Adam keeps 2 + 2 + 12 = 16 bytes per parameter.
    expect((t.weightBytes - BUFFERS * 4n + t.masterWeightBytes + t.gradientBytes + t.optimizerStateBytes) / PARAMS).toBe(16n);
  });

  test('the batch multiplies kept activations, not weights, gradients or state', () => {
    const one = run(NET, { training: { optimizer: 'adam' } }).totals.training!;
    const four = run(NET, { batch: 4, training: { optimizer: 'adam' } }).totals.training!;
    expect(four.savedActivationBytes).toBe(4n * one.savedActivationBytes);
    expect(four.weightBytes + four.gradientBytes + four.optimizerStateBytes).toBe(one.weightBytes + one.gradientBytes + one.optimizerStateBytes);
  });

  test('int8 is rejected for training unless mixed precision sets the types', () => {
    expect(() => run(NET, { dtype: 'int8', training: { optimizer: 'sgd' } })).toThrow(ArchcostError);
    expect(run(NET, { dtype: 'int8', training: { optimizer: 'sgd', mixedPrecision: true } }).training?.dtype).toBe('float16');
  });
});

describe('training FLOPs: forward + backward, backward 2x forward for MAC ops and 1x for the rest', () => {
  test('by hand', () => {
    const report = run(NET, { training: { optimizer: 'sgd' } });
    // forward: conv 2·8·8·16·27 + 1,024 bias = 56,320; batchnorm 2·1,024; relu 1,024; maxpool 256·4; dense 2·2,560 + 10
    const forward = [56_320n, 2_048n, 1_024n, 1_024n, 0n, 5_130n];
    expect(report.layers.map((l) => l.flops)).toEqual(forward);
    const backward = [2n * 56_320n, 2_048n, 1_024n, 1_024n, 0n, 2n * 5_130n];
    expect(report.layers.map((l) => l.training!.backwardFlops)).toEqual(backward);
    const t = report.totals.training!;
    expect(t.forwardFlops).toBe(65_546n);
    expect(t.backwardFlops).toBe(126_996n);
    expect(t.flops).toBe(65_546n + 126_996n);
  });
});

describe('rules of ops that keep internal tensors', () => {
  const keptBy = (input: string, item: string, options = {}) =>
    layer(run(`input: ${input}\nlayers:\n  - ${item}\n`, { training: { optimizer: 'sgd' }, ...options }), 'x').training!.savedActivationBytes;

  test('attention keeps its input, Q, K, V, the context and the softmax probabilities', () => {
    // L = 10, C = 8, 2 heads: input 80 + 4·80 + 2·10·10 = 600 elements
    expect(keptBy('[10, 8]', 'attention: {name: x, heads: 2}')).toBe(600n * 4n);
  });

  test('separable keeps its input and the depthwise output', () => {
    // input 6·6·4 = 144; depthwise output at stride 2: 3·3·4·2 (multiplier 2) = 72
    expect(keptBy('[6, 6, 4]', 'separable: {name: x, filters: 8, kernel: 3, stride: 2, padding: 1, multiplier: 2}')).toBe((144n + 72n) * 4n);
  });

  test('dropout keeps a one-byte mask per element, whatever the dtype', () => {
    expect(keptBy('[5, 4]', 'dropout: {name: x}', { dtype: 'float16' })).toBe(20n);
  });

  test('a shape op keeps nothing', () => {
    expect(keptBy('[5, 4]', 'flatten: {name: x}')).toBe(0n);
  });
});

describe('the rule table', () => {
  test('every built-in op has a written rule', () => {
    const missing = OPS.map((op) => op.name).filter((name) => !(name in BACKWARD_RULES));
    expect(missing).toEqual([]);
  });

  test('without --training the JSON has no training fields', () => {
    const json = toJson(run(NET));
    expect(json).not.toContain('"training"');
    expect(toJson(run(NET, { training: { optimizer: 'adam' } }))).toContain('"savedActivationBytes"');
  });
});
