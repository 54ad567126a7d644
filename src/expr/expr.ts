/**
 * The expression language inside spec values (`${...}`, spec section 4): a small
 * Python-like language over numbers and booleans. Expressions are parsed into an AST and
 * interpreted here — nothing is ever handed to eval/Function — and names are read only
 * through the caller's scope, so a spec cannot reach anything else.
 */

import { nearest } from '../core/errors.js';

export type Value = number | boolean;

export interface ExprScope {
  /** Value of a name in scope (block params, vars, `i`), or undefined when unbound. */
  lookup(name: string): Value | undefined;
  /** Names in scope, for "did you mean" suggestions in errors. */
  names(): Iterable<string>;
  /** Shape of the tensor entering the item, channels-last, batch omitted: [C], [L,C], [H,W,C] or [D,H,W,C]. Undefined where no tensor is known. */
  input?: readonly number[];
}

/**
 * A plain-language error; `column` is the 0-based offset inside the text given to the
 * function that threw (the expression, or for resolveTemplate the whole template text).
 * Columns written in messages are 1-based, as editors count.
 */
export class ExprError extends Error {
  constructor(
    message: string,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ExprError';
  }

  /** The same error for a text in which the expression starts `offset` characters later. */
  shifted(offset: number): ExprError {
    return new ExprError(this.message, this.column === undefined ? undefined : this.column + offset);
  }
}

/** A syntax error names its column in the message, so shifting must rebuild the message. */
class ExprSyntaxError extends ExprError {
  constructor(
    private readonly describe: (column1: number) => string,
    column: number,
  ) {
    super(describe(column + 1), column);
  }

  override shifted(offset: number): ExprError {
    return new ExprSyntaxError(this.describe, (this.column ?? 0) + offset);
  }
}

type ArithmeticOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';
type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
type InputAttribute = 'channels' | 'length' | 'height' | 'width' | 'depth' | 'rank';

/** An AST node; `start`/`end` delimit its text in the source, for error messages. */
export type ExprNode = { readonly start: number; readonly end: number } & (
  | { kind: 'literal'; value: Value }
  | { kind: 'name'; name: string }
  | { kind: 'input'; attribute: InputAttribute }
  | { kind: 'shape'; index: ExprNode }
  | { kind: 'unary'; op: '-' | '+' | 'not'; operand: ExprNode }
  | { kind: 'arithmetic'; op: ArithmeticOp; left: ExprNode; right: ExprNode }
  | { kind: 'logical'; op: 'and' | 'or'; left: ExprNode; right: ExprNode }
  | { kind: 'compare'; first: ExprNode; rest: { op: CompareOp; operand: ExprNode }[] }
  | { kind: 'conditional'; test: ExprNode; then: ExprNode; otherwise: ExprNode }
  | { kind: 'call'; fn: string; args: ExprNode[] }
);

export interface Expr {
  readonly source: string;
  readonly root: ExprNode;
}

// ---------------------------------------------------------------- tokens

interface Token {
  kind: 'number' | 'word' | 'op' | 'end';
  text: string;
  pos: number;
  value: number;
}

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
// Longest first, so `**` wins over `*`.
const OPERATORS = ['**', '//', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', ',', '.'];
const BOOLEANS = new Map([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
]);
const RESERVED = new Set(['in', 'if', 'else', 'and', 'or', 'not', ...BOOLEANS.keys()]);
/** Names that would reach Object.prototype if a scope were a plain object. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
/** Hints for characters people bring from other languages. */
const MISTAKES = new Map([
  ['=', "use '==' to compare"],
  ['!', "use 'not'"],
  ['&', "use 'and'"],
  ['|', "use 'or'"],
  ['^', "use '**' for powers"],
]);

function syntaxError(describe: (column1: number) => string, column: number): ExprSyntaxError {
  return new ExprSyntaxError(describe, column);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    const ch = source[pos];
    if (/\s/.test(ch)) {
      pos++;
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
      if (ch === '"' || ch === "'") {
        throw syntaxError((c) => `strings are not supported (column ${c}): expressions hold numbers and booleans only`, at);
      }
      const hint = MISTAKES.get(ch);
      throw syntaxError((c) => `unexpected character '${ch}' at column ${c}${hint ? ` (${hint})` : ''}`, at);
    }
    const value = number ? Number(text) : 0;
    if (!Number.isFinite(value)) {
      const at = pos;
      throw syntaxError((c) => `the number '${text}' at column ${c} is too large`, at);
    }
    tokens.push({ kind: number ? 'number' : word ? 'word' : 'op', text, pos, value });
    pos += text.length;
  }
  tokens.push({ kind: 'end', text: '', pos: source.length, value: 0 });
  return tokens;
}

