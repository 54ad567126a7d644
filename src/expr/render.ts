import type { Expr, ExprNode } from './ast.js';
import { evaluate, type ExprScope } from './evaluate.js';
import { TensorValue } from './tensor.js';
import { EXACT, truthy, type Domain, type Value } from './values.js';
import { Ratio } from './numbers.js';

/** A piece of a formula with numbers in: text, or an exact count the reader's language formats. */
export type Part = string | bigint;

/** A formula of one layer: in symbols, then with the layer's numbers substituted. */
export interface FormulaView {
  symbols: string;
  numbers: Part[];
  /** The names and `in.channels`-style attributes the symbols show, in order. */
  names: string[];
}

/** Binding strength of what a piece of text is, Python's order: or, and, not, a comparison, a sum, a product, a unary minus, a power, an atom. */
const OR = -3;
const AND = -2;
const NOT = -1;
const COMPARE = 0;
const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

interface Piece {
  parts: Part[];
  prec: number;
}

const SHOWN_OP: Record<string, string> = { '*': ' · ', '**': '^', '/': ' / ', '//': ' // ', '%': ' % ', '+': ' + ', '-': ' - ' };
const PREC: Record<string, number> = { '+': SUM, '-': SUM, '*': PRODUCT, '/': PRODUCT, '//': PRODUCT, '%': PRODUCT, '**': POWER };

const atom = (...parts: Part[]): Piece => ({ parts, prec: ATOM });
const wrap = (p: Piece): Part[] => ['(', ...p.parts, ')'];

/** A value as text: integers as exact Parts, lists as [a, b], a tensor as its shape. */
function valueParts(value: Value): Piece {
  if (typeof value === 'bigint') return atom(value);
  if (typeof value === 'number') return atom(Number.isInteger(value) ? BigInt(value) : String(value));
  if (value instanceof Ratio) return { parts: [value.n, '/', value.d], prec: PRODUCT };
  if (typeof value === 'boolean') return atom(String(value));
  if (value === null) return atom('None');
  if (typeof value === 'string') return atom(`'${value}'`);
  if (value instanceof TensorValue) return atom(`[${value.shape.join(', ')}]`);
  // Entries of a list read as a shape does: 4096, not 4,096.
  const items = (value as readonly Value[]).flatMap((v, i) => [...(i ? [', '] : []), ...valueParts(v).parts.map(String)]);
  return atom('[', ...items, ']');
}

/** A product of sizes shown as its factors: 28·28·256 (one factor: the number; none: 1). */
function factors(sizes: readonly Value[]): Piece {
  if (sizes.length === 0) return atom(1n);
  if (sizes.length === 1) return valueParts(sizes[0]);
  return { parts: sizes.flatMap((s, i) => [...(i ? ['·'] : []), ...valueParts(s).parts]), prec: PRODUCT };
}

const isZeroLiteral = (node: ExprNode) => node.kind === 'number' && Number(node.text) === 0;

/**
 * Renders a formula for one layer. Conditionals show the branch this layer takes; a term whose
 * branch is a literal 0 is left out of a sum. `numbers` substitutes every name by its value.
 */
