import { analyzeSource } from '../../counting/analyze.js';
import { ArchcostError, didYouMean } from '../../core/errors.js';
import { declaredVars, type SpecSource } from '../../language/source.js';
import { compareReports } from '../../explore/compare.js';
import { layoutWarnings } from '../../explore/layout-check.js';
import type { Preset } from '../../counting/conventions.js';
import type { Locale } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { renderCompareMarkdown, renderCompareTable } from '../../report/compare.js';
import { toJson } from '../../report/json.js';
import { reportRows } from '../../report/rows.js';
import { configureColour } from '../colour.js';
import { specOptionsFrom, type SpecFlags } from '../deploy-options.js';
import { loadDevice, withModelOptions } from '../device.js';
import { loadSpec } from '../io.js';
import { warn, warnAbout } from '../notes.js';
import { writeOutput } from '../output.js';

export interface CompareFlags extends SpecFlags {
  format: 'table' | 'json' | 'markdown' | 'html';
  depth?: number;
  compat?: Preset;
  device?: string;
  deviceFile?: string;
  output?: string;
  lang: Locale;
}

export async function runCompare(files: string[], flags: CompareFlags): Promise<number> {
  const device = await loadDevice(flags);
  const sources: SpecSource[] = [];
  for (const file of files) {
    const spec = await loadSpec(file);
    sources.push(spec.source(flags.input));
    for (const note of spec.notes()) warn(`${file}: ${note}`);
  }
  checkSetNames(sources, flags.set ?? {});
  const reports = sources.map((source) => {
    const vars = varsFor(source, flags.set ?? {});
    const report = analyzeSource(source, { ...specOptionsFrom(flags), file: source.file, vars });
    warnAbout(layoutWarnings(source, report));
    return withModelOptions(report, device, flags.compat);
  });
  const comparison = compareReports(reports, (r) => reportRows(r, flags.depth));
  const m = messages(flags.lang);
  const blocks = { blocks: flags.depth !== undefined };
  let text: string;
  if (flags.format === 'json') text = toJson(comparison) + '\n';
  else if (flags.format === 'markdown') text = renderCompareMarkdown(comparison, m, blocks);
  else if (flags.format === 'html') text = (await import('../../report/html/compare-page.js')).renderCompareHtml(comparison, m, blocks.blocks);
  else {
    configureColour(flags.output);
    text = renderCompareTable(comparison, m, blocks);
  }
  await writeOutput(text, flags.output);
  return 0;
}

/**
 * `--set` in compare: each spec takes the vars it declares (a width shared by the variants, say);
 * a name that no spec declares is an error, as in analyze.
 */
function varsFor(source: SpecSource, set: Record<string, number | boolean>): Record<string, number | boolean> {
  const declared = declaredVars(source);
  return Object.fromEntries(Object.entries(set).filter(([name]) => declared.includes(name)));
}

/** Throws for a `--set` name that none of the specs declares. */
function checkSetNames(sources: SpecSource[], set: Record<string, number | boolean>): void {
  const known = new Set(sources.flatMap(declaredVars));
  const unknown = Object.keys(set).find((name) => !known.has(name));
  if (unknown) {
    throw new ArchcostError({
      message: `--set ${unknown}: no spec compared has a var '${unknown}'${didYouMean(unknown, known)}; their vars are: ${[...known].join(', ') || 'none'}`,
    });
  }
}
