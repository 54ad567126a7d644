import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { analyze, type AnalyzeOptions } from '../src/index.js';
import { findDevice } from '../src/counting/devices.js';
import { importHuggingFace } from '../src/importers/huggingface.js';
import { cli } from './cli.js';
import { errorOf, run } from './helpers.js';

const parallel = (p: { N?: number; zero?: 0 | 1 | 2 | 3; T?: number; P?: number }) => ({
  dataParallel: p.N ?? 1,
  zero: p.zero ?? 0,
  tensorParallel: p.T ?? 1,
  pipelineParallel: p.P ?? 1,
});

function config(name: string, options: AnalyzeOptions = {}, input = [128]) {
  const { spec } = importHuggingFace(readFileSync(`specs/fixtures/hf/${name}.json`), { file: `${name}.json`, input });
  return analyze(spec, { file: `${name}.json`, ...options });
}

describe('ZeRO (Rajbhandari et al. 2020, Figure 1): Ψ = 7.5B, Adam with mixed precision (K = 12), N = 64', () => {
  // One dense layer of 75,000 x 100,000 weights, no bias: Ψ = 7.5e9.
  const psi = 'input: [75000]\nlayers:\n  - dense: {units: 100000, bias: false}\n';
  const states = (zero: 0 | 1 | 2 | 3) => {
    const d = run(psi, { dtype: 'float16', training: { optimizer: 'adam', mixedPrecision: true }, parallel: parallel({ N: 64, zero }) }).totals.training!.perDevice!;
    return d.weightBytes + d.masterWeightBytes + d.gradientBytes + d.optimizerStateBytes;
  };

  test('model states per device: 120 GB, 31.4 GB, 16.6 GB, 1.88 GB', () => {
    const P = 7_500_000_000n;
    expect(states(0)).toBe((2n + 2n + 12n) * P); // 120e9
    expect(states(1)).toBe(2n * P + 2n * P + (12n * P) / 64n); // 31.40625e9
    expect(states(2)).toBe(2n * P + ((2n + 12n) * P) / 64n); // 16.640625e9
    expect(states(3)).toBe(((2n + 2n + 12n) * P) / 64n); // 1.875e9
    expect([states(0), states(1), states(2), states(3)].map((b) => Number(b) / 1e9)).toEqual([120, 31.40625, 16.640625, 1.875]);
  });

  test('the data-parallel traffic of a step: 2Ψ for stages 0 to 2, 3Ψ for stage 3 (ring collectives, (N - 1)/N of it)', () => {
    const parts = (zero: 0 | 1 | 2 | 3) =>
      run(psi, { dtype: 'float16', training: { optimizer: 'adam', mixedPrecision: true }, parallel: parallel({ N: 64, zero }) }).totals.communication!.parts.map((p) => [p.kind, p.what, p.bytes]);
    // 2Ψ bytes of float16 gradients in 64 chunks of 234,375,000 bytes: 63 chunks sent per reduce-scatter or all-gather.
    const chunk = (2n * 7_500_000_000n) / 64n;
    expect(parts(0)).toEqual([['all-reduce', 'gradients', 2n * 63n * chunk]]);
    expect(parts(1)).toEqual([
      ['reduce-scatter', 'gradients', 63n * chunk],
      ['all-gather', 'parameters', 63n * chunk],
    ]);
    expect(parts(2)).toEqual(parts(1));
    expect(parts(3)).toEqual([
      ['reduce-scatter', 'gradients', 63n * chunk],
      ['all-gather', 'parameters', 2n * 63n * chunk],
    ]);
  });

  test('ZeRO shards training state only', () => {
    expect(errorOf(() => run(psi, { parallel: parallel({ N: 2, zero: 1 }) }))).toMatch(/--zero 1 shards training state/);
  });
});

/** GPT layers as Korthikanti et al. 2022 count them (examples/llm/gpt-layers.yaml), at s 32, h 64, 4 heads, 2 layers. */
const GPT = readFileSync('examples/llm/gpt-layers.yaml', 'utf8');
const GPT_VARS = { s: 32, h: 64, a: 4, n: 2 };

