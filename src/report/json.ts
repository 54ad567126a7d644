/**
 * JSON with exact integers: bigints are written as plain number literals, so counts past 2^53
 * keep every digit (JSON's grammar has no size limit; readers such as Python and jq 1.7 keep them).
 * Output is deterministic: keys in insertion order, two-space indent, no undefined fields.
 */
export function toJson(value: unknown, indent = 2): string {
  return write(value, '', ' '.repeat(indent));
}

function write(value: unknown, pad: string, step: string): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = pad + step;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v === 'number' || typeof v === 'bigint')) {
      // As for a lone number: a non-finite one, which JSON cannot write, is null rather than `Infinity`.
      return `[${value.map((v) => (typeof v === 'bigint' ? v.toString() : (JSON.stringify(v) ?? 'null'))).join(', ')}]`;
    }
    return `[\n${value.map((v) => inner + write(v, inner, step)).join(',\n')}\n${pad}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner, step)}`).join(',\n')}\n${pad}}`;
}
