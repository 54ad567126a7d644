/**
 * lstm, gru and rnn against PyTorch and Keras, and the LSTM language model example.
 *
 * Every expected number is hand arithmetic from the rule in docs/ops.md, written out; the
 * parameter counts, shapes and kept bytes were also confirmed with Debian's torch 1.13 (CPU):
 * `sum(p.numel() for p in nn.LSTM(10, 20, ...).parameters())`, the output's shape for an input
 * of [1, 7, 10] (batch_first), and the bytes autograd's saved_tensors_hooks see in a training
 * forward pass, deduplicated by storage range, parameters excluded (the measurement of
 * docs/memory.md). Keras's counts are its layers' weight shapes (keras/src/layers/rnn/*.py).
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { analyze, ArchcostError } from '../src/index.js';
import { layer, run, single } from './helpers.js';

const seq = (item: string) => single([7, 10], item);

describe('params and output shapes, as torch.nn builds them (I = 10 features, H = 20 units, L = 7 steps)', () => {
  // One layer and direction: gates · (H·I + H·H + 2·H) with PyTorch's bias_ih and bias_hh.
  // LSTM 4·(200 + 400 + 40) = 2,560; GRU 3·640 = 1,920; RNN 640.
  // An upper layer reads D·H: a bidirectional second layer has 4·(20·40 + 400 + 40) = 4,960 per direction.
  test.each([
    ['lstm: {units: 20}', 2_560n, [7, 20]],
    ['lstm: {units: 20, bidirectional: true}', 2n * 2_560n, [7, 40]],
    ['lstm: {units: 20, layers: 3}', 2_560n + 2n * 4n * (400n + 400n + 40n), [7, 20]], // 9,280
    ['lstm: {units: 20, layers: 2, bidirectional: true}', 2n * 2_560n + 2n * 4n * (800n + 400n + 40n), [7, 40]], // 15,040
    ['gru: {units: 20}', 1_920n, [7, 20]],
    ['gru: {units: 20, layers: 2, bidirectional: true}', 2n * 1_920n + 2n * 3n * 1_240n, [7, 40]], // 11,280
    ['rnn: {units: 20}', 640n, [7, 20]],
    ['rnn: {units: 20, layers: 2, bidirectional: true}', 2n * 640n + 2n * 1_240n, [7, 40]], // 3,760
    ['rnn: {units: 20, nonlinearity: relu}', 640n, [7, 20]],
    ['lstm: {units: 20, bias: false}', 4n * (200n + 400n), [7, 20]], // 2,400: nn.LSTM(10, 20, bias=False)
  ])('%s', (item, params, shape) => {
    const l = seq(item);
    expect(l.params).toBe(params);
    expect(l.outputShape).toEqual(shape);
  });

  test("return_sequences: false gives the last step's state, both directions joined (Keras)", () => {
    expect(seq('lstm: {units: 20, return_sequences: false}').outputShape).toEqual([20]);
    expect(seq('gru: {units: 20, bidirectional: true, return_sequences: false, layers: 2}').outputShape).toEqual([40]);
    // Every step still runs: the counts do not change.
    expect(seq('lstm: {units: 20, return_sequences: false}').macs).toBe(seq('lstm: {units: 20}').macs);
  });
});

describe('Keras: one bias vector per gate set, except GRU with reset_after=True', () => {
  // Keras builds kernel (I, g·H), recurrent_kernel (H, g·H) and bias (g·H,) for LSTM (g = 4) and
  // SimpleRNN (g = 1); GRU's bias is (2, 3·H) when reset_after=True (its default, cuDNN's layout)
  // and (3·H,) otherwise. On I = 32 features with H = 64 units:
  const I = 32n;
  const H = 64n;
  const keras = (gates: bigint, biases: bigint) => gates * (I * H + H * H + biases * H);
  const on32 = (item: string) => single([10, 32], item).params;

  test('LSTM(64) and SimpleRNN(64): bias: one', () => {
    expect(on32('lstm: {units: 64, bias: one}')).toBe(keras(4n, 1n)); // 4·(2,048 + 4,096 + 64) = 24,832
    expect(keras(4n, 1n)).toBe(24_832n);
    expect(on32('rnn: {units: 64, bias: one}')).toBe(keras(1n, 1n)); // 6,208
  });

  test('GRU(64) with reset_after=True is the default, PyTorch’s two biases; reset_after=False is bias: one', () => {
    expect(on32('gru: {units: 64}')).toBe(keras(3n, 2n)); // 3·(2,048 + 4,096 + 128) = 18,816
    expect(keras(3n, 2n)).toBe(18_816n);
    expect(on32('gru: {units: 64, bias: one}')).toBe(keras(3n, 1n)); // 18,624
  });

  test('the PyTorch form against the Keras form differs by gates·H per layer and direction', () => {
    const pytorch = on32('lstm: {units: 64, layers: 2, bidirectional: true}');
    const kerasStyle = on32('lstm: {units: 64, layers: 2, bidirectional: true, bias: one}');
    expect(pytorch - kerasStyle).toBe(4n * H * 2n * 2n); // 4 gates · 64 · 2 layers · 2 directions
    expect(on32('lstm: {units: 64, bias: none}')).toBe(on32('lstm: {units: 64, bias: false}'));
    expect(on32('lstm: {units: 64, bias: true}')).toBe(on32('lstm: {units: 64}'));
  });
});

describe('MACs and FLOPs per sequence', () => {
  // MACs: gates·(I·H + H·H) per step and direction: LSTM 4·(200 + 400) = 2,400 per step.
  // FLOPs: 2·MACs + per unit and step (LSTM 18, GRU 14, RNN 1) + gates·2 bias adds.
  test('LSTM: 7 steps of 2,400 MACs; 18 + 8 elementwise FLOPs per unit and step', () => {
    const l = seq('lstm: {units: 20}');
    expect(l.macs).toBe(7n * 2_400n); // 16,800
    expect(l.flops).toBe(2n * 16_800n + 7n * 20n * (18n + 8n)); // 37,240
  });

  test('GRU: 3 gate sets; 14 + 6 elementwise FLOPs per unit and step', () => {
    const l = seq('gru: {units: 20}');
    expect(l.macs).toBe(7n * 3n * 600n); // 12,600
    expect(l.flops).toBe(2n * 12_600n + 7n * 20n * (14n + 6n)); // 28,000
  });

  test('RNN: 1 gate set; tanh 1 + 2 bias adds per unit and step; Keras bias one adds 1', () => {
    expect(seq('rnn: {units: 20}').flops).toBe(2n * 7n * 600n + 7n * 20n * (1n + 2n)); // 8,820
    expect(seq('rnn: {units: 20, bias: one}').flops).toBe(2n * 7n * 600n + 7n * 20n * (1n + 1n));
  });

  test('stacked and bidirectional: every layer and both directions run every step', () => {
    // Layer 1 per direction 4·(10·20 + 20·20) = 2,400; layer 2 reads 40: 4·(40·20 + 20·20) = 4,800.
    const l = seq('lstm: {units: 20, layers: 2, bidirectional: true}');
    expect(l.macs).toBe(7n * 2n * (2_400n + 4_800n)); // 100,800
    expect(l.flops).toBe(2n * 100_800n + 7n * 2n * 2n * 20n * (18n + 8n));
  });
});

describe('training: what PyTorch keeps per step (bytes at float32, torch 1.13 CPU measured)', () => {
  const kept = (item: string) =>
    layer(run(`input: [7, 10]\nlayers:\n  - ${item}\n`, { training: { optimizer: 'sgd' } }), item.split(':')[0] + '_1').training!.savedActivationBytes;
  // Input 7·10 = 70 elements; per layer and direction LSTM 7·L·H = 980, GRU 6·L·H = 840,
  // RNN (L + 1)·H = 160; an upper layer keeps its input sequence, L·D·H.
  test.each([
    ['lstm: {units: 20}', 4n * (70n + 980n), 4_200n],
    ['lstm: {units: 20, bidirectional: true}', 4n * (70n + 2n * 980n), 8_120n],
    ['lstm: {units: 20, layers: 2}', 4n * (70n + 980n + 140n + 980n), 8_680n],
    ['lstm: {units: 20, layers: 2, bidirectional: true}', 4n * (70n + 1_960n + 280n + 1_960n), 17_080n],
    ['gru: {units: 20}', 4n * (70n + 840n), 3_640n],
    ['gru: {units: 20, bidirectional: true}', 4n * (70n + 2n * 840n), 7_000n],
    ['gru: {units: 20, layers: 2}', 4n * (70n + 840n + 140n + 840n), 7_560n],
    ['rnn: {units: 20}', 4n * (70n + 160n), 920n],
    ['rnn: {units: 20, bidirectional: true}', 4n * (70n + 2n * 160n), 1_560n],
    ['rnn: {units: 20, layers: 2}', 4n * (70n + 160n + 140n + 160n), 2_120n],
  ])('%s', (item, arithmetic, measured) => {
    expect(arithmetic).toBe(measured);
    expect(kept(item)).toBe(measured);
  });
});

describe('receptive field', () => {
  test('a forward pass: step t has read steps 0..t, a causal window of L', () => {
    const r = run('input: [7, 10]\nlayers:\n  - conv: {filters: 10, kernel: 3}\n  - lstm: {units: 20}\n');
    // conv: 3; the LSTM over its 5 steps: 3 + (5 - 1)·1 = 7
    expect(r.layers[1].receptiveField).toEqual([7]);
  });

  test('bidirectional, or the last state alone, sees the whole input', () => {
    const input = 'input: [7, 10]\nlayers:\n  - conv: {filters: 10, kernel: 3}\n';
    expect(run(`${input}  - lstm: {units: 20, bidirectional: true}\n`).layers[1].receptiveField).toEqual([7]);
    expect(run(`${input}  - gru: {units: 20, return_sequences: false}\n`).layers[1].receptiveField).toEqual([7]);
  });
});

describe('errors', () => {
  const message = (input: string, item: string) => {
    try {
      run(`input: ${input}\nlayers:\n  - ${item}\n`);
    } catch (e) {
      if (e instanceof ArchcostError) return e.message;
      throw e;
    }
    throw new Error('no error');
  };

  test('a map or a vector is not a sequence', () => {
    expect(message('[8, 8, 3]', 'lstm: {units: 4}')).toContain('lstm needs a sequence [L, C] (time steps, features), got 8x8x3: reshape a map to [L, C] first');
    expect(message('[16]', 'gru: {units: 4}')).toContain('gru needs a sequence [L, C] (time steps, features), got 16');
  });

  test('units is required; bias takes two, one, none or a boolean', () => {
    expect(message('[7, 10]', 'lstm: {layers: 2}')).toContain("lstm needs 'units'");
    expect(message('[7, 10]', 'lstm: {units: 4, bias: single}')).toContain('two, one or none (true = two, false = none)');
  });
});

describe("the LSTM language model (pytorch/examples word_language_model's defaults)", () => {
  const report = analyze(readFileSync('examples/lstm-language-model.yaml', 'utf8'), { file: 'examples/lstm-language-model.yaml' });
  // Embedding(33,278, 200) + LSTM(200, 200, 2) + Linear(200, 33,278), by hand:
  //   encoder 33,278·200                           = 6,655,600
  //   rnn     2 layers · 4·(200·200 + 200·200 + 400) = 643,200
  //   decoder 200·33,278 + 33,278                   = 6,688,878
  // torch: sum(p.numel() for p in RNNModel('LSTM', 33278, 200, 200, 2).parameters()) = 13,987,678.
  test('params', () => {
    expect(layer(report, 'encoder').params).toBe(6_655_600n);
    expect(layer(report, 'rnn').params).toBe(643_200n);
    expect(layer(report, 'decoder').params).toBe(6_688_878n);
    expect(report.totals.params).toBe(6_655_600n + 643_200n + 6_688_878n);
    expect(report.totals.params).toBe(13_987_678n);
  });

  test('MACs over a bptt window of 35 tokens', () => {
    // LSTM: 35 steps · 2 layers · 4·(200·200 + 200·200) = 22,400,000; decoder 35·200·33,278 = 232,946,000.
    expect(layer(report, 'rnn').macs).toBe(35n * 2n * 4n * 80_000n);
    expect(layer(report, 'decoder').macs).toBe(35n * 200n * 33_278n);
    expect(report.totals.macs).toBe(22_400_000n + 232_946_000n);
  });

  test('decode: one step per new token on the carried state; a bidirectional layer cannot decode', () => {
    const decode = analyze(readFileSync('examples/lstm-language-model.yaml', 'utf8'), { file: 'lm.yaml', phase: 'decode', context: 34 });
    // One step through both layers: 2 · 4·(200·200 + 200·200) = 640,000; the decoder 200·33,278 = 6,655,600.
    expect(layer(decode, 'rnn').macs).toBe(2n * 4n * 80_000n);
    expect(decode.totals.macs).toBe(640_000n + 6_655_600n);
    expect(() => analyze('input: [7, 10]\nlayers:\n  - lstm: {units: 4, bidirectional: true}\n', { phase: 'decode', context: 6 })).toThrow(
      'a bidirectional lstm cannot decode one token at a time: its backward direction starts from the last token (analyze it in prefill)',
    );
  });

  test("Zaremba et al.'s medium model: 650 units on a 10,000-word vocabulary", () => {
    const medium = analyze(readFileSync('examples/lstm-language-model.yaml', 'utf8'), {
      file: 'examples/lstm-language-model.yaml',
      vars: { emsize: 650, nhid: 650, ntoken: 10_000 },
    });
    // 10,000·650 + 2·4·(650·650 + 650·650 + 1,300) + 650·10,000 + 10,000; torch's nn.LSTM(650, 650, 2) has 6,770,400.
    expect(layer(medium, 'rnn').params).toBe(6_770_400n);
    expect(medium.totals.params).toBe(6_500_000n + 6_770_400n + 6_510_000n);
  });
});
