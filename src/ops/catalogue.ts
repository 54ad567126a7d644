import type { z } from 'zod';
import { argKit, expectedText, type OpRules } from './types.js';
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
}

interface ZodDef {
  type: string;
  defaultValue?: unknown;
  innerType?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** The op table as data: what `archcost ops` prints and the reference docs are generated from. */
export function describeOps(): OpInfo[] {
  const kit = argKit('resolved');
  return OPS.map((op) => ({
    name: op.name,
    aliases: [...(op.aliases ?? [])],
    summary: op.summary,
    merge: op.merge ?? false,
    args: Object.entries(op.args(kit)).map(([name, spec]) => {
      const def = defOf(spec.schema);
      const info: ArgInfo = {
        name,
        required: def.type !== 'default' && def.type !== 'optional',
        accepts: expectedText(spec.schema),
        doc: spec.doc,
      };
      if (def.type === 'default') info.default = def.defaultValue;
      return info;
    }),
    rules: op.rules,
  }));
}

/** Items the graph builder expands itself; listed with the ops so users find them. */
export const STRUCTURAL_ITEMS = [
  { name: 'sequence', summary: 'Applies its `layers` list in order as one named item (useful with repeat)' },
  { name: '<block>', summary: 'A block defined under `blocks:`, used like an op with its params as args' },
];

export const ITEM_ARG_DOCS = [
  { name: 'name', doc: 'unique within its scope; auto-named <op>_<n> when absent' },
  { name: 'from', doc: 'an earlier tensor name (or a list, for add/multiply/concat); `input` is the scope\'s input' },
  { name: 'repeat', doc: 'apply the item n times in sequence, binding i = 0..n-1; copies are NAME.0, NAME.1, ...' },
  { name: 'if', doc: 'an expression; when false the item is skipped' },
  { name: 'branches', doc: 'add/multiply/concat only: a list of layer lists applied to the input ([] is the identity)' },
];
