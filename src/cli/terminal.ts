import { escapeControls } from '../core/printable.js';

/**
 * The one way archcost writes to stderr, errors, warnings and notes alike: every control character the text holds is escaped
 * (ESC, BEL, CR, ...), so a spec's key or a command-line argument echoed in a message cannot set
 * the window title, recolour the terminal or forge a line. `lines` are printed one per line: a
 * newline inside one is escaped too.
 */
export function printToStderr(lines: readonly string[]): void {
  process.stderr.write(lines.map((line) => `${escapeControls(line)}\n`).join(''));
}

/** Text (commander's help and usage errors) whose own newlines are kept; everything else is escaped. */
export function printTextToStderr(text: string): void {
  process.stderr.write(escapeControls(text, true));
}
