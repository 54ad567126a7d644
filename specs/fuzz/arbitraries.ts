import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { describeOps, type ArgInfo } from '../../src/ops/catalogue.js';

/**
 * Generated inputs for the property tests and `npm run fuzz`: specs built from the op table (every
 * op with values for its args, mostly plausible, sometimes hostile) and the bundled examples with
 * their text mutated. A case is spec text with the name it is read under, or a spec object.
 */
export type FuzzCase = { kind: 'text'; file: string; text: string } | { kind: 'object'; spec: object };

const OPS = describeOps().filter((op) => !op.structural);

/** Values no arg should accept, or that probe an edge: each must be refused with a message, or counted exactly. */
const HOSTILE: readonly unknown[] = [
  0, -1, 1.5, -0.5, 2 ** 31, 2 ** 53, 2 ** 53 - 1, 1e300, 1e21, 4503599627370495, 1_000_000,
  '', 'x', 'same', 'valid', '${', '${}', '${x}', '${1/0}', '${0/0}', '${in.channels}', '${in.channels * 2}',
  '${in.shape[-1] // 2}', '${i}', '${2 ** 60}', '${-1}', '${a ? b : c}', '${(((1)))}', '\u001b[31m', '__proto__',
  true, false, null, [], [0], [1, 2, 3, 4, 5], [[1, 2]], [-1], {}, { toString: 1 }, { valueOf: 'x' }, ['${i}'],
];

const hostile = fc.constantFrom(...HOSTILE);
const small = (min: number, max: number) => fc.integer({ min, max });
const perAxis = <T>(value: fc.Arbitrary<T>) => fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 }));

/** A plausible value for an arg, from what the op table says it accepts. */
function plausible(arg: ArgInfo): fc.Arbitrary<unknown> {
  const accepts = arg.accepts;
  const choices = /^one of (.+)$/.exec(accepts);
  if (choices) return fc.constantFrom(...choices[1].split(', '));
  if (/same, valid/.test(accepts)) return fc.oneof(fc.constantFrom('same', 'valid'), perAxis(small(0, 3)), fc.array(fc.tuple(small(0, 2), small(0, 2)), { minLength: 1, maxLength: 3 }));
  if (/list of positive integers \(one entry may be -1\)/.test(accepts)) return fc.array(fc.oneof(small(1, 16), fc.constant(-1)), { minLength: 1, maxLength: 4 });
  if (/true or false/.test(accepts)) return fc.boolean();
  if (/from 0 to 1/.test(accepts)) return fc.double({ min: 0, max: 1, noNaN: true });
  if (/positive number/.test(accepts)) return fc.oneof(small(1, 4), fc.constantFrom(0.5, 1.5, 2.5));
  if (/>= 0/.test(accepts)) return perAxis(small(0, 3));
  if (/^an integer$/.test(accepts)) return small(-4, 4);
  if (/list with one per spatial axis/.test(accepts)) return perAxis(small(1, 5));
  return small(1, 8);
}

/** An arg's value: usually plausible, sometimes an expression over the input or the loop index, sometimes hostile. */
const argValue = (arg: ArgInfo) =>
  fc.oneof(
    { weight: 60, arbitrary: plausible(arg) },
    { weight: 3, arbitrary: fc.constantFrom('${in.channels}', '${max(1, in.channels // 2)}', '${i + 1}', '${w}') },
    { weight: 2, arbitrary: hostile },
    { weight: 1, arbitrary: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) },
  );

/** Args for one op: the required ones mostly present, the others sometimes, plus now and then a misspelt one. */
function opArgs(op: (typeof OPS)[number]) {
  const entries = op.args.map((arg) =>
    fc.option(argValue(arg).map((v) => [arg.name, v] as const), { freq: arg.required ? 12 : 2, nil: undefined }),
  );
  const misspelt = fc.option(fc.tuple(fc.constantFrom('filtres', 'kernel_size', 'toString', 'units ', 'in_channels'), hostile), { freq: 40, nil: undefined });
  return fc.tuple(fc.tuple(...entries), misspelt).map(([list, extra]) => Object.fromEntries([...list, ...(extra ? [extra] : [])].filter((e) => e !== undefined)));
}

const names = fc.constantFrom('a', 'b', 'c', 'stem', 'proj', 'input', 'input', 'input', 'conv_1', 'relu_1', 'a.b', 'bad name');

