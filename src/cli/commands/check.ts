import { checkBudgets, resolveBudgets, type Metric } from '../../gates/budgets.js';
import { ArchcostError } from '../../core/errors.js';
import { validateSpec } from '../../language/schema-errors.js';
import { checkJson, renderCheckGithub, renderCheckMarkdown, renderCheckText } from '../../report/check.js';
import { toJson } from '../../report/json.js';
import type { Locale } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { configureColour } from '../colour.js';
import { loadSpec } from '../io.js';
import { warn } from '../notes.js';
import { writeOutput } from '../output.js';
import { analyzeWith, annotationPath, appendStepSummary, type GateFormat, type ModelFlags } from './gates.js';

export interface CheckFlags extends ModelFlags {
  format: GateFormat;
  maxMacs?: string;
  maxFlops?: string;
  maxParams?: string;
  maxMemory?: string;
  maxWeightMemory?: string;
  maxActivationMemory?: string;
  lang?: Locale;
}

/** Exit 0 when every budget holds, 1 when one is exceeded; bad input throws (exit 2). */
export async function runCheck(file: string, flags: CheckFlags): Promise<number> {
  configureColour(flags.output);
  const loaded = await loadSpec(file);
  const source = loaded.source(flags.input);
  for (const note of loaded.notes()) warn(`${file}: ${note}`);
  const limits: Partial<Record<Metric, string>> = {
    macs: flags.maxMacs,
    flops: flags.maxFlops,
    params: flags.maxParams,
    memory: flags.maxMemory,
    weight_memory: flags.maxWeightMemory,
    activation_memory: flags.maxActivationMemory,
  };
  // Validated once: the budgets are read from it, and the analysis goes on from it.
  const spec = validateSpec(source);
  const budgets = resolveBudgets(source, limits, spec);
  if (budgets.length === 0) {
    throw new ArchcostError({
      file,
      message: 'nothing to check: the spec has no budgets: section and no --max-macs, --max-flops, --max-params or --max-*-memory flag was given',
    });
  }
  const report = analyzeWith(source, flags, spec);
  const result = checkBudgets(report, budgets);
  const m = messages(flags.lang);
  switch (flags.format) {
    case 'json':
      await writeOutput(toJson(checkJson(report, result)) + '\n', flags.output);
      break;
    case 'markdown':
      await writeOutput(renderCheckMarkdown(report, result, m), flags.output);
      break;
    case 'github':
      await writeOutput(renderCheckGithub(report, result, m, annotationPath(report.model.file)), flags.output);
      appendStepSummary(renderCheckMarkdown(report, result, m));
      break;
    case 'table':
      await writeOutput(renderCheckText(report, result, m), flags.output);
  }
  return result.passed ? 0 : 1;
}
