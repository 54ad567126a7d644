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

/** A value as a message shows it: strings quoted (long ones cut, control characters escaped), NaN and Infinity as such, big lists and maps summarised. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const text = value.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return `'${text.length > 60 ? `${text.slice(0, 60)}…` : text}'`;
  }
  if (value === null || value === undefined) return 'nothing';
  if (typeof value !== 'object') return String(value);
  const json = JSON.stringify(value);
  if (json.length <= 40) return json;
  return Array.isArray(value) ? `a list of ${value.length} items` : 'a map';
}
