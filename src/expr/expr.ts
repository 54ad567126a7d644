/**
 * The expression language of spec values (`${...}`, spec section 4) and of op formulas: a small
 * Python-like language over numbers, booleans, strings, lists and tensors. Expressions are parsed
 * into an AST and interpreted here — nothing is ever handed to eval/Function — and names are read
 * only through the caller's scope, so a spec cannot reach anything else.
 */
export type { Expr, ExprNode } from './ast.js';
export { namesIn, symbolsIn } from './ast.js';
export { ExprError } from './errors.js';
export { evaluate, type ExprScope } from './evaluate.js';
export { FUNCTIONS } from './functions.js';
export { parseExpression, MAX_NESTING } from './parse.js';
export { Ratio, type Num } from './numbers.js';
export { TensorValue, TENSOR_ATTRIBUTES, ATTRIBUTE_DOCS } from './tensor.js';
export { hasTemplate, resolveTemplate } from './template.js';
export { EXACT, FLOAT, formatValue, type Domain, type HostValue, type Value } from './values.js';
export { formulaViews, type FormulaView, type Part } from './render.js';
