import { describe, expect, test } from '@jest/globals';
import { diffReports } from '../src/gates/diff.js';
import { ArchcostError } from '../src/core/errors.js';
import { parsePercent, type Percent } from '../src/core/quantity.js';
import { toJson } from '../src/report/json.js';
import { parseExactJson, readReport } from '../src/report/read-report.js';
import { renderDiffMarkdown, renderDiffText } from '../src/report/diff.js';
import { run } from './helpers.js';

const pct = (text: string) => parsePercent(text) as Percent;

// 8x8x16 input. stem: 3x3 same conv to 32, no bias: 16·32·9 = 4,608 params, 64·4,608 = 294,912 MACs.
// head: dense 32 → 10 on the 8x8 map: 330 params, 64·320 = 20,480 MACs.
const BASE = `name: small
input: [8, 8, 16]
layers:
  - conv: {name: stem, filters: 32, kernel: 3, padding: same, bias: false}
  - relu: {name: act}
  - dense: {name: head, units: 10}
`;

describe('diff by layer name', () => {
  test('added, removed and changed layers, totals deltas', () => {
    // stem widened to 40 (5,760 params, 368,640 MACs); act removed; a gelu added; head now 40 → 10.
    const current = BASE.replace('filters: 32', 'filters: 40').replace('  - relu: {name: act}\n', '  - gelu: {name: act2}\n');
    const diff = diffReports(run(BASE), run(current), ['macs', 'params'], pct('5%'));
    expect(diff.layers.added.map((l) => l.name)).toEqual(['act2']);
    expect(diff.layers.removed.map((l) => l.name)).toEqual(['act']);
    expect(diff.layers.changed.map((l) => l.name)).toEqual(['stem', 'head']);
    const stem = diff.layers.changed[0];
    expect(stem.outputShape).toEqual({ baseline: [8, 8, 32], current: [8, 8, 40] });
    expect(stem.counts.macs).toEqual({ baseline: 294_912n, current: 368_640n, delta: 73_728n, percent: 25 });
    // head: 32·10+10 = 330 → 40·10+10 = 410 params
    expect(diff.layers.changed[1].counts.params).toMatchObject({ baseline: 330n, current: 410n, delta: 80n });
    // totals: macs 294,912 + 20,480 = 315,392 → 368,640 + 25,600 = 394,240
    expect(diff.totals.macs).toMatchObject({ baseline: 315_392n, current: 394_240n, delta: 78_848n });
    expect(diff.passed).toBe(false);
    expect(diff.metrics.map((m) => [m.metric, m.regressed])).toEqual([
      ['macs', true],
      ['params', true],
    ]);
  });

  test('the threshold is exact: growth equal to it passes, one more fails', () => {
    // 294,912 + 20,480 = 315,392 MACs. Scaling only the head: units 10 → u adds 64·32·(u-10) MACs.
    // 5% of 315,392 is 15,769.6; 2,048 MACs per unit: 7 units (+14,336, 4.54%) pass, 8 (+16,384, 5.19%) fail.
    const grown = (units: number) => run(BASE.replace('units: 10', `units: ${units}`));
    expect(diffReports(run(BASE), grown(17), ['macs'], pct('5%')).passed).toBe(true);
    expect(diffReports(run(BASE), grown(18), ['macs'], pct('5%')).passed).toBe(false);
    // Growth exactly at the threshold passes: 10 more units add 20,480 MACs, allowed 20,480/315,392 of the baseline.
    const exactly = diffReports(run(BASE), grown(20), ['macs'], { text: '20480/315392', numerator: 20_480n, denominator: 315_392n });
    expect(exactly.metrics[0].change.delta).toBe(20_480n);
    expect(exactly.passed).toBe(true);
  });

  test('a shrinking model passes at 0%', () => {
    const diff = diffReports(run(BASE), run(BASE.replace('filters: 32', 'filters: 16')), ['macs', 'params', 'memory'], pct('0%'));
    expect(diff.passed).toBe(true);
    expect(diff.metrics.every((m) => m.change.delta < 0n)).toBe(true);
  });

  test('reports counted differently are not compared', () => {
    expect(() => diffReports(run(BASE), run(BASE, { batch: 8 }), ['macs'], pct('5%'))).toThrow(
      'the baseline and the current model were counted differently: batch 1 vs 8 (pass --batch 1)',
    );
  });
});

