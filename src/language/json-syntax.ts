/**
 * Where strict JSON text first goes wrong, and why. JSON.parse decides whether a `.json` spec
 * is valid (the YAML parser that gives us positions also accepts trailing commas, comments and
 * bare words); Node 20's JSON.parse messages often lack a position, so this scanner supplies one.
 * It is iterative, so deep nesting cannot overflow the stack.
 */

export interface JsonSyntaxError {
  /** 0-based offset into the text. */
  offset: number;
  message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;
const ESCAPES = '"\\/bfnrt';

export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  const open: ('[' | '{')[] = [];
  const fail = (offset: number, message: string): JsonSyntaxError => ({ offset, message });
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const found = () => {
    if (i >= text.length) return 'the end of the text';
    if (text[i] === "'") return 'a single quote (JSON needs double quotes)';
    if (text[i] === '/') return 'a comment (JSON has no comments)';
    return `'${text[i]}'`;
  };

  const string = (): JsonSyntaxError | undefined => {
    const start = i++;
    for (;;) {
      if (i >= text.length || text[i] === '\n') return fail(start, 'unterminated string');
      const ch = text[i];
      if (ch === '"') {
        i++;
        return undefined;
      }
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (next !== undefined && ESCAPES.includes(next)) i += 2;
        else return fail(i, `invalid escape '\\${next ?? ''}' in a string`);
      } else if (ch.charCodeAt(0) < 0x20) {
        return fail(i, 'a control character (such as a tab) must be escaped inside a JSON string');
      } else {
        i++;
      }
    }
  };

  const key = (): JsonSyntaxError | undefined => {
    skipSpace();
    if (text[i] !== '"') return fail(i, `expected a property name in double quotes, found ${found()}`);
    const bad = string();
    if (bad) return bad;
    skipSpace();
    if (text[i] !== ':') return fail(i, `expected ':' after the property name, found ${found()}`);
    i++;
    return undefined;
  };

  const scalar = (): JsonSyntaxError | undefined => {
    const ch = text[i];
    if (ch === '"') return string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m || m[0] === '-') return fail(i, 'invalid number');
      i += m[0].length;
      return undefined;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text)?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      i += word.length;
      return undefined;
    }
    if (word) return fail(i, `'${word}' is not a JSON value (text must be in double quotes)`);
    return fail(i, `expected a value, found ${found()}`);
  };

  for (;;) {
    // A value is expected here.
    skipSpace();
    const ch = text[i];
    if (ch === '[' || ch === '{') {
      open.push(ch);
      i++;
      skipSpace();
      if (text[i] === (ch === '[' ? ']' : '}')) {
        open.pop();
        i++;
      } else {
        if (ch === '{') {
          const bad = key();
          if (bad) return bad;
        }
        continue;
      }
    } else {
      const bad = scalar();
      if (bad) return bad;
    }
    // After a value: close containers, or a comma leading to the next value.
    for (;;) {
      skipSpace();
      const top = open[open.length - 1];
      if (!top) return i < text.length ? fail(i, `unexpected ${found()} after the end of the JSON value`) : undefined;
      const close = top === '[' ? ']' : '}';
      if (text[i] === close) {
        open.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return fail(i, `expected ',' or '${close}', found ${found()}`);
      const comma = i++;
      skipSpace();
      if (text[i] === ']' || text[i] === '}') return fail(comma, 'a trailing comma is not allowed in JSON');
      if (top === '{') {
        const bad = key();
        if (bad) return bad;
      }
      break;
    }
  }
}
