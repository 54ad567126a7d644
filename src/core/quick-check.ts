/**
 * Checks of valid values without zod, for the way to a valid spec: building zod's schemas costs
 * more than checking a small spec. Each check gives back the value as the zod schema beside it
 * parses it (lists and maps copied, keys of an object in the schema's order but in looseFields),
 * or UNCHECKED for anything it does not vouch for: zod then decides, and words what is wrong. Tests
 * hold each check to its zod schema's answers (specs/arg-type.test.ts, specs/quick-check.test.ts,
 * specs/read-report.test.ts).
 */

export const UNCHECKED: unique symbol = Symbol('unchecked');
export type Unchecked = typeof UNCHECKED;

/** A valid value as zod's parse returns it, or UNCHECKED. */
export type Check = (value: unknown) => unknown;

/** A check that gives back the value itself when `accepts` holds. */
export const accepting =
  (accepts: (value: unknown) => boolean): Check =>
  (value) =>
    accepts(value) ? value : UNCHECKED;

/** zod's number().int().min(min): a safe integer from `min` up. */
export const isIntegerFrom = (value: unknown, min: number): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

/** isIntegerFrom as a check. */
export const integerFrom = (min: number): Check => accepting((value) => isIntegerFrom(value, min));

/** zod's enum (or literal) of these values: one of them. */
export const oneOf = (values: readonly unknown[]): Check => accepting((value) => values.includes(value));

/** zod's number(): finite. */
export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** zod's string(). */
export const anyString: Check = accepting((value) => typeof value === 'string');

/** Any value (zod's unknown), given back as it is. */
export const anything: Check = (value) => value;

/** An object zod takes as a record or an object and that holds nothing a copy would lose: no symbol keys, no class. */
export function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(value).length === 0;
}

/** A list of `min` to `max` entries, each passing `each`: a copy, as zod's array gives, or the list itself `inPlace` (looseFields). */
export function listOf(value: unknown, each: Check, min = 0, max = Infinity, inPlace = false): unknown[] | Unchecked {
  if (!Array.isArray(value) || value.length < min || value.length > max) return UNCHECKED;
  const out: unknown[] = inPlace ? value : new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const checked = each(value[i]);
    if (checked === UNCHECKED) return UNCHECKED;
    out[i] = checked;
  }
  return out;
}

/** A map whose keys pass `key` and values `each`: a copy in the same key order, as zod's record gives. */
export function mapOf(value: unknown, key: (name: string) => boolean, each: Check): Record<string, unknown> | Unchecked {
  if (!isPlainMap(value)) return UNCHECKED;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    if (name === '__proto__' || !key(name)) return UNCHECKED;
    const checked = each(value[name]);
    if (checked === UNCHECKED) return UNCHECKED;
    out[name] = checked;
  }
  return out;
}

/**
 * A strict object of these fields, each optional unless `required`: a copy with the fields in the
 * order given (the zod schema's), a missing one that has a default given a copy of it (zod's
 * `.default()`). A key given the value undefined is left to zod, which keeps it.
 */
export function fieldsOf(
  value: unknown,
  fields: Readonly<Record<string, Check>>,
  required: readonly string[] = [],
  defaults: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> | Unchecked {
  if (!isPlainMap(value)) return UNCHECKED;
  for (const name of Object.keys(value)) if (!Object.hasOwn(fields, name)) return UNCHECKED;
  const out: Record<string, unknown> = {};
  for (const name in fields) {
    if (!Object.hasOwn(value, name)) {
      if (Object.hasOwn(defaults, name)) out[name] = copyOf(defaults[name]);
      else if (required.includes(name)) return UNCHECKED;
      continue;
    }
    const checked = value[name] === undefined ? UNCHECKED : fields[name](value[name]);
    if (checked === UNCHECKED) return UNCHECKED;
    out[name] = checked;
  }
  return out;
}

/**
 * zod's looseObject of these fields, made once for a list's every entry: a copy in which the
 * fields present are checked; only `required` ones must be there. The keys keep the order they
 * came in (zod puts the schema's first): a copy by spread shares its shape from entry to entry,
 * where one made a key at a time adds each property on its own (the schema pass of a 10,000-layer
 * baseline, report/schemas.ts checkedList: 64 ms cold that way, 39 ms by spread).
 * `inPlace`: the value itself, its checked fields given their parsed values, for data its reader
 * made and nobody else holds (JSON just parsed). Each check gives a value it would accept again
 * (a count's bigint), so a list zod must then parse as a whole parses to the same.
 */
export function looseFields(fields: Readonly<Record<string, Check>>, required: readonly string[], inPlace = false): Check {
  const names = Object.keys(fields);
  const checks = names.map((name) => fields[name]);
  const must = names.map((name) => required.includes(name));
  return (value) => {
    if (!isPlainMap(value) || Object.hasOwn(value, '__proto__')) return UNCHECKED;
    const out: Record<string, unknown> = inPlace ? value : { ...value };
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (!Object.hasOwn(value, name)) {
        if (must[i]) return UNCHECKED;
        continue;
      }
      const v = value[name];
      const checked = v === undefined ? UNCHECKED : checks[i](v);
      if (checked === UNCHECKED) return UNCHECKED;
      if (checked !== v) out[name] = checked;
    }
    return out;
  };
}

/** A missing field's value as zod's `.default()` gives it: a copy of a list or a map. */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  if (value !== null && typeof value === 'object') return { ...value };
  return value;
}

