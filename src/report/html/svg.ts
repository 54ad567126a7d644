/** Small helpers for the report's inline SVG charts: escaping, scales and ticks. */

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A number for an SVG attribute: two decimals at most. */
export const px = (x: number) => String(Math.round(x * 100) / 100);

/** `text` cut to `max` characters with an ellipsis; the whole text goes in a <title>. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

export const title = (text: string) => `<title>${escapeHtml(text)}</title>`;

export interface Scale {
  (x: number): number;
  ticks: number[];
}

/** A linear scale from [0, max] onto [from, to] with round ticks (1, 2 or 5 times a power of ten). */
export function linearScale(max: number, from: number, to: number, count = 5): Scale {
  const top = max > 0 ? max : 1;
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw)!;
  const end = Math.ceil(top / step) * step;
  const scale = ((x: number) => from + (x / end) * (to - from)) as Scale;
  scale.ticks = Array.from({ length: Math.round(end / step) + 1 }, (_, i) => i * step);
  return scale;
}

/** A log10 scale over whole decades covering [min, max] onto [from, to]; ticks at each decade. */
export function logScale(min: number, max: number, from: number, to: number): Scale {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const scale = ((x: number) => from + ((Math.log10(x) - lo) / (hi - lo)) * (to - from)) as Scale;
  scale.ticks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  return scale;
}

/** Colours of the charts, one per kind of figure, so a reader learns them once. */
export const COLOURS = {
  macs: '#2f6fd6',
  params: '#d9822b',
  memory: '#138a72',
  peak: '#c8334a',
  compute: '#2f6fd6',
  memoryBound: '#e0892b',
  grid: '#e4e8ef',
  axis: '#6b7585',
} as const;

/** Distinct colours for the tensors live at the peak. */
export const SERIES = ['#2f6fd6', '#d9822b', '#138a72', '#8a5cc2', '#c8334a', '#5d8a1c', '#b8860b', '#1b8fb3', '#a0527a', '#59606b'];
