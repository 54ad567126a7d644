import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ArchcostError } from '../src/index.js';
import { parseDeviceFile } from '../src/counting/device-file.js';
import { DEVICES, findDevice } from '../src/counting/devices.js';
import { DTYPES } from '../src/core/dtype.js';
import { estimateTime, withRoofline } from '../src/counting/roofline.js';
import { toJson } from '../src/report/json.js';
import { run, seedBottleneck } from './helpers.js';

const SEED = seedBottleneck();

// By hand, float32, batch 1:
//   reduce:  25,690,112 FLOPs; 802,816 in + 65,536 weights + 200,704 out = 1,069,056 bytes (24.0 FLOP/B)
//   relu:        50,176 FLOPs; 200,704 in + 200,704 out = 401,408 bytes
//   spatial: 411,041,792 FLOPs; 200,704 in + 1,048,576 weights + 802,816 out = 2,052,096 bytes (200 FLOP/B)
const FLOPS = [25_690_112, 50_176, 411_041_792];
const BYTES = [1_069_056, 401_408, 2_052_096];

describe('roofline time = max(FLOPs / peak, bytes / bandwidth) per layer', () => {
  test('T4 at float32 (8.1 TFLOP/s, 320 GB/s): the 1x1 reduction is memory-bound, the 4x4 conv compute-bound', () => {
    const estimate = estimateTime(run(SEED), findDevice('T4'));
    expect(estimate.layers.map((t) => t.bound)).toEqual(['memory', 'memory', 'compute']);
    estimate.layers.forEach((t, i) => {
      expect(t.computeSeconds).toBe(FLOPS[i] / 8.1e12);
      expect(t.memorySeconds).toBe(BYTES[i] / 320e9);
      expect(t.seconds).toBe(Math.max(FLOPS[i] / 8.1e12, BYTES[i] / 320e9));
    });
    const total = BYTES[0] / 320e9 + BYTES[1] / 320e9 + FLOPS[2] / 8.1e12;
    expect(estimate.totals.seconds).toBeCloseTo(total, 18);
    expect(estimate.totals.memoryBoundLayers).toBe(2);
    expect(estimate.device.ridgeIntensity).toBe(8.1e12 / 320e9);
  });

  test('H100 SXM at float32 (67 TFLOP/s, 3.35 TB/s, ridge 20 FLOP/B): the same 1x1 reduction is compute-bound', () => {
    const estimate = estimateTime(run(SEED), findDevice('h100'));
    expect(estimate.layers[0].bound).toBe('compute');
    expect(estimate.layers[0].seconds).toBe(FLOPS[0] / 67e12);
  });

  test('the peak follows the dtype: float16 on a T4 uses the 65 TFLOP/s tensor-core figure', () => {
    const estimate = estimateTime(run(SEED, { dtype: 'float16' }), findDevice('t4'));
    expect(estimate.device.peakFlopsPerSecond).toBe(65n * 10n ** 12n);
    expect(estimate.layers[2].computeSeconds).toBe(FLOPS[2] / 65e12);
  });

  test('a dtype the device has no figure for is an error that lists the ones it has', () => {
    expect(() => estimateTime(run(SEED, { dtype: 'bfloat16' }), findDevice('t4'))).toThrow(/float32, float16, int8/);
  });

  test('withRoofline adds JSON fields and keeps the rest', () => {
    const report = run(SEED);
    const timed = withRoofline(report, estimateTime(report, findDevice('a100-80gb')));
    const data = JSON.parse(toJson(timed));
    expect(data.device).toMatchObject({ name: 'NVIDIA A100 80GB SXM', peakFlopsPerSecond: 19_500_000_000_000, memoryBytesPerSecond: 2_039_000_000_000 });
    expect(data.layers[2].time.bound).toBe('compute');
    expect(data.totals.time.seconds).toBeGreaterThan(0);
    expect(data.totals.macs).toBe(218_365_952);
  });
});