describe('reading a saved baseline', () => {
  test('integers past 2^53 keep every digit (JSON.parse would round them)', () => {
    const big = 2n ** 60n + 1n; // 1,152,921,504,606,846,977
    const text = toJson({ ...run(BASE), totals: { ...run(BASE).totals, macs: big } });
    expect(text).toContain('"macs": 1152921504606846977');
    expect(BigInt(JSON.parse(text).totals.macs)).not.toBe(big);
    const report = readReport(text, 'baseline.json');
    expect(report.totals.macs).toBe(big);
    expect(report.layers[0].macs).toBe(294_912n);
    expect(report.layers[0].outputShape).toEqual([8, 8, 32]);
  });

  test('read by JSON.parse, long integers exact wherever they are, nothing else touched', () => {
    const text =
      '{"a": 9007199254740991, "b": 9007199254740993, "c": -12345678901234567890, "d": [1234567890123456, 0.12345678901234567],' +
      ' "e": 1.5e300, "f": "12345678901234567", "g": {"h": 100000000000000000000}, "i": 1e-12345678901234567}';
    expect(parseExactJson(text, 'x.json')).toEqual({
      a: 9007199254740991, // 2^53 - 1: still a number
      b: 9007199254740993n, // 2^53 + 1: a double would give ...992
      c: -12345678901234567890n,
      d: [1234567890123456, 0.12345678901234567], // a fraction's digits are not an integer
      e: 1.5e300,
      f: '12345678901234567', // digits in a string stay a string
      g: { h: 100000000000000000000n },
      i: 0, // an exponent's digits are not an integer either
    });
  });

  test('long digit runs only in strings, fractions and exponents: read as JSON.parse reads them, nothing marked', () => {
    const text = '{"f": "x 12345678901234567 y", "d": 0.12345678901234567, "e": 1e12345678901234567, "g": [-0.99999999999999999]}';
    expect(parseExactJson(text, 'x.json')).toStrictEqual({ f: 'x 12345678901234567 y', d: 0.12345678901234567, e: Infinity, g: [-1] });
  });

  test('a repeated key is refused at its line, as the YAML parser does', () => {
    expect(() => parseExactJson('{"a": 1,\n "a": 2}', 'x.json')).toThrow(/^x\.json:2:2: invalid JSON: .*unique/);
    // Also where the value kept, the last, is a long integer that sends the text to be read again, marked.
    expect(() => parseExactJson('{"a": 2,\n "a": 9007199254740993}', 'x.json')).toThrow(/^x\.json:2:2: invalid JSON: .*unique/);
  });

  test('an integer with leading zeros is not JSON, however long, and is refused where it is', () => {
    expect(() => parseExactJson('{"batch":\n 00000000000000001}', 'x.json')).toThrow(/^x\.json:2:\d+: invalid JSON/);
  });

  test('a long integer alone at the top, or deep in lists, is exact too', () => {
    expect(parseExactJson('18446744073709551615', 'x.json')).toBe(18_446_744_073_709_551_615n);
    expect(parseExactJson('[[[0.5, [-9007199254740993]]]]', 'x.json')).toEqual([[[0.5, [-9_007_199_254_740_993n]]]]);
  });

  test('a file that is not a report, or not JSON, is a usage error', () => {
    expect(() => readReport('{"name": "x", "layers": []}', 'b.json')).toThrow(ArchcostError);
    expect(() => readReport('{"schemaVersion": 1,', 'b.json')).toThrow(/^b\.json:1:\d+: invalid JSON/);
  });
});