/** Item args every item takes: name, from, if, repeat; each present only sometimes (most items have none). */
const itemArgs = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        name: names,
        from: fc.oneof(names, fc.array(names, { minLength: 1, maxLength: 3 })),
        if: fc.oneof(fc.boolean(), fc.constantFrom('${on}', '${not on}', '${in.channels > 3}', 'maybe', 1, 0)),
        repeat: fc.oneof({ weight: 6, arbitrary: small(1, 3) }, { weight: 1, arbitrary: hostile }),
      },
      { requiredKeys: [] },
    ),
  },
);

type Item = unknown;

/** A layer item: an op with args (or bare), a merge with branches, a sequence, or a block use. */
const item: fc.Memo<Item> = fc.memo((depth) => {
  const opItem = fc.constantFrom(...OPS).chain((op) =>
    fc.tuple(opArgs(op), itemArgs, depth > 1 && op.merge ? fc.option(fc.array(branch(depth - 1), { minLength: 1, maxLength: 3 }), { nil: undefined }) : fc.constant(undefined)).map(([args, common, branches]) => {
      const all = { ...args, ...common, ...(branches ? { branches } : {}) };
      return Object.keys(all).length === 0 && op.args.length === 0 ? op.name : { [op.name]: all };
    }),
  );
  if (depth <= 1) return fc.oneof({ weight: 10, arbitrary: opItem }, { weight: 1, arbitrary: fc.constantFrom('blk', 'unknown_op', 'relu', 'sequence') });
  return fc.oneof(
    { weight: 10, arbitrary: opItem },
    { weight: 1, arbitrary: fc.tuple(fc.array(item(depth - 1), { minLength: 1, maxLength: 3 }), itemArgs).map(([layers, common]) => ({ sequence: { ...common, layers } })) },
    { weight: 1, arbitrary: fc.record({ width: fc.oneof(small(1, 8), hostile) }, { requiredKeys: [] }).map((args) => ({ blk: args })) },
    { weight: 1, arbitrary: fc.constantFrom('blk', 'unknown_op') },
    { weight: 1, arbitrary: fc.oneof(small(1, 8), hostile).map((units) => ({ myop: { units } })) },
  );
});

/** An op of the spec's `ops:` section: formulas mostly sound, some refused (negative, fractional, huge, not a shape). */
const userOp = fc.record(
  {
    summary: fc.constant('a fuzzed op'),
    args: fc.constantFrom({ units: null }, { units: 2 }, { units: null, k: 3 }, {}, { units: 'x' }, { in: 1 }),
    shape: fc.constantFrom('[in.channels * 2]', 'in.shape', '[units]', 'in.shape[:-1] + [units]', '[0]', '[-1]', '[2 ** 60]', '[1.5]', 'units', 'x', '['),
    params: fc.constantFrom('in.channels * units', '0', 'units', '-1', '1/3', 'units ** 100', 'params'),
    macs: fc.constantFrom('out.elements * in.channels', '0', 'params', 'in.positions * units', '2 ** 80', 'macs'),
    flops: fc.constantFrom('2 * macs', 'macs + out.elements', '0', '0.5', 'flops'),
    merge: fc.boolean(),
  },
  { requiredKeys: ['params', 'macs', 'flops'] },
);

const branch = (depth: number) =>
  fc.oneof(
    fc.array(item(depth), { maxLength: 3 }),
    fc.record({ name: names, layers: fc.array(item(depth), { maxLength: 2 }) }),
  );

const size = fc.oneof({ weight: 20, arbitrary: small(1, 40) }, { weight: 1, arbitrary: fc.constantFrom(2 ** 26, 2 ** 53 - 1, 100_000, '${w}', 0) });

/** A whole spec object: an input of rank 1 to 4, vars, sometimes a block and defaults, then 1 to 6 items. */
export const specObject: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      input: fc.integer({ min: 1, max: 4 }).chain((rank) => fc.array(size, { minLength: rank, maxLength: rank })),
      vars: fc.record({ w: fc.oneof({ weight: 20, arbitrary: small(1, 16) }, { weight: 1, arbitrary: hostile }), on: fc.oneof({ weight: 20, arbitrary: fc.boolean() }, { weight: 1, arbitrary: hostile }) }),
      batch: fc.oneof({ weight: 20, arbitrary: small(1, 4) }, { weight: 1, arbitrary: hostile }),
      dtype: fc.oneof({ weight: 20, arbitrary: fc.constantFrom('float32', 'float16', 'int8') }, { weight: 1, arbitrary: fc.constantFrom('fp16', 'half', {}, 1) }),
      ops: fc.record({ myop: userOp }),
      blocks: fc.record({ blk: fc.record({ params: fc.constant({ width: 4 }), layers: fc.array(item(2), { minLength: 1, maxLength: 3 }) }) }),
      defaults: fc.oneof({ weight: 10, arbitrary: fc.constantFrom({ conv: { padding: 'same' } }, { conv: { bias: false }, dense: { bias: false } }) }, { weight: 1, arbitrary: fc.constant({ bogus: {} }) }),
      budgets: fc.record(
        {
          macs: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('4G', '1', 1, '850M') }, { weight: 1, arbitrary: fc.constantFrom('1e999999999', '10%', -5, { toString: 1 }) }),
          params: fc.constantFrom('25M', '1.5', '0', '25M', 1000),
        },
        { requiredKeys: [] },
      ),
      layers: fc.array(item(3), { minLength: 1, maxLength: 6 }),
    },
    { requiredKeys: ['input', 'layers'] },
  );

