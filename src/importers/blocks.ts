import { findOp } from '../ops/registry.js';
import { EXTRA_OPS } from './extra-ops.js';

/**
 * Where a model file repeats itself, the imported spec says it once: sequences whose layers are
 * the same but for numbers (ResNet's blocks, an Inception module, darknet's conv-bn-leaky
 * sections) become one block, and each sequence a use of it with the numbers that differ as its
 * params. Names, `from` and every non-numeric arg must match; numbers that agree everywhere stay
 * literal, and numbers that differ together (a block's `filters` in every conv) share one param.
 * Innermost sequences are grouped first, so a block may use blocks. Expansion gives back the same
 * layers, names and counts.
 */

type Json = unknown;
type Item = Record<string, unknown>;

interface Use {
  /** The list holding the sequence item and its index there. */
  list: Json[];
  index: number;
  args: Record<string, unknown>;
  /** The numbers of its layers, in the order `shapeKey` meets them. */
  numbers: number[];
}

/** The structure of a layer list with every number replaced by `#`. */
function shapeKey(layers: Json[]): string {
  return JSON.stringify(layers, (_key, value) => (typeof value === 'number' ? '#' : value));
}

function numbersOf(value: Json, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => numbersOf(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => numbersOf(v, out));
  return out;
}

/** The arg name at each number's position (`conv1_filters`, `pool_kernel_1`), for param names. */
function numberNames(layers: Json[]): string[] {
  const names: string[] = [];
  const walk = (value: Json, label: string) => {
    if (typeof value === 'number') names.push(label);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, value.length > 1 ? `${label}_${i}` : label));
    else if (value && typeof value === 'object') {
      const item = value as Item;
      const [op] = Object.keys(item);
      const args = item[op] as Item | undefined;
      if (Object.keys(item).length === 1 && args && typeof args === 'object' && !Array.isArray(args)) {
        // A layer item: name its numbers after the layer.
        // A block used inside keeps its params' names; an op's args are named after the layer.
        const block = !findOp(op) && !Object.hasOwn(EXTRA_OPS, op) && op !== 'sequence';
        const prefix = typeof args.name === 'string' ? args.name : op;
        const labelOf = (k: string) => (block ? k : /^\d/.test(prefix) ? `${op}${prefix}_${k}` : `${prefix}_${k}`);
        for (const [k, v] of Object.entries(args)) if (k !== 'name') walk(v, labelOf(k));
      } else {
        for (const [k, v] of Object.entries(item)) walk(v, `${label}_${k}`);
      }
    }
  };
  layers.forEach((l) => walk(l, 'p'));
  return names.map((n) => n.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1'));
}

/** Puts `${param}` in place of the numbers at the given positions. */
function parameterise(layers: Json[], params: Map<number, string>): Json[] {
  let position = 0;
  const walk = (value: Json): Json => {
    if (typeof value === 'number') {
      const param = params.get(position++);
      return param ? `\${${param}}` : value;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return layers.map(walk);
}

/** The sequence items whose layers hold no sequence: the innermost ones. */
function innermost(layers: Json[], out: Use[] = []): Use[] {
  layers.forEach((item, index) => {
    const args = (item as Item).sequence as Record<string, unknown> | undefined;
    if (!args) return;
    const inner = args.layers as Json[];
    if (inner.some((l) => (l as Item).sequence)) innermost(inner, out);
    else out.push({ list: layers, index, args, numbers: numbersOf(inner) });
  });
  return out;
}

const MIN_LAYERS = 2;

/** What the uses' names share (`inception_3a`, `inception_4b`: inception), or `block`. */
function blockName(names: string[]): string {
  let prefix = names[0];
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const stem = prefix.replace(/[-_.\d]+$/, '').replace(/-/g, '_');
  return /^[A-Za-z_][A-Za-z0-9_]{2,}$/.test(stem) ? stem : 'block';
}

export function findBlocks(layers: Json[]): Record<string, { params?: Record<string, null>; layers: Json[] }> {
  const blocks: Record<string, { params?: Record<string, null>; layers: Json[] }> = {};
  const taken = (name: string) => Object.hasOwn(blocks, name) || findOp(name) !== undefined || Object.hasOwn(EXTRA_OPS, name) || name === 'sequence';
  for (let round = 0; round < 50; round++) {
    const groups = new Map<string, Use[]>();
    for (const use of innermost(layers)) {
      const inner = use.args.layers as Json[];
      if (inner.length < MIN_LAYERS) continue;
      const key = shapeKey(inner);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(use);
    }
    const repeated = [...groups.values()].filter((uses) => uses.length > 1);
    if (repeated.length === 0) break;
    for (const uses of repeated) {
      const body = uses[0].args.layers as Json[];
      const labels = numberNames(body);
      // Positions that differ; those whose values differ together share the first one's param.
      const params = new Map<number, string>();
      const byValues = new Map<string, string>();
      const used = new Set<string>();
      labels.forEach((label, position) => {
        const values = uses.map((u) => u.numbers[position]);
        if (values.every((v) => v === values[0])) return;
        const key = values.join(',');
        let param = byValues.get(key);
        if (!param) {
          param = label;
          for (let n = 2; used.has(param); n++) param = `${label}_${n}`;
          used.add(param);
          byValues.set(key, param);
        }
        params.set(position, param);
      });
      const base = blockName(uses.map((u) => String(u.args.name ?? '')));
      let name = base === 'block' ? 'block_1' : base;
      for (let n = 2; taken(name); n++) name = `${base}_${n}`;
      blocks[name] = { ...(used.size ? { params: Object.fromEntries([...used].map((p) => [p, null])) } : {}), layers: parameterise(body, params) };
      for (const use of uses) {
        const values = Object.fromEntries([...used].map((p) => [p, use.numbers[[...params].find(([, q]) => q === p)![0]]]));
        const { layers: _body, ...rest } = use.args;
        use.list[use.index] = { [name]: { ...rest, ...values } };
      }
    }
  }
  return blocks;
}
