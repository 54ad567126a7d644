import type { z } from 'zod';
import { argKit, expectedText, type Count, type OpRules } from './types.js';
import { OPS } from './registry.js';

export interface ArgInfo {
  name: string;
  required: boolean;
  default?: unknown;
  accepts: string;
  doc: string;
}

export interface OpInfo {
  name: string;
  aliases: string[];
  summary: string;
  merge: boolean;
  args: ArgInfo[];
  rules: OpRules;
  /** The count formulas in the expression language; a spec's `ops:` takes them as written (with the quantities). */
  formulas?: Record<Count, string>;
  /** Named quantities the formulas use: a formula, or (no formula) computed in code. */
  quantities?: { name: string; doc: string; formula?: string }[];
  /** The shape formula, when the shape is one. */
  shape?: string;
  /** Why a formula is what it is, in words. */
  notes?: Partial<Record<Count | 'shape', string>>;
  /** What the backward pass keeps, and its FLOPs per forward FLOP. */
  backward?: { saves: string; factor: number };
  /** An item the graph builder expands into the layers it holds (`sequence`): it has no row of its own. */
  structural?: boolean;
}

interface ZodDef {
  type: string;
  defaultValue?: unknown;
  innerType?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** `sequence`: a built-in item of the spec language (contract section 3) that groups layers rather than computing. */
const SEQUENCE: OpInfo = {
  name: 'sequence',
  aliases: [],
  summary: 'Applies its `layers` list in order as one named item (useful with repeat); its layers are named under its name',
  merge: false,
  args: [{ name: 'layers', required: true, accepts: 'a non-empty list of layer items', doc: 'the items applied in order' }],
  rules: {
    shape: 'the output of its last item',
    params: 'the sum over its items (each counted by its own op)',
    buffers: 'the sum over its items',
    macs: 'the sum over its items',
    flops: 'the sum over its items',
  },
  structural: true,
};

/** The op table as data: what `archcost ops` prints and the reference docs are generated from; `sequence` comes last. */
export function describeOps(): OpInfo[] {
  return [...describeRegistry(), SEQUENCE];
}

function describeRegistry(): OpInfo[] {
  const kit = argKit('resolved');
  return OPS.map((op) => ({
    name: op.name,
    aliases: [...(op.aliases ?? [])],
    summary: op.summary,
    merge: op.merge ?? false,
    args: Object.entries(op.args(kit)).map(([name, spec]) => {
      const def = defOf(spec.schema.zod());
      const info: ArgInfo = {
        name,
        required: def.type !== 'default' && def.type !== 'optional',
        accepts: expectedText(spec.schema.zod()),
        doc: spec.doc,
      };
      if (def.type === 'default') info.default = def.defaultValue;
      return info;
    }),
    rules: op.rules,
    formulas: op.formulas,
    quantities: op.quantities,
    ...(op.shapeFormula ? { shape: op.shapeFormula } : {}),
    notes: op.notes,
    backward: { saves: op.backward.saves, factor: Number(op.backward.factor) },
  }));
}

/** Items the graph builder expands itself (JSON `items`; `sequence` is in `ops` too). */
export const STRUCTURAL_ITEMS = [
  { name: 'sequence', summary: 'Applies its `layers` list in order as one named item (useful with repeat)' },
  { name: '<block>', summary: 'A block defined under `blocks:`, used like an op with its params as args' },
];

export const ITEM_ARG_DOCS = [
  { name: 'name', doc: 'unique within its scope; auto-named <op>_<n> when absent' },
  { name: 'from', doc: "an earlier tensor name (or a list, for the ops that take several: add, multiply, concat, attention, crop...); `input` is the scope's input" },
  { name: 'repeat', doc: 'apply the item n times in sequence, binding i = 0..n-1; copies are NAME.0, NAME.1, ...' },
  { name: 'if', doc: 'an expression; when false the item is skipped' },
  { name: 'branches', doc: 'add/multiply/concat only: a list of layer lists applied to the input ([] is the identity)' },
];
