import { appendFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { analyzeSourceWith, type Report } from '../../counting/analyze.js';
import type { Preset } from '../../counting/conventions.js';
import { ArchcostError } from '../../core/errors.js';
import type { SpecSource } from '../../language/source.js';
import type { SpecFile } from '../../language/spec.js';
import { layoutWarnings } from '../../explore/layout-check.js';
import { specOptionsFrom, type SpecFlags } from '../deploy-options.js';
import { withModelOptions } from '../device.js';
import { warnAbout } from '../notes.js';

/** Options check and diff share with analyze, plus where the output goes. */
export interface ModelFlags extends SpecFlags {
  compat?: Preset;
  output?: string;
}

export type GateFormat = 'table' | 'json' | 'markdown' | 'github';

export function analyzeWith(source: SpecSource, flags: ModelFlags, spec?: SpecFile): Report {
  const report = analyzeSourceWith(source, { file: source.file, ...specOptionsFrom(flags) }, {}, spec);
  warnAbout(layoutWarnings(source, report));
  return withModelOptions(report, undefined, flags.compat);
}

/**
 * With `--format github` in a workflow, the Markdown summary goes to the job summary file the
 * runner names in GITHUB_STEP_SUMMARY (stdout stays workflow commands only).
 */
export function appendStepSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(file, markdown + '\n');
  } catch (e) {
    throw new ArchcostError({ file, message: `cannot append to GITHUB_STEP_SUMMARY: ${(e as Error).message}` });
  }
}

/**
 * A spec's path as an annotation needs it: relative to the repository root the runner names in
 * GITHUB_WORKSPACE, since it does not rewrite a path relative to a step's `working-directory`.
 */
export function annotationPath(file: string | undefined): string | undefined {
  const workspace = process.env.GITHUB_WORKSPACE;
  if (!file || file === '-' || !workspace) return file;
  return relative(workspace, resolve(file)).split(sep).join('/');
}
