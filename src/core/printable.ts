/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts ANSI and OSC
 * sequences, BEL rings, CR and BS overwrite), DEL, C1 controls (some terminals read U+009B as
 * ESC [), the Unicode line and paragraph separators, and the bidirectional overrides and isolates
 * that reorder what is shown ("Trojan Source").
 */
/** The ones past C0, which JSON.stringify leaves as they are (a regex character class's contents). */
export const CONTROL_PAST_C0 = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const CONTROL_BUT_NEWLINE_CLASS = `\\u0000-\\u0009\\u000b-\\u001f${CONTROL_PAST_C0}`;
const CONTROL = new RegExp(`[\\n${CONTROL_BUT_NEWLINE_CLASS}]`, 'g');
/** The same but the newline, which stays: a report has millions of newlines, and a replace that visits each one is most of writing it. */
const CONTROL_BUT_NEWLINE = new RegExp(`[${CONTROL_BUT_NEWLINE_CLASS}]`, 'g');

/** `\u001b`: the JSON escape of a character, so escaped text inside a JSON string still reads as the same value. */
const escapeOne = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text with every control character written out as `\uXXXX`, newlines too unless `keepNewlines`. */
export function escapeControls(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? CONTROL_BUT_NEWLINE : CONTROL, escapeOne);
}

/** An SGR (colour) sequence as chalk and cli-table3 write it: ESC [ numbers m. */
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * Text made safe to print: control characters escaped except the newline, and, when colour is on,
 * the colour sequences archcost's own renderers wrote. Labels that come from the user (a model's
 * name, a file name) carry no raw ESC by then (see `label`), so the sequences kept are archcost's.
 */
export function printable(text: string, colour: boolean): string {
  if (!colour) return escapeControls(text, true);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(SGR)) {
    out += escapeControls(text.slice(last, m.index), true) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeControls(text.slice(last), true);
}

/** A user's text used as a one-line label in human output (a model name, a file name): no control character, newlines included, stays raw. */
export function label(text: string): string {
  return escapeControls(text);
}

/**
 * Text made printable where it is written (the JSON writer escapes each string it writes), so
 * printing need not scan it again; its pieces are made as they are taken (report/json.ts `jsonPieces`).
 */
export class PrintableText {
  constructor(readonly pieces: Iterable<string>) {}
}
