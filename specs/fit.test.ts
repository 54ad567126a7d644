import { describe, expect, test } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, type AnalyzeOptions } from '../src/index.js';
import { findDevice, type Device } from '../src/counting/devices.js';
import { fit, type FitRequest } from '../src/explore/fit.js';
import { fitSweep } from '../src/explore/fit-sweep.js';
import { largestFitting } from '../src/explore/fit-search.js';
import { importHuggingFace } from '../src/importers/huggingface.js';
import { objectSource, parseSpecText } from '../src/language/source.js';
import { outputJsonSchema } from '../src/report/schemas.js';
import { cli } from './cli.js';
import { errorOf } from './helpers.js';

const LLAMA_70B = importHuggingFace(readFileSync('specs/fixtures/hf/llama-3-70b.json'), { file: 'llama-3-70b.json' }).spec;
const llama = objectSource(LLAMA_70B, 'llama-3-70b.json');
const H100 = findDevice('h100');
const GIB80 = 80n * 2n ** 30n;

/** The per-device bytes `analyze` reports for the same deployment: the direct analysis a fit's answer must agree with. */
function direct(spec: object | string, options: AnalyzeOptions, training = false): bigint {
  const r = analyze(spec, { file: 'x', ...options });
  return training ? r.totals.training!.perDevice!.totalBytes : r.totals.perDevice!.inferenceBytes;
}

describe('the search: the largest integer that fits, every answer standing on exact probes', () => {
  const search = (bytesAt: (n: number) => bigint, usable: bigint, limit = 1e6) => {
    const probed: number[] = [];
    const result = largestFitting((n) => (probed.push(n), { n, fits: bytesAt(n) <= usable, bytes: bytesAt(n) }), usable, limit);
    return { best: result.best?.n ?? 0, next: result.next?.n, probes: probed.length, probed };
  };

  test('linear in n (weights + n x per-sample terms): four probes, n = 1 and 2, the guess and one past it', () => {
    const r = search((n) => 1000n + 37n * BigInt(n), 10_000n);
    expect(r).toEqual({ best: 243, next: 244, probes: 4, probed: [1, 2, 243, 244] }); // (10000 - 1000) / 37 = 243.2
  });

  test('convex in n (an eager attention workspace grows with the square of the context): matches a scan', () => {
    for (const usable of [5_000n, 123_456n, 9_999_999n]) {
      const bytes = (n: number) => 500n + 3n * BigInt(n) + BigInt(n) * BigInt(n);
      let scan = 0;
      while (bytes(scan + 1) <= usable) scan += 1;
      const r = search(bytes, usable);
      expect([r.best, r.next]).toEqual([scan, scan + 1]);
      expect(r.probes).toBeLessThan(40);
    }
  });

  test('nothing fits, everything fits, and a point that cannot be counted', () => {
    expect(search(() => 10n, 5n)).toMatchObject({ best: 0, next: 1, probes: 1 });
    expect(search(() => 1n, 5n, 100)).toMatchObject({ best: 100, next: undefined });
    const table = largestFitting((n) => (n > 1024 ? { n, fits: false, reason: 'position table' } : { n, fits: true, bytes: BigInt(n) }), 10n ** 9n, 1e6);
    expect([table.best?.n, table.next?.n, table.next?.reason]).toEqual([1024, 1025, 'position table']);
  });
});

