/**
 * The protobuf text format Caffe's `.prototxt` files are written in: `name: value` fields and
 * `name { ... }` messages (also `name: { ... }`, `<...>` braces and `[a, b]` lists), `#` comments,
 * quoted strings, numbers and bare enum words. Repeated fields are kept in order.
 */

export type TextValue = string | number | boolean | TextMessage;

export interface TextField {
  name: string;
  value: TextValue;
  line: number;
  column: number;
}

export class TextMessage {
  constructor(
    readonly fields: TextField[],
    readonly line: number,
  ) {}

  all(name: string): TextField[] {
    return this.fields.filter((f) => f.name === name);
  }

  get(name: string): TextField | undefined {
    return this.fields.find((f) => f.name === name);
  }
}

export class TextFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

interface Token {
  kind: 'word' | 'string' | 'number' | 'punct';
  text: string;
  line: number;
  column: number;
}

/** Nesting deeper than this is refused rather than recursed into. */
const MAX_DEPTH = 100;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = ++i;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const column = i - lineStart + 1;
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\n') throw new TextFormatError('a string runs to the end of the line (missing closing quote)', line, column);
        value += text[j] === '\\' ? text[++j] ?? '' : text[j];
        j++;
      }
      if (j >= text.length) throw new TextFormatError('a string is not closed', line, column);
      tokens.push({ kind: 'string', text: value, line, column });
      i = j + 1;
      continue;
    }
    if ('{}<>[]:,;'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line, column });
      i++;
      continue;
    }
    const word = /^[-+]?[A-Za-z0-9_.+-]+/.exec(text.slice(i, i + 200));
    if (!word) throw new TextFormatError(`unexpected character '${c}'`, line, column);
    const isNumber = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?f?$/.test(word[0]) || /^[-+]?(inf|nan)$/i.test(word[0]);
    tokens.push({ kind: isNumber ? 'number' : 'word', text: word[0], line, column });
    i += word[0].length;
  }
  return tokens;
}

export function parseTextFormat(text: string): TextMessage {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const expectEnd = (close: string, open: Token) => {
    const t = tokens[at];
    if (!t) throw new TextFormatError(`'${open.text}' is never closed (the file ends first)`, open.line, open.column);
    if (t.text !== close || t.kind !== 'punct') throw new TextFormatError(`expected '${close}', got '${t.text}'`, t.line, t.column);
    at++;
  };
  const scalar = (t: Token): TextValue => {
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return Number(t.text.replace(/f$/, ''));
    if (t.text === 'true' || t.text === 'false') return t.text === 'true';
    return t.text;
  };
  const message = (depth: number, close: string | undefined, open?: Token): TextMessage => {
    const line = open?.line ?? 1;
    if (depth > MAX_DEPTH) throw new TextFormatError(`messages nest more than ${MAX_DEPTH} deep`, line, open?.column ?? 1);
    const fields: TextField[] = [];
    for (;;) {
      const t = peek();
      if (!t) {
        if (close) throw new TextFormatError(`a message opened on line ${line} is never closed`, line, open?.column ?? 1);
        return new TextMessage(fields, line);
      }
      if (close && t.kind === 'punct' && t.text === close) {
        at++;
        return new TextMessage(fields, line);
      }
      if (t.kind !== 'word') throw new TextFormatError(`expected a field name, got '${t.text}'`, t.line, t.column);
      at++;
      let next = peek();
      if (next?.kind === 'punct' && next.text === ':') {
        at++;
        next = peek();
      }
      if (!next) throw new TextFormatError(`field '${t.text}' has no value (the file ends)`, t.line, t.column);
      const push = (value: TextValue) => fields.push({ name: t.text, value, line: t.line, column: t.column });
      if (next.kind === 'punct' && (next.text === '{' || next.text === '<')) {
        at++;
        push(message(depth + 1, next.text === '{' ? '}' : '>', next));
      } else if (next.kind === 'punct' && next.text === '[') {
        at++;
        while (peek() && !(peek().kind === 'punct' && peek().text === ']')) {
          const item = peek();
          if (item.kind === 'punct' && (item.text === '{' || item.text === '<')) {
            at++;
            push(message(depth + 1, item.text === '{' ? '}' : '>', item));
          } else if (item.kind === 'punct' && item.text === ',') {
            at++;
          } else if (item.kind === 'punct') {
            throw new TextFormatError(`unexpected '${item.text}' in a list`, item.line, item.column);
          } else {
            at++;
            push(scalar(item));
          }
        }
        expectEnd(']', next);
      } else if (next.kind === 'punct') {
        throw new TextFormatError(`field '${t.text}': expected a value, got '${next.text}'`, next.line, next.column);
      } else {
        at++;
        push(scalar(next));
      }
      const separator = peek();
      if (separator?.kind === 'punct' && (separator.text === ',' || separator.text === ';')) at++;
    }
  };
  return message(0, undefined);
}
