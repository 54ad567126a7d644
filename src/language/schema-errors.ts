import * as z from 'zod';
import { ArchcostError, didYouMean, pathText, showValue as show, type Diagnostic } from '../core/errors.js';
import { METRICS, quickSpecFile, specSchema, type SpecFile } from './spec.js';
import type { SpecPath, SpecSource } from './source.js';

/**
 * Turns zod's issues for a spec file into diagnostics a user can act on: the key path
 * (`input[0]`, `vars.width`), its line and column, what was expected and what was found.
 */

type RawIssue = z.core.$ZodRawIssue;

/** Per-parse error map: leaf messages without the path (the path is added with the location). */
const issueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `missing (expected ${typeWord(issue.expected)})`;
      return `expected ${typeWord(issue.expected)}, got ${got(issue.input)}`;
    case 'too_small':
      return `expected ${bound(issue, 'at least', issue.minimum)}, got ${found(issue.input)}`;
    case 'too_big':
      return `expected ${bound(issue, 'at most', issue.maximum)}, got ${found(issue.input)}`;
    case 'invalid_value':
      return notOneOf(issue.values, issue.input);
    case 'unrecognized_keys': {
      const known = issue.inst instanceof z.ZodObject ? Object.keys(issue.inst.shape) : [];
      const keys = issue.keys.map((k) => `${show(k)}${didYouMean(k, known)}`).join(', ');
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${known.length ? `; expected ${known.join(', ')}` : ''}`;
    }
    case 'invalid_union': {
      // A union with its own error text (varValueSchema) never reaches this map: zod asks it first.
      const alternatives = issue.errors.flat();
      if (alternatives.length === 0) return undefined;
      const expected = [...new Set(alternatives.map((i) => (i.code === 'invalid_type' ? typeWord(i.expected) : i.message)))];
      return `expected ${expected.join(' or ')}, got ${got(issue.input)}`;
    }
    case 'invalid_key':
      return `invalid key ${show(issue.input)}: ${issue.issues[0]?.message ?? 'not allowed here'}`;
    default:
      return undefined; // zod's own text (custom refinements carry their own)
  }
};

/** The options of every parse whose complaints a user reads: worded by issueMessage, with the value refused at hand. */
export const WORDED = { error: issueMessage, reportInput: true };

function notOneOf(accepted: readonly unknown[], input: unknown): string {
  const values = accepted.map((v) => show(v).replace(/^'|'$/g, ''));
  const hint = typeof input === 'string' ? didYouMean(input, values) : '';
  return `expected one of ${values.join(', ')}, got ${show(input)}${hint}`;
}

/** The spec's top-level structure, checked before anything reads it (layer items are the graph builder's). Throws ArchcostError. */
export function validateSpec(source: SpecSource): SpecFile {
  const quick = quickSpecFile(source.data);
  if (quick) return quick;
  const result = specSchema().safeParse(source.data, WORDED);
  if (result.success) return result.data;
  throw new ArchcostError(schemaDiagnostics(result.error.issues, source));
}

/** Diagnostics for a failed top-level parse; unknown keys first, as they often explain a missing one. */
export function schemaDiagnostics(issues: readonly z.core.$ZodIssue[], source: SpecSource): Diagnostic[] {
  const flat = issues.map(flattenUnion);
  const ordered = [...flat.filter((i) => i.code === 'unrecognized_keys'), ...flat.filter((i) => i.code !== 'unrecognized_keys')];
  return issueDiagnostics(ordered, describe, source);
}

/**
 * The first five issues as diagnostics, worded by `message` from the issue and its key path; with a
 * source, each at its line and column (an unknown key at the key itself).
 */
export function issueDiagnostics(issues: readonly z.core.$ZodIssue[], message: (issue: z.core.$ZodIssue, path: (string | number)[]) => string, source?: SpecSource): Diagnostic[] {
  return issues.slice(0, 5).map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (!source) return { message: message(issue, path) };
    const at: SpecPath = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]] : path;
    return { file: source.file, ...source.locate(at), specPath: at, message: message(issue, path) };
  });
}

function describe(issue: z.core.$ZodIssue, path: (string | number)[]): string {
  if (issue.code === 'custom') return issue.message; // refinements word their own message
  if (path.length === 0) {
    if (issue.code === 'invalid_type') return `${whatTheSpecIs(issue.input)}; expected a map with at least input and layers`;
    if (issue.code === 'unrecognized_keys') return `at the top level: ${issue.message}${cliOptionHint(issue.keys)}`;
    return issue.message;
  }
  return `${pathText(path)}: ${issue.message}`;
}

/**
 * A union reports one list of issues per alternative. When one alternative got further than a
 * type mismatch at the union itself (`input: [0, 3]` is a list, so the list form is meant), its
 * first issue is the useful one; otherwise the union's own message (issueMessage: what the
 * alternatives accept) stands.
 */
function flattenUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const meant = issue.errors.find((branch) => branch.some((i) => i.path.length > 0 || i.code !== 'invalid_type'));
  if (!meant) return issue;
  const inner = flattenUnion(meant[0]);
  return { ...inner, path: [...issue.path, ...inner.path] };
}

/**
 * Command-line options a spec might try to set as keys (Keras and config-file habits): how archcost
 * takes each, with the command when only one or two have it. The spec's own keys (batch, dtype,
 * input) and check's --max-* flags (budgets) are not here; specs/hardening.test.ts holds each to a
 * real option of its command.
 */
export const CLI_ONLY: Record<string, string> = {
  format: '--format', output: '--output', depth: '--depth', device: '--device', device_file: '--device-file',
  compat: '--compat', training: '--training', optimizer: '--optimizer', mixed_precision: '--mixed-precision',
  recompute: '--recompute', memory: '--memory', sweep: '--sweep', set: '--set (for the spec\'s vars)', lang: '--lang',
  quiet: '--quiet', phase: '--phase', context: '--context', kv_dtype: '--kv-dtype', weight_dtype: '--weight-dtype',
  group_size: '--group-size', keep: '--keep', data_parallel: '--data-parallel', tensor_parallel: '--tensor-parallel',
  pipeline_parallel: '--pipeline-parallel', zero: '--zero', devices: 'fit --devices', reserve: 'fit --reserve',
  solve: 'fit --solve', layer: 'explain --layer', max_increase: 'diff --max-increase', metric: 'diff --metric',
};

/** For a top-level key that is a command-line option: say so, and where a spec puts it (budgets for check's --max-*). */
function cliOptionHint(keys: readonly string[]): string {
  for (const key of keys) {
    const normal = key.replace(/-/g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const budget = /^max_(.+)$/.exec(normal)?.[1];
    if (budget !== undefined && (METRICS as readonly string[]).includes(budget)) {
      return ` ('${key}' is the --max-${budget.replace(/_/g, '-')} flag of archcost check; in a spec, budgets are written budgets: {${budget}: ...})`;
    }
    if (Object.hasOwn(CLI_ONLY, normal)) return ` ('${key}' is not a spec key but the command-line option ${CLI_ONLY[normal]})`;
  }
  return '';
}

/** A refused value as a message shows it; a number too large for a double (YAML reads 1e999 as infinity) says so. */
function got(value: unknown): string {
  if (value === Infinity || value === -Infinity) return `${show(value)} (a number too large to read: beyond 1.8e308 it is infinity)`;
  return show(value);
}

function whatTheSpecIs(value: unknown): string {
  if (value === null || value === undefined) return 'the spec is empty';
  if (Array.isArray(value)) return 'the spec is a list (layer items go under layers:)';
  return `the spec is a single value, ${show(value)}`;
}

function bound(issue: Extract<RawIssue, { code: 'too_small' | 'too_big' }>, words: string, limit: number | bigint): string {
  if (issue.origin === 'array') return `${words} ${limit} item${limit === 1 ? '' : 's'}`;
  if (issue.origin === 'string') return `${words} ${limit} character${limit === 1 ? '' : 's'}`;
  if (limit === Number.MAX_SAFE_INTEGER) return 'an integer of at most 2^53 - 1';
  const sign = words === 'at least' ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
  // An exact count (a saved report's, read as a bigint) is an integer, not any number.
  return `${issue.origin === 'bigint' ? 'an integer' : 'a number'} ${sign} ${limit}`;
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
