import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ArchcostError } from '../src/index.js';
import { memoryDocWithRules } from '../src/report/docs/backward-reference.js';
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
// Kept for backward: conv its input (192), batchnorm its input (1,024) plus the batch mean and
// 1/std of its 16 channels in float32 (2·16·4 bytes, once per batch), relu its output (1,024),
// maxpool its input (relu's output, already kept) plus an int64 index per output (8·256 bytes),
// flatten nothing, dense its input (256).
const SAVED_ELEMENTS = 192n + 1_024n + 1_024n + 256n;
const BN_STATS = 2n * 16n * 4n;
const INDEX_BYTES = 8n * 256n;

describe('training memory', () => {
  test('Adam at float32: weights, gradients, two states per parameter, kept activations', () => {
    const t = run(NET, { training: { optimizer: 'adam' } }).totals.training!;
    expect(t.weightBytes).toBe((PARAMS + BUFFERS) * 4n);
    expect(t.masterWeightBytes).toBe(0n);
    expect(t.gradientBytes).toBe(PARAMS * 4n);
    expect(t.optimizerStateBytes).toBe(2n * PARAMS * 4n);
    expect(t.savedActivationBytes).toBe(SAVED_ELEMENTS * 4n + BN_STATS + INDEX_BYTES); // 12,160
    expect(t.totalBytes).toBe(12_328n + 12_200n + 24_400n + 12_160n);
  });

  test('each layer reports what it adds to the kept set; a tensor kept twice counts once', () => {
    const report = run(NET, { training: { optimizer: 'sgd' } });
    const saved = report.layers.map((l) => l.training!.savedActivationBytes);
    expect(saved).toEqual([192n * 4n, 1_024n * 4n + BN_STATS, 1_024n * 4n, INDEX_BYTES, 0n, 256n * 4n]);
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
    expect(report.training).toEqual({ optimizer: 'adam', mixedPrecision: true, dtype: 'float16', stateDtype: 'float32', recompute: 'none' });
    expect(t.weightBytes).toBe(PARAMS * 2n + BUFFERS * 4n);
    expect(t.masterWeightBytes).toBe(PARAMS * 4n);
    expect(t.gradientBytes).toBe(PARAMS * 2n);
    expect(t.optimizerStateBytes).toBe(PARAMS * 8n);
    expect(t.savedActivationBytes).toBe(SAVED_ELEMENTS * 2n + BN_STATS + INDEX_BYTES);
    // ZeRO (Rajbhandari et al. 2019, sec. 3.1): mixed-precision Adam keeps 2 + 2 + 12 = 16 bytes per parameter.
    expect((t.weightBytes - BUFFERS * 4n + t.masterWeightBytes + t.gradientBytes + t.optimizerStateBytes) / PARAMS).toBe(16n);
  });

  test('the batch multiplies kept activations (not the batch statistics), not weights, gradients or state', () => {
    const one = run(NET, { training: { optimizer: 'adam' } }).totals.training!;
    const four = run(NET, { batch: 4, training: { optimizer: 'adam' } }).totals.training!;
    expect(four.savedActivationBytes).toBe(4n * (one.savedActivationBytes - BN_STATS) + BN_STATS);
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

  test('dropout keeps a one-byte mask per element, whatever the dtype, and nothing at rate 0', () => {
    expect(keptBy('[5, 4]', 'dropout: {name: x}', { dtype: 'float16' })).toBe(20n);
    expect(keptBy('[5, 4]', 'dropout: {name: x, rate: 0}')).toBe(0n);
  });

  test('layernorm and groupnorm keep their input and float32 statistics per row or group', () => {
    // L = 10 rows of C = 8: input 80 elements at 2 bytes + 10 rows · 2 statistics · 4 bytes
    expect(keptBy('[10, 8]', 'layernorm: {name: x}', { dtype: 'float16' })).toBe(160n + 80n);
    // 4x4x8 input with 2 groups: 128 elements · 4 bytes + 2 groups · 2 · 4 bytes
    expect(keptBy('[4, 4, 8]', 'groupnorm: {name: x, groups: 2}')).toBe(512n + 16n);
  });

  test('window_attention keeps the windowed copy, Q, K, V, the context and the probabilities', () => {
    // 9x9x8 map, 2 heads, window 4: padded to 12x12, 9 windows of N = 16 tokens, T = 144.
    // 5·T·C = 5,760 plus 9 windows · 2 heads · 16² = 4,608 elements.
    expect(keptBy('[9, 9, 8]', 'window_attention: {name: x, heads: 2, window: 4}')).toBe((5_760n + 4_608n) * 4n);
  });

  test('a shape op keeps nothing', () => {
    expect(keptBy('[5, 4]', 'flatten: {name: x}')).toBe(0n);
  });
});

describe('the rule table', () => {
  test('docs/memory.md carries the generated table (run `npm run generate`)', () => {
    const doc = readFileSync(new URL('../docs/memory.md', import.meta.url), 'utf8');
    expect(doc).toBe(memoryDocWithRules(doc));
  });

  test('without --training the JSON has no training fields', () => {
    const json = toJson(run(NET));
    expect(json).not.toContain('"training"');
    expect(toJson(run(NET, { training: { optimizer: 'adam' } }))).toContain('"savedActivationBytes"');
  });
});

describe('kept activations agree with PyTorch autograd (torchvision 0.14, torch 1.13, batch 1, float32)', () => {
  // Measured once by hand, not at test time: every tensor autograd saves during a training-mode
  // forward pass, deduplicated by storage, parameters and buffers excluded (the script is in
  // docs/memory.md; in-place ReLUs switched off, aux heads off). Two known differences are taken
  // out of the measured figure: PyTorch's CPU dropout keeps a float mask (4 bytes per element)
  // where archcost counts the fused kernel's 1-byte mask, and stochastic depth's per-sample noise.
  const example = (path: string) => readFileSync(new URL(`../examples/zoo/${path}`, import.meta.url), 'utf8');
  const cases: [string, bigint, bigint][] = [
    ['resnet50.yaml', 86_121_984n, 0n],
    ['regnet_y_400mf.yaml', 33_739_456n, 0n],
    ['shufflenet_v2_x1_0.yaml', 19_130_992n, 0n],
    ['swin_t.yaml', 106_784_840n, 184n], // the stochastic-depth multiplies' noise tensors
    ['mobilenet_v3_large.yaml', 44_399_712n, 3n * 1_280n], // dropout on 1,280 features
    ['googlenet.yaml', 48_429_824n, 3n * 1_024n],
    ['alexnet.yaml', 3_741_184n, 3n * (9_216n + 4_096n)],
  ];
  test.each(cases)('%s', (file, measured, difference) => {
    expect(run(example(file), { training: { optimizer: 'sgd' } }).totals.training!.savedActivationBytes).toBe(measured - difference);
  });
});