describe('activation memory per transformer layer: Korthikanti et al. 2022', () => {
  const [s, h, a, b, n] = [32n, 64n, 4n, 2n, 2n];
  const training = (recompute: 'none' | 'selective' | 'full' = 'none', T = 1) =>
    run(GPT, { batch: 2, vars: GPT_VARS, training: { optimizer: 'adam', mixedPrecision: true, recompute }, ...(T > 1 ? { parallel: parallel({ T }) } : {}) });
  // archcost also keeps each layernorm's float32 mean and 1/std per row (8 bytes per token), which the paper leaves out.
  const stats = 2n * 8n * s * b;

  test('without recomputation: s·b·h·34 + 5·a·s²·b bytes per layer, plus the layernorm statistics', () => {
    expect(s * b * h * 34n + 5n * a * s * s * b).toBe(180_224n);
    expect(training().totals.training!.savedActivationBytes).toBe(n * (s * b * h * 34n + 5n * a * s * s * b + stats));
  });

  test('tensor parallelism t = 2: s·b·h·(10 + 24/t + 5·a·s/(h·t)) per layer (their equation 2)', () => {
    const t = 2n;
    const perLayer = s * b * h * 10n + (s * b * h * 24n) / t + (5n * a * s * s * b) / t + stats;
    expect(training('none', 2).totals.training!.perDevice!.savedActivationBytes).toBe(n * perLayer);
  });

  test('selective recomputation: s·b·h·34 per layer; one layer at a time holds its 5·a·s²·b again in backward', () => {
    const t = training('selective').totals.training!;
    expect(t.savedActivationBytes).toBe(n * (s * b * h * 34n + stats));
    expect(t.recomputeBytes).toBe(5n * a * s * s * b);
  });

  test("full recomputation: each layer's input, 2·s·b·h; the layer recomputed holds the rest of its activations again", () => {
    const t = training('full').totals.training!;
    expect(t.savedActivationBytes).toBe(n * 2n * s * b * h);
    expect(t.recomputeBytes).toBe(s * b * h * 34n + 5n * a * s * s * b + stats - 2n * s * b * h);
    expect(t.totalBytes).toBe(t.weightBytes + t.masterWeightBytes + t.gradientBytes + t.optimizerStateBytes + t.savedActivationBytes + t.recomputeBytes);
  });

  test('full recomputation needs a repeated block to checkpoint', () => {
    expect(errorOf(() => run('input: [8, 8]\nlayers:\n  - dense: {units: 8}\n', { training: { optimizer: 'sgd', recompute: 'full' } }))).toMatch(
      /--recompute full checkpoints each copy of a repeated block/,
    );
  });
});