describe('the Markdown of a large diff fits a GitHub comment (65,536 characters)', () => {
  // 20,000 dense layers of 8 → 8 (64 MACs each) become 9 → 9 (81 MACs) after a new 8 → 512 layer
  // `big` (4,096 MACs); a.0 reads big's 512: 512·9 = 4,608 MACs (+4,544). Every layer is a change.
  const base = run('input: [8]\nlayers:\n  - dense: {name: a, units: 8, repeat: 20000}\n');
  const wide = run('input: [8]\nlayers:\n  - dense: {name: big, units: 512}\n  - dense: {name: a, units: 9, repeat: 20000}\n');
  const diff = diffReports(base, wide, ['macs'], pct('5%'));
  const text = renderDiffMarkdown(base, wide, diff);

  test('it stays under the limit and says how many changes it left out', () => {
    expect(diff.layers.added.length + diff.layers.changed.length).toBe(20_001);
    expect(text.length).toBeLessThan(65_536);
    const shown = (text.match(/^\| (added|changed) \|/gm) ?? []).length;
    expect(text).toContain(`… and ${20_001 - shown} more layer changes, smaller than those above`);
    expect(text.trimEnd().endsWith('</details>')).toBe(true);
  });

  test('the largest changes come first: a.0 (+4,544 MACs), then the added big (4,096), then the rest (+17 each)', () => {
    const rows = text.match(/^\| (added|changed) \| `[^`]+`/gm)!;
    expect(rows.slice(0, 3)).toEqual(['| changed | `a.0`', '| added | `big`', '| changed | `a.1`']);
  });

  test('a small diff is whole', () => {
    const small = renderDiffMarkdown(run(BASE), run(BASE.replace('filters: 32', 'filters: 40')), diffReports(run(BASE), run(BASE.replace('filters: 32', 'filters: 40')), ['macs'], pct('5%')));
    expect(small).not.toContain('more layer change');
  });
});

describe('the text of many layers that change alike', () => {
  // 8x8x16 input, 3x3 same convs of 16 filters, no bias: 16·16·9 = 2,304 params, 64·2,304 = 147,456 MACs, 2x that in FLOPs.
  // a and b start alike; a becomes 1x1 (256 params, 64·256 = 16,384 MACs), b 5x5 (6,400 params, 64·6,400 = 409,600 MACs).
  // The two copies of c, 3x3 on 8x8, become 3x3 on 4x4 after a 2x2 pool: 16·2,304 = 36,864 MACs, 4·4·16·4 = 1,024 bytes.
  const conv = (name: string, kernel: number) => `  - conv: {name: ${name}, filters: 16, kernel: ${kernel}, padding: same, bias: false}\n`;
  const c = '  - sequence: {name: c, repeat: 2, layers: [{conv: {filters: 16, kernel: 3, padding: same, bias: false}}]}\n';
  const pool = '  - maxpool: {name: p, kernel: 1}\n';
  const base = run(`input: [8, 8, 16]\nlayers:\n${conv('a', 3)}${conv('b', 3)}${pool}${c}`);
  const current = run(`input: [8, 8, 16]\nlayers:\n${conv('a', 1)}${conv('b', 5)}${pool.replace('kernel: 1', 'kernel: 2')}${c}`);
  const diff = diffReports(base, current, ['macs'], pct('0%'));
  const lines = renderDiffText(base, current, diff).replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const line = (name: string) => lines.find((l) => l.startsWith(`  ~ ${name}: `));

  test('one baseline count going to two others is written twice over, each with its own numbers', () => {
    // Percentages are of the baseline, cut (not rounded) to two decimals: -2,048/2,304 = -88.888...%.
    expect(line('a')).toBe('  ~ a: params 2,304 -> 256 (-2,048 (-88.88%)), macs 147,456 -> 16,384 (-131,072 (-88.88%)), flops 294,912 -> 32,768 (-262,144 (-88.88%))');
    // +4,096/2,304 = +177.77...%
    expect(line('b')).toBe('  ~ b: params 2,304 -> 6,400 (+4,096 (+177.77%)), macs 147,456 -> 409,600 (+262,144 (+177.77%)), flops 294,912 -> 819,200 (+524,288 (+177.77%))');
  });

  test('one change under several counts: each named by its own count', () => {
    // A 1x1 conv on a 1x1x4 input, 4 -> 8 filters, no bias: params 4·4 = 16 -> 4·8 = 32, MACs the same (one position),
    // FLOPs twice that, the output 4 -> 8 float32s: 16 -> 32 bytes. params, macs and activationBytes share one Change.
    const one = (filters: number) => run(`input: [1, 1, 4]\nlayers:\n  - conv: {name: c, filters: ${filters}, kernel: 1, bias: false}\n`);
    const d = diffReports(one(4), one(8), ['params'], pct('0%'));
    const { counts } = d.layers.changed[0];
    expect(counts.params).toBe(counts.macs);
    const text = renderDiffText(one(4), one(8), d).replace(/\x1b\[[0-9;]*m/g, '');
    const up = (a: number, b: number) => `${a} -> ${b} (+${b - a} (+100.00%))`;
    expect(text).toContain(`  ~ c: output 1x1x4 -> 1x1x8, params ${up(16, 32)}, macs ${up(16, 32)}, flops ${up(32, 64)}, activationBytes ${up(16, 32)}\n`);
  });

  test('the copies of a repeat, changed alike, each say the change in full', () => {
    const copy = 'output 8x8x16 -> 4x4x16, macs 147,456 -> 36,864 (-110,592 (-75.00%)), flops 294,912 -> 73,728 (-221,184 (-75.00%)), activationBytes 4,096 -> 1,024 (-3,072 (-75.00%))';
    expect([line('c.0.conv_1'), line('c.1.conv_1')]).toEqual([`  ~ c.0.conv_1: ${copy}`, `  ~ c.1.conv_1: ${copy}`]);
    expect(diff.layers.changed.find((l) => l.name === 'c.1.conv_1')!.counts.macs).toEqual({ baseline: 147_456n, current: 36_864n, delta: -110_592n, percent: -75 });
  });
});
