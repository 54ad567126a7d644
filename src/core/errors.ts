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

/** Thrown by op rules and helpers that do not know their location; the graph builder adds it. */
export class RuleError extends Error {
  constructor(message: string, readonly argPath: readonly (string | number)[] = []) {
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

/** Edit distance, for "did you mean" suggestions. */
function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The closest known name, when it looks like a typo of `name` (not a different word altogether). */
export function nearest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = levenshtein(name.toLowerCase(), candidate.toLowerCase());
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
