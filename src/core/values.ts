import { showValue } from './errors.js';

/**
 * What a refused option value is told, in one wording wherever it is read: a spec key, an option
 * of `analyze()` (the zod schemas in language/spec.ts use these as their error text) and a
 * command-line flag (the CLI's parsers, which do not load zod, check with the same predicates).
 */

export function positiveIntegerProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return `expected a positive integer of at most 2^53 - 1, got ${showValue(value)}`;
  return `expected a positive integer, got ${showValue(value)}`;
}

export function varValueProblem(value: unknown): string | undefined {
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return undefined;
  return `expected a number or true/false, got ${showValue(value)}`;
}

/** Command-line text as the value it stands for: a number where it reads as one, else the text itself. */
export function textValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) ? Number(trimmed) : text;
}

/** The same numbers in the same order: two shapes, strides or permutations. */
export function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The parts as one flat string. V8 keeps `a + b` as a pair of its parts (a rope) until something
 * reads it by position, and each compare, regular-expression test or join of a rope walks its parts
 * again: a layer's name, read many times over (the JSON writer compares it, tests it and writes it,
 * in the layer and in the next one's inputs), is made flat once, here (Array join always makes one).
 */
export function joined(...parts: string[]): string {
  return parts.join('');
}

/**
 * A list to be filled at positions 0 to length - 1, made at its full length: one filled by push
 * grows by copying itself over and over, and past 128 KB (16,384 entries) each copy is fresh
 * memory the system must map (100,000 layers: perf put ~8,000 of a run's ~32,000 page faults in
 * lists and maps growing; making counting's lists at their length took 4,600 off).
 */
export function listOfLength<T>(length: number): T[] {
  return new Array<T>(length);
}