describe('Llama-3-70B at 8k context on H100s (bfloat16, decode)', () => {
  const request = (devices: number, extra: Partial<FitRequest> = {}, options: AnalyzeOptions = {}): FitRequest => ({
    device: H100,
    devices,
    solve: 'batch',
    ...extra,
    options: { file: 'llama-3-70b.json', phase: 'decode', context: 8191, ...options },
  });
  const tp = (T: number) => ({ dataParallel: 1, zero: 0 as const, tensorParallel: T, pipelineParallel: 1 });

  test('on 2 devices (tensor-parallel 2): batch 11, and batch 12 does not fit, as direct analyses say', () => {
    const r = fit(llama, request(2));
    expect([r.fits, r.point.batch, r.parallel.tensorParallel]).toEqual([true, 11, 2]);
    // Per device: 35,277,512,704 params at 2 bytes, and per sequence 8,192 cached positions of 80 layers x K and V x 4 KV heads x 128.
    expect(r.point.terms.weightBytes).toBe(35_277_512_704n * 2n);
    expect(r.point.terms.kvCacheBytes).toBe(11n * 80n * 2n * 4n * 128n * 8192n * 2n);
    expect(r.point.totalBytes).toBe(direct(LLAMA_70B, { phase: 'decode', context: 8191, batch: 11, parallel: tp(2) }));
    expect(r.point.totalBytes).toBeLessThanOrEqual(GIB80);
    expect(direct(LLAMA_70B, { phase: 'decode', context: 8191, batch: 12, parallel: tp(2) })).toBeGreaterThan(GIB80);
    expect(r.next).toEqual({ value: 12, totalBytes: r.point.totalBytes + r.perStep! });
    expect([r.binding, r.headroomBytes]).toEqual(['weightBytes', GIB80 - r.point.totalBytes]);
    expect(r.analyses).toBeLessThanOrEqual(12);
  });

  test('on 8 devices the KV cache binds; a 10% reserve gives fewer sequences', () => {
    const r = fit(llama, request(8));
    // Per device, per layer: q and o 8,192 x 1,024, k and v 8,192 x 128 (1 of the 8 KV heads), gate, up and down
    // 8,192 x 3,584, two norms of 8,192: 106,971,136 params; x 80 layers, an eighth of the embedding and of the head
    // (128,256 / 8 x 8,192 each) and the final norm: 8,820,367,360 params at 2 bytes.
    expect(r.point.terms.weightBytes).toBe((80n * 106_971_136n + 2n * 16_032n * 8192n + 8192n) * 2n);
    expect(r.point.terms.weightBytes).toBe(8_820_367_360n * 2n);
    // Each sequence caches 8,192 positions of 80 layers x K and V x 1 KV head x 128 at 2 bytes: 335,544,320 bytes.
    expect(r.point.terms.kvCacheBytes).toBe(BigInt(r.point.batch) * 80n * 2n * 1n * 128n * 8192n * 2n);
    // (85,899,345,920 - 17,640,734,720) / 335,544,320 = 203.4 before the activations (about 0.3 MiB a sequence): 203,
    // whose cache (68.1 GB) is four times the weights (17.6 GB).
    expect(r.point.batch).toBe(203);
    expect(r.binding).toBe('kvCacheBytes');
    expect(direct(LLAMA_70B, { phase: 'decode', context: 8191, batch: r.point.batch, parallel: tp(8) })).toBeLessThanOrEqual(GIB80);
    expect(direct(LLAMA_70B, { phase: 'decode', context: 8191, batch: r.point.batch + 1, parallel: tp(8) })).toBeGreaterThan(GIB80);
    const reserved = fit(llama, request(8, { reserve: { percent: { text: '10%', numerator: 10n, denominator: 100n } } }));
    expect(reserved.usableBytes).toBe(GIB80 - GIB80 / 10n);
    expect(reserved.point.batch).toBeLessThan(r.point.batch);
    expect(direct(LLAMA_70B, { phase: 'decode', context: 8191, batch: reserved.point.batch + 1, parallel: tp(8) })).toBeGreaterThan(reserved.usableBytes);
  });

  test('--solve context: the longest cache 16 sequences fit in on 8 devices', () => {
    const r = fit(llama, request(8, { solve: 'context' }, { batch: 16 }));
    // 16 sequences x 80 layers x K and V x 1 KV head x 128 at 2 bytes: 655,360 bytes per position, the cached ones and the new one.
    expect(r.point.terms.kvCacheBytes).toBe(16n * 80n * 2n * 128n * 2n * BigInt(r.point.context + 1));
    // Without activations (85,899,345,920 - 17,640,734,720) / 655,360 = 104,154.4 positions would fit.
    expect(r.point.context + 1).toBeLessThanOrEqual(104_154);
    // The peak is while an attention layer runs (docs/transformers.md#memory-of-attention): its scores and probabilities,
    // 8 of the 64 query heads on each device x 16 sequences x 1 new token x every key (the positions, cached and new)
    // at 2 bytes, 512 bytes per position; live with them, the residual stream, the norm's output and the attention's
    // output, whole 16 x 8,192 tensors at 2 bytes (docs/parallelism.md: norms replicated, attention's output
    // all-reduced): 786,432 bytes.
    const workspacePerPosition = 2n * 8n * 16n * 1n * 2n;
    const wholeTensors = 3n * 16n * 8192n * 2n;
    expect(r.point.terms.peakActivationBytes).toBe(wholeTensors + workspacePerPosition * BigInt(r.point.context + 1));
    // So (positions) x (655,360 + 512) <= 85,899,345,920 - 17,640,734,720 - 786,432 = 68,257,824,768: 104,071.9, so
    // 104,071 positions, 104,070 of them cached.
    const perPosition = 16n * 80n * 2n * 128n * 2n + workspacePerPosition;
    expect(perPosition).toBe(655_872n);
    const positions = (GIB80 - 8_820_367_360n * 2n - wholeTensors) / perPosition;
    expect(positions).toBe(104_071n);
    expect(r.point.context).toBe(Number(positions) - 1);
    const at = (context: number) => direct(LLAMA_70B, { phase: 'decode', context, batch: 16, parallel: tp(8) });
    expect(r.point.totalBytes).toBe(at(r.point.context));
    expect(at(r.point.context)).toBeLessThanOrEqual(GIB80);
    expect(at(r.point.context + 1)).toBeGreaterThan(GIB80);
  });

  test('on one device it does not fit: the shortfall, and what would fit, each checked directly', () => {
    const r = fit(llama, request(1));
    expect(r.fits).toBe(false);
    expect(r.headroomBytes).toBe(GIB80 - r.point.totalBytes);
    expect(r.headroomBytes).toBeLessThan(0n);
    expect(r.suggestions!.map((s) => s.flags.join(' '))).toEqual(['--weight-dtype int8', '--devices 2 --tensor-parallel 2']);
    const int8 = r.suggestions![0];
    expect(int8.totalBytes).toBe(direct(LLAMA_70B, { phase: 'decode', context: 8191, weights: { dtype: 'int8' }, parallel: tp(1) }));
    expect(int8.totalBytes).toBeLessThanOrEqual(GIB80);
  });

  test('nothing fits even at --batch 4: the shortfall is at batch 1 (exit 1 means a batch of one does not fit), and so are the suggestions', () => {
    const asked4 = fit(llama, request(1, {}, { batch: 4 }));
    const one = fit(llama, request(1));
    expect([asked4.fits, asked4.point.batch]).toEqual([false, 1]);
    // 70,553,706,496 params at 2 bytes, and one sequence's 8,192 positions of 80 layers x K and V x 8 KV heads x 128 at 2 bytes.
    expect(asked4.point.terms.weightBytes).toBe(70_553_706_496n * 2n);
    expect(asked4.point.terms.kvCacheBytes).toBe(80n * 2n * 8n * 128n * 8192n * 2n);
    expect(asked4.point).toEqual(one.point);
    expect(asked4.suggestions).toEqual(one.suggestions);
    // The point is the search's own probe at batch 1: no analysis more than at batch 1.
    expect(asked4.analyses).toBe(one.analyses);
  });

  test('decode throughput: tokens/s rises with the batch towards a ceiling; the knee reaches 90% of it', () => {
    const d = fit(llama, request(2)).decode!;
    expect(d.points.map((p) => p.batch)).toEqual([1, 2, 4, 8, 11]);
    for (let i = 1; i < d.points.length; i++) expect(d.points[i].tokensPerSecond).toBeGreaterThan(d.points[i - 1].tokensPerSecond);
    const at = (batch: number) =>
      analyze(LLAMA_70B, { phase: 'decode', context: 8191, batch, parallel: tp(2), device: H100 }).totals.perDevice!.time!.tokensPerSecond;
    expect(d.points[4].tokensPerSecond).toBeCloseTo(at(11), 6);
    expect(at(d.knee)).toBeGreaterThanOrEqual(0.9 * d.ceilingTokensPerSecond);
    expect(at(d.knee - 1)).toBeLessThan(0.9 * d.ceilingTokensPerSecond);
    expect(at(100_000)).toBeLessThan(d.ceilingTokensPerSecond);
    expect(at(100_000)).toBeGreaterThan(0.99 * d.ceilingTokensPerSecond);
    expect(d.limitedBy).toBe('memory');
  });

  test('a sweep: the largest batch per context and device count, each a fit of its own', () => {
    const s = fitSweep(llama, request(2), [
      { name: 'context', values: [2048, 8192] },
      { name: 'devices', values: [2, 8] },
    ]);
    // 8,192 cached positions on 2 devices: the weights of the 2-device case (70,555,025,408 bytes) and 80·2·4·128·8,193·2 =
    // 1,342,341,120 bytes of cache per sequence: (85,899,345,920 - 70,555,025,408) / 1,342,341,120 = 11.4, so 11 (activations are ~1 MiB).
    expect(s.points[2]).toMatchObject({ values: { context: 8192, devices: 2 }, largest: 11 });
    const expected = [
      [2048, 2],
      [2048, 8],
      [8192, 2],
      [8192, 8],
    ].map(([context, devices]) => fit(llama, { ...request(devices), context }).point.batch);
    expect(s.points.map((p) => p.largest)).toEqual(expected);
    const odd = fitSweep(llama, request(2), [{ name: 'devices', values: [3, 4] }]);
    expect(odd.points[0].error).toMatch(/attention has 64 heads, which 3 does not divide/);
    expect(odd.points[1].largest).toBe(fit(llama, request(4)).point.batch);
  });
});

