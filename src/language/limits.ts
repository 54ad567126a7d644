import { ArchcostError } from '../core/errors.js';
import { grouped } from '../core/numbers.js';

/**
 * Limits checked before a spec is parsed, so an oversized input is refused in milliseconds rather
 * than after seconds of parsing and gigabytes of memory. No real model comes near them: the zoo's
 * largest spec is a few kB; the layer limit (100,000 layers after expansion) written out layer by
 * layer as pretty JSON is about 15 MB with some 100,000-400,000 list items.
 */
export const MAX_SPEC_BYTES = 64 * 2 ** 20;
export const MAX_LIST_ITEMS = 1_000_000;
/** A saved report is about 600 bytes a layer: 60 MB at the layer limit. */
export const MAX_REPORT_BYTES = 512 * 2 ** 20;

/** `the spec is larger than 64 MiB, the most archcost reads` */
export function tooLarge(what: string, limit: number): string {
  return `${what} is larger than ${limit / 2 ** 20} MiB, the most archcost reads`;
}

/** Refuses spec text past either limit (docs/spec-language.md, Limits). */
export function checkSpecSize(text: string, file?: string): void {
  // A character is at least one byte of the file: the length bounds the size from below.
  if (text.length > MAX_SPEC_BYTES) {
    throw new ArchcostError({ file, message: tooLarge('the spec', MAX_SPEC_BYTES) });
  }
  const items = listItems(text, MAX_LIST_ITEMS);
  if (items > MAX_LIST_ITEMS) {
    throw new ArchcostError({
      file,
      message:
        `the spec has more than ${grouped(MAX_LIST_ITEMS)} list items, the most archcost reads ` +
        '(a model is at most 100,000 layers; repeat a block with `repeat:` instead of writing each copy)',
    });
  }
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const NEWLINE = 10;
const DASH = 45;
const HASH = 35;
const COMMA = 44;
const DQUOTE = 34;
const BACKSLASH = 92;
const OPEN_LIST = 91;
const CLOSE_LIST = 93;
/** The characters that can start or end an item; the regex engine skips the rest of the text. */
const MARKS = /[\n"'#[\]{},]/g;

/**
 * An estimate of the list items of YAML or JSON text, in one pass without parsing, stopping once
 * past `stop`: block entries (`- ` at the start of a line, `- - ` counts twice) and the entries of
 * `[...]` lists (the first and one per comma), quoted strings and `#` comments skipped.
 */
export function listItems(text: string, stop = Infinity): number {
  let items = blockEntries(text, 0);
  const open: number[] = [];
  const marks = new RegExp(MARKS);
  let newline = -1;
  for (let m = marks.exec(text); m !== null && items <= stop; m = marks.exec(text)) {
    const i = m.index;
    const c = text.charCodeAt(i);
    if (newline < i) {
      newline = text.indexOf('\n', i);
      if (newline === -1) newline = text.length;
    }
    if (c === NEWLINE) items += blockEntries(text, i + 1);
    else if (c === DQUOTE || c === 39) marks.lastIndex = stringEnd(text, i, newline) + 1;
    else if (c === HASH) {
      if (i === 0 || isBlank(text.charCodeAt(i - 1))) marks.lastIndex = lineEnd(text, i);
    } else if (c === COMMA) {
      if (open[open.length - 1] === OPEN_LIST) items++;
    } else if (c === OPEN_LIST || c === 123) {
      open.push(c);
      if (c === OPEN_LIST && text.charCodeAt(nonBlank(text, i + 1)) !== CLOSE_LIST) items++;
    } else {
      open.pop();
    }
  }
  return items;
}

/** `- ` entries opening the line at `i`; counted inside brackets too, so a `[` in a plain scalar (`name: net[`) hides nothing. */
function blockEntries(text: string, i: number): number {
  let n = 0;
  for (let j = nonBlank(text, i, true); text.charCodeAt(j) === DASH && isBlank(text.charCodeAt(j + 1)); j = nonBlank(text, j + 1, true)) n++;
  return n;
}

function nonBlank(text: string, i: number, sameLine = false): number {
  let j = i;
  for (let c = text.charCodeAt(j); c === SPACE || c === TAB || (!sameLine && (c === NEWLINE || c === CR)); c = text.charCodeAt(++j));
  return j;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === NEWLINE || c === CR || Number.isNaN(c);
}

/**
 * The offset of the closing quote, or just before the line's `end`: a quote inside a plain scalar (`it's`)
 * opens nothing, and a string running on is counted line by line, an estimate either way.
 */
function stringEnd(text: string, i: number, end: number): number {
  const quote = text[i];
  for (let j = text.indexOf(quote, i + 1); j !== -1 && j < end; j = text.indexOf(quote, j + 1)) {
    if (quote === "'" || !escaped(text, j)) return j;
  }
  return end - 1;
}

/** A `"` after an odd number of backslashes is part of the string. */
function escaped(text: string, quote: number): boolean {
  let n = 0;
  while (text.charCodeAt(quote - 1 - n) === BACKSLASH) n++;
  return n % 2 === 1;
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end;
}
