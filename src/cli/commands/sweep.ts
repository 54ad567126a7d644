import { ArchcostError } from '../../core/errors.js';
import { runSweep, sweepPoints, type SweepAxis, type SweepOptions, type SweepResult } from '../../explore/sweep.js';
import type { Messages } from '../../i18n/messages.js';
import { renderSweepCsv, renderSweepMarkdown, renderSweepTable, sweepJson } from '../../report/sweep.js';
import { loadSpec } from '../io.js';
import { writeOutput } from '../output.js';
import { isQuiet } from '../notes.js';
import { progressBar } from '../progress.js';
import type { AnalyzeFlags } from './analyze.js';

/** Flags of analyze that a sweep's rows of totals do not show: refused rather than silently ignored. */
const NOT_SWEPT = [
  'depth',
  'memory',
  'training',
  'optimizer',
  'mixedPrecision',
  'recompute',
  'device',
  'deviceFile',
  'dataParallel',
  'tensorParallel',
  'pipelineParallel',
  'zero',
] as const;

/** `analyze --sweep`: one row per point of every spec. */
export async function runSweepCommand(
  files: string[],
  axes: SweepAxis[],
  options: Omit<SweepOptions, 'file'>,
  flags: AnalyzeFlags,
  m: Messages,
): Promise<number> {
  const format = flags.format;
  if (format === 'html' || format === 'dot' || format === 'mermaid') {
    throw new ArchcostError({ message: `--sweep prints table, json, csv or markdown, not ${format}: analyze one point without --sweep for its ${format === 'html' ? 'page' : 'graph'}` });
  }
  const ignored = NOT_SWEPT.find((k) => flags[k] !== undefined);
  if (ignored) {
    const flag = `--${ignored.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new ArchcostError({ message: `${flag} does not apply with --sweep, which prints one row of totals per point; analyze each point without --sweep for it` });
  }
  const perSpec = sweepPoints(axes).length;
  const tick = isQuiet() ? undefined : progressBar(perSpec * files.length);
  const results: SweepResult[] = [];
  for (const [i, file] of files.entries()) {
    const spec = await loadSpec(file);
    results.push(runSweep(spec.at(options.input), { ...options, file }, axes, tick && ((done) => tick(i * perSpec + done))));
  }
  const out = format === 'json' ? sweepJson(results) : format === 'csv' ? renderSweepCsv(results) : format === 'markdown' ? renderSweepMarkdown(results, m) : renderSweepTable(results, m);
  await writeOutput(out, flags.output);
  return 0;
}
