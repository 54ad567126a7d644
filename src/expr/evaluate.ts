import { nearest } from '../core/errors.js';
import type { Expr, ExprNode } from './ast.js';
import { divisionByZero, ExprError } from './errors.js';
import { FUNCTIONS } from './functions.js';
import * as N from './numbers.js';
import { axisOf, LAYOUTS, product, TensorValue, type TensorAttribute } from './tensor.js';
import { FLOAT, formatValue, fromHost, int, isList, num, truthy, typeName, type Domain, type HostValue, type Value } from './values.js';

export interface ExprScope {
  /** Value of a name in scope (block params, vars, `i`, an op's args and quantities), or undefined when unbound. */
  lookup(name: string): HostValue | undefined;
  /** Names in scope, for "did you mean" suggestions in errors. */
  names(): Iterable<string>;
  /** Shape of the tensor entering the item (`in`), channels-last, batch omitted. Undefined where no tensor is known. */
  input?: readonly number[];
}

/** Longest list or string a `*` repetition may build: shapes and kernels are short. */
const MAX_REPEAT = 10_000;

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** Evaluates a parsed expression: with doubles (spec values, as Python does) or exactly (count formulas). */
export function evaluate(expr: Expr, scope: ExprScope, domain: Domain = FLOAT): Value {
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
  const finite = (value: Value, node: ExprNode): Value => {
    if (typeof value !== 'number') return value;
    if (Number.isNaN(value)) fail(`'${text(node)}' is not a real number`, node);
    if (!Number.isFinite(value)) fail(`'${text(node)}' is too large to compute`, node);
    return value;
  };
  const number = (value: Value, node: ExprNode, what: string) => at(node, () => num(domain, value, what));
  const whole = (value: Value, node: ExprNode, what: string): number => {
    const k = N.toDouble(number(value, node, what));
    if (!Number.isInteger(k)) fail(`${what}: the index must be a whole number, not ${k}`, node);
    return k;
  };

  const name = (node: Extract<ExprNode, { kind: 'name' }>): Value => {
    const bound = scope.lookup(node.name);
    if (node.name === 'in') {
      if (bound instanceof TensorValue) return bound;
      if (!scope.input) fail('in is not available here: no tensor enters this item', node);
      return new TensorValue(scope.input!);
    }
    // Only the language's types count, so a careless scope (a plain object) leaks no functions.
    const value = bound === undefined ? undefined : fromHost(domain, bound);
    return value === undefined ? fail(unknownName(node.name, scope), node) : value;
  };

  const attribute = (node: Extract<ExprNode, { kind: 'attribute' }>): Value => {
    const object = run(node.object);
    const owner = text(node.object);
    if (!(object instanceof TensorValue)) return fail(`${owner} is ${typeName(object)}, which has no attribute '${node.attribute}'`, node);
    const shape = object.shape;
    const attr = node.attribute as TensorAttribute;
    switch (attr) {
      case 'rank':
        return int(domain, shape.length);
      case 'shape':
        return shape.map((d) => int(domain, d));
      case 'elements':
        return int(domain, product(shape));
      case 'positions':
        return int(domain, product(shape.slice(0, -1)));
      default: {
        const axis = axisOf(attr, shape.length);
        if (axis !== undefined) return int(domain, shape[axis]);
        const layout = LAYOUTS[shape.length] ?? `a tensor of ${shape.length} axes`;
        const what = owner === 'in' ? 'the input' : `${owner}`;
        return fail(`${text(node)}: ${what} ${formatShape(shape)} has no ${attr} (it is ${layout})`, node);
      }
    }
  };

  /** What a list or string is, in an out-of-range message. */
  const described = (node: ExprNode, value: readonly Value[] | string) => {
    if (node.kind === 'attribute' && node.attribute === 'shape') {
      const owner = text(node.object);
      return { what: `${owner === 'in' ? 'the input' : owner} ${formatShape((run(node.object) as TensorValue).shape)}`, entries: 'axes' };
    }
    return { what: typeof value === 'string' ? `the string '${value}'` : `${text(node)}`, entries: typeof value === 'string' ? 'characters' : 'entries' };
  };

  const index = (node: Extract<ExprNode, { kind: 'index' }>): Value => {
    const object = run(node.object);
    if (!isList(object) && typeof object !== 'string') return fail(`${text(node.object)} is ${typeName(object)}: only lists and strings take [index]`, node);
    const label = `${text(node.object)}[${text(node.index)}]`;
    const k = whole(run(node.index), node, label);
    const n = object.length;
    if (k < -n || k >= n) {
      const { what, entries } = described(node.object, object);
      const range = n === 0 ? `it has no ${entries}` : `use 0 to ${n - 1}, or -${n} to -1 from the end`;
      return fail(`${text(node.object)}[${k}] is out of range: ${what} has ${n} ${entries} (${range})`, node);
    }
    return object[k < 0 ? n + k : k];
  };

  const slice = (node: Extract<ExprNode, { kind: 'slice' }>): Value => {
    const object = run(node.object);
    if (!isList(object) && typeof object !== 'string') return fail(`${text(node.object)} is ${typeName(object)}: only lists and strings take [a:b]`, node);
    const n = object.length;
    // Python clamps slice bounds to the sequence.
    const bound = (b: ExprNode | undefined, fallback: number) => {
      if (!b) return fallback;
      const k = whole(run(b), b, text(node));
      return Math.min(Math.max(k < 0 ? n + k : k, 0), n);
    };
    return object.slice(bound(node.from, 0), bound(node.to, n));
  };

  const repeat = (items: readonly Value[] | string, times: Value, node: ExprNode): Value => {
    const k = whole(times, node, text(node));
    if (k * items.length > MAX_REPEAT) fail(`'${text(node)}' would hold more than ${MAX_REPEAT} entries`, node);
    if (typeof items === 'string') return items.repeat(Math.max(k, 0));
    return Array.from({ length: Math.max(k, 0) }, () => items).flat();
  };

  const arithmetic = (node: Extract<ExprNode, { kind: 'arithmetic' }>): Value => {
    const left = run(node.left);
    const right = run(node.right);
    const { op } = node;
    if (op === '+' && ((isList(left) && isList(right)) || (typeof left === 'string' && typeof right === 'string'))) {
      return isList(left) ? [...left, ...(right as readonly Value[])] : left + (right as string);
    }
    if (op === '*' && (isList(left) || typeof left === 'string')) return repeat(left, right, node);
    if (op === '*' && (isList(right) || typeof right === 'string')) return repeat(right, left, node);
    for (const [value, side] of [[left, node.left] as const, [right, node.right] as const]) {
      if (isList(value)) {
        const t = text(side).trim();
        fail(`'${op}' needs numbers, but '${t}' is a list ${formatValue(value)}: take an entry (${t}[0]) or its length (len(${t}))`, side);
      }
    }
    const a = number(left, node.left, `'${op}'`);
    const b = number(right, node.right, `'${op}'`);
    const zero = N.isZero(b);
    switch (op) {
      case '+':
        return finite(N.add(a, b), node);
      case '-':
        return finite(N.subtract(a, b), node);
      case '*':
        return finite(N.multiply(a, b), node);
      case '/':
        if (zero) throw new ExprError(divisionByZero(text(node)).message, node.start);
        return finite(N.divide(a, b), node);
      case '//':
        if (zero) throw new ExprError(divisionByZero(text(node)).message, node.start);
        return finite(N.floorDiv(a, b), node);
      case '%':
        if (zero) throw new ExprError(divisionByZero(text(node)).message, node.start);
        return finite(N.modulo(a, b), node);
      case '**': {
        // Python: 0 cannot be raised to a negative power.
        if (N.isZero(a) && N.compare(b, 0n) < 0) throw new ExprError(divisionByZero(text(node)).message, node.start);
        const result = N.power(a, b);
        if (result === undefined) fail(`'${text(node)}' is too large to compute`, node);
        return finite(result!, node);
      }
    }
  };

  const equal = (a: Value, b: Value): boolean => {
    const numeric = (v: Value) => typeof v === 'boolean' || N.isNum(v);
    if (numeric(a) && numeric(b)) return N.compare(num(domain, a, ''), num(domain, b, '')) === 0;
    if (isList(a) && isList(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
    return a === b;
  };

  const order = (a: Value, b: Value, node: ExprNode): number => {
    if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
    if (typeof a === 'string' || typeof b === 'string' || isList(a) || isList(b) || a instanceof TensorValue || b instanceof TensorValue || a === null || b === null) {
      return fail(`cannot order ${typeName(a)} and ${typeName(b)} in '${text(node)}'`, node);
    }
    return N.compare(num(domain, a, ''), num(domain, b, ''));
  };

  const run = (node: ExprNode): Value => {
    switch (node.kind) {
      case 'number':
        return domain.exact ? node.exact : node.value;
      case 'string':
      case 'boolean':
        return node.value;
      case 'none':
        return null;
      case 'name':
        return name(node);
      case 'attribute':
        return attribute(node);
      case 'index':
        return index(node);
      case 'slice':
        return slice(node);
      case 'list':
        return node.items.map(run);
      case 'unary': {
        const operand = run(node.operand);
        if (node.op === 'not') return !truthy(operand);
        const n = number(operand, node, `unary '${node.op}'`);
        return node.op === '-' ? N.negate(n) : n;
      }
      case 'arithmetic':
        return arithmetic(node);
      case 'logical': {
        // Python returns the deciding operand itself: `0 or 5` is 5, `2 and 0` is 0.
        const left = run(node.left);
        return truthy(left) === (node.op === 'or') ? left : run(node.right);
      }
      case 'compare': {
        // Chained like Python: `a < b < c` is `a < b and b < c`, b evaluated once.
        let left = run(node.first);
        for (const { op, operand } of node.rest) {
          const right = run(operand);
          const holds =
            op === '==' ? equal(left, right) : op === '!=' ? !equal(left, right) : compareHolds(op, order(left, right, node));
          if (!holds) return false;
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
        return finite(at(node, () => fn.apply(args, domain, text(node))), node);
      }
    }
  };
  const result = run(expr.root);
  return result === 0 ? 0 : result; // no -0 (from ceil(-0.5), say): Python has none
}

function compareHolds(op: '<' | '<=' | '>' | '>=', c: number): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
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

export { EXACT, FLOAT } from './values.js';
