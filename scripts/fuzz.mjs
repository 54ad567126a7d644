// `npm run fuzz -- --cases N [--jobs J] [--seed S] [--cli-every K] [--report FILE]`: the long fuzz
// campaign of specs/fuzz/campaign.fuzz.ts, through the library and (every K-th text case) the CLI,
// in J processes with seeds S, S+1, ...; then the counts per outcome and each kind of finding.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    'cli-every': { type: 'string', default: '8' },
    report: { type: 'string', default: join(tmpdir(), `archcost-fuzz-${process.pid}.json`) },
  },
});
const cases = Number(values.cases);
const jobs = Math.max(1, Math.min(Number(values.jobs), cases));
const seed = Number(values.seed);

function campaign(job) {
  const share = Math.floor(cases / jobs) + (job < cases % jobs ? 1 : 0);
  const report = `${values.report}.${job}`;
  const env = {
    ...process.env,
    NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning --max-old-space-size=4096',
    ARCHCOST_FUZZ_CASES: String(share),
    ARCHCOST_FUZZ_SEED: String(seed + job),
    ARCHCOST_FUZZ_CLI_EVERY: values['cli-every'],
    ARCHCOST_FUZZ_REPORT: report,
  };
  rmSync(report, { force: true }); // a report left by an earlier run must not stand for this one
  const child = spawn('npx', ['jest', '--testMatch', '**/campaign.fuzz.ts', '--silent'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((done) => child.on('close', (code, signal) => done({ code: code ?? signal, report: jobReport(job, report, code ?? signal) })));
}

/**
 * A job's report, read and then removed; a job that died before writing one (out of memory, a
 * crash of the runner) is itself a finding, with its exit code or signal.
 */
function jobReport(job, file, exit) {
  if (!existsSync(file)) {
    return { seed: seed + job, elapsedSeconds: 0, counts: {}, findings: { 'job died before writing its report': [{ case: { job, seed: seed + job, exit } }] } };
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(file);
  return report;
}

const runs = await Promise.all(Array.from({ length: jobs }, (_, job) => campaign(job)));
const counts = {};
const findings = {};
for (const { report } of runs) {
  for (const [path, byOutcome] of Object.entries(report.counts)) {
    counts[path] ??= {};
    for (const [outcome, n] of Object.entries(byOutcome)) counts[path][outcome] = (counts[path][outcome] ?? 0) + n;
  }
  for (const [kind, list] of Object.entries(report.findings)) findings[kind] = [...(findings[kind] ?? []), ...list].slice(0, 3);
}
writeFileSync(values.report, JSON.stringify({ seeds: runs.map((r) => r.report.seed), cases, counts, findings }, null, 1));

console.log(`${cases} cases in ${jobs} job(s), seeds ${seed}..${seed + jobs - 1}, ${Math.max(...runs.map((r) => r.report.elapsedSeconds))} s`);
for (const [path, byOutcome] of Object.entries(counts)) {
  const total = Object.values(byOutcome).reduce((a, b) => a + b, 0);
  console.log(`${path.padEnd(8)} ${String(total).padStart(8)} runs: ${Object.entries(byOutcome).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
const kinds = Object.entries(findings);
console.log(kinds.length ? `${kinds.length} kind(s) of finding; reproducers in ${values.report}:` : 'no findings');
for (const [kind, list] of kinds) console.log(`  ${kind}\n    e.g. ${JSON.stringify(list[0].case).slice(0, 200)}`);
process.exit(kinds.length || runs.some((r) => r.code !== 0) ? 1 : 0);
