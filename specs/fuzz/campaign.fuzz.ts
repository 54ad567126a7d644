import { test } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anyCase, type FuzzCase } from './arbitraries.js';
import { cliResult, libraryResult, type Outcome, type Result } from './check-case.js';

/**
 * The long campaign behind `npm run fuzz -- --cases N` (scripts/fuzz.mjs runs this file alone):
 * N cases, every one through the library and one in CLI_EVERY also through the CLI in process.
 * It never stops at a finding: it counts outcomes per path and keeps the first few reproducers of
 * each kind of finding, then writes them all to ARCHCOST_FUZZ_REPORT as JSON.
 */

const cases = Number(process.env.ARCHCOST_FUZZ_CASES ?? 1000);
const seed = Number(process.env.ARCHCOST_FUZZ_SEED ?? Date.now() % 2 ** 31);
const reportFile = process.env.ARCHCOST_FUZZ_REPORT ?? 'fuzz-report.json';
const CLI_EVERY = Number(process.env.ARCHCOST_FUZZ_CLI_EVERY ?? 4);
const KEPT_PER_KIND = 3;

interface Finding {
  path: 'library' | 'cli';
  outcome: Outcome;
  detail: string;
  case: FuzzCase;
}

test(`fuzz campaign: ${cases} cases`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'archcost-fuzz-'));
  const counts = { library: {} as Record<string, number>, cli: {} as Record<string, number> };
  const findings = new Map<string, Finding[]>();
  const started = Date.now();
  // Why cases were refused (library path), to see what the generator reaches.
  const refusals = new Map<string, number>();
  const blur = (text: string) => text.replace(/\d+/g, 'N').replace(/'[^']*'/g, "'…'").slice(0, 120);
  const record = (path: Finding['path'], r: Result, c: FuzzCase) => {
    counts[path][r.outcome] = (counts[path][r.outcome] ?? 0) + 1;
    if (r.outcome === 'refused' && path === 'library') refusals.set(blur(r.detail ?? ''), (refusals.get(blur(r.detail ?? '')) ?? 0) + 1);
    if (r.outcome === 'ok' || r.outcome === 'refused') return;
    // A kind of finding: its outcome and its message with numbers and names blurred.
    const kind = `${path} ${r.outcome}: ${blur(r.detail ?? '')}`;
    const list = findings.get(kind) ?? [];
    if (list.length < KEPT_PER_KIND) list.push({ path, outcome: r.outcome, detail: r.detail ?? '', case: c });
    findings.set(kind, list);
  };
  const save = () =>
    writeFileSync(
      reportFile,
      JSON.stringify(
        {
          seed,
          cases,
          elapsedSeconds: Math.round((Date.now() - started) / 1000),
          counts,
          findings: Object.fromEntries(findings),
          topRefusals: Object.fromEntries([...refusals].sort((a, b) => b[1] - a[1]).slice(0, 30)),
        },
        null,
        1,
      ),
    );
  let n = 0;
  try {
    await fc.assert(
      fc.asyncProperty(anyCase, fc.nat(), async (c, pick) => {
        record('library', libraryResult(c), c);
        if (c.kind === 'text' && n % CLI_EVERY === 0) record('cli', await cliResult(c, dir, pick), c);
        if (++n % 10_000 === 0) {
          save();
          process.stderr.write(`${n} cases, ${Math.round((Date.now() - started) / 1000)} s\n`);
        }
        return true;
      }),
      { numRuns: cases, seed, endOnFailure: true },
    );
  } finally {
    save();
    rmSync(dir, { recursive: true, force: true });
  }
}, 24 * 3600 * 1000);
