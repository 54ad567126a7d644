import { z } from 'zod';
import { didYouMean, showValue as show, type Diagnostic } from '../core/errors.js';
import type { SpecPath, SpecSource } from './source.js';

/**
 * Turns zod's issues for a spec file into diagnostics a user can act on: the key path
 * (`input[0]`, `vars.width`), its line and column, what was expected and what was found.
 */

type RawIssue = z.core.$ZodRawIssue;

/** Per-parse error map: leaf messages without the path (the path is added with the location). */
export const issueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `missing (expected ${typeWord(issue.expected)})`;
      return `expected ${typeWord(issue.expected)}, got ${show(issue.input)}`;
    case 'too_small':
      return `expected ${bound(issue, 'at least', issue.minimum)}, got ${found(issue.input)}`;
    case 'too_big':
      return `expected ${bound(issue, 'at most', issue.maximum)}, got ${found(issue.input)}`;
    case 'invalid_value': {
      const values = issue.values.map(String);
      return `expected one of ${values.join(', ')}, got ${show(issue.input)}${didYouMean(String(issue.input), values)}`;
    }
    case 'unrecognized_keys': {
      const known = issue.inst instanceof z.ZodObject ? Object.keys(issue.inst.shape) : [];
      const keys = issue.keys.map((k) => `'${k}'${didYouMean(k, known)}`).join(', ');
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${known.length ? `; expected ${known.join(', ')}` : ''}`;
    }
    case 'invalid_key':
      return `invalid key ${show(issue.input)}: ${issue.issues[0]?.message ?? 'not allowed here'}`;
    default:
      return undefined; // zod's own text (custom refinements carry their own)
  }
};

/** Diagnostics for a failed top-level parse; unknown keys first, as they often explain a missing one. */
export function schemaDiagnostics(issues: readonly z.core.$ZodIssue[], source: SpecSource): Diagnostic[] {
  const flat = issues.map(flattenUnion);
  const ordered = [...flat.filter((i) => i.code === 'unrecognized_keys'), ...flat.filter((i) => i.code !== 'unrecognized_keys')];
  return ordered.slice(0, 5).map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const at: SpecPath = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]] : path;
    return { file: source.file, ...source.locate(at), specPath: at, message: describe(issue, path) };
  });
}

function describe(issue: z.core.$ZodIssue, path: (string | number)[]): string {
  if (issue.code === 'custom') return issue.message; // refinements word their own message
  if (path.length === 0) {
    if (issue.code === 'invalid_type') return `${whatTheSpecIs(issue.input)}; expected a map with at least input and layers`;
    if (issue.code === 'unrecognized_keys') return `at the top level: ${issue.message}`;
    return issue.message;
  }
  return `${pathText(path)}: ${issue.message}`;
}

/**
 * A union reports one list of issues per alternative. When one alternative got further than a
 * type mismatch at the union itself (`input: [0, 3]` is a list, so the list form is meant), its
 * first issue is the useful one; otherwise the message lists what the alternatives accept.
 */
function flattenUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const meant = issue.errors.find((branch) => branch.some((i) => i.path.length > 0 || i.code !== 'invalid_type'));
  if (meant) {
    const inner = flattenUnion(meant[0]);
    return { ...inner, path: [...issue.path, ...inner.path] };
  }
  const expected = [...new Set(issue.errors.flat().map((i) => (i.code === 'invalid_type' ? typeWord(i.expected) : i.message)))];
  return { ...issue, message: `expected ${expected.join(' or ')}, got ${show(issue.input)}` };
}

function whatTheSpecIs(value: unknown): string {
  if (value === null || value === undefined) return 'the spec is empty';
  if (Array.isArray(value)) return 'the spec is a list (layer items go under layers:)';
  return `the spec is a single value, ${show(value)}`;
}

/** `['blocks', 'b', 'layers', 2]` → `blocks.b.layers[2]`. */
export function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function bound(issue: Extract<RawIssue, { code: 'too_small' | 'too_big' }>, words: string, limit: number | bigint): string {
  if (issue.origin === 'array') return `${words} ${limit} item${limit === 1 ? '' : 's'}`;
  if (issue.origin === 'string') return `${words} ${limit} character${limit === 1 ? '' : 's'}`;
  if (limit === Number.MAX_SAFE_INTEGER) return 'an integer of at most 2^53 - 1';
  const sign = words === 'at least' ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
  return `a number ${sign} ${limit}`;
}

function found(value: unknown): string {
  return Array.isArray(value) ? `${value.length} item${value.length === 1 ? '' : 's'}` : show(value);
}

const TYPE_WORDS = new Map([
  ['int', 'an integer'],
  ['number', 'a number'],
  ['string', 'a string'],
  ['boolean', 'true or false'],
  ['array', 'a list'],
  ['object', 'a map'],
  ['record', 'a map'],
]);

function typeWord(expected: string): string {
  return TYPE_WORDS.get(expected) ?? expected;
}
