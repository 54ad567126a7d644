import { ExprError, syntaxError } from './errors.js';
import { evaluate, type ExprScope } from './evaluate.js';
import { parseExpression } from './parse.js';
import { formatValue, FLOAT, type Domain, type Value } from './values.js';

export function hasTemplate(text: string): boolean {
  return text.includes('${');
}

/** The `}` closing the `${` at `open`, skipping string literals (`${'a}b'}`); -1 when there is none. */
function closingBrace(text: string, open: number): number {
  let quote: string | undefined;
  for (let i = open + 2; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '}') return i;
  }
  return -1;
}

/**
 * A spec string value: exactly one `${...}` (surrounding blanks allowed) -> its value (a number,
 * boolean, string or list); text with `${...}` inside -> the text with each value interpolated;
 * no `${` -> the text unchanged. Error columns are offsets in `text`.
 */
export function resolveTemplate(text: string, scope: ExprScope, domain: Domain = FLOAT): Value {
  let result = '';
  let literal = ''; // the text outside `${...}`, to tell a single value from interpolation
  const values: Value[] = [];
  let pos = 0;
  for (let open = text.indexOf('${'); open >= 0; open = text.indexOf('${', pos)) {
    const close = closingBrace(text, open);
    if (close < 0) {
      throw syntaxError((c) => `unterminated '\${' at column ${c}: add a closing '}'`, open);
    }
    const value = evaluateAt(text.slice(open + 2, close), open + 2, scope, domain);
    literal += text.slice(pos, open);
    result += text.slice(pos, open) + formatValue(value);
    values.push(value);
    pos = close + 1;
  }
  if (values.length === 0) return text;
  literal += text.slice(pos);
  if (values.length === 1 && literal.trim() === '') return values[0];
  return result + text.slice(pos);
}

function evaluateAt(source: string, offset: number, scope: ExprScope, domain: Domain): Value {
  try {
    return evaluate(parseExpression(source), scope, domain);
  } catch (error) {
    throw error instanceof ExprError ? error.shifted(offset) : error;
  }
}
