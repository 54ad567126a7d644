import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { z } from 'zod';
import { UNCHECKED } from '../src/core/quick-check.js';
import { argsCheck } from '../src/ops/arg-type.js';
import { argKit } from '../src/ops/types.js';
import { argsSchema, OPS, parseArgs } from '../src/ops/registry.js';

/**
 * Valid args are checked without zod (ops/arg-type.ts); zod decides the rest and words the errors.
 * The fast check must take exactly the values zod takes, and give back what zod's parse gives
 * (lists copied, defaults filled in, keys in declaration order), for every arg of every op.
 */

const EDGE_VALUES: unknown[] = [
  0, -0, 1, -1, 2, 0.5, 1.5, -0.5, 3, 7, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e308, Infinity, -Infinity, NaN,
  true, false, null, undefined, '', 'same', 'valid', 'two', 'one', 'none', 'relu', 'x', '${k}', '${a + 1}', '$', '{}',
  [], [1], [0], [-1], [1, 2], [2, 2, 2], [0, [1, 2]], [[1, 2]], [[1, 2, 3]], [[1]], [1.5], ['${k}'], [true], [null],
  {}, { a: 1 }, 10n,
];

/** Values near every rule the kit has: bounds, integers and fractions, expressions, pairs, and things of other kinds. */
const edgeValue = fc.constantFrom(...EDGE_VALUES);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: edgeValue },
  { weight: 1, arbitrary: fc.array(fc.oneof(edgeValue, fc.integer({ min: -3, max: 9 })), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 3 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.string()) },
);

type Def = { type: string; entries?: Record<string, string>; innerType?: z.ZodType; options?: z.ZodType[]; element?: z.ZodType };

/** The strings an enum inside a schema takes (a choice's values), so valid args include them. */
function enumValues(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  if (def.type === 'enum') return Object.values(def.entries!);
  return [def.innerType, def.element, ...(def.options ?? [])].flatMap((inner) => (inner ? enumValues(inner) : []));
}

/** JSON.stringify keeps key order and list shapes; -0, NaN and undefined are compared by toStrictEqual as well. */
function expectSameAsZod(fast: unknown, zod: { success: boolean; data?: unknown }): void {
  expect(fast !== UNCHECKED).toBe(zod.success);
  if (!zod.success) return;
  expect(fast).toStrictEqual(zod.data);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
}

const kits = { resolved: argKit('resolved'), raw: argKit('raw') };

describe('each arg type takes exactly what its zod schema takes', () => {
  for (const op of OPS) {
    for (const [mode, kit] of Object.entries(kits)) {
      const specs = op.args(kit);
      for (const [name, spec] of Object.entries(specs)) {
        test(`${op.name}.${name} (${mode})`, () => {
          const zod = spec.schema.zod();
          fc.assert(
            fc.property(anyValue, (value) => {
              if (value === undefined) return; // a missing arg: checked by the args object (below)
              expectSameAsZod(spec.schema.check(value), zod.safeParse(value));
            }),
            { numRuns: 300, seed: 13 },
          );
        });
      }
    }
  }

  test('a list is copied, as zod copies it, and a default is a fresh copy each time', () => {
    const list = argKit('resolved').list().default([1, 2]);
    const given = [3];
    expect(list.check(given)).not.toBe(given);
    const check = argsCheck({ xs: list });
    const first = check({}) as { xs: number[] };
    const second = check({}) as { xs: number[] };
    expect(first.xs).toEqual([1, 2]);
    expect(first.xs).not.toBe(second.xs);
  });
});

describe('args objects: the fast check agrees with the strict zod object', () => {
  for (const op of OPS) {
    test(op.name, () => {
      const specs = Object.entries(op.args(kits.resolved));
      // Mostly valid args (each optional one left out or given, each value one its zod schema takes), sometimes anything, or an unknown key.
      const validArgs = fc.record(
        Object.fromEntries(
          specs.map(([name, spec]) => {
            const valid = [...EDGE_VALUES, ...enumValues(spec.schema.zod())].filter((v) => v !== undefined && spec.schema.zod().safeParse(v).success);
            return [name, fc.oneof({ weight: 12, arbitrary: valid.length ? fc.constantFrom(...valid) : anyValue }, { weight: 1, arbitrary: anyValue })];
          }),
        ),
        { requiredKeys: specs.filter(([, spec]) => spec.schema.missing.kind === 'required').map(([name]) => name) },
      );
      const unknownArg = fc.option(fc.record({ strid: anyValue }), { freq: 5 });
      const argsObject = fc.tuple(validArgs, unknownArg).map(([args, extra]) => ({ ...args, ...extra }) as Record<string, unknown>);
      let valid = 0;
      fc.assert(
        fc.property(argsObject, (args) => {
          const parsed = parseArgs(op, args);
          const zod = argsSchema(op, 'resolved').safeParse(args);
          expect(parsed.success).toBe(zod.success);
          if (zod.success) valid++;
          if (zod.success) expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(zod.data));
          if (parsed.success) expect(parsed.data).toStrictEqual(zod.data);
        }),
        { numRuns: 200, seed: 13 },
      );
      expect(valid).toBeGreaterThanOrEqual(20); // a tenth of the cases or more are valid args
    });
  }

  test('a key present with the value undefined is left to zod (which keeps the key)', () => {
    const types = { k: argKit('resolved').positiveInt().optional() };
    expect(argsCheck(types)({ k: undefined })).toBe(UNCHECKED);
    expect(argsCheck(types)({})).toEqual({});
    expect(Object.keys(argsCheck(types)({}) as object)).toEqual([]);
  });
});