describe('decode throughput by hand: one attention layer on a card of 1 GFLOP/s and 1 GB/s', () => {
  // C = 64, 4 heads of 16, causal, fused (no workspace), no biases, float32, decode after 15 cached positions.
  const spec = parseSpecText('input: [16, 64]\nlayers:\n  - attention: {heads: 4, causal: true, flash: true, bias: false}\n', 'one.yaml');
  const card: Device = { name: 'Card', peakFlops: { float32: 10n ** 9n }, memoryBandwidth: 10n ** 9n, memory: 200_000n };
  const at = (context: number, memory = card.memory) => fit(spec, { device: { ...card, memory }, solve: 'batch', options: { file: 'one.yaml', phase: 'decode', context } });

  test('15 cached positions: compute-limited; the knee is batch 3', () => {
    const r = at(15);
    // Weights: q, k, v and o, 64 x 64 each, at 4 bytes: 65,536 bytes, read once per step.
    // Per sequence: cache 2 (K, V) x 64 x 16 positions x 4 = 8,192 bytes; the input and output rows 256 bytes each live at once.
    expect(r.point.terms).toEqual({ weightBytes: 65_536n, peakActivationBytes: 15n * 512n, kvCacheBytes: 15n * 8192n });
    // (200,000 - 65,536) / (8,192 + 512) = 15.4: 15 sequences.
    expect(r.point.batch).toBe(15);
    const d = r.decode!;
    // Per sequence: MACs 4·4,096 (projections) + 2·64·16 (QKᵀ and AV over the 16 keys); FLOPs 2·18,432 + 6·4·16 (softmax) = 37,248,
    // 37.248 µs at 1 GFLOP/s. Bytes: input 256 + output 256 + the cache read 2·64·15·4 = 7,680 + the new K and V 512 = 8,704, 8.704 µs at 1 GB/s.
    // limitedBy: the arithmetic (37,248 ns) outweighs the bytes (8,704 ns); the ceiling is 1 / 37.248 µs.
    expect(d.limitedBy).toBe('compute');
    expect(d.ceilingTokensPerSecond).toBeCloseTo(1e9 / 37_248, 6);
    // A step of b sequences: max(37,248·b, 65,536 + 8,704·b) ns. b = 1: 74,240 ns (memory), 1 / 74.24 µs = 50.2% of the ceiling;
    // b = 2: 82,944 ns (memory), 2·37,248 / 82,944 = 89.8%, short of 90%; b = 3: 111,744 ns, compute-bound, all of it.
    expect(d.points.map((p) => [p.batch, p.seconds * 1e9, p.bound])).toEqual([
      [1, expect.closeTo(74_240, 6), 'memory'],
      [2, expect.closeTo(82_944, 6), 'memory'],
      [4, expect.closeTo(148_992, 6), 'compute'],
      [8, expect.closeTo(297_984, 6), 'compute'],
      [15, expect.closeTo(558_720, 6), 'compute'],
    ]);
    expect(d.knee).toBe(3);
  });

  test('1,023 cached positions: memory-limited; the knee is batch 2', () => {
    // Per sequence: 1,024 keys, so FLOPs 2·(16,384 + 2·64·1,024) + 6·4·1,024 = 319,488 (319.5 µs); bytes 256 + 256 +
    // 2·64·1,023·4 + 512 = 524,800 (524.8 µs): the cache binds, and the ceiling is 1 / 524.8 µs = 1,905 tokens/s.
    // Cache 2·64·1,024·4 = 524,288 bytes a sequence: 10 MB holds (10,000,000 - 65,536) / (524,288 + 512) = 18.9, 18 sequences.
    const r = at(1023, 10_000_000n);
    expect(r.point.batch).toBe(18);
    const d = r.decode!;
    expect(d.limitedBy).toBe('memory');
    expect(d.ceilingTokensPerSecond).toBeCloseTo(1e9 / 524_800, 6);
    // Steps are memory-bound: 65,536 + 524,800·b ns. b = 1: 88.9% of the ceiling; b = 2: 2·524,800 / 1,115,136 = 94.1%.
    expect(d.points[0].tokensPerSecond).toBeCloseTo(1e9 / 590_336, 6);
    expect(d.knee).toBe(2);
    // Batch 18 is 18·524,800 / (65,536 + 18·524,800) of the ceiling.
    expect(d.largestShare).toBeCloseTo((18 * 524_800) / (65_536 + 18 * 524_800), 9);
  });
});

