import { RuleError, type SpecPath } from '../core/errors.js';
import {
  ATTRIBUTE_DOCS,
  EXACT,
  evaluate,
  ExprError,
  formatValue,
  formulaViews,
  parseExpression,
  Ratio,
  resolveTemplate,
  TensorValue,
  type Expr,
  type ExprScope,
  type HostValue,
  type Value,
} from '../expr/expr.js';
import {
  argKit,
  COUNTS,
  type Cost,
  type Count,
  type Explanation,
  type Formula,
  type Internal,
  type LayerContext,
  type LayerMemory,
  MEMORY,
  type MemoryPart,
  type Op,
  type OpDefinition,
  type Shape,
  type ShapeCode,
} from './types.js';

type Args = Readonly<Record<string, unknown>>;

/** Where the formulas of an op defined in a spec are written, so their errors point there. */
export interface FormulaOrigin {
  path(part: string): SpecPath;
}

/** What `in`, `out` and `ins` are, in the legend of `archcost explain`. */
const TENSOR_NAMES: Record<string, string> = { in: 'the input', out: 'the output', ins: 'the inputs' };
const COUNT_DOCS: Record<string, string> = {
  params: "this layer's params",
  buffers: "this layer's buffers",
  macs: "this layer's MACs",
  flops: "this layer's FLOPs",
  cached: 'positions already in the KV cache: 0 in prefill, the context length in decode (--phase decode)',
};

const NO_CONTEXT: LayerContext = { cached: 0 };

/** Sizes past this are refused rather than computed with doubles that would round (2^53). */
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

/** Distinct (args, input shapes) evaluations kept per op: a repeated block computes each layer once. */
const MEMO_LIMIT = 4096;

/** The names a layer's formulas see: counts so far, `out`, `ins`, quantities, args; `in` is the first input. */
class LayerScope implements ExprScope {
  readonly values = new Map<string, HostValue>();
  readonly input: Shape;

  constructor(
    private readonly args: Args,
    inputs: readonly Shape[],
    context: LayerContext,
    /** The op's declared args: one the item does not give (an optional one) reads as None. */
    private readonly declared: ReadonlySet<string>,
  ) {
    this.input = inputs[0];
    this.values.set('ins', inputs.map((s) => new TensorValue(s)));
    this.values.set('cached', BigInt(context.cached));
  }

  lookup(name: string): HostValue | undefined {
    if (this.values.has(name)) return this.values.get(name);
    if (Object.hasOwn(this.args, name)) return this.args[name] as HostValue;
    return this.declared.has(name) ? null : undefined;
  }

  *names(): Iterable<string> {
    yield* this.values.keys();
    yield* this.declared;
  }
}

interface Compiled {
  declared: ReadonlySet<string>;
  quantities: { name: string; expr?: Expr; compute?: (args: Args, inputs: readonly Shape[]) => HostValue }[];
  checks: { expr: Expr; message: string; arg?: string }[];
  shape?: Expr;
  counts: Record<Count, Expr>;
  memory: Partial<Record<MemoryPart, Expr>>;
  backward: { saved?: Expr; savedBytes?: Expr; batchBytes?: Expr; selectiveSaved?: Expr; selectiveBytes?: Expr };
}

const is = (expr: Expr, text: string) => expr.source.trim() === text;

/**
 * Builds the engine's op from its definition: the formulas are parsed once (on first use for the
 * built-ins), then every number, written rule and explanation comes from them.
 */
