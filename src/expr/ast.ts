import type { Ratio } from './numbers.js';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * A node of a parsed expression; `start`/`end` delimit its text in the source (for messages), and
 * `paren` marks a node the source wrapped in parentheses (kept when the formula is shown).
 */
export type ExprNode = { readonly start: number; readonly end: number; readonly paren?: boolean } & (
  | { kind: 'number'; text: string; value: number; exact: bigint | Ratio }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'none' }
  | { kind: 'name'; name: string }
  | { kind: 'attribute'; object: ExprNode; attribute: string }
  | { kind: 'index'; object: ExprNode; index: ExprNode }
  | { kind: 'slice'; object: ExprNode; from?: ExprNode; to?: ExprNode }
  | { kind: 'list'; items: ExprNode[] }
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

export function childrenOf(node: ExprNode): ExprNode[] {
  switch (node.kind) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'none':
    case 'name':
      return [];
    case 'attribute':
      return [node.object];
    case 'index':
      return [node.object, node.index];
    case 'slice':
      return [node.object, ...(node.from ? [node.from] : []), ...(node.to ? [node.to] : [])];
    case 'list':
      return node.items;
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

/** The names an expression reads (`in` and `out` included), in order of first use. */
export function namesIn(expr: Expr): string[] {
  const names = new Set<string>();
  const stack = [expr.root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === 'name') names.add(node.name);
    stack.push(...childrenOf(node).reverse());
  }
  return [...names];
}

/**
 * The symbols an expression shows, in order of first use: plain names, and `in.channels`-style
 * attributes of a name (the name alone is not listed then).
 */
export function symbolsIn(expr: Expr): string[] {
  const symbols = new Set<string>();
  const visit = (node: ExprNode): void => {
    if (node.kind === 'attribute' && node.object.kind === 'name') symbols.add(`${node.object.name}.${node.attribute}`);
    else if (node.kind === 'name') symbols.add(node.name);
    else childrenOf(node).forEach(visit);
  };
  visit(expr.root);
  return [...symbols];
}