// ---------------------------------------------------------------- functions

interface Builtin {
  usage: string;
  minArgs: number;
  maxArgs: number;
  /** `text` is the call's source, for error messages. */
  apply(args: Value[], text: string): Value;
}

const FUNCTIONS = new Map<string, Builtin>([
  ['min', { usage: 'min(a, b, ...)', minArgs: 1, maxArgs: Infinity, apply: (args) => pick(args, (a, b) => a < b) }],
  ['max', { usage: 'max(a, b, ...)', minArgs: 1, maxArgs: Infinity, apply: (args) => pick(args, (a, b) => a > b) }],
  ['floor', { usage: 'floor(x)', minArgs: 1, maxArgs: 1, apply: ([x]) => Math.floor(num(x)) }],
  ['ceil', { usage: 'ceil(x)', minArgs: 1, maxArgs: 1, apply: ([x]) => Math.ceil(num(x)) }],
  ['round', { usage: 'round(x)', minArgs: 1, maxArgs: 1, apply: ([x]) => roundHalfEven(num(x)) }],
  ['abs', { usage: 'abs(x)', minArgs: 1, maxArgs: 1, apply: ([x]) => Math.abs(num(x)) }],
  ['int', { usage: 'int(x)', minArgs: 1, maxArgs: 1, apply: ([x]) => Math.trunc(num(x)) }],
  [
    'make_divisible',
    {
      usage: 'make_divisible(v, d) or make_divisible(v, d, min_value)',
      minArgs: 2,
      maxArgs: 3,
      apply: ([v, d, minValue], text) => makeDivisible(num(v), num(d), minValue === undefined ? num(d) : num(minValue), text),
    },
  ],
]);

/** Python's min/max: the first operand that no other beats, returned as is. */
function pick(args: Value[], beats: (a: number, b: number) => boolean): Value {
  let best = args[0];
  for (const a of args) if (beats(num(a), num(best))) best = a;
  return best;
}

/** Python 3 round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor; // exact for doubles
  if (fraction !== 0.5) return fraction < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** torchvision's `_make_divisible(v, divisor, min_value=None)`. */
function makeDivisible(v: number, d: number, minValue: number, text: string): number {
  let rounded = Math.max(minValue, floorDiv(Math.trunc(v + d / 2), d, text) * d);
  if (rounded < 0.9 * v) rounded += d; // never round down by more than 10%
  return rounded;
}

function divisionByZero(text: string): ExprError {
  return new ExprError(`division by zero in '${text}'`);
}

/** Python's float floor division (CPython's float_floor_div), exact where Math.floor(a / b) is not. */
function floorDiv(a: number, b: number, text: string): number {
  if (b === 0) throw divisionByZero(text);
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  const floored = Math.floor(div);
  return div - floored > 0.5 ? floored + 1 : floored;
}

/** Python's modulo: the result takes the sign of the divisor. */
function pyMod(a: number, b: number, text: string): number {
  if (b === 0) throw divisionByZero(text);
  const mod = a % b;
  return mod !== 0 && b < 0 !== mod < 0 ? mod + b : mod;
}

// ---------------------------------------------------------------- names and suggestions

const INPUT_ATTRIBUTES = ['channels', 'height', 'width', 'depth', 'length', 'rank', 'shape'];
const INPUT_USAGE = 'in.channels, in.height, in.width, in.depth, in.length, in.rank or in.shape[k]';

// ---------------------------------------------------------------- parser

/**
 * How deep an expression may nest (parentheses, unary operators, calls, chains of binary operators):
 * Python's parser stops at 200 nested parentheses too. Past it, parsing or evaluating would run out
 * of stack; no real size expression comes near.
 */
export const MAX_NESTING = 200;

const tooDeep = (column: number) => syntaxError((c) => `the expression is nested too deeply at column ${c} (more than ${MAX_NESTING} levels)`, column);

/** Recursive descent, one method per Python precedence level, lowest first. */
class Parser {
  private i = 0;
  private depth = 0;
  private readonly tokens: Token[];

  constructor(source: string) {
    this.tokens = tokenize(source);
  }

