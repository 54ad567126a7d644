/**
 * The numbers of the expression language. A spec value (`${...}`) computes with doubles, as the
 * Python a user copies from does. A count formula computes exactly: integers are bigints, a division
 * that does not come out even is a Ratio, and only sqrt/log/log2/exp without an exact result or a
 * power with a fractional exponent bring a double (an inexact number) in.
 */

/** An exact fraction n/d in lowest terms with d > 1 (a whole number is a bigint instead). */
export class Ratio {
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  /** n/d reduced; a bigint when it is whole. */
  static of(n: bigint, d: bigint): bigint | Ratio {
    if (d < 0n) [n, d] = [-n, -d];
    const g = gcd(n < 0n ? -n : n, d);
    if (g !== 1n) [n, d] = [n / g, d / g];
    return d === 1n ? n : new Ratio(n, d);
  }

  toNumber(): number {
    return Number(this.n) / Number(this.d);
  }

  toString(): string {
    return `${this.n}/${this.d}`;
  }
}

/** A double (inexact), a bigint or a Ratio. */
export type Num = number | bigint | Ratio;

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export const isNum = (v: unknown): v is Num => typeof v === 'number' || typeof v === 'bigint' || v instanceof Ratio;

export function toDouble(x: Num): number {
  return typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : x.toNumber();
}

const parts = (x: bigint | Ratio): [bigint, bigint] => (typeof x === 'bigint' ? [x, 1n] : [x.n, x.d]);

