import { ExprError } from './errors.js';
import { exactFromDouble, isNum, Ratio, type Num } from './numbers.js';
import { TensorValue } from './tensor.js';

/** A value of the language: a number, a boolean, a string, a list, a tensor (`in`, `out`), or None (an optional arg not given). */
export type Value = Num | boolean | string | readonly Value[] | TensorValue | null;

/**
 * What a scope hands in: numbers as doubles or bigints (converted to the evaluation's numbers),
 * booleans, strings, lists of these, tensors.
 */
export type HostValue = number | bigint | boolean | string | Ratio | readonly HostValue[] | TensorValue | null;

/** How numbers are made: doubles for spec values, exact for count formulas (numbers.ts). */
export interface Domain {
  readonly exact: boolean;
}

export const FLOAT: Domain = { exact: false };
export const EXACT: Domain = { exact: true };

/** A whole number in the domain's representation. */
export function int(domain: Domain, n: number | bigint): Num {
  return domain.exact ? BigInt(n) : Number(n);
}

/** A host value as the domain computes with it; undefined for anything the language has no type for. */
export function fromHost(domain: Domain, value: unknown): Value | undefined {
  switch (typeof value) {
    case 'number':
      return domain.exact && Number.isFinite(value) ? exactFromDouble(value) : value;
    case 'bigint':
      return domain.exact ? value : Number(value);
    case 'boolean':
    case 'string':
      return value;
    case 'object':
      if (value === null) return null;
      if (value instanceof TensorValue) return value;
      if (value instanceof Ratio) return domain.exact ? value : value.toNumber();
      if (Array.isArray(value)) {
        const items: Value[] = [];
        for (const item of value) {
          const v = fromHost(domain, item);
          if (v === undefined) return undefined;
          items.push(v);
        }
        return items;
      }
      return undefined;
    default:
      return undefined;
  }
}

export function typeName(value: Value): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'string') return 'a string';
  if (value instanceof TensorValue) return 'a tensor';
  if (Array.isArray(value)) return 'a list';
  return 'a number';
}

/** A number for arithmetic: booleans count as 0 and 1, as in Python; anything else is an error naming `what`. */
export function num(domain: Domain, value: Value, what: string): Num {
  if (typeof value === 'boolean') return int(domain, value ? 1 : 0);
  if (isNum(value)) return value;
  throw new ExprError(`${what} needs a number, got ${typeName(value)}${typeof value === 'string' ? ` ('${value}')` : ''}`);
}

export function isList(value: Value): value is readonly Value[] {
  return Array.isArray(value);
}

/** Python truthiness. */
export function truthy(value: Value): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (value instanceof TensorValue) return true;
  if (value instanceof Ratio) return true;
  return typeof value === 'bigint' ? value !== 0n : value !== 0;
}

/** How a value reads inside text: integers without a decimal point or e-notation, booleans as true/false. */
export function formatValue(value: Value): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean' || typeof value === 'string') return String(value);
  if (value instanceof TensorValue) return `[${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'bigint' || value instanceof Ratio) return value.toString();
  const n = value as number;
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}


