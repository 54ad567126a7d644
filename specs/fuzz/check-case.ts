import { Ajv2020 } from 'ajv/dist/2020.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, ArchcostError, type Report } from '../../src/index.js';
import { toJson } from '../../src/report/json.js';
import { outputJsonSchema } from '../../src/report/schemas.js';
import { cli } from '../cli.js';
import type { FuzzCase } from './arbitraries.js';

/**
 * What one fuzz case did, checked against archcost's promise: a report whose totals are the sum
 * of its layers, linear in the batch, the same every time and valid against its published
 * schema; or an ArchcostError with a location where the spec has text. Anything else is a finding.
 */
export type Outcome = 'ok' | 'refused' | 'unlocated' | 'crash' | 'invariant' | 'slow';

export interface Result {
  outcome: Outcome;
  /** What went wrong, for a finding (or the refusal's message). */
  detail?: string;
}

/** A case slower than this is a finding: a spec must not hang archcost. */
export const SLOW_MS = 2000;

const validateReport = new Ajv2020({ allErrors: false, strict: false }).compile(outputJsonSchema('analyze'));

const SUMMED = ['params', 'buffers', 'macs', 'flops', 'activationBytes'] as const;

function source(c: FuzzCase): [string | object, string | undefined] {
  return c.kind === 'text' ? [c.text, c.file] : [c.spec, undefined];
}

/** Analyzes a case through the library and checks the report's invariants. */
export function libraryResult(c: FuzzCase): Result {
  const [spec, file] = source(c);
  const started = Date.now();
  let report: Report;
  try {
    report = analyze(spec, { file });
  } catch (e) {
    return refusal(e, c, Date.now() - started);
  }
  let problem: string | undefined;
  try {
    problem = invariantProblem(report, spec, file);
  } catch (e) {
    problem = `checking the report threw ${(e as Error)?.name}: ${(e as Error)?.message}`;
  }
  if (problem) return { outcome: 'invariant', detail: problem };
  if (Date.now() - started > SLOW_MS) return { outcome: 'slow', detail: `${Date.now() - started} ms` };
  return { outcome: 'ok' };
}

function refusal(e: unknown, c: FuzzCase, ms: number): Result {
  if (!(e instanceof ArchcostError)) return { outcome: 'crash', detail: `${(e as Error)?.name}: ${(e as Error)?.message}` };
  if (ms > SLOW_MS) return { outcome: 'slow', detail: `${ms} ms to refuse: ${e.message}` };
  // Text has positions: every diagnostic must point into it (an empty text has nothing to point at).
  const unlocated = c.kind === 'text' && c.text.trim() !== '' ? e.diagnostics.find((d) => d.line === undefined) : undefined;
  if (unlocated) return { outcome: 'unlocated', detail: unlocated.message };
  return { outcome: 'refused', detail: e.diagnostics[0]?.message };
}

function invariantProblem(report: Report, spec: string | object, file: string | undefined): string | undefined {
  for (const key of SUMMED) {
    const sum = report.layers.reduce((total, l) => total + l[key], 0n);
    if (sum !== report.totals[key]) return `totals.${key} ${report.totals[key]} is not the sum of the layers, ${sum}`;
  }
  const json = toJson(report);
  if (!validateReport(JSON.parse(json))) return `the JSON fails the analyze schema: ${JSON.stringify(validateReport.errors?.[0])}`;
  // Batch 1 is a second run of the same spec when the spec's batch is 1 (most are): it must give the same text.
  const one = analyze(spec, { file, batch: 1 });
  const again = report.batch === 1 ? one : analyze(spec, { file });
  if (toJson(again) !== json) return 'a second run gave different output';
  const three = analyze(spec, { file, batch: 3 });
  for (const key of ['macs', 'flops', 'activationBytes', 'peakActivationBytes'] as const) {
    if (three.totals[key] !== 3n * one.totals[key]) return `totals.${key} at batch 3 is ${three.totals[key]}, not 3 x ${one.totals[key]}`;
  }
  if (three.totals.params !== one.totals.params) return 'params change with the batch';
  return undefined;
}

/** The commands a CLI case runs, each with the spec file as its argument. */
const COMMANDS: readonly string[][] = [
  ['analyze', '{}'],
  ['analyze', '{}', '--format', 'json'],
  ['analyze', '{}', '--format', 'markdown', '--depth', '1'],
  ['analyze', '{}', '--format', 'csv', '--batch', '2'],
  ['analyze', '{}', '--memory', '--training'],
  ['check', '{}', '--max-macs', '1G'],
  ['explain', '{}'],
  ['compare', 'examples/seed-bottleneck.yaml', '{}'],
];

/** Runs a text case through the CLI in process: exit 0, 1 or 2 (with `error:` lines, no stack trace, nothing on stdout), never 3. */
export async function cliResult(c: Extract<FuzzCase, { kind: 'text' }>, dir: string, pick: number): Promise<Result> {
  const path = join(dir, c.file);
  writeFileSync(path, c.text);
  const args = COMMANDS[pick % COMMANDS.length].map((a) => (a === '{}' ? path : a));
  const started = Date.now();
  const r = await cli(...args);
  const ms = Date.now() - started;
  if (r.code === 3) return { outcome: 'crash', detail: `${args[0]}: ${r.stderr.trim()}` };
  if (![0, 1, 2].includes(r.code)) return { outcome: 'crash', detail: `${args[0]}: exit ${r.code}` };
  if (/\n\s+at .+:\d+:\d+/.test(r.stderr)) return { outcome: 'crash', detail: `${args[0]}: a stack trace on stderr` };
  if (r.code === 2 && (!r.stderr.startsWith('error: ') || r.stdout !== '')) return { outcome: 'invariant', detail: `${args[0]}: exit 2 without an error line, or with output` };
  if (ms > SLOW_MS) return { outcome: 'slow', detail: `${args[0]}: ${ms} ms` };
  return { outcome: r.code === 2 ? 'refused' : 'ok' };
}