describe("a CNN's largest training batch on a 24 GB card", () => {
  const unet = parseSpecText(readFileSync('examples/unet.yaml', 'utf8'), 'examples/unet.yaml');
  const card = findDevice('rtx-4090');
  const options: AnalyzeOptions = { file: 'examples/unet.yaml', training: { optimizer: 'adam', mixedPrecision: true } };

  test('U-Net with Adam and mixed precision: model states + kept activations x batch, checked at the answer and one past it', () => {
    const r = fit(unet, { device: card, solve: 'batch', options });
    const spec = readFileSync('examples/unet.yaml', 'utf8');
    const at = (batch: number) => direct(spec, { ...options, batch, parallel: { dataParallel: 1, zero: 0, tensorParallel: 1, pipelineParallel: 1 } }, true);
    expect(r.point.totalBytes).toBe(at(r.point.batch));
    expect(at(r.point.batch)).toBeLessThanOrEqual(24n * 2n ** 30n);
    expect(at(r.point.batch + 1)).toBeGreaterThan(24n * 2n ** 30n);
    expect(r.binding).toBe('savedActivationBytes');
    // 31,030,658 params: 2 + 4 (master) + 2 (gradients) + 8 (Adam) bytes each.
    const states = r.point.terms.weightBytes! + r.point.terms.masterWeightBytes! + r.point.terms.gradientBytes! + r.point.terms.optimizerStateBytes!;
    expect(states).toBe(31_030_658n * 16n);
    expect(r.decode).toBeUndefined();
  });

  test('with 10% held back: 56 samples, as docs/fit.md works out', () => {
    const r = fit(unet, { device: card, solve: 'batch', reserve: { percent: { text: '10%', numerator: 1n, denominator: 10n } }, options });
    // 24 GiB = 25,769,803,776 bytes; 10% of it (rounded down) is held back: 2,576,980,377, leaving 23,192,823,399.
    expect([r.reserveBytes, r.usableBytes]).toEqual([2_576_980_377n, 23_192_823_399n]);
    // The model states are 31,030,658 x 16 = 496,490,528 bytes; each sample adds its kept activations, 401,205,280 bytes
    // (383 MiB, worked out by hand in specs/parallelism.test.ts, "training with ZeRO prints one device and its traffic"):
    // (23,192,823,399 - 496,490,528) / 401,205,280 = 56.57.
    const keptPerSample = 401_205_280n;
    expect(r.perStep).toBe(keptPerSample);
    expect(r.point.batch).toBe(56);
    expect((23_192_823_399n - 31_030_658n * 16n) / keptPerSample).toBe(56n);
  });

  test('when a batch of one does not fit: the fewest data-parallel devices with ZeRO-3 that would, checked directly', () => {
    // 400 MiB: the model states alone (473 MiB) do not fit; sharded over 32 they are 14.8 MiB, beside 383 MiB of kept activations.
    const small: Device = { ...card, memory: 400n * 2n ** 20n };
    const r = fit(unet, { device: small, solve: 'batch', options });
    expect(r.fits).toBe(false);
    expect(r.suggestions!.map((s) => s.flags.join(' '))).toEqual(['--devices 32 --data-parallel 32 --zero 3']);
    const spec = readFileSync('examples/unet.yaml', 'utf8');
    const zero3 = (N: number) => direct(spec, { ...options, parallel: { dataParallel: N, zero: 3, tensorParallel: 1, pipelineParallel: 1 } }, true);
    expect(r.suggestions![0].totalBytes).toBe(zero3(32));
    expect(zero3(32)).toBeLessThanOrEqual(small.memory!);
    expect(zero3(16)).toBeGreaterThan(small.memory!);
  });

  test('--solve context needs a sequence', () => {
    expect(errorOf(() => fit(unet, { device: card, solve: 'context', options }))).toMatch(/--solve context needs a sequence model/);
  });

  test('a library caller past the options schema still gets only a ZeRO stage', () => {
    const zero = 7 as unknown as FitRequest['zero'];
    expect(errorOf(() => fit(unet, { device: card, solve: 'batch', dataParallel: 2, zero, options }))).toBe('examples/unet.yaml: --zero: expected 0, 1, 2 or 3, got 7 (the ZeRO stage: 1 shards optimizer state, 2 also gradients, 3 also weights)');
  });
});

