/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts ANSI and OSC
 * sequences, BEL rings, CR and BS overwrite), DEL, C1 controls (some terminals read U+009B as
 * ESC [), the Unicode line and paragraph separators, and the bidirectional overrides and isolates
 * that reorder what is shown ("Trojan Source").
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `\u001b`: the JSON escape of a character, so escaped text inside a JSON string still reads as the same value. */
const escapeOne = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text with every control character written out as `\uXXXX`; `keep` lists the ones left as they are (a newline). */
export function escapeControls(text: string, keep = ''): string {
  return text.replace(CONTROL, (c) => (keep.includes(c) ? c : escapeOne(c)));
}

/** An SGR (colour) sequence as chalk and cli-table3 write it: ESC [ numbers m. */
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * Text made safe to print: control characters escaped except the newline, and, when colour is on,
 * the colour sequences archcost's own renderers wrote. Labels that come from the user (a model's
 * name, a file name) carry no raw ESC by then (see `label`), so the sequences kept are archcost's.
 */
export function printable(text: string, colour: boolean): string {
  if (!colour) return escapeControls(text, '\n');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(SGR)) {
    out += escapeControls(text.slice(last, m.index), '\n') + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeControls(text.slice(last), '\n');
}

/** A user's text used as a one-line label in human output (a model name, a file name): no control character, newlines included, stays raw. */
export function label(text: string): string {
  return escapeControls(text);
}
