import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { runSweep, sweepPoints } from '../src/explore/sweep.js';
import { PROGRESS_MIN_POINTS, progressBar } from '../src/cli/progress.js';
import { cli } from './cli.js';

const SEED = readFileSync('examples/seed-bottleneck.yaml', 'utf8');

describe('sweep points', () => {
  test('every combination, the first axis slowest', () => {
    const points = sweepPoints([
      { name: 'width', values: [16, 32] },
      { name: 'input', values: [[8, 8, 3], [16, 16, 3]] },
    ]);
    expect(points).toEqual([
      { vars: { width: 16 }, input: [8, 8, 3] },
      { vars: { width: 16 }, input: [16, 16, 3] },
      { vars: { width: 32 }, input: [8, 8, 3] },
      { vars: { width: 32 }, input: [16, 16, 3] },
    ]);
  });

  test('a var: the seed bottleneck at M = 16, 32, 64, 128', () => {
    const r = runSweep(SEED, { file: 'seed.yaml' }, [{ name: 'mid', values: [16, 32, 64, 128] }]);
    // MACs = 28·28·M·256 (1x1) + 28·28·256·16·M (4x4) = 784·M·4352
    expect(r.points.map((p) => p.totals.macs)).toEqual([16n, 32n, 64n, 128n].map((M) => 784n * M * 4352n));
    // params = 256·M + 16·M·256 = 4352·M
    expect(r.points.map((p) => p.totals.params)).toEqual([16n, 32n, 64n, 128n].map((M) => 4352n * M));
  });

  test('the input: MACs grow with the map, params do not (all convs)', () => {
    const r = runSweep(SEED, {}, [{ name: 'input', values: [[28, 28, 256], [56, 56, 256]] }]);
    expect(r.points.map((p) => p.output)).toEqual([[28, 28, 256], [56, 56, 256]]);
    expect(r.points[1].totals.macs).toBe(56n * 56n * 64n * 4352n); // 4x the 28x28 count
    expect(r.points[1].totals.params).toBe(r.points[0].totals.params);
  });

  test('errors name the var, and --input cannot be swept and set at once', () => {
    expect(() => runSweep(SEED, {}, [{ name: 'mdi', values: [1] }])).toThrow("no var 'mdi' (did you mean 'mid'?)");
    expect(() => runSweep(SEED, { input: [8, 8, 256] }, [{ name: 'input', values: [[4, 4, 256]] }])).toThrow('use one');
    expect(() => runSweep(SEED, {}, [{ name: 'mid', values: [1] }, { name: 'mid', values: [2] }])).toThrow('given twice');
  });
});

describe('archcost analyze --sweep', () => {
  test('CSV: one row per point with exact integers', async () => {
    const r = await cli('analyze', 'examples/seed-bottleneck.yaml', '--sweep', 'mid=16,32', '--sweep', 'input=28x28x256,14x14x256', '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('model,mid,input_shape,output_shape,params,buffers,macs,flops,weight_bytes,activation_bytes,peak_activation_bytes');
    expect(lines).toHaveLength(5);
    // mid 32 at 14x14: MACs = 14·14·32·4352 = 27,295,744; params 4352·32 = 139,264, 4 bytes each
    const cells = lines[4].split(',');
    expect(cells.slice(0, 8)).toEqual(['seed-bottleneck', '32', '14x14x256', '14x14x256', '139264', '0', String(14 * 14 * 32 * 4352), expect.any(String)]);
    expect(cells[8]).toBe(String(139264 * 4));
  });

  test('table and JSON; no progress bar when stderr is not a terminal', async () => {
    const table = await cli('analyze', 'examples/seed-bottleneck.yaml', '--sweep', 'mid=16,32,64,128', '--lang', 'en');
    expect(table.stdout).toContain('seed-bottleneck: 4 points over mid');
    expect(table.stdout).toMatch(/│ 64\s+│ 28x28x256 │ 278,528 │ 218,365,952 │/);
    // As when piped (the test runner's stderr may itself be a terminal).
    const tty = process.stderr.isTTY;
    process.stderr.isTTY = false;
    try {
      const many = await cli('analyze', 'examples/seed-bottleneck.yaml', '--sweep', `mid=${Array.from({ length: 30 }, (_, i) => i + 1).join(',')}`, '--format', 'json');
      expect(JSON.parse(many.stdout).points).toHaveLength(30);
      expect(many.stderr).toBe('');
    } finally {
      process.stderr.isTTY = tty;
    }
  });

  test('a bad value is a usage error', async () => {
    const r = await cli('analyze', 'examples/seed-bottleneck.yaml', '--sweep', 'mid=16,lots');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("expected numbers or true/false, got 'lots'");
  });
});

describe('progress bar', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, isTTY, columns: 60, write: (text: string) => written.push(text) };
  };

  test('drawn on a terminal for many points, then erased', () => {
    const tty = stream(true);
    const tick = progressBar(PROGRESS_MIN_POINTS, tty)!;
    for (let i = 1; i <= PROGRESS_MIN_POINTS; i++) tick(i);
    expect(tty.written[0]).toMatch(/^\r\[#*\.*\] 1\/20$/);
    expect(tty.written).toContain(`\r[${'#'.repeat(40)}] 20/20`);
    expect(tty.written[tty.written.length - 1]).toMatch(/^\r +\r$/);
  });

  test('none when piped or for a few points', () => {
    expect(progressBar(100, stream(false))).toBeUndefined();
    expect(progressBar(PROGRESS_MIN_POINTS - 1, stream(true))).toBeUndefined();
  });
});
