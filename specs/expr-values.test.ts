import { describe, expect, test } from '@jest/globals';
import { EXACT, evaluate, ExprError, parseExpression, Ratio, resolveTemplate, TensorValue, type ExprScope, type HostValue, type Value } from '../src/expr/expr.js';
import { ArchcostError } from '../src/index.js';
import { layer, run } from './helpers.js';

function scopeOf(vars: Record<string, HostValue> = {}, input?: readonly number[]): ExprScope {
  const map = new Map(Object.entries(vars));
  return { lookup: (name) => map.get(name), names: () => map.keys(), input };
}

const ev = (source: string, vars: Record<string, HostValue> = {}, input?: readonly number[]): Value => evaluate(parseExpression(source), scopeOf(vars, input));
const exact = (source: string, vars: Record<string, HostValue> = {}, input?: readonly number[]): Value =>
  evaluate(parseExpression(source), scopeOf(vars, input), EXACT);

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExprError || e instanceof ArchcostError) return e.message;
    throw e;
  }
  throw new Error('expected an error');
}

describe('lists', () => {
  test('literals, indexing from either end, slices as Python clamps them', () => {
    expect(ev('[1, 7, 3][1]')).toBe(7);
    expect(ev('k[-1]', { k: [1, 7] })).toBe(7);
    expect(ev('k[i]', { k: [3, 5, 9], i: 2 })).toBe(9);
    expect(ev('[1, 2, 3, 4][1:3]')).toEqual([2, 3]);
    expect(ev('[1, 2, 3][:-1]')).toEqual([1, 2]);
    expect(ev('[1, 2, 3][5:]')).toEqual([]);
    expect(ev('[1, 2,]')).toEqual([1, 2]);
    expect(ev('in.shape[:-1]', {}, [28, 14, 256])).toEqual([28, 14]);
  });

  test('len, sum, prod, min and max over a list; + joins lists, * repeats them', () => {
    expect(ev('len(k)', { k: [1, 7] })).toBe(2);
    expect(ev('sum([1, 2, 3])')).toBe(6);
    expect(ev('prod([2, 3, 4])')).toBe(24);
    expect(ev('prod([])')).toBe(1);
    expect(ev('max([3, 9, 4])')).toBe(9);
    expect(ev('[1] * 2 + [5]')).toEqual([1, 1, 5]);
    expect(ev('per_axis(3, 2)')).toEqual([3, 3]);
    expect(ev('per_axis([1, 7], 2)')).toEqual([1, 7]);
    expect(ev('per_axis([4], 3)')).toEqual([4, 4, 4]);
  });

  test('mistakes say what was expected', () => {
    expect(messageOf(() => ev('k[2]', { k: [1, 7] }))).toBe('k[2] is out of range: k has 2 entries (use 0 to 1, or -2 to -1 from the end)');
    expect(messageOf(() => ev('k[0.5]', { k: [1, 7] }))).toBe('k[0.5]: the index must be a whole number, not 0.5');
    expect(messageOf(() => ev('n[0]', { n: 3 }))).toBe('n is a number: only lists and strings take [index]');
    expect(messageOf(() => ev('k + 2', { k: [1, 7] }))).toBe("'+' needs numbers, but 'k' is a list [1, 7]: take an entry (k[0]) or its length (len(k))");
    expect(messageOf(() => ev('per_axis([1, 2, 3], 2)'))).toBe('per_axis(): the list has 3 entries but there are 2 axes');
    expect(messageOf(() => ev('[1] * 100000'))).toBe("'[1] * 100000' would hold more than 10000 entries");
    expect(messageOf(() => ev('max([])'))).toBe('max() of an empty list');
  });
});

describe('strings', () => {
  test('literals, comparison, joining, choosing', () => {
    expect(ev("'a' if x else 'b'", { x: false })).toBe('b');
    expect(ev('"conv" + "_" + "a"')).toBe('conv_a');
    expect(ev("mode == 'nearest'", { mode: 'nearest' })).toBe(true);
    expect(ev("'a' < 'b'")).toBe(true);
    expect(ev("len('abc')")).toBe(3);
    expect(ev("'it\\'s'")).toBe("it's");
  });

  test('a template with one expression gives its string; braces inside a string do not end it', () => {
    expect(resolveTemplate("${'a}b'}", scopeOf())).toBe('a}b');
    expect(resolveTemplate("${'left' if i == 0 else 'right'}", scopeOf({ i: 1 }))).toBe('right');
  });

  test('ordering a string against a number is an error', () => {
    expect(messageOf(() => ev("'a' < 1"))).toBe("cannot order a string and a number in ''a' < 1'");
  });
});