export function defineOp<A>(definition: OpDefinition<A>, origin?: FormulaOrigin): Op {
  const def = definition as unknown as OpDefinition<Args>;
  const shapeCode = typeof def.shape === 'string' ? undefined : (def.shape as ShapeCode<Args>);
  const formulas = Object.fromEntries(COUNTS.map((c) => [c, (def[c] ?? '0').trim()])) as Record<Count, string>;
  const where = (part: string) => origin?.path(part);

  const parse = (text: string, part: string): Expr => {
    try {
      return parseExpression(text);
    } catch (e) {
      if (e instanceof ExprError) throw new RuleError(`${def.name}: the ${part} formula "${text}": ${e.message}`, [], where(part));
      throw e;
    }
  };
  let compiled: Compiled | undefined;
  const compile = (): Compiled =>
    (compiled ??= {
      declared: new Set(Object.keys(def.args(kitForDocs))),
      quantities: Object.entries(def.quantities ?? {}).map(([name, q]) =>
        'formula' in q ? { name, expr: parse(q.formula, `quantities.${name}`) } : { name, compute: q.compute },
      ),
      checks: (def.checks ?? []).map((c, i) => ({ expr: parse(c.holds, `checks.${i}`), message: c.message, arg: c.arg })),
      shape: typeof def.shape === 'string' ? parse(def.shape, 'shape') : undefined,
      counts: Object.fromEntries(COUNTS.map((c) => [c, parse(formulas[c], c)])) as Record<Count, Expr>,
      memory: Object.fromEntries(Object.entries(def.memory ?? {}).map(([part, text]) => [part, parse(text, `memory.${part}`)])),
      backward: {
        saved: def.backward?.saved ? parse(def.backward.saved, 'backward.saved') : undefined,
        savedBytes: def.backward?.savedBytes ? parse(def.backward.savedBytes, 'backward.savedBytes') : undefined,
        batchBytes: def.backward?.batchBytes ? parse(def.backward.batchBytes, 'backward.batchBytes') : undefined,
        selectiveSaved: def.backward?.selective?.saved ? parse(def.backward.selective.saved, 'backward.selective.saved') : undefined,
        selectiveBytes: def.backward?.selective?.savedBytes ? parse(def.backward.selective.savedBytes, 'backward.selective.savedBytes') : undefined,
      },
    });
  // A spec's own op is checked when the spec is read, not when a layer first uses it.
  if (origin) compile();

  /** Evaluates a formula exactly; its errors name the op and the formula. */
  const run = (expr: Expr, scope: ExprScope, part: string): Value => {
    try {
      return evaluate(expr, scope, EXACT);
    } catch (e) {
      if (e instanceof ExprError) throw new RuleError(`${def.name}: the ${part} formula "${expr.source}": ${e.message}`, [], where(part));
      throw e;
    }
  };

  /** The scope of one layer up to its counts: quantities, checks and the output shape. */
  const prepare = (args: Args, inputs: readonly Shape[], context: LayerContext): { scope: LayerScope; output: Shape } => {
    const c = compile();
    def.accepts?.(inputs);
    const coded = shapeCode?.compute(args, inputs);
    const scope = new LayerScope(args, inputs, context, c.declared);
    for (const q of c.quantities) {
      scope.values.set(q.name, q.compute ? q.compute(args, inputs) : (run(q.expr!, scope, `quantities.${q.name}`) as HostValue));
    }
    for (const check of c.checks) {
      if (!truthy(run(check.expr, scope, 'checks'))) {
        throw new RuleError(checkMessage(check.message, scope), check.arg ? [check.arg] : [], check.arg ? undefined : where('checks'));
      }
    }
    const output = coded ?? toShape(run(c.shape!, scope, 'shape'), def.name, where('shape'));
    scope.values.set('out', new TensorValue(output));
    return { scope, output };
  };

  /** A failed check's message, its `${...}` filled in; a template that cannot be filled is itself the error. */
  const checkMessage = (template: string, scope: LayerScope): string => {
    try {
      return String(resolveTemplate(template, scope, EXACT));
    } catch (e) {
      if (e instanceof ExprError) throw new RuleError(`${def.name}: the message of a check, "${template}": ${e.message}`, [], where('checks'));
      throw e;
    }
  };

  const count = (c: Compiled, count: Count, scope: LayerScope): bigint => {
    const value = toCount(run(c.counts[count], scope, count), `${def.name}: the ${count} formula "${formulas[count]}"`, where(count));
    scope.values.set(count, value);
    return value;
  };

  /** The full scope of one layer: everything above plus its four counts and its memory. */
  const layer = (args: Args, inputs: readonly Shape[], context: LayerContext) => {
    const { scope, output } = prepare(args, inputs, context);
    const c = compile();
    const cost = Object.fromEntries(COUNTS.map((name) => [name, count(c, name, scope)])) as unknown as Cost;
    const memory = Object.fromEntries(
      MEMORY.map((part) => {
        const expr = c.memory[part];
        return [part, expr ? toCount(run(expr, scope, `memory.${part}`), `${def.name}: the memory.${part} formula "${expr.source}"`, where(`memory.${part}`)) : 0n];
      }),
    ) as LayerMemory;
    return { scope, output, cost, memory };
  };

  const memo = new Map<string, { output: Shape; cost: Cost; memory: LayerMemory }>();
  const evaluateLayer = (args: Args, inputs: readonly Shape[], context: LayerContext = NO_CONTEXT) => {
    const key = `${JSON.stringify(args)}|${inputs.map((s) => s.join('x')).join(',')}|${context.cached}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const { output, cost, memory } = layer(args, inputs, context);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    const result = { output, cost, memory };
    memo.set(key, result);
    return result;
  };

  const argDocs = (): Map<string, string> => new Map(Object.entries(def.args(kitForDocs)).map(([name, spec]) => [name, spec.doc]));
  const docOf = (symbol: string, args: Map<string, string>): string | undefined => {
    const [base, attribute] = symbol.split('.');
    if (attribute && TENSOR_NAMES[base]) return `${TENSOR_NAMES[base]}'s ${ATTRIBUTE_DOCS[attribute as keyof typeof ATTRIBUTE_DOCS]}`;
    if (TENSOR_NAMES[base]) return TENSOR_NAMES[base];
    if (COUNT_DOCS[base]) return COUNT_DOCS[base];
    const q = def.quantities?.[base];
    return q ? q.doc : args.get(base);
  };

  const explainLayer = (args: Args, inputs: readonly Shape[], output: Shape, context: LayerContext = NO_CONTEXT): Explanation => {
    const { scope } = layer(args, inputs, context);
    const c = compile();
    const shown = new Set<string>();
    const view = (expr: Expr, value?: Value): Formula => {
      const v = formulaViews(expr, scope);
      v.names.forEach((n) => shown.add(n));
      return { symbols: v.symbols, numbers: v.numbers, ...(value === undefined ? {} : { value: formatPart(value) }) };
    };
    let shape: Formula[] = [];
    if (shapeCode) shape = shapeCode.explain?.(args, inputs, output) ?? [{ symbols: 'shape', numbers: [], value: `[${output.join(', ')}]` }];
    else if (!is(c.shape!, 'in.shape')) {
      shape = [view(c.shape!, output.map((d) => BigInt(d)))];
    }
    const terms = c.quantities.map((q): Formula => {
      const value = scope.values.get(q.name) as Value;
      if (!q.expr) return { symbols: q.name, numbers: [], value: formatPart(value) };
      const v = view(q.expr, value);
      return { ...v, symbols: `${q.name} = ${v.symbols}` };
    });
    const counted = (name: Count) => view(c.counts[name]);
    const explanation: Explanation = {
      shape,
      ...(terms.length ? { terms } : {}),
      params: counted('params'),
      ...(formulas.buffers === '0' ? {} : { buffers: counted('buffers') }),
      macs: counted('macs'),
      flops: counted('flops'),
      ...(Object.keys(c.memory).length ? { memory: Object.fromEntries(Object.entries(c.memory).map(([part, expr]) => [part, view(expr!)])) } : {}),
      legend: [],
    };
    const docs = argDocs();
    // Quantities first, then what the counts show, each once.
    const symbols = [...c.quantities.map((q) => q.name), ...shown];
    explanation.legend = [...new Set(symbols)].flatMap((name) => {
      const doc = docOf(name, docs);
      return doc ? [{ name, doc }] : [];
    });
    return explanation;
  };

  const note = (part: Count | 'shape') => (def.notes?.[part] ? ` (${def.notes[part]})` : '');
  const backward = def.backward;
  return {
    name: def.name,
    aliases: def.aliases ?? [],
    summary: def.summary,
    merge: def.merge ?? false,
    shapeOnly: def.shapeOnly ?? [],
    user: origin !== undefined,
    args: def.args,
    evaluate: evaluateLayer,
    explain: explainLayer,
    rules: {
      shape: (shapeCode ? shapeCode.rule : def.shape === 'in.shape' ? 'kept' : (def.shape as string)) + note('shape'),
      ...(Object.fromEntries(COUNTS.map((c) => [c, formulas[c] + note(c)])) as Record<Count, string>),
    },
    formulas,
    quantities: Object.entries(def.quantities ?? {}).map(([name, q]) => ({ name, doc: q.doc, ...('formula' in q ? { formula: q.formula } : {}) })),
    shapeFormula: typeof def.shape === 'string' ? def.shape : undefined,
    memory: def.memory ?? {},
    notes: def.notes ?? {},
    backward: {
      input: backward.input ?? false,
      output: backward.output ?? false,
      factor: BigInt(backward.factor ?? 1),
      saves: backward.saves,
      internal: (args, inputs, _output, context = NO_CONTEXT): Internal => {
        const b = compile().backward;
        if (!b.saved && !b.savedBytes && !b.batchBytes) return { elements: 0n, bytes: 0n, batchBytes: 0n, selective: { elements: 0n, bytes: 0n } };
        const { scope } = layer(args, inputs, context);
        const amount = (expr: Expr | undefined, part: string) =>
          expr ? toCount(run(expr, scope, part), `${def.name}: the ${part} formula "${expr.source}"`, where(part)) : 0n;
        return {
          elements: amount(b.saved, 'backward.saved'),
          bytes: amount(b.savedBytes, 'backward.savedBytes'),
          batchBytes: amount(b.batchBytes, 'backward.batchBytes'),
          selective: { elements: amount(b.selectiveSaved, 'backward.selective.saved'), bytes: amount(b.selectiveBytes, 'backward.selective.savedBytes') },
        };
      },
    },
    receptive: def.receptive,
  };
}

