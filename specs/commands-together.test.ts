import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import chalk from 'chalk';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';

/** Where compare, bottleneck, explain and sweeps meet the memory model and the CI options. */

const SEED = 'examples/seed-bottleneck.yaml';
const DIRECT = 'examples/seed-direct.yaml';
const BOTTLENECK = ['bottleneck', '--input', '28x28x256', '--kernel', '4', '--out', '256', '--mid', '64'];

const dir = mkdtempSync(join(tmpdir(), 'archcost-together-'));
afterEach(() => {
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true });
});
beforeAll(() => {
  chalk.level = 0;
});

/*
 * The seed case by the roofline rule of docs/memory.md: per layer max(FLOPs / peak, bytes moved /
 * bandwidth), bytes moved = inputs + weights read + output written once; layers one after another.
 * float32 (4 bytes), batch 1:
 *   direct 4x4 conv:  1,644,167,168 FLOPs (2·28·28·256·4·4·256);
 *                     802,816 in + 4,194,304 weights (256·256·16·4) + 802,816 out = 5,799,936 bytes
 *   bottleneck: reduce   25,690,112 FLOPs; 802,816 + 65,536 + 200,704     = 1,069,056 bytes
 *               relu         50,176 FLOPs; 200,704 + 200,704               =   401,408 bytes
 *               spatial 411,041,792 FLOPs; 200,704 + 1,048,576 + 802,816  = 2,052,096 bytes
 * Device figures from docs/devices.md: T4 float32 8.1 TFLOP/s, 320 GB/s; H100 SXM float32 67 TFLOP/s, 3.35 TB/s.
 */
const DIRECT_LAYERS = [[1_644_167_168, 5_799_936]];
const BOTTLENECK_LAYERS = [
  [25_690_112, 1_069_056],
  [50_176, 401_408],
  [411_041_792, 2_052_096],
];
const roofline = (layers: number[][], peak: number, bandwidth: number) =>
  layers.reduce((sum, [flops, bytes]) => sum + Math.max(flops / peak, bytes / bandwidth), 0);

const DEVICES = {
  // direct max(202.98 µs, 18.12 µs) = 202.98 µs; bottleneck max(3.17, 3.34) + max(0.006, 1.25) + max(50.75, 6.41) = 55.34 µs, 3.668x
  t4: { peak: 8.1e12, bandwidth: 320e9, direct: '203 µs', bottleneck: '55.3 µs', ratio: '3.67x' },
  // direct max(24.54 µs, 1.73 µs) = 24.54 µs; bottleneck max(0.383, 0.319) + max(0.001, 0.120) + max(6.135, 0.613) = 6.638 µs, 3.697x
  h100: { peak: 67e12, bandwidth: 3.35e12, direct: '24.5 µs', bottleneck: '6.64 µs', ratio: '3.70x' },
};