describe('archcost fit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'archcost-fit-'));

  test('exit 0 with the answer, 1 with the shortfall; the table names the rule', async () => {
    const yes = await cli('fit', 'specs/fixtures/hf/llama-3-70b.json', '--device', 'h100', '--devices', '2', '--phase', 'decode', '--context', '8191', '-q');
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('Meta-Llama-3-70B on 2 x NVIDIA H100 SXM (80.0 GiB each): tensor-parallel 2; decode after 8,191 cached positions, bfloat16');
    // 70,555,025,408 bytes of weights + 11 x 1,342,177,280 of cache = 85,318,975,488 bytes (79.46 GiB), and ~11 MiB of activations: 79.5 GiB.
    expect(yes.stdout).toMatch(/largest batch: 11 sequences, using 79\.5 GiB of 80\.0 GiB per device/);
    expect(yes.stdout).toContain('rule: per device, weights + peak activations + KV cache (both x batch) <= capacity (docs/fit.md)');
    expect(yes.stdout).toMatch(/ceiling [\d,]+ tokens\/s however large the batch/);
    const no = await cli('fit', 'specs/fixtures/hf/llama-3-70b.json', '--device', 'h100', '--phase', 'decode', '--context', '8191', '-q');
    expect(no.code).toBe(1);
    // 2 x 70,553,706,496 bytes of weights + 80·2·8·128·8,192·2 = 2,684,354,560 of cache = 143,791,767,552 bytes (133.92 GiB),
    // and ~2 MiB of activations: 134 GiB, 53.9 GiB over 80.
    expect(no.stdout).toMatch(/does not fit: batch 1 needs 134 GiB per device, 53\.9 GiB more than the 80\.0 GiB there is/);
    expect(no.stdout).toContain('  --devices 2 --tensor-parallel 2: ');
  });

  test('inference over data-parallel replicas: the batch is per replica (each replica is a tensor-parallel pair, as on 2 devices)', async () => {
    const args = ['fit', 'specs/fixtures/hf/llama-3-70b.json', '--device', 'h100', '--data-parallel', '2', '--tensor-parallel', '2', '--phase', 'decode', '--context', '8191', '-q'];
    expect((await cli(...args)).stdout).toMatch(/largest batch: 11 sequences per replica, using 79\.5 GiB/);
    expect((await cli(...args, '--lang', 'es')).stdout).toMatch(/lote máximo: 11 secuencias por réplica, que usan 79,5 GiB/);
  });

  test('--solve context over data-parallel replicas: the batch it is found at is per replica too', async () => {
    const args = ['fit', 'specs/fixtures/hf/llama-3-70b.json', '--device', 'h100', '--tensor-parallel', '8', '--solve', 'context', '--batch', '16', '--phase', 'decode', '--context', '8191', '-q'];
    // Each replica is a tensor-parallel group of 8, as on 8 devices alone: the same context.
    const one = (await cli(...args)).stdout.match(/largest context: ([\d,]+) cached positions at batch 16, using/);
    expect(one).not.toBeNull();
    const replicated = [...args, '--data-parallel', '2'];
    expect((await cli(...replicated)).stdout).toContain(`largest context: ${one![1]} cached positions at batch 16 per replica, using`);
    expect((await cli(...replicated, '--lang', 'es')).stdout).toContain(`contexto máximo: ${one![1].replaceAll(',', '.')} posiciones en caché con lote 16 por réplica, que usan`);
  });

  test('--solve context at a batch of thousands groups its digits, as every other number', async () => {
    const args = ['fit', 'examples/llm/gpt2.yaml', '--device', 'h100', '--solve', 'context', '--batch', '1024', '--phase', 'decode', '--context', '0', '-q'];
    expect((await cli(...args)).stdout).toMatch(/cached positions at batch 1,024, using/);
    expect((await cli(...args, '--lang', 'es')).stdout).toMatch(/con lote 1\.024, que usan/);
  });

  test('Spanish', async () => {
    // 10% of 24 GiB is 2.40 GiB, leaving 21.6 GiB; Spanish writes the decimal comma.
    const r = await cli('fit', 'examples/unet.yaml', '--device', 'rtx-4090', '--mixed-precision', '--reserve', '10%', '--lang', 'es');
    expect(r.stdout).toMatch(/lote máximo: \d+ muestras por réplica/);
    expect(r.stdout).toContain('reserva de 2,40 GiB para el entorno de ejecución: quedan 21,6 GiB por dispositivo');
  });

  test('JSON and the sweep validate against `archcost schema fit`', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(outputJsonSchema('fit'));
    for (const args of [
      ['fit', 'specs/fixtures/hf/llama-3-70b.json', '--device', 'h100', '--devices', '2', '--phase', 'decode', '--context', '8191', '--format', 'json', '-q'],
      ['fit', 'specs/fixtures/hf/llama-3-70b.json', '--device', 'h100', '--phase', 'decode', '--context', '8191', '--weight-dtype', 'int4', '--format', 'json', '-q'],
      ['fit', 'examples/unet.yaml', '--device', 't4', '--mixed-precision', '--format', 'json'],
      ['fit', 'specs/fixtures/hf/llama-3-70b.json', '--device', 'h100', '--phase', 'decode', '--context', '0', '--sweep', 'context=2048,8192', '--sweep', 'devices=2,4', '--format', 'json', '-q'],
    ]) {
      const data = JSON.parse((await cli(...args)).stdout);
      expect([args, validate(data), validate.errors ?? []]).toEqual([args, true, []]);
    }
  });

  test('the sweep as a grid, rows by the first axis', async () => {
    const r = await cli('fit', 'specs/fixtures/hf/llama-3-70b.json', '--device', 'h100', '--phase', 'decode', '--context', '0', '--sweep', 'context=2048,8192', '--sweep', 'devices=2,8', '-q');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ context │ devices 2 │ devices 8 │/);
    // 11 at 8,192 cached positions on 2 devices: the arithmetic of 'a sweep' above.
    expect(r.stdout).toMatch(/│\s+8,192 │\s+11 │\s+\d+ │/);
  });

  test('a device file gives the capacity; a device without one is refused', async () => {
    const file = join(dir, 'card.yaml');
    writeFileSync(file, 'name: Card\nmemoryBandwidth: 500GB/s\npeakFlops: {float32: 10T}\nmemory: 1GB\n');
    const r = await cli('fit', 'examples/unet.yaml', '--device-file', file, '--format', 'json');
    expect(JSON.parse(r.stdout).capacityBytes).toBe(1e9);
    writeFileSync(file, 'name: Card\nmemoryBandwidth: 500GB/s\npeakFlops: {float32: 10T}\n');
    const none = await cli('fit', 'examples/unet.yaml', '--device-file', file);
    expect([none.code, none.stderr]).toEqual([2, 'error: Card has no memory figure: give its capacity with memory: in a device file (--device-file), e.g. memory: 40GiB\n']);
  });

  test('usage mistakes are exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['fit', 'examples/unet.yaml'], /fit needs the device to fit into/],
      [['fit', 'examples/unet.yaml', '--device', 't4', '--solve', 'context'], /--solve context needs a sequence model/],
      [['fit', 'examples/unet.yaml', '--device', 't4', '--reserve', 'lots'], /--reserve: 'lots' is not a size/],
      // A T4 sold as 16 GB holds 16 GiB, 17,179,869,184 bytes: each reserve is told as it was given.
      [['fit', 'examples/unet.yaml', '--device', 't4', '--reserve', ' 100% '], /^error: --reserve 100% holds back all of the 17179869184 bytes of NVIDIA T4\n$/],
      [['fit', 'examples/unet.yaml', '--device', 't4', '--reserve', '16GiB'], /^error: --reserve 16GiB holds back all of the 17179869184 bytes of NVIDIA T4\n$/],
      [['fit', 'examples/unet.yaml', '--device', 't4', '--devices', '3', '--tensor-parallel', '2'], /--devices 3: the data-parallel x tensor-parallel x pipeline-parallel degrees must multiply to it/],
      [['fit', 'examples/unet.yaml', '--device', 't4', '--sweep', 'widht=1,2'], /--sweep widht: fit can sweep context, devices, batch, classes/],
      [['fit', 'examples/unet.yaml', '--device', 't4', '--dtype', 'fp16'], /'fp16' is written float16 in archcost/],
      [['fit', 'examples/unet.yaml', '--device', 'rtx-4090', '--training', '--sweep', 'context=284,572'], /--sweep context needs a sequence model \(a first input \[L\] of token ids or \[L, C\]\); input is 572x572x1: sweep devices, batch or a var instead/],
      [['fit', 'specs/fixtures/hf/llama-3-70b.json', '--device', 'h100', '--training', '--phase', 'decode'], /--phase decode is inference: a training estimate runs the whole sequence at once \(prefill\)/],
      [['analyze', 'specs/fixtures/hf/llama-3-70b.json', '--training', '--phase', 'decode'], /--phase decode is inference: a training estimate runs the whole sequence at once \(prefill\)/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).toMatch(message);
    }
  });

  test('--sweep context of a model without a sequence is told once, as itself, whatever the other axes', async () => {
    const message = 'error: examples/unet.yaml: --sweep context needs a sequence model (a first input [L] of token ids or [L, C]); input is 572x572x1: sweep devices, batch or a var instead\n';
    for (const more of [[], ['--sweep', 'classes=2,3']]) {
      const r = await cli('fit', 'examples/unet.yaml', '--device', 'rtx-4090', '--training', '--sweep', 'context=284,572', ...more);
      expect([more, r.code, r.stderr]).toEqual([more, 2, message]);
    }
  });
});