function render(expr: Expr, scope: ExprScope, domain: Domain, numbers: boolean, names?: Set<string>): Piece {
  const value = (node: ExprNode): Value => evaluate({ source: expr.source, root: node }, scope, domain);
  /** The node a conditional resolves to for this layer (through parentheses). */
  const taken = (node: ExprNode): ExprNode => (node.kind === 'conditional' ? taken(truthy(value(node.test)) ? node.then : node.otherwise) : node);
  const dropped = (node: ExprNode) => node.kind === 'conditional' && isZeroLiteral(taken(node));

  const piece = (node: ExprNode): Piece => {
    const inner = bare(node);
    // Parentheses the source wrote stay, unless what they hold is now a single atom, or they held a
    // conditional that this layer reduced to one branch (then only precedence asks for them).
    return node.paren && node.kind !== 'conditional' && inner.prec < ATOM ? atom(...wrap(inner)) : inner;
  };

  const operand = (node: ExprNode, min: number): Part[] => {
    const p = piece(node);
    return p.prec < min ? wrap(p) : p.parts;
  };

  const bare = (node: ExprNode): Piece => {
    switch (node.kind) {
      case 'number':
        return atom(node.text);
      case 'string':
        return atom(`'${node.value}'`);
      case 'boolean':
        return atom(String(node.value));
      case 'none':
        return atom('None');
      case 'name':
        names?.add(node.name);
        return numbers ? valueParts(value(node)) : atom(node.name);
      case 'attribute': {
        const shown = `${expr.source.slice(node.object.start, node.object.end)}.${node.attribute}`;
        if (node.object.kind === 'name') names?.add(shown);
        else render({ source: expr.source, root: node.object }, scope, domain, false, names);
        if (!numbers) return atom(shown);
        const tensor = value(node.object);
        if (tensor instanceof TensorValue && (node.attribute === 'elements' || node.attribute === 'positions')) {
          const sizes = node.attribute === 'elements' ? tensor.shape : tensor.shape.slice(0, -1);
          return factors(sizes.map((s) => BigInt(s)));
        }
        return valueParts(value(node));
      }
      case 'index':
      case 'slice':
        for (const child of node.kind === 'index' ? [node.object, node.index] : [node.object, node.from, node.to]) {
          if (child) render({ source: expr.source, root: child }, scope, domain, false, names);
        }
        return numbers ? valueParts(value(node)) : atom(expr.source.slice(node.start, node.end).trim());
      case 'list':
        return atom('[', ...node.items.flatMap((item, i) => [...(i ? [', '] : []), ...piece(item).parts.map(String)]), ']');
      case 'unary':
        return node.op === 'not' ? { parts: ['not ', ...operand(node.operand, NOT)], prec: NOT } : { parts: [node.op, ...operand(node.operand, UNARY)], prec: UNARY };
      case 'arithmetic': {
        const prec = PREC[node.op];
        if (node.op === '+' || node.op === '-') {
          // A term whose conditional gives 0 for this layer is left out: `2·MACs + (bias ? ...)` reads `2·MACs`.
          if (dropped(node.right)) return piece(node.left);
          if (dropped(node.left) && node.op === '+') return piece(node.right);
        }
        // `2^3^2` groups to the right; `a - (b - c)` and `a / (b·c)` keep their parentheses, `a + (b + c)` needs none.
        const associative = node.op === '+' || node.op === '*';
        const left = operand(node.left, node.op === '**' ? prec + 1 : prec);
        const right = operand(node.right, node.op === '**' || associative ? prec : prec + 1);
        // A list or string repeated (`[1] * n`) keeps its `*`: it is no product.
        const repeats = node.op === '*' && [node.left, node.right].some((n) => typeof value(n) === 'string' || Array.isArray(value(n)));
        return { parts: [...left, repeats ? ' * ' : SHOWN_OP[node.op], ...right], prec };
      }
      case 'logical': {
        const prec = node.op === 'or' ? OR : AND;
        return { parts: [...operand(node.left, prec), ` ${node.op} `, ...operand(node.right, prec + 1)], prec };
      }
      case 'compare': {
        const parts: Part[] = [...operand(node.first, SUM)];
        for (const { op, operand: o } of node.rest) parts.push(` ${op} `, ...operand(o, SUM));
        return { parts, prec: COMPARE };
      }
      case 'conditional':
        return piece(taken(node));
      case 'call': {
        if (numbers && (node.fn === 'prod' || node.fn === 'sum')) {
          const list = value(node.args[0]);
          if (Array.isArray(list)) {
            if (node.fn === 'prod') return factors(list);
            if (list.length > 1) return { parts: list.flatMap((v, i) => [...(i ? [' + '] : []), ...valueParts(v).parts]), prec: SUM };
          }
        }
        if (numbers && (node.fn === 'len' || node.fn === 'per_axis')) return valueParts(value(node));
        return atom(`${node.fn}(`, ...node.args.flatMap((a, i) => [...(i ? [', '] : []), ...piece(a).parts]), ')');
      }
    }
  };
  return piece(expr.root);
}

const join = (parts: Part[]) => parts.map(String).join('');

/** A formula for one layer, in symbols and with its numbers in (counts are evaluated exactly). */
export function formulaViews(expr: Expr, scope: ExprScope, domain: Domain = EXACT): FormulaView {
  const names = new Set<string>();
  return { symbols: join(render(expr, scope, domain, false, names).parts), numbers: render(expr, scope, domain, true).parts, names: [...names] };
}