describe('roofline time in bottleneck and compare (--device)', () => {
  test.each(Object.entries(DEVICES))('bottleneck, the seed case on %s: times and time ratio by hand', async (device, d) => {
    const direct = roofline(DIRECT_LAYERS, d.peak, d.bandwidth);
    const bottleneck = roofline(BOTTLENECK_LAYERS, d.peak, d.bandwidth);
    const json = await cli(...BOTTLENECK, '--device', device, '--format', 'json');
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout);
    expect(data.direct.time.seconds).toBeCloseTo(direct, 15);
    expect(data.bottleneck.time.seconds).toBeCloseTo(bottleneck, 15);
    expect(data.ratio.time).toBeCloseTo(direct / bottleneck, 12);
    expect(data.ratio.macs).toBe(822_083_584 / 218_365_952); // the MAC saving stays what it was
    expect(data.device.peakFlopsPerSecond).toBe(d.peak);

    const table = await cli(...BOTTLENECK, '--device', device);
    expect(table.stdout).toMatch(new RegExp(`time \\(estimate\\) +│ +${d.direct} │ +${d.bottleneck} │ +${d.ratio} │`));
    expect(table.stdout).toMatch(/MACs +│ +822,083,584 │ +218,365,952 │ +3\.76x │/);
  });

  test('bottleneck at float16 on a T4: the 1x1 reduction turns memory-bound and the time saving shrinks below the MAC saving', async () => {
    // 2 bytes per element: bytes halve, the peak is the 65 TFLOP/s tensor-core figure.
    const half = (layers: number[][]) => layers.map(([flops, bytes]) => [flops, bytes / 2]);
    const direct = roofline(half(DIRECT_LAYERS), 65e12, 320e9); // max(25.29, 9.06) = 25.29 µs
    const bottleneck = roofline(half(BOTTLENECK_LAYERS), 65e12, 320e9); // 1.67 + 0.63 + 6.32 = 8.62 µs
    const data = JSON.parse((await cli(...BOTTLENECK, '--device', 't4', '--dtype', 'float16', '--format', 'json')).stdout);
    expect(data.ratio.time).toBeCloseTo(direct / bottleneck, 12);
    expect(data.ratio.time).toBeLessThan(3); // 2.93x in time against 3.76x in MACs
    expect(data.bottleneck.time.memoryBoundLayers).toBe(2);
  });

  test('bottleneck without --mid: a time and time-ratio column next to the MACs ratio', async () => {
    const r = await cli('bottleneck', '--input', '28x28x256', '--kernel', '4', '--out', '256', '--device', 't4');
    expect(r.stdout).toMatch(/MACs ratio │ time \(estimate\) │ time ratio │/);
    expect(r.stdout).toMatch(/│ 64 +│ +278,528 │ +218,365,952 │ +3\.76x │ +3\.76x │ +55\.3 µs │ +3\.67x │/);
    expect(r.stdout).toContain('direct conv: 203 µs estimated');
    const data = JSON.parse((await cli('bottleneck', '--input', '28x28x256', '--kernel', '4', '--out', '256', '--device', 't4', '--format', 'json')).stdout);
    expect(data.widths.every((w: { ratio: { time: number } }) => w.ratio.time > 0)).toBe(true);
  });

  test('compare: each model\'s time and the time ratio against the first, in JSON and in the table', async () => {
    const direct = roofline(DIRECT_LAYERS, 8.1e12, 320e9);
    const bottleneck = roofline(BOTTLENECK_LAYERS, 8.1e12, 320e9);
    const data = JSON.parse((await cli('compare', DIRECT, SEED, '--device', 't4', '--format', 'json')).stdout);
    expect(data.models[0].totals.time.seconds).toBeCloseTo(direct, 15);
    expect(data.models[1].totals.time.seconds).toBeCloseTo(bottleneck, 15);
    expect(data.ratios['seed-bottleneck'].time).toBeCloseTo(bottleneck / direct, 12);
    expect(data.ratios['seed-bottleneck'].macs).toBe(218_365_952 / 822_083_584);
    expect(data.models[1].device.name).toBe('NVIDIA T4');
    const table = await cli('compare', DIRECT, SEED, '--device', 't4');
    // 55.34 - 202.98 = -147.6 µs
    expect(table.stdout).toMatch(/time \(estimate\) +│ +203 µs │ +55\.3 µs │ +0\.273x │ +-148 µs │/);
    expect(table.stdout).toContain('time: roofline estimate on NVIDIA T4 at float32');
  });

  test('compare --device-file: a device of one\'s own', async () => {
    const file = join(dir, 'toy.yaml');
    writeFileSync(file, 'name: Toy\nmemoryBandwidth: 100GB/s\npeakFlops:\n  float32: 1T\n');
    const data = JSON.parse((await cli('compare', DIRECT, SEED, '--device-file', file, '--format', 'json')).stdout);
    // direct: max(1,644,167,168 / 1e12, 5,799,936 / 1e11) = 1.644 ms, compute-bound
    expect(data.models[0].totals.time.seconds).toBeCloseTo(1_644_167_168 / 1e12, 15);
    expect(data.models[0].device.name).toBe('Toy');
  });

  test('a dtype the device has no figure for is a usage error, as in analyze', async () => {
    const r = await cli(...BOTTLENECK, '--device', 't4', '--dtype', 'bfloat16');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NVIDIA T4 has no bfloat16 peak');
    expect((await cli('compare', DIRECT, SEED, '--device', 't4', '--device-file', 'x.yaml')).code).toBe(2);
  });
});

