import { nearest } from '../core/errors.js';
import { childrenOf, type ArithmeticOp, type CompareOp, type Expr, type ExprNode } from './ast.js';
import { syntaxError, type ExprError } from './errors.js';
import { FUNCTIONS } from './functions.js';
import { exactFromDecimal } from './numbers.js';
import { TENSOR_ATTRIBUTES } from './tensor.js';
import { tokenize, type Token } from './tokens.js';

const BOOLEANS = new Map([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
]);
const RESERVED = new Set(['in', 'if', 'else', 'and', 'or', 'not', 'None', ...BOOLEANS.keys()]);
/** Names that would reach Object.prototype if a scope were a plain object. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const INPUT_USAGE = 'in.channels, in.height, in.width, in.depth, in.length, in.rank, in.elements, in.positions or in.shape[k]';

/**
 * How deep an expression may nest (parentheses, brackets, unary operators, calls, chains of binary
 * operators): Python's parser stops at 200 nested parentheses too. Past it, parsing or evaluating
 * would run out of stack; no real size expression comes near.
 */
export const MAX_NESTING = 200;

const tooDeep = (column: number) => syntaxError((c) => `the expression is nested too deeply at column ${c} (more than ${MAX_NESTING} levels)`, column);

type Node = ExprNode;
const span = <T extends object>(node: T, start: number, end: number) => ({ ...node, start, end }) as unknown as Node;

/** Recursive descent, one method per Python precedence level, lowest first. */
class Parser {
  private i = 0;
  private depth = 0;
  private readonly tokens: Token[];

  constructor(source: string) {
    this.tokens = tokenize(source);
  }

  parse(): Node {
    if (this.peek().kind === 'end') throw syntaxError(() => 'expected an expression, but it is empty', 0);
    const root = this.conditional();
    if (this.peek().kind !== 'end') this.fail('an operator or the end of the expression');
    // Chains of binary operators nest without recursion here, but evaluating them recurses.
    const deepest = deepestNode(root);
    if (deepest) throw tooDeep(deepest.start);
    return root;
  }

