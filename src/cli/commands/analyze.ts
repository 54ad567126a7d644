import { analyzeSource, type Report } from '../../counting/analyze.js';
import type { Preset } from '../../counting/conventions.js';
import { PrintableText } from '../../core/printable.js';
import type { Locale } from '../../i18n/lang.js';
import { checkInputSize, type InputCheck } from '../../explore/input-check.js';
import { layoutWarnings } from '../../explore/layout-check.js';
import type { SweepAxis } from '../../explore/sweep.js';
import { messages } from '../../i18n/messages.js';
import { inputCheckLines } from '../../report/input-check.js';
import { loadDevice, withModelOptions } from '../device.js';
import { countingOptionsFrom, parallelFrom, type CountingFlags } from '../deploy-options.js';
import { loadSpec } from '../io.js';
import { warn, warnAbout } from '../notes.js';
import { writeOutput } from '../output.js';

export type ReportFormat = 'table' | 'json' | 'csv' | 'markdown' | 'html' | 'dot' | 'mermaid';

export interface AnalyzeFlags extends CountingFlags {
  format: ReportFormat;
  depth?: number;
  compat?: Preset;
  output?: string;
  memory?: boolean;
  device?: string;
  deviceFile?: string;
  lang?: Locale;
  sweep?: SweepAxis[];
}

export async function runAnalyze(files: string[], flags: AnalyzeFlags): Promise<number> {
  const counting = countingOptionsFrom(flags);
  if (flags.sweep) {
    const { configureColour } = await import('../colour.js');
    configureColour(flags.output);
    const { runSweepCommand } = await import('./sweep.js');
    return runSweepCommand(files, flags.sweep, { ...counting, compat: flags.compat }, flags, messages(flags.lang));
  }
  const device = await loadDevice(flags);
  const { input, ...atOwnInput } = counting;
  const shared = { ...atOwnInput, parallel: parallelFrom(flags), device };
  const reports: Report[] = [];
  // With --input, each report is also compared with the spec at its own input size (`shared` has none).
  const checks: (InputCheck | undefined)[] = [];
  for (const file of files) {
    const spec = await loadSpec(file);
    const source = spec.source(input);
    const options = { ...shared, file };
    const report = analyzeSource(source, { ...options, input });
    for (const note of spec.notes()) warn(`${file}: ${note}`);
    warnAbout(layoutWarnings(source, report));
    reports.push(withModelOptions(report, device, flags.compat));
    checks.push(input ? checkInputSize(analyzeSource(spec.source(), options), report, (other) => analyzeSource(spec.source(other), { ...options, input: other })) : undefined);
  }
  await writeOutput(await render(reports, checks, flags), flags.output);
  return 0;
}

/** Each format loads only its own renderer (and colour only for the table): start-up is most of a small run. */
async function render(reports: Report[], checks: (InputCheck | undefined)[], flags: AnalyzeFlags): Promise<string | string[] | PrintableText> {
  const options = { depth: flags.depth, memory: flags.memory, messages: messages(flags.lang) };
  const check = (i: number, wrap: (lines: string[]) => string) => (checks[i] ? wrap(inputCheckLines(checks[i]!, options.messages)) : '');
  switch (flags.format) {
    case 'json': {
      const { jsonPieces } = await import('../../report/json.js');
      const withChecks = reports.map((r, i) => (checks[i] ? { ...r, inputCheck: checks[i] } : r));
      return new PrintableText(
        (function* () {
          yield* jsonPieces(withChecks.length === 1 ? withChecks[0] : withChecks);
          yield '\n';
        })(),
      );
    }
    case 'csv': {
      const { renderCsv } = await import('../../report/csv.js');
      return renderCsv(reports, options);
    }
    // The page and the graph exports (and dagre, the layout they use) load only when asked for.
    case 'html':
      return (await import('../../report/html.js')).renderHtml(reports, options);
    case 'dot':
      return (await import('../../report/graph-export.js')).renderDot(reports, options);
    case 'mermaid':
      return (await import('../../report/graph-export.js')).renderMermaid(reports, options);
    case 'markdown': {
      const { renderMarkdown } = await import('../../report/markdown.js');
      return reports.map((r, i) => renderMarkdown(r, options) + check(i, (lines) => `\n${lines.join('\n')}\n`)).join('\n');
    }
    case 'table': {
      const { configureColour } = await import('../colour.js');
      configureColour(flags.output);
      const { renderTable } = await import('../../report/table.js');
      return reports.map((r, i) => renderTable(r, options) + check(i, (lines) => `${lines.join('\n')}\n`)).join('\n');
    }
  }
}
