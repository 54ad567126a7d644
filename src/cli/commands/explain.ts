import { explainSpec } from '../../explore/explain.js';
import type { Lang } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { explainJson, renderExplain } from '../../report/explain.js';
import { loadSpec } from '../io.js';
import { writeOutput } from '../output.js';

export interface ExplainFlags {
  layer?: string;
  set?: Record<string, number | boolean>;
  input?: number[];
  format: 'text' | 'json';
  output?: string;
  lang: Lang;
}

export async function runExplain(file: string, flags: ExplainFlags): Promise<number> {
  const spec = await loadSpec(file);
  const result = explainSpec(spec.at(flags.input), { file, vars: flags.set, input: flags.input }, flags.layer);
  await writeOutput(flags.format === 'json' ? explainJson(result) + '\n' : renderExplain(result, messages(flags.lang)), flags.output);
  return 0;
}