  /** One level of nesting: the parser recurses, so it counts how deep. */
  private deeper<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING) throw tooDeep(this.peek().pos);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private conditional(): Node {
    return this.deeper(() => {
      const then = this.or();
      if (!this.atWord('if')) return then;
      this.i++;
      const test = this.or();
      if (!this.atWord('else')) this.fail("'else' (as in 'x if condition else y')");
      this.i++;
      const otherwise = this.conditional(); // right-associative
      return span({ kind: 'conditional', test, then, otherwise }, then.start, otherwise.end);
    });
  }

  private or(): Node {
    let left = this.and();
    while (this.atWord('or')) {
      this.i++;
      const right = this.and();
      left = span({ kind: 'logical', op: 'or', left, right }, left.start, right.end);
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.atWord('and')) {
      this.i++;
      const right = this.not();
      left = span({ kind: 'logical', op: 'and', left, right }, left.start, right.end);
    }
    return left;
  }

  private not(): Node {
    if (!this.atWord('not')) return this.comparison();
    const start = this.next().pos;
    const operand = this.deeper(() => this.not());
    return span({ kind: 'unary', op: 'not', operand }, start, operand.end);
  }

  private comparison(): Node {
    const first = this.sum();
    const rest: { op: CompareOp; operand: Node }[] = [];
    while (this.atOp('==', '!=', '<', '<=', '>', '>=')) {
      const op = this.next().text as CompareOp;
      rest.push({ op, operand: this.sum() });
    }
    if (rest.length === 0) return first;
    return span({ kind: 'compare', first, rest }, first.start, rest[rest.length - 1].operand.end);
  }

  private binary(next: () => Node, ops: string[]): Node {
    let left = next();
    while (this.atOp(...ops)) {
      const op = this.next().text as ArithmeticOp;
      const right = next();
      left = span({ kind: 'arithmetic', op, left, right }, left.start, right.end);
    }
    return left;
  }

  private sum(): Node {
    return this.binary(() => this.term(), ['+', '-']);
  }

  private term(): Node {
    return this.binary(() => this.factor(), ['*', '/', '//', '%']);
  }

  private factor(): Node {
    if (!this.atOp('-', '+')) return this.power();
    const token = this.next();
    const operand = this.deeper(() => this.factor());
    return span({ kind: 'unary', op: token.text as '-' | '+', operand }, token.pos, operand.end);
  }

  private power(): Node {
    const base = this.postfix();
    if (!this.atOp('**')) return base;
    this.i++;
    // The exponent is a factor: `2 ** -1` works, and `2 ** 3 ** 2` groups to the right.
    const exponent = this.deeper(() => this.factor());
    return span({ kind: 'arithmetic', op: '**', left: base, right: exponent }, base.start, exponent.end);
  }

  /** A primary followed by attributes and subscripts: `in.shape[-1]`, `kernel[0]`, `k[1:]`. */
  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.atOp('.')) {
        this.i++;
        node = this.attribute(node);
      } else if (this.atOp('[')) {
        node = this.deeper(() => this.subscript(node));
      } else {
        return node;
      }
    }
  }

  private attribute(object: Node): Node {
    const token = this.peek();
    const owner = object.kind === 'name' ? object.name : 'a value';
    if (token.kind !== 'word') {
      return this.fail(owner === 'in' ? `an attribute of 'in' (${INPUT_USAGE})` : 'an attribute name');
    }
    if (!(TENSOR_ATTRIBUTES as readonly string[]).includes(token.text)) {
      const hit = nearest(token.text, TENSOR_ATTRIBUTES);
      const advice = hit ? `did you mean '${owner === 'a value' ? '' : owner}.${hit}'?` : `tensors have ${TENSOR_ATTRIBUTES.join(', ')}`;
      throw syntaxError((c) => `'${owner}' has no attribute '${token.text}' at column ${c} (${advice})`, token.pos);
    }
    this.i++;
    return span({ kind: 'attribute', object, attribute: token.text }, object.start, token.pos + token.text.length);
  }

  private subscript(object: Node): Node {
    const open = this.next();
    const what = object.kind === 'attribute' ? `${object.object.kind === 'name' ? object.object.name : ''}.${object.attribute}[` : '[';
    const from = this.atOp(':') ? undefined : this.conditional();
    if (from && !this.atOp(':')) {
      const close = this.expectOp(']', `']' to close '${what}'`);
      return span({ kind: 'index', object, index: from }, object.start, close.pos + 1);
    }
    this.expectOp(':', `']' to close '${what}'`);
    const to = this.atOp(']') ? undefined : this.conditional();
    const close = this.expectOp(']', `']' to close the slice opened at column ${open.pos + 1}`);
    return span({ kind: 'slice', object, from, to }, object.start, close.pos + 1);
  }

  private primary(): Node {
    const token = this.peek();
    const start = token.pos;
    const end = start + token.text.length;
    if (token.kind === 'number') {
      this.i++;
      return span({ kind: 'number', text: token.text, value: Number(token.text), exact: exactFromDecimal(token.text) }, start, end);
    }
    if (token.kind === 'string') {
      this.i++;
      return span({ kind: 'string', value: token.value! }, start, end);
    }
    if (token.kind === 'op' && token.text === '(') {
      this.i++;
      const inner = this.conditional();
      this.expectOp(')', `')' to close the '(' at column ${start + 1}`);
      // The node's text keeps its parentheses, so messages quote `x / (w - 64)` whole.
      return { ...inner, start, end: this.tokens[this.i - 1].pos + 1, paren: true };
    }
    if (token.kind === 'op' && token.text === '[') return this.list();
    if (token.kind === 'word' && token.text === 'None') {
      this.i++;
      return span({ kind: 'none' }, start, end);
    }
    const boolean = BOOLEANS.get(token.text);
    const isName = token.kind === 'word' && !RESERVED.has(token.text);
    if (boolean === undefined && token.text !== 'in' && !isName) return this.fail('an operand');
    this.i++;
    if (boolean !== undefined) return span({ kind: 'boolean', value: boolean }, start, end);
    if (token.text === 'in') {
      if (!this.atOp('.')) this.fail(`'.' and an attribute (${INPUT_USAGE})`);
      return span({ kind: 'name', name: 'in' }, start, end);
    }
    if (FORBIDDEN.has(token.text)) {
      throw syntaxError((c) => `'${token.text}' at column ${c} cannot be used as a name`, start);
    }
    if (this.atOp('(')) return this.call(token);
    return span({ kind: 'name', name: token.text }, start, end);
  }

  private list(): Node {
    const open = this.next();
    const items: Node[] = [];
    while (!this.atOp(']')) {
      items.push(this.conditional());
      if (!this.atOp(',')) break;
      this.i++;
    }
    const close = this.expectOp(']', `']' or ',' in the list opened at column ${open.pos + 1}`);
    return span({ kind: 'list', items }, open.pos, close.pos + 1);
  }

  private call(name: Token): Node {
    const fn = FUNCTIONS.get(name.text);
    if (!fn) {
      const hit = nearest(name.text, FUNCTIONS.keys());
      const advice = hit ? `did you mean ${FUNCTIONS.get(hit)?.usage}?` : `the functions are ${[...FUNCTIONS.keys()].join(', ')}`;
      throw syntaxError((c) => `unknown function '${name.text}' at column ${c} (${advice})`, name.pos);
    }
    this.i++; // '('
    const args: Node[] = [];
    while (!this.atOp(')')) {
      args.push(this.conditional());
      if (!this.atOp(',')) break;
      this.i++;
    }
    const close = this.expectOp(')', `')' or ',' in the call to ${name.text}()`);
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const takes =
        fn.maxArgs === Infinity
          ? `at least ${fn.minArgs} argument`
          : fn.minArgs === fn.maxArgs
            ? `${fn.minArgs} argument${fn.minArgs === 1 ? '' : 's'}`
            : `${fn.minArgs} or ${fn.maxArgs} arguments`;
      throw syntaxError((c) => `${name.text}() at column ${c} takes ${takes}, as in ${fn.usage}, but got ${args.length}`, name.pos);
    }
    return span({ kind: 'call', fn: name.text, args }, name.pos, close.pos + 1);
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private atOp(...ops: string[]): boolean {
    const token = this.peek();
    return token.kind === 'op' && ops.includes(token.text);
  }

  private atWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === word;
  }

  private expectOp(op: string, what: string): Token {
    if (!this.atOp(op)) this.fail(what);
    return this.next();
  }

  /** Throws "expected WHAT": at the token found instead, or after the last token when the text ends. */
  private fail(what: string): never {
    const found = this.peek();
    if (found.kind === 'end') {
      const last = this.tokens[this.i - 1];
      throw syntaxError((c) => `expected ${what} after '${last.text}' at column ${c}, but the expression ends`, last.pos);
    }
    let described = `'${found.text}'`;
    if (found.kind === 'word' && RESERVED.has(found.text)) described = `the reserved word ${described}`;
    if (found.text === ':') described += " (a C-style 'c ? a : b' is written 'a if c else b')";
    throw syntaxError((c) => `expected ${what} at column ${c}, found ${described}`, found.pos);
  }
}

/** A node deeper than MAX_NESTING below the root, if any (walked with a stack: the tree may be deep). */
function deepestNode(root: Node): Node | undefined {
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) return node;
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** Distinct texts kept parsed; specs repeat the same few expressions on many layers. */
const CACHE_LIMIT = 10_000;
const cache = new Map<string, Expr>();

/** Parses once per distinct text. Throws ExprError. */
export function parseExpression(source: string): Expr {
  let expr = cache.get(source);
  if (!expr) {
    expr = { source, root: new Parser(source).parse() };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(source, expr);
  }
  return expr;
}

export type { ExprError };