/** The exact value of a decimal literal or a double's shortest decimal form: 0.1 is 1/10. */
export function exactFromDecimal(text: string): bigint | Ratio {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal number: ${text}`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let n = BigInt((whole || '0') + fraction);
  let d = 10n ** BigInt(fraction.length);
  const e = Number(exponent);
  if (e >= 0) n *= 10n ** BigInt(e);
  else d *= 10n ** BigInt(-e);
  return Ratio.of(sign === '-' ? -n : n, d);
}

export function exactFromDouble(x: number): bigint | Ratio {
  return Number.isInteger(x) ? BigInt(x) : exactFromDecimal(String(x));
}

type Exact = bigint | Ratio;
const inexact = (a: Num, b: Num) => typeof a === 'number' || typeof b === 'number';

export function add(a: Num, b: Num): Num {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
  if (inexact(a, b)) return toDouble(a) + toDouble(b);
  const [an, ad] = parts(a as Exact);
  const [bn, bd] = parts(b as Exact);
  return Ratio.of(an * bd + bn * ad, ad * bd);
}

export function negate(a: Num): Num {
  if (typeof a === 'number') return -a;
  if (typeof a === 'bigint') return -a;
  return Ratio.of(-a.n, a.d);
}

export const subtract = (a: Num, b: Num): Num => add(a, negate(b));

export function multiply(a: Num, b: Num): Num {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a * b;
  if (inexact(a, b)) return toDouble(a) * toDouble(b);
  const [an, ad] = parts(a as Exact);
  const [bn, bd] = parts(b as Exact);
  return Ratio.of(an * bn, ad * bd);
}

export const isZero = (a: Num): boolean => (typeof a === 'number' ? a === 0 : a === 0n);

/** a / b; the caller has ruled out b = 0. */
export function divide(a: Num, b: Num): Num {
  if (inexact(a, b)) return toDouble(a) / toDouble(b);
  const [an, ad] = parts(a as Exact);
  const [bn, bd] = parts(b as Exact);
  return Ratio.of(an * bd, ad * bn);
}

/** Python's float floor division (CPython's float_floor_div), exact where Math.floor(a / b) is not. */
function floorDivDouble(a: number, b: number): number {
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  const floored = Math.floor(div);
  return div - floored > 0.5 ? floored + 1 : floored;
}

/** floor of an exact number. */
export function floorExact(x: Exact): bigint {
  if (typeof x === 'bigint') return x;
  const q = x.n / x.d; // truncates toward zero
  return x.n < 0n ? q - 1n : q;
}

export function floorDiv(a: Num, b: Num): Num {
  if (inexact(a, b)) return floorDivDouble(toDouble(a), toDouble(b));
  return floorExact(divide(a, b) as Exact);
}

/** Python's modulo: the result takes the sign of the divisor. */
export function modulo(a: Num, b: Num): Num {
  if (inexact(a, b)) {
    const [x, y] = [toDouble(a), toDouble(b)];
    const mod = x % y;
    return mod !== 0 && y < 0 !== mod < 0 ? mod + y : mod;
  }
  return subtract(a, multiply(b, floorDiv(a, b)));
}

export function compare(a: Num, b: Num): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (inexact(a, b)) {
    const [x, y] = [toDouble(a), toDouble(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const [an, ad] = parts(a as Exact);
  const [bn, bd] = parts(b as Exact);
  const l = an * bd;
  const r = bn * ad;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Bits a power may reach before it is refused as too large (10**30000 has ~100,000 bits). */
const MAX_POWER_BITS = 100_000n;

const bitLength = (n: bigint) => BigInt((n < 0n ? -n : n).toString(2).length);

/** a ** b: exact for an integer exponent; a fractional one gives a double. `undefined`: too large. */
export function power(a: Num, b: Num): Num | undefined {
  if (typeof b !== 'bigint' || typeof a === 'number') return Math.pow(toDouble(a), toDouble(b));
  const [n, d] = parts(a);
  const e = b < 0n ? -b : b;
  const size = (bitLength(n) > bitLength(d) ? bitLength(n) : bitLength(d)) - 1n;
  if (size > 0n && size * e > MAX_POWER_BITS) return undefined;
  return b < 0n ? Ratio.of(d ** e, n ** e) : Ratio.of(n ** e, d ** e);
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: Num): Num {
  if (typeof x === 'number') {
    const floor = Math.floor(x);
    const fraction = x - floor; // exact for doubles
    if (fraction !== 0.5) return fraction < 0.5 ? floor : floor + 1;
    return floor % 2 === 0 ? floor : floor + 1;
  }
  if (typeof x === 'bigint') return x;
  const floor = floorExact(x);
  const twice = compare(multiply(subtract(x, floor), 2n), 1n);
  if (twice !== 0) return twice < 0 ? floor : floor + 1n;
  return floor % 2n === 0n ? floor : floor + 1n;
}

export function ceilNum(x: Num): Num {
  if (typeof x === 'number') return Math.ceil(x);
  return -floorExact(negate(x) as Exact);
}

export function floorNum(x: Num): Num {
  return typeof x === 'number' ? Math.floor(x) : floorExact(x);
}

export function truncate(x: Num): Num {
  if (typeof x === 'number') return Math.trunc(x);
  return compare(x, 0n) < 0 ? ceilNum(x) : floorExact(x);
}

export function absolute(x: Num): Num {
  return compare(x, 0n) < 0 ? negate(x) : x;
}

/** The integer square root, floor(√n) for n >= 0. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/** √x: exact when x is the square of a fraction, else a double. The caller has ruled out x < 0. */
export function squareRoot(x: Num): Num {
  if (typeof x === 'number') return Math.sqrt(x);
  const [n, d] = parts(x);
  const [rn, rd] = [isqrt(n), isqrt(d)];
  return rn * rn === n && rd * rd === d ? Ratio.of(rn, rd) : Math.sqrt(toDouble(x));
}

/** log2 x: exact when x is a power of two (2^k for a whole k), else a double. The caller has ruled out x <= 0. */
export function log2(x: Num): Num {
  if (typeof x === 'number') return Math.log2(x);
  const [n, d] = parts(x);
  const isPower = (v: bigint) => (v & (v - 1n)) === 0n;
  if (isPower(n) && isPower(d)) return bitLength(n) - bitLength(d);
  return Math.log2(toDouble(x));
}
