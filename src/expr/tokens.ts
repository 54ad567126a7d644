import { syntaxError } from './errors.js';

export interface Token {
  kind: 'number' | 'string' | 'word' | 'op' | 'end';
  /** The source text of the token (for a string, with its quotes). */
  text: string;
  pos: number;
  /** A string literal's contents. */
  value?: string;
}

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
// Longest first, so `**` wins over `*`.
const OPERATORS = ['**', '//', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', ',', '.', ':'];
/** Hints for characters people bring from other languages. */
const MISTAKES = new Map([
  ['=', "use '==' to compare"],
  ['!', "use 'not'"],
  ['&', "use 'and'"],
  ['|', "use 'or'"],
  ['^', "use '**' for powers"],
  ['?', "a C-style 'c ? a : b' is written 'a if c else b'"],
]);

/** The text of a string literal starting at `pos` (Python's quotes and escapes \\ \' \" \n \t), or an error. */
function readString(source: string, pos: number): { text: string; value: string } {
  const quote = source[pos];
  let value = '';
  for (let i = pos + 1; i < source.length; i++) {
    const ch = source[i];
    if (ch === quote) return { text: source.slice(pos, i + 1), value };
    if (ch === '\\' && i + 1 < source.length) {
      const next = source[++i];
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      continue;
    }
    value += ch;
  }
  throw syntaxError((c) => `the string starting at column ${c} has no closing ${quote}`, pos);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    const ch = source[pos];
    if (/\s/.test(ch)) {
      pos++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const { text, value } = readString(source, pos);
      tokens.push({ kind: 'string', text, pos, value });
      pos += text.length;
      continue;
    }
    NUMBER.lastIndex = pos;
    WORD.lastIndex = pos;
    const number = NUMBER.exec(source);
    const word = number ? null : WORD.exec(source);
    const op = OPERATORS.find((o) => source.startsWith(o, pos));
    const text = number?.[0] ?? word?.[0] ?? op;
    if (text === undefined) {
      const at = pos;
      const hint = MISTAKES.get(ch);
      throw syntaxError((c) => `unexpected character '${ch}' at column ${c}${hint ? ` (${hint})` : ''}`, at);
    }
    if (number && !Number.isFinite(Number(text))) {
      const at = pos;
      throw syntaxError((c) => `the number '${text}' at column ${c} is too large`, at);
    }
    tokens.push({ kind: number ? 'number' : word ? 'word' : 'op', text, pos });
    pos += text.length;
  }
  tokens.push({ kind: 'end', text: '', pos: source.length });
  return tokens;
}
