import { beforeAll, describe, expect, test } from '@jest/globals';
import chalk from 'chalk';
import { exploreBottleneck, powersOfTwo, solve, type BottleneckQuery } from '../src/explore/bottleneck.js';
import { messages } from '../src/i18n/messages.js';
import { renderBottleneck } from '../src/report/bottleneck.js';
import { cli } from './cli.js';

const SEED: BottleneckQuery = { input: [28, 28, 256], kernel: 4, out: 256, mid: 64, stride: 1, expand: false, bias: false };

// The seed, by hand (28x28 positions, same padding keeps 28x28):
const DIRECT_MACS = 28 * 28 * 256 * (4 * 4 * 256); // 822,083,584
const REDUCE_MACS = 28 * 28 * 64 * 256; // 12,845,056
const SPATIAL_MACS = 28 * 28 * 256 * (4 * 4 * 64); // 205,520,896
const BOTTLENECK_MACS = REDUCE_MACS + SPATIAL_MACS; // 218,365,952

beforeAll(() => {
  chalk.level = 0;
});

describe('archcost bottleneck --format json', () => {
  test('the seed case: ratio.macs = 822083584 / 218365952', async () => {
    const r = await cli('bottleneck', '--input', '28x28x256', '--kernel', '4', '--out', '256', '--mid', '64', '--format', 'json');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.direct.macs).toBe(DIRECT_MACS);
    expect(data.bottleneck.macs).toBe(BOTTLENECK_MACS);
    expect(data.ratio.macs).toBe(822083584 / 218365952);
    // params: 256·256·16 = 1,048,576 against 256·64 + 64·256·16 = 278,528 (no bias)
    expect(data.direct.params).toBe(1_048_576);
    expect(data.bottleneck.params).toBe(256 * 64 + 64 * 256 * 16);
    expect(data.ratio.params).toBe(1_048_576 / 278_528);
    // FLOPs: 2·MACs, plus the ReLU on the 28x28x64 map in the bottleneck
    expect(data.direct.flops).toBe(2 * DIRECT_MACS);
    expect(data.bottleneck.flops).toBe(2 * BOTTLENECK_MACS + 28 * 28 * 64);
    expect(data.breakEven).toEqual({ macs: 240, params: 240 });
  });

  test('without --mid: one entry per power of two up to the channels', async () => {
    const r = await cli('bottleneck', '--input', '28x28x256', '--kernel', '4', '--out', '256', '--format', 'json');
    const data = JSON.parse(r.stdout);
    expect(data.bottleneck).toBeUndefined();
    expect(data.widths.map((w: { mid: number }) => w.mid)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    // M = 128: 28·28·(128·256 + 256·16·128) = 784·557,056 = 436,731,904
    expect(data.widths[7].bottleneck.macs).toBe(28 * 28 * (128 * 256 + 256 * 16 * 128));
  });

  test('--bias adds one bias per conv output channel, and no MACs', async () => {
    const r = await cli('bottleneck', '-i', '28x28x256', '-k', '4', '-c', '256', '-m', '64', '--bias', '--format', 'json');
    const data = JSON.parse(r.stdout);
    expect(data.direct.params).toBe(1_048_576 + 256);
    expect(data.bottleneck.params).toBe(278_528 + 64 + 256);
    expect(data.bottleneck.macs).toBe(BOTTLENECK_MACS);
  });

  test('an input that is not HxWxC is a usage error', async () => {
    const r = await cli('bottleneck', '--input', '28x256', '--kernel', '4', '--out', '256');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('HxWxC');
  });
});