describe('built-in devices', () => {
  test('at least 8, each with a bandwidth and at least one peak', () => {
    expect(Object.keys(DEVICES).length).toBeGreaterThanOrEqual(8);
    for (const device of Object.values(DEVICES)) {
      expect(device.memoryBandwidth).toBeGreaterThan(0n);
      expect(Object.keys(device.peakFlops).length).toBeGreaterThan(0);
    }
  });

  test('names are matched loosely; unknown names get a suggestion', () => {
    expect(findDevice('RTX 4090').name).toBe('NVIDIA GeForce RTX 4090');
    expect(findDevice('Raspberry_Pi_4').name).toMatch(/Raspberry Pi 4/);
    expect(() => findDevice('h200')).toThrow(/did you mean 'h100'/);
  });

  test('docs/devices.md gives a source for every figure of every device', () => {
    const docs = readFileSync(new URL('../docs/devices.md', import.meta.url), 'utf8');
    const rate = (value: bigint, unit: string) => (value >= 10n ** 12n ? `${Number(value) / 1e12} T${unit}` : `${Number(value) / 1e9} G${unit}`);
    for (const [id, device] of Object.entries(DEVICES)) {
      for (const dtype of DTYPES) {
        const peak = device.peakFlops[dtype];
        if (peak !== undefined) expect(docs).toContain(`| ${id} | ${dtype} | ${rate(peak, 'FLOP/s')} |`);
      }
      expect(docs).toContain(`| ${id} | bandwidth | ${rate(device.memoryBandwidth, 'B/s')} |`);
      // Capacity as sold, in binary units; links both directions together.
      expect(device.memory! % 2n ** 30n).toBe(0n);
      expect(docs).toContain(`| ${id} | memory | ${device.memory! / 2n ** 30n} GiB |`);
      if (device.links) expect(docs).toContain(`| ${id} | links | ${rate(device.links, 'B/s')} |`);
      else expect(docs).toMatch(new RegExp(`\\| ${id} \\| memory \\| .*no links`));
    }
  });
});

describe('device files', () => {
  test('SI suffixes and /s are exact', () => {
    const device = parseDeviceFile('name: NPU\nmemoryBandwidth: 3.35TB/s\npeakFlops: {float16: 989.4T, int8: 2e15}\n', 'npu.yaml');
    expect(device).toEqual({ name: 'NPU', memoryBandwidth: 3_350_000_000_000n, peakFlops: { float16: 989_400_000_000_000n, int8: 2_000_000_000_000_000n } });
  });

  test('JSON works too', () => {
    expect(parseDeviceFile('{"name": "x", "memoryBandwidth": 1e9, "peakFlops": {"float32": 1e12}}', 'x.json').memoryBandwidth).toBe(1_000_000_000n);
  });

  test('mistakes are reported with a line and column', () => {
    const fail = (text: string) => {
      try {
        parseDeviceFile(text, 'dev.yaml');
      } catch (e) {
        return (e as ArchcostError).diagnostics;
      }
      throw new Error('expected an error');
    };
    expect(fail('name: x\nmemoryBandwidth: 1GB\npeakFlops: {float23: 1T}\n')[0]).toMatchObject({ line: 3, message: expect.stringMatching(/unknown dtype 'float23' \(did you mean 'float32'\?\)/) });
    // Another tool's dtype name gets the archcost one; a flat value is told it needs a map per dtype.
    expect(fail('name: x\nmemoryBandwidth: 1GB\npeakFlops: {fp16: 1T}\n').map((d) => d.message)).toEqual([
      "peakFlops: 'fp16' is written float16 in archcost; the keys are float32, float16, bfloat16, int8, float64",
    ]);
    expect(fail('name: x\nmemoryBandwidth: 1GB\npeakFlops: 15.7T\n')[0]).toMatchObject({
      line: 3,
      message: "peakFlops is a map with one peak per dtype, like {float32: 15.7T, float16: 125T}, not one value (got '15.7T')",
    });
    expect(fail('name: x\npeakFlops: {float32: 1T}\n')[0].message).toMatch(/needs 'memoryBandwidth'/);
    expect(fail('name: x\nmemoryBandwidth: 1GB\npeakFlops: {}\n')[0].message).toMatch(/at least one/);
    expect(fail('name: x\nmemoryBandwidth: fast\npeakFlops: {float32: 1T}\n')[0]).toMatchObject({ line: 2 });
    // A bad value and a misspelt key are both reported: only the "at least one" echo of a refused peakFlops key is dropped.
    expect(fail('name: x\nmemoryBandwidth: fast\npeakFlops: {float32: 1T}\nmemroy: 40GiB\n').map((d) => [d.line, d.message])).toEqual([
      [2, expect.stringMatching(/^memoryBandwidth: 'fast' is not a size in bytes/)],
      [4, expect.stringMatching(/^unknown key 'memroy'/)],
    ]);
    // What was expected and what is there, never zod's "Invalid input".
    const device = (fields: string) => fail(`name: x\nmemoryBandwidth: 1GB\npeakFlops: {float32: 1T}\n${fields}`).map((d) => [d.line, d.message]);
    expect(device('memory: [40]\n')).toEqual([[4, 'memory: expected the capacity in bytes, like 40GiB, got [40]']]);
    expect(device('links: {up: 1GB}\n')).toEqual([[4, 'links: expected bytes per second to its peers, both directions together, like 600GB/s, got {"up":"1GB"}']]);
    expect(fail('name: 5\nmemoryBandwidth: 1GB\npeakFlops: {float32: 1T}\n').map((d) => d.message)).toEqual(['name: expected a string, got 5']);
    expect(fail('name: x\nmemoryBandwidth: -5\npeakFlops: {float32: [1]}\n').map((d) => d.message)).toEqual([
      'memoryBandwidth: expected a number > 0, got -5',
      'peakFlops.float32: expected a number or a string, got [1]',
    ]);
  });
});
