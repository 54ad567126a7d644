import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { renderTable } from '../src/report/table.js';
import { layer, run, seedBottleneck } from './helpers.js';

const example = (path: string) => readFileSync(new URL(`../examples/${path}`, import.meta.url), 'utf8');

const SEED = seedBottleneck();

describe('per-layer traffic: inputs + weights + output, each once', () => {
  test('the seed bottleneck at float32, by hand', () => {
    const reduce = layer(run(SEED), 'reduce');
    // input 28·28·256·4 = 802,816; weights 64·256·4 = 65,536; output 28·28·64·4 = 200,704
    expect(reduce.weightBytes).toBe(65_536n);
    expect(reduce.bytesRead).toBe(802_816n + 65_536n);
    expect(reduce.bytesWritten).toBe(200_704n);
    // FLOPs 2·28·28·64·256 = 25,690,112 over 1,069,056 bytes
    expect(reduce.arithmeticIntensity).toBe(25_690_112 / 1_069_056);
  });

  test('the batch multiplies inputs and outputs but weights are read once', () => {
    const spatial = layer(run(SEED, { batch: 8, dtype: 'float16' }), 'spatial');
    // input 8·28·28·64·2 = 802,816; weights 256·64·16·2 = 524,288; output 8·28·28·256·2 = 3,211,264
    expect(spatial.weightBytes).toBe(524_288n);
    expect(spatial.bytesRead).toBe(802_816n + 524_288n);
    expect(spatial.bytesWritten).toBe(3_211_264n);
  });

  test('batchnorm reads its running statistics with its weights; relu reads no weights', () => {
    const report = run('input: [4, 4, 8]\nlayers:\n  - batchnorm\n  - relu\n', { dtype: 'int8' });
    // 2·8 params + 2·8 buffers at 1 byte; input and output 4·4·8 = 128 bytes each
    expect(layer(report, 'batchnorm_1')).toMatchObject({ weightBytes: 32n, bytesRead: 128n + 32n, bytesWritten: 128n });
    expect(layer(report, 'relu_1')).toMatchObject({ weightBytes: 0n, bytesRead: 128n, bytesWritten: 128n });
  });

  test('a tensor read twice by one layer counts once', () => {
    const report = run('input: [2, 2, 4]\nlayers:\n  - add: {from: [input, input]}\n');
    expect(layer(report, 'add_1').bytesRead).toBe(2n * 2n * 4n * 4n);
  });

  test('totals add the layers up; total intensity is total FLOPs over total bytes', () => {
    const report = run(SEED);
    const read = 868_352n + 200_704n + (200_704n + 1_048_576n); // reduce; relu; spatial (256·64·16·4 weights)
    const written = 200_704n + 200_704n + 802_816n;
    expect(report.totals.bytesRead).toBe(read);
    expect(report.totals.bytesWritten).toBe(written);
    expect(report.totals.arithmeticIntensity).toBe(Number(report.totals.flops) / Number(read + written));
  });
});

