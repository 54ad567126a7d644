import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  test('full recomputation with a pipeline: a stage starting inside a checkpointed block checkpoints its own piece', () => {
    // Six 8 -> 8 dense layers of equal weight in two copies of a three-layer block: P = 3 cuts after
    // blocks.0.b and blocks.1.a. Each tensor is 8 float32 values (32 bytes, batch 1); a dense keeps its input.
    const spec = 'input: [8]\nblocks:\n  mlp:\n    layers:\n      - dense: {name: a, units: 8}\n      - dense: {name: b, units: 8}\n      - dense: {name: c, units: 8}\nlayers:\n  - mlp: {name: blocks, repeat: 2}\n';
    const stages = run(spec, { training: { optimizer: 'sgd', recompute: 'full' }, parallel: parallel({ P: 3 }) }).parallel!.stages;
    expect(stages.map((s) => [s.first, s.last])).toEqual([
      ['blocks.0.a', 'blocks.0.b'],
      ['blocks.0.c', 'blocks.1.a'],
      ['blocks.1.b', 'blocks.1.c'],
    ]);
    const tensor = 32n;
    // Stage 0 (3 micro-batches in flight under 1F1B) keeps the model input; recomputing, b holds a's output again.
    expect([stages[0].training!.savedActivationBytes, stages[0].training!.recomputeBytes]).toEqual([tensor * 3n, tensor]);
    // Stage 1 (2 in flight): blocks.0.c keeps b's output, blocks.1.a keeps c's; each piece is one layer, whose input is kept.
    expect([stages[1].training!.savedActivationBytes, stages[1].training!.recomputeBytes]).toEqual([2n * tensor * 2n, 0n]);
    // Stage 2 (1 in flight): keeps blocks.1.a's output; recomputing, c holds b's output again.
    expect([stages[2].training!.savedActivationBytes, stages[2].training!.recomputeBytes]).toEqual([tensor, tensor]);
  });

  test('full recomputation finds the repeats by their scopes\' copy count, in template copies too', () => {
    const nested = 'input: [8]\nblocks:\n  pair:\n    layers:\n      - dense: {name: a, units: 8}\n  outer:\n    layers:\n      - pair: {name: inner, repeat: 3}\n      - relu\nlayers:\n  - outer: {name: blocks, repeat: 2}\n';
    const r = run(nested, { training: { optimizer: 'sgd', recompute: 'full' } });
    expect(r.scopes.filter((s) => s.repeat !== undefined).map((s) => [s.name, s.kind, s.repeat])).toEqual([
      ['blocks', 'outer x2', 2],
      ['blocks.0.inner', 'pair x3', 3],
      ['blocks.1.inner', 'pair x3', 3],
    ]);
    // The outermost repeat's two copies are the segments: each keeps its input (8 float32 values, 32 bytes).
    expect(r.totals.training!.savedActivationBytes).toBe(2n * 32n);
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
    // 803 layers: each of the 80 decoder layers is 10 (two RMSNorms, attention, two residual adds, gate_proj,
    // up_proj, act_fn, the SwiGLU product, down_proj), then embed_tokens, the final norm and lm_head.
    // gate_proj, up_proj and lm_head read whole tensors (columns); down_proj reads the split product (rows);
    // act_fn and the product work on split shares (elementwise); norms and adds are replicated.
    const splits = { heads: 80, columns: 80 * 2 + 1, rows: 80, vocab: 1, elementwise: 80 * 2, replicated: 80 * 4 + 1 };
    expect(Object.values(splits).reduce((a, b) => a + b)).toBe(80 * 10 + 3);
    expect(r.parallel!.splits).toEqual(splits);
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

  test('repeat copies split otherwise than the copy they repeat are counted as their own share', () => {
    // Four copies of a dense to 16 (no bias) on 4 inputs, T = 2: columns, rows, columns, rows. Copies 2 and 3 repeat
    // copy 1 (graph.ts twin), but copy 2 reads a whole tensor and copy 3 a split one.
    const spec = 'input: [4]\nblocks:\n  one:\n    layers:\n      - dense: {name: d, units: 16, bias: false}\nlayers:\n  - one: {name: l, repeat: 4}\n';
    const r = run(spec, { parallel: parallel({ T: 2 }) });
    expect(r.parallel!.splits).toMatchObject({ columns: 2, rows: 2 });
    // Each device's weights: 4 x 8, 8 x 16, 16 x 8, 8 x 16, float32.
    expect(r.totals.perDevice!.weightBytes).toBe((4n * 8n + 8n * 16n + 16n * 8n + 8n * 16n) * 4n);
    // Live at each layer: its input and its output, 4 bytes a value: 4 + 8, 8 + 16, 16 + 8, 8 + 16 values.
    expect(r.totals.perDevice!.peakActivationBytes).toBe((8n + 16n) * 4n);
  });

  test('a hand roofline of a column- then row-parallel MLP on 2 devices', () => {
    // 16 -> 64 -> relu -> 16, float32, batch 1, on a memory-bound device (1 GB/s, links 2 GB/s: 1 GB/s one way).
    const device = { name: 'slow', memoryBandwidth: 10n ** 9n, peakFlops: { float32: 10n ** 18n }, links: 2n * 10n ** 9n };
    const mlp = 'input: [16]\nlayers:\n  - dense: {name: up, units: 64}\n  - relu\n  - dense: {name: down, units: 16}\n';
    const t = run(mlp, { device, parallel: parallel({ T: 2 }) }).totals.perDevice!.time!;
    // Each device: up has 32 columns ((16 + 1)·32 weights), reads 16 values and writes 32; relu reads and writes its 32;
    // down has its 32 rows and the whole bias (32·16 + 16 weights), reads 32 values and writes 16. 4 bytes each.
    const up = ((16 + 1) * 32 + 16 + 32) * 4;
    const relu = (32 + 32) * 4;
    const down = (32 * 16 + 16 + 32 + 16) * 4;
    // down's output all-reduced over 2 devices: 2·(2 - 1) chunks of 64 / 2 bytes.
    const allReduce = 2 * 1 * (16 * 4) / 2;
    expect(t.communicationSeconds).toBeCloseTo(allReduce / 1e9, 15);
    expect(t.seconds).toBeCloseTo((up + relu + down + allReduce) / 1e9, 15);
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

  test('inference has one batch in flight: each stage sends the crossing tensor once, and the pass is the stages one after another', () => {
    // A memory-bound device (peak far above what these layers need): each layer's time is its bytes over 1 GB/s,
    // the send 1,024 bytes over half of 2 GB/s of links.
    const device = { name: 'slow', memoryBandwidth: 10n ** 9n, peakFlops: { float32: 10n ** 18n }, links: 2n * 10n ** 9n };
    const inference = run(chain, { batch: 4, device, parallel: parallel({ P: 2 }) });
    expect(inference.parallel!.microBatches).toBe(1);
    const [first, second] = inference.parallel!.stages;
    // b's output, 64 wide x 4 samples x 4 bytes, crosses the cut once.
    expect(first.communication.parts.map((p) => [p.what, p.bytes])).toEqual([['activations', 64n * 4n * 4n]]);
    expect(second.communication.parts).toEqual([]);
    // Bytes each layer reads (input + float32 weights) and writes (its output), batch 4:
    const a = 16n * 16n + 1088n * 4n + 1024n; // 5,632
    const b = 1024n + 4160n * 4n + 1024n; // 18,688 (c the same)
    const d = 1024n + 1040n * 4n + 16n * 16n; // 5,440
    expect(first.seconds).toBeCloseTo(Number(a + b + 1024n) / 1e9, 15);
    expect(second.seconds).toBeCloseTo(Number(b + d) / 1e9, 15);
    const time = inference.totals.perDevice!.time!;
    expect(time.seconds).toBeCloseTo(Number(a + b + b + d + 1024n) / 1e9, 15);
    expect(time.communicationSeconds).toBeCloseTo(1024 / 1e9, 15);
    expect(time.communicationSeconds).toBeLessThanOrEqual(time.seconds);
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
    // By hand (docs/fit.md's one attention layer, decoding after 15 cached positions): 37,248 FLOPs and 65,536 + 8,704 =
    // 74,240 bytes a step. At 1 GFLOP/s and 1 GB/s the step is 74.24 µs: 1 / 74.24 µs = 13,469.8 tokens/s, whole: 13,470.
    // At 1 MB/s it is 74.24 ms: 13.4698, three significant digits: 13.5.
    const dir = mkdtempSync(join(tmpdir(), 'archcost-'));
    const spec = join(dir, 'one.yaml');
    writeFileSync(spec, 'input: [16, 64]\nlayers:\n  - attention: {heads: 4, causal: true, flash: true, bias: false}\n');
    const card = (bandwidth: string) => {
      const file = join(dir, `card-${bandwidth.replace("/", "")}.yaml`);
      writeFileSync(file, `name: Card\nmemoryBandwidth: ${bandwidth}\npeakFlops: {float32: 1G}\n`);
      return file;
    };
    const tokens = async (bandwidth: string) => (await cli('analyze', spec, '--phase', 'decode', '--context', '15', '--device-file', card(bandwidth), '-q')).stdout.match(/tokens\/s +(\S+)/)?.[1];
    expect(await tokens('1GB/s')).toBe('13,470');
    expect(await tokens('1MB/s')).toBe('13.5');
    rmSync(dir, { recursive: true, force: true });
  });

  test('training with ZeRO prints one device and its traffic', async () => {
    // U-Net (examples/unet.yaml): Ψ = 31,030,658 params (by hand in specs/crop.test.ts). ZeRO-2 over 8 replicas
    // shards master weights, gradients and Adam's two moments into ceil(Ψ/8) = 3,878,833 elements a device.
    const psi = 31_030_658n;
    const shard = (psi + 7n) / 8n;
    // Kept activations (float16, one sample; docs/memory.md): each double_conv keeps its input and both ReLU outputs
    // (the convs after them read those), each maxpool an int64 index per output element, each up step its concat
    // (an up-conv keeps its input, the ReLU output before it; crop and concat keep nothing).
    const doubleConv = (side: number, filters: number) => (side - 2) ** 2 * filters + (side - 4) ** 2 * filters;
    const down = [572 ** 2, doubleConv(572, 64), 284 ** 2 * 64, doubleConv(284, 128), 140 ** 2 * 128, doubleConv(140, 256), 68 ** 2 * 256, doubleConv(68, 512), 32 ** 2 * 512, doubleConv(32, 1024)];
    const up = [[56, 1024, 512], [104, 512, 256], [200, 256, 128], [392, 128, 64]].map(([side, concat, filters]) => side ** 2 * concat + doubleConv(side, filters));
    const indices = 284 ** 2 * 64 + 140 ** 2 * 128 + 68 ** 2 * 256 + 32 ** 2 * 512;
    const kept = BigInt([...down, ...up].reduce((a, b) => a + b) * 2 + indices * 8);
    expect(kept).toBe(401_205_280n);
    const options = { training: { optimizer: 'adam' as const, mixedPrecision: true }, parallel: parallel({ N: 8, zero: 2 }) };
    const report = analyze(readFileSync('examples/unet.yaml', 'utf8'), { file: 'unet.yaml', ...options });
    const d = report.totals.training!.perDevice!;
    expect([d.weightBytes, d.masterWeightBytes, d.gradientBytes, d.optimizerStateBytes, d.savedActivationBytes]).toEqual([2n * psi, 4n * shard, 2n * shard, 8n * shard, kept]);
    // The reduce-scatter of 2Ψ gradient bytes: 7 chunks of ceil(2Ψ/8).
    const reduceScatter = 7n * ((2n * psi + 7n) / 8n);
    expect(report.totals.communication!.parts[0]).toMatchObject({ kind: 'reduce-scatter', bytes: reduceScatter });

    const mib = (bytes: bigint) => (Number(bytes) / 2 ** 20).toPrecision(3).replace('.', '\\.');
    const r = await cli('analyze', 'examples/unet.yaml', '--mixed-precision', '--data-parallel', '8', '--zero', '2', '--device', 'a100', '-q');
    expect(r.stdout).toMatch(
      new RegExp(`per device   training [\\d.]+ MiB = weights ${mib(2n * psi)} MiB \\+ master ${mib(4n * shard)} MiB \\+ gradients ${mib(2n * shard)} MiB \\+ optimizer state ${mib(8n * shard)} MiB \\+ kept activations ${mib(kept)} MiB`),
    );
    expect(r.stdout).toMatch(new RegExp(`data-parallel reduce-scatter of gradients ${mib(reduceScatter)} MiB`));
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