/** A spec from the op table, as YAML or JSON text or as an object for the library. */
export const generatedCase: fc.Arbitrary<FuzzCase> = fc.tuple(specObject, fc.constantFrom('yaml', 'json', 'object')).map(([spec, as]): FuzzCase => {
  if (as === 'object') return { kind: 'object', spec };
  if (as === 'json') return { kind: 'text', file: 'fuzz.json', text: JSON.stringify(spec, null, 1) };
  return { kind: 'text', file: 'fuzz.yaml', text: stringify(spec) };
});

const examplesDir = new URL('../../examples/', import.meta.url);
/** Real specs, whose mutations stay close to what users write. */
const read = (dir: string) =>
  readdirSync(new URL(dir, examplesDir))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ file: f, text: readFileSync(new URL(`${dir}${f}`, examplesDir), 'utf8') }));
/** The bundled examples (small) and the model zoo (whole networks, slower to analyze, so drawn less often). */
const EXAMPLES = read('./');
const ZOO = read('zoo/');

/** Tokens a mutation inserts: YAML structure, expressions, edge numbers, control characters, prototype keys. */
const TOKENS = [
  '${', '}', '{', '[', ']', ':', ', ', '- ', '\n', '\n  ', '\t', '"', "'", '&a ', '*a', '*zz', '---\n', '#', '!!int ', '? ',
  '0', '-1', '1e999', '1e999999999', '9007199254740993', '2.5', 'NaN', '.inf', '${in.channels * 0}', '${i}', '${1 if x else 2}',
  '${a ? b : c}', 'fp16', 'toString', '__proto__', 'constructor', '\u001b]0;t\u0007', '\r', 'if: false', 'repeat: 1000000', 'from: input',
];

/** One edit of a text: delete, duplicate or swap a span, insert a token, or replace a number with an edge value. */
function mutate(text: string): fc.Arbitrary<string> {
  const at = fc.nat({ max: Math.max(0, text.length - 1) });
  const span = fc.integer({ min: 1, max: 40 });
  return fc.oneof(
    fc.tuple(at, span).map(([i, n]) => text.slice(0, i) + text.slice(i + n)),
    fc.tuple(at, span).map(([i, n]) => text.slice(0, i) + text.slice(i, i + n) + text.slice(i)),
    fc.tuple(at, fc.constantFrom(...TOKENS)).map(([i, t]) => text.slice(0, i) + t + text.slice(i)),
    fc.tuple(fc.nat(), fc.constantFrom('0', '-3', '1.5', '100000', '4503599627370496', '${w}', '999999999999')).map(([k, v]) => {
      const numbers = [...text.matchAll(/\b\d+\b/g)];
      if (numbers.length === 0) return text;
      const m = numbers[k % numbers.length];
      return text.slice(0, m.index) + v + text.slice(m.index! + m[0].length);
    }),
  );
}

/** An example with up to three edits (none: the example itself, which must give a valid report). */
export const mutatedCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...EXAMPLES) }, { weight: 1, arbitrary: fc.constantFrom(...ZOO) }), fc.integer({ min: 0, max: 3 }))
  .chain(([example, edits]) => {
    let text: fc.Arbitrary<string> = fc.constant(example.text);
    for (let k = 0; k < edits; k++) text = text.chain(mutate);
    return text.map((t): FuzzCase => ({ kind: 'text', file: example.file, text: t }));
  });

export const anyCase: fc.Arbitrary<FuzzCase> = fc.oneof({ weight: 2, arbitrary: generatedCase }, { weight: 1, arbitrary: mutatedCase });
