import * as z from 'zod';
import { once } from '../core/once.js';
import { anyString, accepting, anything, fieldsOf, isFiniteNumber, listOf, oneOf, UNCHECKED, type Check } from '../core/quick-check.js';

/** What an args object without the arg gets: nothing (a required arg: zod words the error), no key, or the default. */
type Missing = { kind: 'required' } | { kind: 'optional' } | { kind: 'default'; value: unknown };

/**
 * The type of an op's arg, declared once through the kit (types.ts `argKit`). `check` takes a valid
 * value as zod's parse would return it without building zod's schema (core/quick-check.ts); the
 * zod schema, built on first use, stays the authority: it decides each value `check` leaves
 * UNCHECKED, words the errors, and gives the JSON Schema and `archcost ops`.
 * specs/arg-type.test.ts holds the two to the same answers for every arg of every op.
 */
export class ArgType {
  readonly zod: () => z.ZodType;

  constructor(
    build: () => z.ZodType,
    readonly check: Check,
    readonly missing: Missing = { kind: 'required' },
  ) {
    this.zod = once(build);
  }

  default(value: unknown): ArgType {
    return new ArgType(() => this.zod().default(value as never), this.check, { kind: 'default', value });
  }

  optional(): ArgType {
    return new ArgType(() => this.zod().optional(), this.check, { kind: 'optional' });
  }

  describe(text: string): ArgType {
    return new ArgType(() => this.zod().describe(text), this.check, this.missing);
  }
}

/** zod's number: finite; `int` a safe integer (zod's int()); bounds inclusive except `positive`. */
export function numberType(rule: { int?: boolean; min?: number; max?: number; positive?: boolean } = {}): ArgType {
  const { int = false, min, max, positive = false } = rule;
  return new ArgType(
    () => {
      let schema = int ? z.number().int() : z.number();
      if (positive) schema = schema.positive();
      if (min !== undefined) schema = schema.min(min);
      if (max !== undefined) schema = schema.max(max);
      return schema;
    },
    accepting(
      (v) =>
        isFiniteNumber(v) &&
        (!int || Number.isSafeInteger(v)) &&
        (!positive || v > 0) &&
        (min === undefined || v >= min) &&
        (max === undefined || v <= max),
    ),
  );
}

export const booleanType = () => new ArgType(() => z.boolean(), accepting((v) => typeof v === 'boolean'));

export const stringType = () => new ArgType(() => z.string(), anyString);

/** A string holding `${...}`: what the raw (unevaluated) args of the JSON Schema also accept. */
export const expressionType = () =>
  new ArgType(() => z.string().regex(/\$\{/).describe('an expression "${...}"'), accepting((v) => typeof v === 'string' && v.includes('${')));

export function enumType<T extends string>(values: readonly [T, ...T[]]): ArgType {
  return new ArgType(() => z.enum(values), oneOf(values));
}

/** A list of `item` (any values when absent), of at least `min` entries; zod's parse returns a copy. */
export function arrayType(item?: ArgType, min?: number): ArgType {
  return new ArgType(
    () => {
      const schema = z.array(item ? item.zod() : z.unknown());
      return min === undefined ? schema : schema.min(min);
    },
    (v) => listOf(v, item ? item.check : anything, min),
  );
}

/** A list of exactly these entries. */
export function tupleType(items: readonly [ArgType, ...ArgType[]]): ArgType {
  return new ArgType(
    () => z.tuple(items.map((t) => t.zod()) as [z.ZodType, ...z.ZodType[]]),
    (v) => {
      if (!Array.isArray(v) || v.length !== items.length) return UNCHECKED;
      const out = items.map((t, i) => t.check(v[i]));
      return out.includes(UNCHECKED) ? UNCHECKED : out;
    },
  );
}

/** The first option that takes the value, as zod's union does. */
export function unionType(options: readonly [ArgType, ...ArgType[]]): ArgType {
  return new ArgType(
    () => z.union(options.map((t) => t.zod()) as [z.ZodType, ...z.ZodType[]]),
    (v) => {
      for (const option of options) {
        const out = option.check(v);
        if (out !== UNCHECKED) return out;
      }
      return UNCHECKED;
    },
  );
}

/** An args object checked as a set of arg types checks it (argsCheck). */
export type ArgsCheck = (args: Readonly<Record<string, unknown>>) => Record<string, unknown> | typeof UNCHECKED;

/**
 * Args as zod's strict object of these types parses them (core/quick-check.ts's fieldsOf: its keys in
 * declaration order, defaults filled in), or UNCHECKED: an unknown arg, a missing required one, a value
 * a check does not vouch for, or a key present with the value undefined (zod keeps those; the check
 * leaves them to it). Made once for a set of types: an op's are checked for each of its layers.
 */
export function argsCheck(types: Readonly<Record<string, ArgType>>): ArgsCheck {
  const entries = Object.entries(types);
  const checks = Object.fromEntries(entries.map(([name, type]) => [name, type.check]));
  const required = entries.filter(([, type]) => type.missing.kind === 'required').map(([name]) => name);
  const defaults = Object.fromEntries(entries.flatMap(([name, { missing }]) => (missing.kind === 'default' ? [[name, missing.value]] : [])));
  return (args) => fieldsOf(args, checks, required, defaults);
}