describe('tensor parallelism (Megatron-LM): Llama-3-70B on 8 devices', () => {
  const r = config('llama-3-70b', { phase: 'decode', context: 8191, batch: 16, parallel: parallel({ T: 8 }) });

  test('each device holds 1/8 of the heads and MLP columns and of the vocabulary; norms are replicated', () => {
    // Per layer: q and o 8192 x (64/8)·128 each, k and v 8192 x 1·128 each (8 KV heads over 8 devices), gate, up and down 8192 x 28672/8, two norms.
    const perLayer = 2 * 8192 * 1024 + 2 * 8192 * 128 + 3 * 8192 * 3584 + 2 * 8192;
    const params = 80 * perLayer + 2 * (128256 / 8) * 8192 + 8192;
    expect(params).toBe(8_820_367_360);
    expect(r.totals.perDevice!.weightBytes).toBe(BigInt(params) * 2n);
    expect(r.parallel!.splits).toEqual({ heads: 80, columns: 161, rows: 80, vocab: 1, elementwise: 160, replicated: 321 });
    expect(r.parallel!.replicatedParams).toBe(BigInt(161 * 8192));
  });

  test("the KV cache: each device holds one of the 8 KV heads, 80·2·128 values per position and sequence", () => {
    expect(r.totals.perDevice!.kvCacheBytes).toBe(80n * 2n * 128n * 8192n * 16n * 2n);
    expect(r.totals.perDevice!.kvCacheBytes * 8n).toBe(r.totals.kvCacheBytes);
  });

  test('communication of a decode step: an all-reduce of the hidden state per attention, MLP and embedding, and the logits gathered', () => {
    // 161 all-reduces of 16 x 8192 x 2 bytes = 262,144 bytes: 2·7 chunks of 32,768 each; the logits, 16 x 128,256 x 2 bytes, in 7 chunks of 513,024.
    const parts = r.totals.communication!.parts.map((p) => [p.group, p.kind, p.what, p.bytes]);
    expect(parts).toEqual([
      ['tensor', 'all-reduce', 'activations', 161n * 14n * 32_768n],
      ['tensor', 'all-gather', 'activations', 7n * 513_024n],
    ]);
  });

  test('with a device: the time of a step includes the collectives at half the links figure (one direction)', () => {
    const timed = config('llama-3-70b', { phase: 'decode', context: 8191, batch: 16, parallel: parallel({ T: 8 }), device: findDevice('h100') });
    const c = timed.totals.communication!;
    expect(c.seconds).toBeCloseTo(Number(c.bytes) / 450e9, 12);
    const time = timed.totals.perDevice!.time!;
    expect(time.tokensPerSecond).toBeCloseTo(16 / time.seconds, 6);
    expect(time.tokensPerSecondPerDevice).toBeCloseTo(time.tokensPerSecond / 8, 6);
  });

  test('heads that the devices do not divide are refused, naming the layer', () => {
    const spec = 'input: [16, 48]\nlayers:\n  - attention: {heads: 12, kv_heads: 4, causal: true}\n';
    expect(errorOf(() => run(spec, { parallel: parallel({ T: 5 }) }))).toMatch(/--tensor-parallel 5: attention has 12 heads, which 5 does not divide/);
    expect(errorOf(() => run(spec, { parallel: parallel({ T: 6 }) }))).toMatch(/--tensor-parallel 6: attention has 4 key\/value heads: 6 must divide them or be a multiple of them/);
  });
});

describe('pipeline parallelism: stages of consecutive layers, the heaviest as light as it can be', () => {
  // float32 weights: 16->64 (1,088 params), 64->64 (4,160), 64->64 (4,160), 64->16 (1,040).
  const chain = 'input: [16]\nlayers:\n  - dense: {name: a, units: 64}\n  - dense: {name: b, units: 64}\n  - dense: {name: c, units: 64}\n  - dense: {name: d, units: 16}\n';
  const r = run(chain, { batch: 4, training: { optimizer: 'sgd' }, parallel: parallel({ P: 2 }) });
  const stages = r.parallel!.stages;

  test('cut after b: 4,352 + 16,640 bytes against 16,640 + 4,160 (a cut after a or c leaves 37,440 or 37,632 on one side)', () => {
    expect(stages.map((s) => [s.first, s.last, s.weightBytes])).toEqual([
      ['a', 'b', (1088n + 4160n) * 4n],
      ['c', 'd', (4160n + 1040n) * 4n],
    ]);
  });

  test('1F1B: the first stage keeps 2 micro-batches of activations, the last 1; each stage keeps its own copy of what it receives', () => {
    // Each dense keeps its input: a the model input (16 x 4 samples x 4 bytes), b, c and d a 64-wide output (1,024 bytes).
    expect(stages[0].training!.savedActivationBytes).toBe((256n + 1024n) * 2n);
    expect(stages[1].training!.savedActivationBytes).toBe((1024n + 1024n) * 1n);
    const d = r.totals.training!.perDevice!;
    expect(d.stage).toBe(0);
    expect(d.totalBytes).toBe(2n * stages[0].weightBytes + 2560n);
  });

  test("a step of P = 2 micro-batches sends b's output forward (1,024 bytes each) and its gradient back", () => {
    expect(stages[0].communication.parts.map((p) => [p.what, p.bytes])).toEqual([['activations', 2048n]]);
    expect(stages[1].communication.parts.map((p) => [p.what, p.bytes])).toEqual([['activation gradients', 2048n]]);
  });

  test('more stages than layers are refused', () => {
    expect(errorOf(() => run(chain, { parallel: parallel({ P: 5 }) }))).toMatch(/--pipeline-parallel 5: the model has 4 layers, fewer than the 5 stages/);
  });
});