describe('exact evaluation (count formulas)', () => {
  test('divisions stay exact fractions; decimal literals are the fractions they read as', () => {
    expect(exact('1 / 3 + 1 / 6')).toEqual(Ratio.of(1n, 2n));
    expect(exact('0.1 + 0.2 == 0.3')).toBe(true);
    expect(ev('0.1 + 0.2 == 0.3')).toBe(false); // doubles, as Python computes spec values
    expect(exact('7 // 2')).toBe(3n);
    expect(exact('-7 // 2')).toBe(-4n);
    expect(exact('-7 % 3')).toBe(2n);
    expect(exact('round(5 / 2)')).toBe(2n);
    expect(exact('round(7 / 2)')).toBe(4n);
    expect(exact('ceil(7 / 2)')).toBe(4n);
    expect(exact('int(-7 / 2)')).toBe(-3n);
  });

  test('integers beyond 2^53 are exact', () => {
    // 2^64 · 3 = 55,340,232,221,128,654,848 (a double would round it)
    expect(exact('2 ** 64 * 3')).toBe(55_340_232_221_128_654_848n);
    expect(exact('(2 ** 53 + 1) - 2 ** 53')).toBe(1n);
    expect(ev('(2 ** 53 + 1) - 2 ** 53')).toBe(0);
  });

  test('sqrt, log2, log and exp are exact where the result is, doubles otherwise', () => {
    expect(exact('sqrt(16)')).toBe(4n);
    expect(exact('sqrt(9 / 4)')).toEqual(Ratio.of(3n, 2n));
    expect(exact('sqrt(2)')).toBe(Math.SQRT2);
    expect(exact('log2(1024)')).toBe(10n);
    expect(exact('log2(1 / 8)')).toBe(-3n);
    expect(exact('log2(10)')).toBe(Math.log2(10));
    expect(exact('log(1)')).toBe(0n);
    expect(exact('exp(0)')).toBe(1n);
    expect(exact('ceil(log2(1000))')).toBe(10);
    expect(messageOf(() => exact('log(0)'))).toBe('log() of 0: the logarithm needs a positive number');
    expect(messageOf(() => exact('sqrt(-1)'))).toBe('sqrt() of -1: a negative number has no real square root');
  });

  test('a power too large is refused at once, not computed', () => {
    const start = Date.now();
    expect(messageOf(() => exact('2 ** 1000000000'))).toBe("'2 ** 1000000000' is too large to compute");
    expect(Date.now() - start).toBeLessThan(1000);
    expect(exact('0 ** 5')).toBe(0n);
    expect(messageOf(() => exact('0 ** -1'))).toBe("division by zero in '0 ** -1'");
  });

  test('tensors: elements and positions are exact products', () => {
    const t = new TensorValue([56, 56, 256]);
    expect(exact('out.elements', { out: t })).toBe(802_816n);
    expect(exact('out.positions', { out: t })).toBe(3_136n);
    expect(exact('ins[1].channels', { ins: [t, new TensorValue([4, 8])] })).toBe(8n);
    expect(messageOf(() => exact('out.length', { out: t }))).toBe('out.length: out [56, 56, 256] has no length (it is [H, W, C])');
    expect(messageOf(() => exact('n.channels', { n: 3 }))).toBe("n is a number, which has no attribute 'channels'");
  });
});

describe('in a spec', () => {
  test('a list block param is indexed and measured', () => {
    const spec = `input: [17, 17, 768]
blocks:
  factorized:
    params: {k: null}
    layers:
      - conv: {name: a, filters: 192, kernel: "\${[1, k[1]]}", padding: "\${[0, k[1] // 2]}"}
      - conv: {name: b, filters: 192, kernel: "\${[k[0], 1]}", padding: "\${[k[0] // 2, 0]}", if: "\${len(k) == 2}"}
layers:
  - factorized: {name: f, k: [7, 7]}
`;
    const r = run(spec);
    // 1x7 then 7x1, each 17·17·192·768·7 MACs
    expect(layer(r, 'f.a').macs).toBe(17n * 17n * 192n * 768n * 7n);
    expect(layer(r, 'f.b').outputShape).toEqual([17, 17, 192]);
  });

  test('a string expression where a name is expected: from and name', () => {
    const spec = `input: [8, 8, 16]
vars: {left: true}
layers:
  - conv: {name: a, filters: 4, kernel: 1}
  - conv: {name: b, filters: 8, kernel: 1, from: input}
  - relu: {from: "\${'a' if left else 'b'}", name: "\${'act_' + ('a' if left else 'b')}"}
`;
    expect(layer(run(spec), 'act_a').outputShape).toEqual([8, 8, 4]);
    expect(layer(run(spec, { vars: { left: false } }), 'act_b').outputShape).toEqual([8, 8, 8]);
  });
});
