/** Number formatting for human-readable reports; JSON and CSV keep the exact integers. */

export function grouped(n: bigint | number): string {
  const digits = typeof n === 'number' && Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  const sign = digits.startsWith('-') ? 1 : 0;
  if (digits.length - sign <= 3) return digits;
  // The first group has 1 to 3 digits, every later one 3 (a diff of 10k layers formats 60k numbers).
  let text = digits.slice(0, sign + ((digits.length - sign - 1) % 3) + 1);
  for (let i = text.length; i < digits.length; i += 3) text += `,${digits.slice(i, i + 3)}`;
  return text;
}

const SI = ['', 'K', 'M', 'G', 'T', 'P', 'E'];
const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Three significant digits with an SI prefix: 4.09 G. */
export function si(n: bigint): string {
  return scaled(n, 1000n, SI).trim();
}

/** Bytes with binary prefixes: 3.06 MiB. */
export function bytes(n: bigint): string {
  return scaled(n, 1024n, IEC);
}

function scaled(n: bigint, base: bigint, units: string[]): string {
  let unit = 0;
  let divisor = 1n;
  while (unit < units.length - 1 && n >= divisor * base) {
    divisor *= base;
    unit++;
  }
  if (unit === 0) return `${n} ${units[0]}`;
  const value = Number((n * 1000n) / divisor) / 1000;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A share as a percentage with one decimal; '-' when the whole is zero. */
export function percent(part: bigint, whole: bigint): string {
  if (whole === 0n) return '-';
  return `${(Number((part * 10000n) / whole) / 100).toFixed(1)}%`;
}

export function shapeText(shape: readonly number[]): string {
  return shape.join('x');
}

const TIME_UNITS: [number, string][] = [
  [1, 's'],
  [1e-3, 'ms'],
  [1e-6, 'µs'],
  [1e-9, 'ns'],
];

/** An estimated duration with three significant digits: 51.0 µs, 1.23 ms. */
export function duration(seconds: number): string {
  const [scale, unit] = TIME_UNITS.find(([s]) => seconds >= s) ?? TIME_UNITS[TIME_UNITS.length - 1];
  return `${threeDigits(seconds / scale)} ${unit}`;
}

/** A ratio such as FLOPs per byte with three significant digits: 24.0, 0.500, 201. */
export function ratio(value: number): string {
  return threeDigits(value);
}

function threeDigits(value: number): string {
  if (value === 0) return '0';
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
