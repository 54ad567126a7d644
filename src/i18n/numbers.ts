import { bytes, duration, grouped, percent, ratio, si } from '../core/numbers.js';
import type { Lang } from './lang.js';

/** Number formatting for one language: English 1,234.5; Spanish 1.234,5. */
export interface NumberFormat {
  /** Exact integer with thousands separators. */
  int(n: bigint | number): string;
  /** Three significant digits with an SI prefix: 4.09 G. */
  si(n: bigint): string;
  bytes(n: bigint): string;
  percent(part: bigint, whole: bigint): string;
  /** A decimal with a fixed number of digits. */
  fixed(x: number, digits: number): string;
  /** A ratio as "3.76x"; '-' for null (nothing to divide by). */
  times(x: number | null): string;
  /** An integer as it is, or a decimal to at most 3 places: 7, 0.5, 4.571. */
  plain(x: number): string;
  /** An estimated duration, three significant digits: 51.0 µs. */
  duration(seconds: number): string;
  /** Three significant digits, such as FLOPs per byte: 24.0, 201. */
  threeDigits(x: number): string;
}

const plain = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toFixed(3))));

/** Swaps the English separators for the Spanish ones in text the English formatters made. */
const swapSeparators = (text: string) => text.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'));

function times(x: number | null, local: (s: string) => string): string {
  if (x === null) return '-';
  if (x >= 1000) return local(grouped(Math.round(x))) + 'x';
  return local(x.toPrecision(3)) + 'x';
}

const english: NumberFormat = {
  int: grouped,
  si,
  bytes,
  percent,
  fixed: (x, digits) => x.toFixed(digits),
  times: (x) => times(x, (s) => s),
  plain,
  duration,
  threeDigits: ratio,
};

const spanish: NumberFormat = {
  int: (n) => swapSeparators(grouped(n)),
  si: (n) => swapSeparators(si(n)),
  bytes: (n) => swapSeparators(bytes(n)),
  percent: (part, whole) => swapSeparators(percent(part, whole)),
  fixed: (x, digits) => swapSeparators(x.toFixed(digits)),
  times: (x) => times(x, swapSeparators),
  plain: (x) => swapSeparators(plain(x)),
  duration: (seconds) => swapSeparators(duration(seconds)),
  threeDigits: (x) => swapSeparators(ratio(x)),
};

export function numberFormat(lang: Lang): NumberFormat {
  return lang === 'es' ? spanish : english;
}
