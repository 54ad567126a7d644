import { escapeControls } from './printable.js';

/** Where a problem is: the spec file position and the layer it concerns. */
export interface Diagnostic {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** Dotted layer path (`layer1.0.conv_2`) when the problem belongs to a layer. */
  layer?: string;
  /** Path of keys inside the spec document, used to find line and column. */
  specPath?: readonly (string | number)[];
}

/** The one error type the engine throws for bad input: it carries values, not formatted text. */
export class ArchcostError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'ArchcostError';
    this.diagnostics = list;
  }
}

/** A path of keys inside the spec document: `['layers', 3, 'conv', 'kernel']`. */
export type SpecPath = readonly (string | number)[];

/** `['blocks', 'b', 'layers', 2]` → `blocks.b.layers[2]`. */
export function pathText(path: readonly PropertyKey[]): string {
  // zod's issue paths may hold symbols, which no spec or file key is.
  const keys = path.filter((p): p is string | number => typeof p !== 'symbol');
  return keys.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * Thrown by op rules and helpers that do not know their location; the graph builder adds it.
 * `argPath` is inside the layer item's args; `at`, when given, is a place elsewhere in the spec
 * (the formula of an op defined under `ops:`).
 */
export class RuleError extends Error {
  constructor(
    message: string,
    readonly argPath: SpecPath = [],
    readonly at?: SpecPath,
  ) {
    super(message);
    this.name = 'RuleError';
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? '';
  if (d.line !== undefined) where += `${where ? ':' : ''}${d.line}:${d.column ?? 1}`;
  const layer = d.layer ? `${d.layer}: ` : '';
  return `${where ? where + ': ' : ''}${layer}${d.message}`;
}

/** Edit distance with transpositions (optimal string alignment), for "did you mean" suggestions: `lenght` is one edit from `length`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/** The closest known name, when it looks like a typo of `name` (not a different word altogether). */
export function nearest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  if (best === undefined) return undefined;
  const close = bestDistance <= Math.max(2, Math.floor(name.length / 3));
  return close && bestDistance < Math.max(name.length, best.length) ? best : undefined;
}

export function didYouMean(name: string, known: Iterable<string>): string {
  const hit = nearest(name, known);
  return hit ? ` (did you mean '${hit}'?)` : '';
}

/**
 * A value as a message shows it: strings quoted (long ones cut, control characters escaped), NaN
 * and Infinity as such, small lists and maps written out, big ones summarised. It reads only own
 * data properties and never converts a value itself (a map with a `toString` or `valueOf` key, a
 * getter, a bigint or a cycle from a library caller cannot make a message throw).
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const text = escapeControls(value);
    return `'${text.length > 60 ? `${text.slice(0, 60)}…` : text}'`;
  }
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') {
    const summary = Array.isArray(value) ? `a list of ${value.length} item${value.length === 1 ? '' : 's'}` : 'a map';
    if ((Array.isArray(value) ? value.length : Object.keys(value).length) > MAX_SHOWN_ITEMS) return summary;
    const text = compact(value, 3);
    return text.length <= 40 ? text : summary;
  }
  return scalarText(value);
}

function scalarText(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${value}`;
    case 'string':
      return quoted(value);
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return value === null ? 'null' : 'nothing';
  }
}

/** A string inside a list or map as JSON writes it, then the controls JSON leaves raw (DEL, C1, bidi) escaped the same way: `"x\u001by"`, as a string on its own shows. */
function quoted(text: string): string {
  return escapeControls(JSON.stringify(text));
}

/** Lists and maps with more items than this are summarised, not written out. */
const MAX_SHOWN_ITEMS = 20;

/** JSON-like text of a value, at most `depth` levels deep, from own data properties only. */
function compact(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return scalarText(value);
  if (depth === 0) return '…';
  if (Array.isArray(value)) {
    if (value.length > MAX_SHOWN_ITEMS) return `[…${value.length} items]`;
    return `[${Array.from({ length: value.length }, (_, i) => compact(ownData(value, i)?.value, depth - 1)).join(',')}]`;
  }
  const keys = Object.keys(value);
  if (keys.length > MAX_SHOWN_ITEMS) return `{…${keys.length} keys}`;
  return `{${keys.map((k) => `${quoted(k)}:${compact(ownData(value, k)?.value, depth - 1)}`).join(',')}}`;
}

/**
 * An own data property as `{ value }`, read through its descriptor so a getter never runs;
 * undefined for a getter or a key the object does not have.
 */
export function ownData(object: object, key: string | number): { value: unknown } | undefined {
  const d = Object.getOwnPropertyDescriptor(object, key);
  return d && 'value' in d ? { value: d.value } : undefined;
}
