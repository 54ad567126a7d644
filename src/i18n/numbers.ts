import { bytes, duration, grouped, percent, ratio, si } from '../core/numbers.js';
import { once } from '../core/once.js';
import type { Locale } from './lang.js';

/** Number formatting for one locale: en 1,234.5; es (Spain) 1.234,5; es-MX 1,234.5. */
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

/**
 * The locale's group and decimal separators, from its CLDR data (Intl), put in place of the English
 * ones in text the English formatters made. Every number of four digits or more is grouped, also
 * where CLDR leaves 1234 ungrouped (Spain), so the columns of a table line up. The separators are
 * looked up when a number is first formatted: Intl's data takes ~10 ms to load, which a run that
 * writes JSON never needs.
 */
function localised(locale: Locale): NumberFormat {
  const replace = once((): ((text: string) => string) => {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.5);
    const group = parts.find((p) => p.type === 'group')?.value ?? ',';
    const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
    return group === ',' && decimal === '.' ? (t) => t : (t) => t.replace(/[.,]/g, (c) => (c === ',' ? group : decimal));
  });
  const local = (text: string) => replace()(text);
  return {
    int: (n) => local(grouped(n)),
    si: (n) => local(si(n)),
    bytes: (n) => local(bytes(n)),
    percent: (part, whole) => local(percent(part, whole)),
    fixed: (x, digits) => local(x.toFixed(digits)),
    times: (x) => times(x, local),
    plain: (x) => local(plain(x)),
    duration: (seconds) => local(duration(seconds)),
    threeDigits: (x) => local(ratio(x)),
  };
}

const cache = new Map<Locale, NumberFormat>();

/** A bare language takes its main region's separators: `es` as in Spain, `en` as in the US. */
export function numberFormat(locale: Locale): NumberFormat {
  let format = cache.get(locale);
  if (!format) {
    const region = locale === 'es' ? 'es-ES' : locale === 'en' ? 'en-US' : locale;
    format = region === 'en-US' ? english : localised(region);
    cache.set(locale, format);
  }
  return format;
}
