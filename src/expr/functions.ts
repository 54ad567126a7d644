import { divisionByZero, ExprError } from './errors.js';
import {
  absolute,
  add,
  ceilNum,
  compare,
  divide,
  floorDiv,
  floorNum,
  gcd,
  isZero,
  log2,
  multiply,
  roundHalfEven,
  squareRoot,
  toDouble,
  truncate,
  Ratio,
  type Num,
} from './numbers.js';
import { int, isList, num, typeName, type Domain, type Value } from './values.js';

export interface Builtin {
  usage: string;
  minArgs: number;
  maxArgs: number;
  /** `text` is the call's source, for messages. */
  apply(args: Value[], domain: Domain, text: string): Value;
}

const number = (domain: Domain, fn: string) => (v: Value) => num(domain, v, `${fn}()`);

/** Python's min/max: over the arguments, or over one list; the first operand no other beats, returned as is. */
function pick(args: Value[], domain: Domain, fn: string, beats: (c: number) => boolean): Value {
  const items = args.length === 1 && isList(args[0]) ? args[0] : args;
  if (items.length === 0) throw new ExprError(`${fn}() of an empty list`);
  let best = items[0];
  for (const item of items) if (beats(compare(num(domain, item, `${fn}()`), num(domain, best, `${fn}()`)))) best = item;
  return best;
}

function listOf(value: Value, fn: string): readonly Value[] {
  if (!isList(value)) throw new ExprError(`${fn}() takes a list, got ${typeName(value)}`);
  return value;
}

/** torchvision's `_make_divisible(v, divisor, min_value=None)`. */
function makeDivisible(domain: Domain, [v, d, minValue]: Num[], text: string): Num {
  if (isZero(d)) throw divisionByZero(text);
  const shifted = truncate(add(v, divide(d, int(domain, 2))));
  let rounded = multiply(floorDiv(shifted, d), d);
  if (compare(minValue, rounded) > 0) rounded = minValue;
  // Never round down by more than 10%.
  const floor = multiply(v, domain.exact ? Ratio.of(9n, 10n) : 0.9);
  return compare(rounded, floor) < 0 ? add(rounded, d) : rounded;
}

/** A whole number as a bigint, for gcd. */
function whole(domain: Domain, value: Value): bigint {
  const x = num(domain, value, 'gcd()');
  if (typeof x === 'bigint') return x < 0n ? -x : x;
  if (typeof x === 'number' && Number.isInteger(x)) return BigInt(Math.abs(x));
  throw new ExprError(`gcd() takes whole numbers, got ${toDouble(x)}`);
}

/** per_axis(v, n): an int or a one-entry list repeated n times, or a list of n entries as it is. */
function perAxis(domain: Domain, value: Value, count: Value): Value {
  const n = Number(num(domain, count, 'per_axis()'));
  if (!Number.isInteger(n) || n < 0) throw new ExprError(`per_axis() needs a whole count of axes, got ${n}`);
  if (!isList(value)) return Array<Value>(n).fill(value);
  if (value.length === n) return value;
  if (value.length === 1) return Array<Value>(n).fill(value[0]);
  throw new ExprError(`per_axis(): the list has ${value.length} entries but there are ${n} axes`);
}

function positive(domain: Domain, value: Value, fn: string, allowZero: boolean): Num {
  const x = num(domain, value, `${fn}()`);
  const sign = compare(x, domain.exact ? 0n : 0);
  if (sign < 0 || (sign === 0 && !allowZero)) {
    throw new ExprError(`${fn}() of ${toDouble(x)}: ${allowZero ? 'a negative number has no real square root' : 'the logarithm needs a positive number'}`);
  }
  return x;
}

export const FUNCTIONS = new Map<string, Builtin>([
  ['min', { usage: 'min(a, b, ...)', minArgs: 1, maxArgs: Infinity, apply: (args, d) => pick(args, d, 'min', (c) => c < 0) }],
  ['max', { usage: 'max(a, b, ...)', minArgs: 1, maxArgs: Infinity, apply: (args, d) => pick(args, d, 'max', (c) => c > 0) }],
  ['floor', { usage: 'floor(x)', minArgs: 1, maxArgs: 1, apply: ([x], d) => floorNum(number(d, 'floor')(x)) }],
  ['ceil', { usage: 'ceil(x)', minArgs: 1, maxArgs: 1, apply: ([x], d) => ceilNum(number(d, 'ceil')(x)) }],
  ['round', { usage: 'round(x)', minArgs: 1, maxArgs: 1, apply: ([x], d) => roundHalfEven(number(d, 'round')(x)) }],
  ['abs', { usage: 'abs(x)', minArgs: 1, maxArgs: 1, apply: ([x], d) => absolute(number(d, 'abs')(x)) }],
  ['int', { usage: 'int(x)', minArgs: 1, maxArgs: 1, apply: ([x], d) => truncate(number(d, 'int')(x)) }],
  [
    'make_divisible',
    {
      usage: 'make_divisible(v, d) or make_divisible(v, d, min_value)',
      minArgs: 2,
      maxArgs: 3,
      apply: ([v, d, m], domain, text) => {
        const n = number(domain, 'make_divisible');
        return makeDivisible(domain, [n(v), n(d), m === undefined ? n(d) : n(m)], text);
      },
    },
  ],
  ['len', { usage: 'len(list)', minArgs: 1, maxArgs: 1, apply: ([x], d) => int(d, typeof x === 'string' ? x.length : listOf(x, 'len').length) }],
  ['sum', { usage: 'sum(list)', minArgs: 1, maxArgs: 1, apply: ([x], d) => listOf(x, 'sum').reduce<Num>((s, v) => add(s, num(d, v, 'sum()')), int(d, 0)) }],
  ['prod', { usage: 'prod(list)', minArgs: 1, maxArgs: 1, apply: ([x], d) => listOf(x, 'prod').reduce<Num>((s, v) => multiply(s, num(d, v, 'prod()')), int(d, 1)) }],
  ['per_axis', { usage: 'per_axis(value, axes)', minArgs: 2, maxArgs: 2, apply: ([v, n], d) => perAxis(d, v, n) }],
  ['gcd', { usage: 'gcd(a, b)', minArgs: 2, maxArgs: 2, apply: ([a, b], d) => int(d, gcd(whole(d, a), whole(d, b))) }],
  ['sqrt', { usage: 'sqrt(x)', minArgs: 1, maxArgs: 1, apply: ([x], d) => squareRoot(positive(d, x, 'sqrt', true)) }],
  ['log2', { usage: 'log2(x)', minArgs: 1, maxArgs: 1, apply: ([x], d) => log2(positive(d, x, 'log2', false)) }],
  [
    'log',
    {
      usage: 'log(x)',
      minArgs: 1,
      maxArgs: 1,
      apply: ([x], d) => {
        const v = positive(d, x, 'log', false);
        return d.exact && compare(v, 1n) === 0 ? 0n : Math.log(toDouble(v));
      },
    },
  ],
  [
    'exp',
    {
      usage: 'exp(x)',
      minArgs: 1,
      maxArgs: 1,
      apply: ([x], d) => {
        const v = number(d, 'exp')(x);
        return d.exact && isZero(v) ? 1n : Math.exp(toDouble(v));
      },
    },
  ],
]);