describe('the command line', () => {
  test('analyze prints the deployment: devices, splits, per device, communication, speed', async () => {
    const r = await cli('analyze', 'specs/fixtures/hf/llama-3-70b.json', '--phase', 'decode', '--context', '8191', '--batch', '16', '--tensor-parallel', '8', '--device', 'h100', '-q');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('devices      8 = 1 data-parallel x 8 tensor-parallel x 1 pipeline stage');
    expect(r.stdout).toContain('split        attention by heads 80, dense by columns 161 and by rows 80, embedding by vocabulary 1, elementwise 160; replicated 321 layers with 1,318,912 params');
    expect(r.stdout).toMatch(/per device   21\.4 GiB = weights 16\.4 GiB \+ peak activations [\d.]+ MiB \+ KV cache 5\.00 GiB/);
    expect(r.stdout).toMatch(/comms        73\.9 MiB sent per step by that device: tensor-parallel all-reduce of activations 70\.4 MiB \([\d.]+ µs\), tensor-parallel all-gather of activations 3\.42 MiB/);
    expect(r.stdout).toMatch(/deployment   [\d.]+ ms per pass; [\d,]+ tokens\/s in all, [\d,]+ per device/);
    const es = await cli('analyze', 'specs/fixtures/hf/llama-3-70b.json', '--phase', 'decode', '--context', '8191', '--tensor-parallel', '8', '--lang', 'es', '-q');
    expect(es.stdout).toContain('dispositivos 8 = 1 en paralelo de datos x 8 en paralelo de tensores x 1 etapa de pipeline');
  });

  test('tokens/s is written as in the deployment line: whole and grouped from 100 up', async () => {
    const args = ['analyze', 'specs/fixtures/hf/llama-3-70b.json', '--phase', 'decode', '--context', '1023', '--batch', '512', '--device', 'h100', '-q'];
    expect((await cli(...args)).stdout).toMatch(/tokens\/s     \d,\d{3} \(512 sequences x 1 token per pass\)/);
    expect((await cli(...args, '--lang', 'es')).stdout).toMatch(/tokens\/s     \d\.\d{3} \(512 secuencias x 1 token por pasada\)/);
  });

  test('training with ZeRO prints one device and its traffic', async () => {
    const r = await cli('analyze', 'examples/unet.yaml', '--mixed-precision', '--data-parallel', '8', '--zero', '2', '--device', 'a100', '-q');
    expect(r.stdout).toMatch(/per device   training [\d.]+ MiB = weights 59\.2 MiB \+ master 14\.8 MiB \+ gradients 7\.40 MiB \+ optimizer state 29\.6 MiB \+ kept activations 383 MiB/);
    expect(r.stdout).toMatch(/data-parallel reduce-scatter of gradients 51\.8 MiB/);
  });

  test('--zero takes a ZeRO stage only (0 to 3), on the command line and from a library caller', async () => {
    for (const bad of ['7', 'x', '1.5']) {
      const r = await cli('fit', 'examples/unet.yaml', '--device', 'a100', '--training', '--data-parallel', '2', '--zero', bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`option '--zero <stage>' argument '${bad}' is invalid. expected 0, 1, 2 or 3, got ${bad}`);
    }
    const seven = { dataParallel: 2, tensorParallel: 1, pipelineParallel: 1, zero: 7 } as unknown as AnalyzeOptions['parallel'];
    expect(errorOf(() => run('input: [8]\nlayers:\n  - dense: {units: 8}\n', { training: { optimizer: 'adam' }, parallel: seven }))).toBe('options.parallel.zero: expected one of 0, 1, 2, 3, got 7');
  });
});
