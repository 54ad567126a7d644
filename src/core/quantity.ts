import { showValue } from './errors.js';

/** Exact parsing of counts and sizes written with SI suffixes: 4G, 25.6M, 4.1e9, 100MB, 1.5GiB. */

// Case matters: `m` would be milli and `b` bits, so only SI's lowercase `k` is accepted besides the capitals.
const COUNT_SUFFIX: Record<string, bigint> = { '': 1n, k: 10n ** 3n, K: 10n ** 3n, M: 10n ** 6n, G: 10n ** 9n, T: 10n ** 12n, P: 10n ** 15n };
const BYTE_SUFFIX: Record<string, bigint> = {
  B: 1n,
  '': 1n,
  kB: 10n ** 3n,
  KB: 10n ** 3n,
  MB: 10n ** 6n,
  GB: 10n ** 9n,
  TB: 10n ** 12n,
  KiB: 2n ** 10n,
  MiB: 2n ** 20n,
  GiB: 2n ** 30n,
  TiB: 2n ** 40n,
};

/** Far above any count or size a model has (10^30 MACs is a million years of an exaFLOP machine), and cheap to compute exactly. */
const MAX_QUANTITY_DIGITS = 30;
const QUANTITY_LIMIT = 10n ** BigInt(MAX_QUANTITY_DIGITS);

const QUANTITY = /^\s*(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?\s*([A-Za-z]*)\s*$/;

export type QuantityKind = 'count' | 'bytes';

/** The exact integer a quantity denotes, or an error message saying what was expected. */
export function parseQuantity(value: string | number, kind: QuantityKind): bigint | string {
  const text = typeof value === 'number' ? numberText(value) : value;
  const match = QUANTITY.exec(text);
  const suffixes = kind === 'count' ? COUNT_SUFFIX : BYTE_SUFFIX;
  const expected =
    kind === 'count'
      ? 'a whole number, optionally with K, M, G, T or P (4G, 25.6M, 4.1e9)'
      : 'a size in bytes with B, KB, MB, GB, TB, KiB, MiB, GiB or TiB (100MB, 1.5GiB, 512KiB)';
  if (!match) return `${showValue(text)} is not ${expected}`;
  const [, whole, fraction = '', exponent = '0', suffix] = match;
  const unit = Object.hasOwn(suffixes, suffix) ? suffixes[suffix] : undefined;
  if (unit === undefined) return `unknown suffix '${suffix}' in ${showValue(text)}: expected ${expected}`;
  // value = digits · 10^(exponent - fraction digits) · unit, computed without floating point, once
  // the size is known to be sane: 1e999999999 would otherwise be a billion-digit bigint. The estimate
  // is the value's digit count or one less (a carry), so the exact value is compared after.
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return 0n;
  const scale = Number(exponent) - fraction.length;
  const magnitude = digits.length + scale + unit.toString().length - 1;
  const tooLarge = `${showValue(text)} is too large: a quantity has at most ${MAX_QUANTITY_DIGITS} digits`;
  if (magnitude > MAX_QUANTITY_DIGITS) return tooLarge;
  if (magnitude < 0) return `${showValue(text)} is not a whole number of ${kind === 'count' ? 'units' : 'bytes'}`;
  let numerator = BigInt(digits) * unit;
  let denominator = 1n;
  if (scale >= 0) numerator *= 10n ** BigInt(scale);
  else denominator = 10n ** BigInt(-scale);
  if (numerator % denominator !== 0n) return `${showValue(text)} is not a whole number of ${kind === 'count' ? 'units' : 'bytes'}`;
  const quantity = numerator / denominator;
  return quantity < QUANTITY_LIMIT ? quantity : tooLarge;
}

function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
}

/** An exact percentage as a fraction: `5%` → 5/100, `2.5%` → 25/1000. */
export interface Percent {
  text: string;
  numerator: bigint;
  denominator: bigint;
}

const PERCENT = /^\s*(\d+)(?:\.(\d+))?\s*%\s*$/;

/** Parses `5%`, `0%`, `2.5%`; the `%` is required so a bare `5` cannot be mistaken for a fraction. */
export function parsePercent(text: string): Percent | string {
  const match = PERCENT.exec(text);
  if (!match) return `${showValue(text)} is not a percentage like 5% or 2.5%`;
  const [, whole, fraction = ''] = match;
  if (whole.length + fraction.length > MAX_QUANTITY_DIGITS) return `${showValue(text)} has more than ${MAX_QUANTITY_DIGITS} digits`;
  return { text: text.trim(), numerator: BigInt(whole + fraction), denominator: 100n * 10n ** BigInt(fraction.length) };
}