describe('peak inference memory by liveness', () => {
  test('inception (3a): the input stays live until the pool branch, the last to read it, has run', () => {
    const report = run(example('inception-3a.yaml'));
    // A 28x28 tensor of C channels at float32 is 784·4·C = 3,136·C bytes. Walking the branches
    // in order (each layer's inputs and output live together, then tensors past their last use
    // are freed), the channels live are:
    //   b1 conv 192+64, relu 192+64+64 -> 192+64
    //   b2 conv 1x1 +96, relu +96 -> 192+64+96, conv 3x3 +128 (frees 96), relu +128 -> 192+64+128
    //   b3 conv 1x1 +16, relu +16 -> 192+64+128+16, conv 5x5 +32 (frees 16), relu +32 -> 192+64+128+32
    //   b4 maxpool: 192+64+128+32 + 192 = 608 channels  <- the peak; the input is freed after it
    // (branches name their layers in the module's scope: relu_1 ends branch 1, relu_3 branch 2, relu_5 branch 3)
    //   conv +32 (frees the pool) -> 256+32, relu -> 256, concat 256 + 256 = 512
    expect(report.totals.peakActivationBytes).toBe(608n * 3_136n);
    expect(report.peak.layer).toBe('branch_pool');
    expect(report.peak.tensors).toEqual([
      { name: 'input', bytes: 192n * 3_136n },
      { name: 'relu_1', bytes: 64n * 3_136n },
      { name: 'relu_3', bytes: 128n * 3_136n },
      { name: 'relu_5', bytes: 32n * 3_136n },
      { name: 'branch_pool', bytes: 192n * 3_136n },
    ]);
  });

  test('inception (3a): the timeline is the live channels of every step of that walk', () => {
    const report = run(example('inception-3a.yaml'));
    // Live channels while each layer runs (its inputs and output together), from the walk above:
    //   b1: 192+64, 192+64+64          b2: 192+64+96, +96, 192+64+96+128, 192+64+128+128
    //   b3: 192+64+128+16, +16, 192+64+128+16+32, 192+64+128+32+32
    //   b4: 608; conv 64+128+32+192+32; relu 64+128+32+32+32; concat 256 + 256
    const channels = [256, 320, 352, 448, 480, 512, 400, 416, 432, 448, 608, 448, 288, 512];
    expect(report.memoryTimeline.map((s) => s.layer)).toEqual(report.layers.map((l) => l.name));
    expect(report.memoryTimeline.map((s) => s.liveBytes)).toEqual(channels.map((c) => BigInt(c) * 3_136n));
    // The peak is the timeline's largest step.
    const largest = report.memoryTimeline.reduce((a, b) => (b.liveBytes > a.liveBytes ? b : a));
    expect(largest).toEqual({ layer: report.peak.layer, liveBytes: report.totals.peakActivationBytes });
  });

  test('inception (3a): the example matches the paper, and weights + peak is the inference total', () => {
    const report = run(example('inception-3a.yaml'));
    // Paper, Table 1: 28x28x256 out, 159K params without biases (units of 1024), 128M ops.
    const weights = 192n * 64n + 192n * 96n + 96n * 128n * 9n + 192n * 16n + 16n * 32n * 25n + 192n * 32n;
    expect(weights / 1024n).toBe(159n);
    expect(report.output.shape).toEqual([28, 28, 256]);
    expect(report.totals.macs / 1_000_000n).toBe(128n);
    const biases = 64n + 96n + 128n + 16n + 32n + 32n;
    expect(report.totals.weightBytes).toBe((weights + biases) * 4n);
    expect(report.totals.inferenceBytes).toBe((weights + biases) * 4n + 608n * 3_136n);
  });

  test('a residual block keeps its input live across the body until the add', () => {
    const spec = 'input: [8, 8, 16]\nlayers:\n  - add:\n      branches:\n        - - conv: {filters: 16, kernel: 3, padding: 1}\n          - relu\n        - []\n';
    const report = run(spec);
    // 8·8·16·4 = 4,096 bytes per tensor. conv: input + conv out = 2 tensors; relu: input + conv + relu = 3
    // (the conv output dies after); add: input + relu + add = 3.
    expect(report.totals.peakActivationBytes).toBe(3n * 4_096n);
    expect(report.peak.layer).toBe('relu_1');
    expect(report.peak.tensors.map((t) => t.name)).toEqual(['input', 'conv_1', 'relu_1']);
  });

  test('batch and dtype scale the peak', () => {
    const spec = 'input: [4, 4, 2]\nlayers:\n  - relu\n';
    // input + output, 4·4·2 elements each
    expect(run(spec).totals.peakActivationBytes).toBe(2n * 32n * 4n);
    expect(run(spec, { batch: 3, dtype: 'bfloat16' }).totals.peakActivationBytes).toBe(2n * 3n * 32n * 2n);
  });
});

describe('the sum of activations counts the input, as the peak does', () => {
  // seed-direct: a 28x28x256 float32 input (802,816 bytes) into one conv with a 28x28x256 output.
  const report = run(example('seed-direct.yaml'));

  test('inputBytes, and a sum that is never below the peak', () => {
    expect(report.totals.inputBytes).toBe(28n * 28n * 256n * 4n);
    expect(report.totals.activationBytes).toBe(28n * 28n * 256n * 4n);
    // Both tensors are live while the conv runs.
    expect(report.totals.peakActivationBytes).toBe(2n * 28n * 28n * 256n * 4n);
    expect(report.totals.inputBytes + report.totals.activationBytes).toBeGreaterThanOrEqual(report.totals.peakActivationBytes);
  });

  test('the summary line says what the sum is made of', () => {
    expect(renderTable(report)).toContain('activations  1.53 MiB = input 784 KiB + layer outputs 784 KiB; peak 1.53 MiB live at spatial, input included');
  });
});