/** For the arg docs only: the kit's mode does not matter for them. */
const kitForDocs = argKit('resolved');

function truthy(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  return true;
}

function formatPart(value: Value): string | bigint {
  if (typeof value === 'bigint') return value;
  return formatValue(value);
}

/** A count is a whole number >= 0: exact, or a double that came out whole and below 2^53. */
function toCount(value: Value, what: string, at?: SpecPath): bigint {
  let n: bigint | undefined;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'boolean') n = undefined;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  if (n === undefined) {
    if (typeof value === 'number' || value instanceof Ratio) {
      const shown = value instanceof Ratio ? `${value} = ${value.toNumber()}` : formatValue(value);
      throw new RuleError(`${what} gives ${shown}, not a whole number: counts are exact integers (use floor(), ceil() or round() if that is meant)`, [], at);
    }
    throw new RuleError(`${what} gives ${formatValue(value)}, not a number: a count is a whole number`, [], at);
  }
  if (n < 0n) throw new RuleError(`${what} gives ${n}: a count cannot be negative`, [], at);
  return n;
}

/** A shape is a list of whole sizes >= 1, each below 2^53 so that it stays exact. */
function toShape(value: Value, op: string, at?: SpecPath): Shape {
  const sizes = Array.isArray(value) ? (value as Value[]) : undefined;
  if (!sizes || sizes.length === 0) {
    throw new RuleError(`${op}: the shape formula gives ${formatValue(value)}: a shape is a non-empty list of sizes, as in [in.length, units]`, [], at);
  }
  if (sizes.length > 4) {
    throw new RuleError(`${op}: the shape formula gives ${formatValue(value)}, which has ${sizes.length} axes: a shape has 1 to 4 ([C], [L, C], [H, W, C] or [D, H, W, C])`, [], at);
  }
  return sizes.map((size) => {
    const n = typeof size === 'bigint' ? size : typeof size === 'number' && Number.isInteger(size) ? BigInt(size) : undefined;
    if (n === undefined || n < 1n) {
      throw new RuleError(`${op}: the shape formula gives ${formatValue(value)}: every size must be a whole number >= 1`, [], at);
    }
    if (n > BigInt(MAX_SIZE)) throw new RuleError(`${op}: the shape ${formatValue(value)} has a size above 2^53, too large to count exactly`, [], at);
    return Number(n);
  });
}