describe('break-even width', () => {
  test('seed: M < N / b with N = 28·28·16·256·256 and b = 28·28·256 + 28·28·16·256', () => {
    const be = exploreBottleneck(SEED).breakEven.macs;
    expect(be.n).toBe(BigInt(DIRECT_MACS));
    expect(be.b).toBe(BigInt(28 * 28 * 256 + 28 * 28 * 16 * 256)); // 3,411,968
    // 822,083,584 / 3,411,968 = 16·256/17 = 240.94…
    expect(be.width).toBe(240);
    // M = 240: 784·240·(256 + 4096) = 818,872,320 < 822,083,584; M = 241: 784·241·4352 = 822,284,288
    expect(be.check).toEqual([
      { mid: 240, value: 818_872_320n },
      { mid: 241, value: 822_284_288n },
    ]);
  });

  test('expand form at stride 2: the quadratic a·M² + b·M < N', () => {
    const r = exploreBottleneck({ ...SEED, expand: true, stride: 2 });
    // H' = W' = 14. direct: 14·14·256·(16·256) = 205,520,896
    expect(r.direct.macs).toBe(205_520_896n);
    // 28·28·64·256 + 14·14·64·(16·64) + 14·14·256·64 = 12,845,056 + 12,845,056 + 3,211,264
    expect(r.widths[0].bottleneck.macs).toBe(28_901_376n);
    const be = r.breakEven.macs;
    expect([be.a, be.b]).toEqual([14n * 14n * 16n, 28n * 28n * 256n + 14n * 14n * 256n]); // 3,136 and 250,880
    // 3136·219² + 250880·219 = 150,405,696 + 54,942,720 = 205,348,416 < N;
    // 3136·220² + 250880·220 = 151,782,400 + 55,193,600 = 206,976,000 >= N
    expect(be.width).toBe(219);
    expect(be.check.map((c) => c.value)).toEqual([205_348_416n, 206_976_000n]);
    // params: 16·M² + 512·M < 16·256·256, i.e. M² + 32·M < 65,536: 240² + 32·240 = 65,280, 241² + 32·241 = 65,793
    expect(r.breakEven.params.width).toBe(240);
  });

  test('solve is strict at an exact root and handles a = 0', () => {
    expect(solve(1n, 1n, 6n).width).toBe(1); // M² + M < 6: 2² + 2 = 6 is not below
    expect(solve(0n, 5n, 10n).width).toBe(1); // 5M < 10
    expect(solve(0n, 5n, 11n).width).toBe(2);
    expect(solve(0n, 5n, 3n).width).toBe(0);
  });

  test('a 1x1 "spatial" conv still saves below C·C2 / (C + C2)', () => {
    // k = 1, C = C2 = 64: M·(64 + 64) < 64·64 → M < 32, so 31
    const r = exploreBottleneck({ input: [8, 8, 64], kernel: 1, out: 64, mid: 8, stride: 1, expand: false, bias: false });
    expect(r.breakEven.macs.width).toBe(31);
  });

  test('powers of two cover the channels, the last 10 at most', () => {
    expect(powersOfTwo(256)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(powersOfTwo(192)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(powersOfTwo(2048)).toEqual([4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]);
  });
});

describe('bottleneck text', () => {
  test('English: the closed form with the numbers in', () => {
    const text = renderBottleneck(exploreBottleneck(SEED), messages('en'), 'table');
    expect(text).toContain("direct      H'·W'·C2·(k·k·C) = 28·28·256·(4·4·256) = 822,083,584");
    expect(text).toContain('= 28·28·64·256 + 28·28·256·(4·4·64)');
    expect(text).toContain('= 12,845,056 + 205,520,896 = 218,365,952');
    expect(text).toContain('= 4·4·256·256 / (64·(256 + 4·4·256)) = 3.76');
    expect(text).toContain('the widest bottleneck that still saves MACs is M = 240');
  });

  test('Spanish: the same numbers, Spanish words and separators', () => {
    const text = renderBottleneck(exploreBottleneck(SEED), messages('es'), 'markdown');
    expect(text).toContain('MACs (multiplicaciones-acumulaciones) en forma cerrada');
    expect(text).toContain('= 12.845.056 + 205.520.896 = 218.365.952');
    expect(text).toContain('| MACs | 822.083.584 | 218.365.952 | 3,76x |');
    expect(text).toContain('convolución 1x1, 256 -> 64');
    expect(text).toContain('el cuello de botella más ancho que aún ahorra MACs es M = 240');
    expect(text).toContain('una no linealidad más');
  });
});