  parse(): ExprNode {
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

  private conditional(): ExprNode {
    return this.deeper(() => this.conditionalLevel());
  }

  private conditionalLevel(): ExprNode {
    const then = this.or();
    if (!this.atWord('if')) return then;
    this.i++;
    const test = this.or();
    if (!this.atWord('else')) this.fail("'else' (as in 'x if condition else y')");
    this.i++;
    const otherwise = this.conditional(); // right-associative
    return { kind: 'conditional', test, then, otherwise, start: then.start, end: otherwise.end };
  }

  private or(): ExprNode {
    let left = this.and();
    while (this.atWord('or')) {
      this.i++;
      const right = this.and();
      left = { kind: 'logical', op: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): ExprNode {
    let left = this.not();
    while (this.atWord('and')) {
      this.i++;
      const right = this.not();
      left = { kind: 'logical', op: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private not(): ExprNode {
    if (!this.atWord('not')) return this.comparison();
    const start = this.next().pos;
    const operand = this.deeper(() => this.not());
    return { kind: 'unary', op: 'not', operand, start, end: operand.end };
  }

  private comparison(): ExprNode {
    const first = this.sum();
    const rest: { op: CompareOp; operand: ExprNode }[] = [];
    while (this.atOp('==', '!=', '<', '<=', '>', '>=')) {
      const op = this.next().text as CompareOp;
      rest.push({ op, operand: this.sum() });
    }
    if (rest.length === 0) return first;
    return { kind: 'compare', first, rest, start: first.start, end: rest[rest.length - 1].operand.end };
  }

  private sum(): ExprNode {
    let left = this.term();
    while (this.atOp('+', '-')) {
      const op = this.next().text as ArithmeticOp;
      const right = this.term();
      left = { kind: 'arithmetic', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private term(): ExprNode {
    let left = this.factor();
    while (this.atOp('*', '/', '//', '%')) {
      const op = this.next().text as ArithmeticOp;
      const right = this.factor();
      left = { kind: 'arithmetic', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private factor(): ExprNode {
    if (!this.atOp('-', '+')) return this.power();
    const token = this.next();
    const operand = this.deeper(() => this.factor());
    return { kind: 'unary', op: token.text as '-' | '+', operand, start: token.pos, end: operand.end };
  }

  private power(): ExprNode {
    const base = this.primary();
    if (!this.atOp('**')) return base;
    this.i++;
    // The exponent is a factor: `2 ** -1` works, and `2 ** 3 ** 2` groups to the right.
    const exponent = this.deeper(() => this.factor());
    return { kind: 'arithmetic', op: '**', left: base, right: exponent, start: base.start, end: exponent.end };
  }

  private primary(): ExprNode {
    const token = this.peek();
    const start = token.pos;
    const end = start + token.text.length;
    if (token.kind === 'number') {
      this.i++;
      return { kind: 'literal', value: token.value, start, end };
    }
    if (token.kind === 'op' && token.text === '(') {
      this.i++;
      const inner = this.conditional();
      this.expectOp(')', `')' to close the '(' at column ${start + 1}`);
      // The node's text keeps its parentheses, so messages quote `x / (w - 64)` whole.
      return { ...inner, start, end: this.tokens[this.i - 1].pos + 1 };
    }
    const boolean = BOOLEANS.get(token.text);
    const isName = token.kind === 'word' && !RESERVED.has(token.text);
    if (boolean === undefined && token.text !== 'in' && !isName) return this.fail('an operand');
    this.i++;
    if (boolean !== undefined) return { kind: 'literal', value: boolean, start, end };
    if (token.text === 'in') return this.input(token);
    if (FORBIDDEN.has(token.text)) {
      throw syntaxError((c) => `'${token.text}' at column ${c} cannot be used as a name`, start);
    }
    if (this.atOp('(')) return this.call(token);
    return { kind: 'name', name: token.text, start, end };
  }

  private input(inToken: Token): ExprNode {
    this.expectOp('.', `'.' and an attribute (${INPUT_USAGE})`);
    const token = this.peek();
    if (token.kind !== 'word') return this.fail(`an attribute of 'in' (${INPUT_USAGE})`);
    if (!INPUT_ATTRIBUTES.includes(token.text)) {
      const hit = nearest(token.text, INPUT_ATTRIBUTES);
      const advice = hit ? `did you mean 'in.${hit}'?` : `use ${INPUT_USAGE}`;
      throw syntaxError((c) => `'in' has no attribute '${token.text}' at column ${c} (${advice})`, token.pos);
    }
    this.i++;
    const start = inToken.pos;
    if (token.text !== 'shape') {
      return { kind: 'input', attribute: token.text as InputAttribute, start, end: token.pos + token.text.length };
    }
    this.expectOp('[', "'[' and an index (as in in.shape[-1])");
    const index = this.conditional();
    const close = this.expectOp(']', "']' to close 'in.shape['");
    return { kind: 'shape', index, start, end: close.pos + 1 };
  }

  private call(name: Token): ExprNode {
    const fn = FUNCTIONS.get(name.text);
    if (!fn) {
      const hit = nearest(name.text, FUNCTIONS.keys());
      const advice = hit ? `did you mean ${FUNCTIONS.get(hit)?.usage}?` : `the functions are ${[...FUNCTIONS.keys()].join(', ')}`;
      throw syntaxError((c) => `unknown function '${name.text}' at column ${c} (${advice})`, name.pos);
    }
    this.i++; // '('
    const args: ExprNode[] = [];
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
      throw syntaxError(
        (c) => `${name.text}() at column ${c} takes ${takes}, as in ${fn.usage}, but got ${args.length}`,
        name.pos,
      );
    }
    return { kind: 'call', fn: name.text, args, start: name.pos, end: close.pos + 1 };
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
    if (found.text === '.') described += " (only 'in' has attributes, as in in.channels)";
    throw syntaxError((c) => `expected ${what} at column ${c}, found ${described}`, found.pos);
  }
}

/** A node deeper than MAX_NESTING below the root, if any (walked with a stack: the tree may be deep). */
function deepestNode(root: ExprNode): ExprNode | undefined {
  const stack: [ExprNode, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) return node;
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
  return undefined;
}

function childrenOf(node: ExprNode): ExprNode[] {
  switch (node.kind) {
    case 'literal':
    case 'name':
    case 'input':
      return [];
    case 'shape':
      return [node.index];
    case 'unary':
      return [node.operand];
    case 'arithmetic':
    case 'logical':
      return [node.left, node.right];
    case 'compare':
      return [node.first, ...node.rest.map((r) => r.operand)];
    case 'conditional':
      return [node.test, node.then, node.otherwise];
    case 'call':
      return node.args;
  }
}

// ---------------------------------------------------------------- evaluation

const cache = new Map<string, Expr>();

/** Parses (once per distinct text: specs repeat the same few expressions on many layers). */
export function parseExpression(source: string): Expr {
  let expr = cache.get(source);
  if (!expr) {
    expr = { source, root: new Parser(source).parse() };
    cache.set(source, expr);
  }
  return expr;
}

/** Python truthiness for our values. */
function truthy(value: Value): boolean {
  return typeof value === 'boolean' ? value : value !== 0;
}

/** Booleans count as 0 and 1 in arithmetic, as in Python. */
function num(value: Value): number {
  return typeof value === 'boolean' ? Number(value) : value;
}

function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function arithmetic(op: ArithmeticOp, a: number, b: number, text: string): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw divisionByZero(text);
      return a / b;
    case '//':
      return floorDiv(a, b, text);
    case '%':
      return pyMod(a, b, text);
    case '**':
      if (a === 0 && b < 0) throw divisionByZero(text); // Python: 0 cannot be raised to a negative power
      return Math.pow(a, b);
  }
}

const LAYOUTS = ['[]', '[C]', '[L, C]', '[H, W, C]', '[D, H, W, C]'];

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** The axis an attribute names for a given rank, or undefined when that rank lacks it. */
function axisOf(attribute: Exclude<InputAttribute, 'rank'>, rank: number): number | undefined {
  switch (attribute) {
    case 'channels':
      return rank >= 1 ? rank - 1 : undefined;
    case 'length':
      return rank === 2 ? 0 : undefined;
    case 'height':
      return rank === 3 ? 0 : rank === 4 ? 1 : undefined;
    case 'width':
      return rank === 3 ? 1 : rank === 4 ? 2 : undefined;
    case 'depth':
      return rank === 4 ? 0 : undefined;
  }
}

export function evaluate(expr: Expr, scope: ExprScope): Value {
  const text = (node: ExprNode) => expr.source.slice(node.start, node.end);
  const fail = (message: string, node: ExprNode): never => {
    throw new ExprError(message, node.start);
  };
  // Errors thrown by helpers know the text but not the column; give them the node's.
  const at = <T>(node: ExprNode, compute: () => T): T => {
    try {
      return compute();
    } catch (error) {
      if (error instanceof ExprError && error.column === undefined) throw new ExprError(error.message, node.start);
      throw error;
    }
  };
  const finite = (value: number, node: ExprNode): number => {
    if (Number.isNaN(value)) fail(`'${text(node)}' is not a real number`, node);
    if (!Number.isFinite(value)) fail(`'${text(node)}' is too large to compute`, node);
    return value;
  };
  const input = (node: ExprNode): readonly number[] => scope.input ?? fail('in is not available here: no tensor enters this item', node);

  const run = (node: ExprNode): Value => {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'name': {
        // Only numbers and booleans count, so a careless scope (a plain object) leaks no functions.
        const value: unknown = scope.lookup(node.name);
        if (typeof value === 'number' || typeof value === 'boolean') return value;
        return fail(unknownName(node.name, scope), node);
      }
      case 'input': {
        const shape = input(node);
        if (node.attribute === 'rank') return shape.length;
        const axis = axisOf(node.attribute, shape.length);
        if (axis !== undefined) return shape[axis];
        const layout = LAYOUTS[shape.length] ?? `a tensor of ${shape.length} axes`;
        return fail(`in.${node.attribute}: the input ${formatShape(shape)} has no ${node.attribute} (it is ${layout})`, node);
      }
      case 'shape': {
        const shape = input(node);
        const k = num(run(node.index));
        if (!Number.isInteger(k)) return fail(`in.shape[${text(node.index)}]: the index must be a whole number, not ${k}`, node);
        if (k < -shape.length || k >= shape.length) {
          const range = shape.length === 0 ? 'it has no axes' : `use 0 to ${shape.length - 1}, or -${shape.length} to -1 from the end`;
          return fail(`in.shape[${k}] is out of range: the input ${formatShape(shape)} has ${shape.length} axes (${range})`, node);
        }
        return shape[k < 0 ? shape.length + k : k];
      }
      case 'unary': {
        const operand = run(node.operand);
        if (node.op === 'not') return !truthy(operand);
        return node.op === '-' ? -num(operand) : num(operand);
      }
      case 'arithmetic': {
        const left = num(run(node.left));
        const right = num(run(node.right));
        return finite(at(node, () => arithmetic(node.op, left, right, text(node))), node);
      }
      case 'logical': {
        // Python returns the deciding operand itself: `0 or 5` is 5, `2 and 0` is 0.
        const left = run(node.left);
        return truthy(left) === (node.op === 'or') ? left : run(node.right);
      }
      case 'compare': {
        // Chained like Python: `a < b < c` is `a < b and b < c`, b evaluated once.
        let left = num(run(node.first));
        for (const { op, operand } of node.rest) {
          const right = num(run(operand));
          if (!compare(op, left, right)) return false;
          left = right;
        }
        return true;
      }
      case 'conditional':
        // Only the chosen branch runs, so `x / n if n != 0 else 0` is safe.
        return truthy(run(node.test)) ? run(node.then) : run(node.otherwise);
      case 'call': {
        const fn = FUNCTIONS.get(node.fn);
        if (!fn) return fail(`unknown function '${node.fn}'`, node); // the parser admits only known ones
        const args = node.args.map(run);
        const result = at(node, () => fn.apply(args, text(node)));
        return typeof result === 'boolean' ? result : finite(result, node);
      }
    }
  };
  const result = run(expr.root);
  return result === 0 ? 0 : result; // no -0 (from ceil(-0.5), say): Python has none
}

function unknownName(name: string, scope: ExprScope): string {
  const known = [...scope.names()];
  const hit = nearest(name, known);
  if (hit) return `unknown name '${name}' (did you mean '${hit}'?)`;
  const fn = FUNCTIONS.get(name);
  if (fn) return `'${name}' is a function: call it as ${fn.usage}`;
  if (known.length === 0) return `unknown name '${name}': no names are defined here`;
  const shown = known.slice(0, 8).join(', ') + (known.length > 8 ? ', ...' : '');
  return `unknown name '${name}' (the names here are ${shown})`;
}

// ---------------------------------------------------------------- templates

export function hasTemplate(text: string): boolean {
  return text.includes('${');
}

/** How a value reads inside text: integers without a decimal point, booleans as true/false. */
function formatValue(value: Value): string {
  if (typeof value === 'boolean') return String(value);
  return Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

/**
 * A spec string value: exactly one `${...}` (surrounding blanks allowed) -> its Value; text
 * with `${...}` inside -> the text with each value interpolated; no `${` -> the text unchanged.
 * Error columns are offsets in `text`.
 */
export function resolveTemplate(text: string, scope: ExprScope): Value | string {
  let result = '';
  let literal = ''; // the text outside `${...}`, to tell a single value from interpolation
  const values: Value[] = [];
  let pos = 0;
  for (let open = text.indexOf('${'); open >= 0; open = text.indexOf('${', pos)) {
    const close = text.indexOf('}', open + 2);
    if (close < 0) {
      throw syntaxError((c) => `unterminated '\${' at column ${c}: add a closing '}'`, open);
    }
    const value = evaluateAt(text.slice(open + 2, close), open + 2, scope);
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

function evaluateAt(source: string, offset: number, scope: ExprScope): Value {
  try {
    return evaluate(parseExpression(source), scope);
  } catch (error) {
    throw error instanceof ExprError ? error.shifted(offset) : error;
  }
}
