import type { AnalyzeOptions } from '../../engine/analyze.js';
import { ArchcostError } from '../../engine/errors.js';
import { runSweep, sweepPoints, type SweepAxis, type SweepResult } from '../../engine/sweep.js';
import type { Messages } from '../../i18n/messages.js';
import { renderSweepCsv, renderSweepMarkdown, renderSweepTable, sweepJson } from '../../report/sweep.js';
import { readSpec } from '../io.js';
import { progressBar } from '../progress.js';

/** `analyze --sweep`: one row per point of every spec. */
export async function runSweepCommand(
  files: string[],
  axes: SweepAxis[],
  options: Omit<AnalyzeOptions, 'file'>,
  format: string,
  m: Messages,
): Promise<number> {
  if (format === 'html') throw new ArchcostError({ message: '--sweep prints table, json, csv or markdown, not html' });
  const perSpec = sweepPoints(axes).length;
  const tick = progressBar(perSpec * files.length);
  const results: SweepResult[] = [];
  for (const [i, file] of files.entries()) {
    const text = await readSpec(file);
    results.push(runSweep(text, { ...options, file }, axes, tick && ((done) => tick(i * perSpec + done))));
  }
  const out = format === 'json' ? sweepJson(results) : format === 'csv' ? renderSweepCsv(results) : format === 'markdown' ? renderSweepMarkdown(results, m) : renderSweepTable(results, m);
  process.stdout.write(out);
  return 0;
}