describe('every JSON output', () => {
  const outputs: [string[], boolean][] = [
    [['analyze', SEED, '--format', 'json'], true],
    [['analyze', SEED, '--sweep', 'input=28x28x256', '--format', 'json'], true],
    [['compare', DIRECT, SEED, '--format', 'json'], true],
    [[...BOTTLENECK, '--format', 'json'], true],
    [['explain', SEED, '--format', 'json'], true],
    [['check', SEED, '--max-macs', '1G', '--format', 'json'], true],
    // Catalogues count nothing of a model: a version, no conventions.
    [['ops', '--format', 'json'], false],
    [['devices', '--format', 'json'], false],
  ];
  test.each(outputs)('%j starts with schemaVersion 1 (and conventions where it counts a model)', async (args, counts) => {
    const data = JSON.parse((await cli(...args)).stdout);
    expect(Object.keys(data)[0]).toBe('schemaVersion');
    expect(data.schemaVersion).toBe(1);
    expect(data.conventions !== undefined).toBe(counts);
  });
});

describe('compare --compat', () => {
  test('counts every model as the tool does and says so in conventions', async () => {
    const data = JSON.parse((await cli('compare', DIRECT, SEED, '--compat', 'ptflops', '--format', 'json')).stdout);
    expect(data.conventions.preset).toBe('ptflops');
    // ptflops counts the ReLU's 28·28·64 output elements into its MACs: 12,845,056 + 50,176 + 205,520,896
    expect(data.models[1].totals.macs).toBe(218_416_128);
    expect(data.ratios['seed-bottleneck'].macs).toBe(218_416_128 / 822_083_584);
  });
});

describe('--output FILE in every command that prints data', () => {
  const cases: [string, string[]][] = [
    ['compare', ['compare', DIRECT, SEED]],
    ['compare json', ['compare', DIRECT, SEED, '--format', 'json']],
    ['bottleneck', BOTTLENECK],
    ['bottleneck json', [...BOTTLENECK, '--format', 'json']],
    ['explain', ['explain', SEED]],
    ['explain json', ['explain', SEED, '--format', 'json']],
    ['analyze --sweep', ['analyze', SEED, '--sweep', 'input=28x28x256,56x56x256']],
    ['analyze --sweep csv', ['analyze', SEED, '--sweep', 'input=28x28x256,56x56x256', '--format', 'csv']],
  ];
  test.each(cases)('%s: the file holds what stdout would, stdout stays empty, no temporary left', async (_, args) => {
    const file = join(dir, 'out.txt');
    const printed = await cli(...args);
    const written = await cli(...args, '--output', file);
    expect([written.code, written.stdout, written.stderr]).toEqual([0, '', '']);
    expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  test('a file gets no colour even when stdout is a terminal', async () => {
    const tty = process.stdout.isTTY;
    const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
    delete process.env.NO_COLOR;
    delete process.env.FORCE_COLOR;
    process.stdout.isTTY = true;
    try {
      chalk.level = 2;
      expect((await cli('compare', DIRECT, SEED)).stdout).toMatch(/\u001b\[/);
      chalk.level = 2;
      const file = join(dir, 'table.txt');
      await cli('compare', DIRECT, SEED, '--output', file);
      expect(readFileSync(file, 'utf8')).not.toMatch(/\u001b\[/);
    } finally {
      process.stdout.isTTY = tty;
      for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
      chalk.level = 0;
    }
  });
});

describe('analyze --sweep refuses what it would ignore', () => {
  test.each([['--device', 't4'], ['--memory'], ['--depth', '1'], ['--mixed-precision']])('%s', async (...flag) => {
    const r = await cli('analyze', SEED, '--sweep', 'input=28x28x256', ...flag);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${flag[0]} does not apply with --sweep`);
  });
});
