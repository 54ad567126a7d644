import { explainSpec } from '../../explore/explain.js';
import { layoutWarnings } from '../../explore/layout-check.js';
import { parseSpecText } from '../../language/source.js';
import type { Locale } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { explainJson, renderExplain } from '../../report/explain.js';
import { readSpec } from '../io.js';
import { warnAbout } from '../notes.js';
import { writeOutput } from '../output.js';

export interface ExplainFlags {
  layer?: string;
  set?: Record<string, number | boolean>;
  input?: number[];
  format: 'text' | 'json';
  output?: string;
  lang: Locale;
}

export async function runExplain(file: string, flags: ExplainFlags): Promise<number> {
  const text = await readSpec(file);
  const result = explainSpec(text, { file, vars: flags.set, input: flags.input }, flags.layer);
  warnAbout(layoutWarnings(parseSpecText(text, file), result.report));
  await writeOutput(flags.format === 'json' ? explainJson(result) + '\n' : renderExplain(result, messages(flags.lang)), flags.output);
  return 0;
}
