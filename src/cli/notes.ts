import { formatDiagnostic, type Diagnostic } from '../core/errors.js';
import { printToStderr } from './terminal.js';

/**
 * Warnings and progress for people, on stderr. `--quiet` silences them; errors are always printed.
 * One CLI run at a time sets it (main), so a module-level switch is enough.
 */
let quiet = false;

export function setQuiet(value: boolean): void {
  quiet = value;
}

export function isQuiet(): boolean {
  return quiet;
}

export function warn(text: string): void {
  if (!quiet) printToStderr([`warning: ${text}`]);
}

/** What an importer did that a reader should know (a merged pair), not a problem. */
export function note(text: string): void {
  if (!quiet) printToStderr([`note: ${text}`]);
}

/** `-` is standard input; named as compilers do, so `<stdin>:3:5` reads as a place. */
export const shownDiagnostic = (d: Diagnostic) => formatDiagnostic(d.file === '-' ? { ...d, file: '<stdin>' } : d);

export function warnAbout(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) warn(shownDiagnostic(d));
}
