import type { PhaseFlags } from '../../counting/analyze.js';
import { explainSpec } from '../../explore/explain.js';
import { layoutWarnings } from '../../explore/layout-check.js';
import type { Locale } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { explainJson, renderExplain } from '../../report/explain.js';
import { loadSpec } from '../io.js';
import { warnAbout } from '../notes.js';
import { writeOutput } from '../output.js';

export interface ExplainFlags extends PhaseFlags {
  layer?: string;
  set?: Record<string, number | boolean>;
  input?: number[];
  format: 'text' | 'json';
  output?: string;
  lang: Locale;
}

export async function runExplain(file: string, flags: ExplainFlags): Promise<number> {
  const spec = await loadSpec(file);
  const result = explainSpec(spec.at(flags.input), { file, vars: flags.set, input: flags.input, phase: flags.phase, context: flags.context }, flags.layer);
  warnAbout(layoutWarnings(spec.source(flags.input), result.report));
  await writeOutput(flags.format === 'json' ? explainJson(result) + '\n' : renderExplain(result, messages(flags.lang)), flags.output);
  return 0;
}
