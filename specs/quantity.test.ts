import { describe, expect, test } from '@jest/globals';
import { parsePercent, parseQuantity } from '../src/core/quantity.js';

describe('quantities for budgets: exact, strict', () => {
  test.each([
    ['4G', 'count', 4_000_000_000n],
    ['4.1e9', 'count', 4_100_000_000n],
    ['25.6M', 'count', 25_600_000n],
    ['850k', 'count', 850_000n],
    ['1.814073344G', 'count', 1_814_073_344n],
    ['100MB', 'bytes', 100_000_000n],
    ['1.5GiB', 'bytes', 1_610_612_736n], // 1.5 · 2^30
    ['512KiB', 'bytes', 524_288n], // 512 · 1024
    ['2048', 'bytes', 2048n],
  ] as const)('%s (%s) = %s', (text, kind, value) => {
    expect(parseQuantity(text, kind)).toBe(value);
  });

  test('numbers written in YAML are read exactly', () => {
    expect(parseQuantity(4e9, 'count')).toBe(4_000_000_000n);
    expect(parseQuantity(25_557_032, 'count')).toBe(25_557_032n);
  });

  test.each([
    ['4 gigs', 'count', "unknown suffix 'gigs'"],
    ['4g', 'count', "unknown suffix 'g'"], // only k may be lowercase: m is milli
    ['25.6m', 'count', "unknown suffix 'm'"],
    ['100MB', 'count', "unknown suffix 'MB'"], // a size is not a count
    ['25M', 'bytes', "unknown suffix 'M'"], // nor a count a size
    ['100Mb', 'bytes', "unknown suffix 'Mb'"], // bits are not bytes
    ['-1G', 'count', 'is not a whole number'],
    ['1.5', 'count', 'is not a whole number of units'],
    ['1e-3', 'count', 'is not a whole number of units'],
    ['', 'count', 'is not a whole number'],
    ['G', 'count', 'is not a whole number'],
    ['0x10', 'count', 'is not a whole number'],
  ] as const)('%s (%s) is refused', (text, kind, message) => {
    const result = parseQuantity(text, kind);
    expect(typeof result).toBe('string');
    expect(result).toContain(message);
  });
});

describe('percentages for --max-increase', () => {
  test('exact fractions', () => {
    expect(parsePercent('5%')).toEqual({ text: '5%', numerator: 5n, denominator: 100n });
    expect(parsePercent('2.5%')).toEqual({ text: '2.5%', numerator: 25n, denominator: 1000n });
    expect(parsePercent(' 0% ')).toEqual({ text: '0%', numerator: 0n, denominator: 100n });
  });

  test.each(['5', '-5%', 'five%', '5%%', '0.05'])('%s is refused', (text) => {
    expect(parsePercent(text)).toContain('is not a percentage');
  });
});
