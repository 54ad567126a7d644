import * as z from 'zod';
import { argsSchema, OPS } from '../ops/registry.js';
import { IDENTIFIER, specFileSchema } from './spec.js';

/** Where the published schema can be fetched; also what `archcost/schema/spec.json` resolves to in a package. */
export const SPEC_SCHEMA_ID = 'https://unpkg.com/archcost/schema/spec.json';

/** A block or an op of the spec's `ops:` as a per-file schema lists it: its params (or args), and which must be given (null). */
export interface ItemSignature {
  kind: 'block' | 'op';
  name: string;
  description?: string;
  params: { name: string; required: boolean }[];
}

const expression = z.string().regex(/\$\{/);

/** What a block param can be given as: a number, a boolean, a list like [1, 7], or an expression; an op's arg may also be a string. */
const paramValue = z.union([z.number(), z.boolean(), expression, z.array(z.union([z.number(), expression]))]);
const argValue = z.union([paramValue, z.string()]);

const itemArgs = {
  name: z.union([z.string(), z.number()]).optional().describe('unique within its scope; default <op>_<n>'),
  from: z.union([z.string(), z.array(z.string())]).optional().describe('earlier tensor name(s); `input` = the scope input'),
  repeat: z.union([z.number().int().min(1), expression]).optional().describe('apply n times; binds i'),
  if: z.union([z.boolean(), z.number(), expression]).optional().describe('skip the item when false'),
};

/**
 * The JSON Schema of a spec file (draft-07, which yaml-language-server and most editors read),
 * generated from the zod schemas that validate specs. A layer item is a bare name, or a one-key map
 * whose key is a property of its own: each op name leads to that op's strict args (so an editor
 * offers `filters`, `kernel`, ... inside `conv:` and flags `kernal`), and any other key is a block
 * use (or a use of an op the spec defines). Given the spec's blocks and ops (`archcost schema SPEC`),
 * they are listed by name with their params instead, and an unknown key is an error.
 */
export function specJsonSchema(blocks?: ItemSignature[]): Record<string, unknown> {
  const opNames = OPS.flatMap((op) => [op.name, ...(op.aliases ?? [])]);
  const item: z.ZodType = z.lazy(() => z.union([mapItem, bareItem]));
  const branch = z.union([z.array(item), z.strictObject({ name: z.string(), layers: z.array(item) })]);
  const opEntries = OPS.flatMap((op) => {
    const args = argsSchema(op, 'raw').extend(itemArgs);
    const value = (op.merge ? args.extend({ branches: z.array(branch).optional() }) : args).nullable().optional().describe(op.summary);
    return [op.name, ...(op.aliases ?? [])].map((name) => [name, value] as const);
  });
  const sequence = z.strictObject({ layers: z.array(item), ...itemArgs }).optional().describe('its layers in order, as one named item');
  // The engine refuses a block named like an op, so the op's entry stays.
  const blockEntries = (blocks ?? []).filter((b) => !opNames.includes(b.name) && b.name !== 'sequence').map((b) => [b.name, blockUse(b)] as const);
  const named = z.strictObject(Object.fromEntries([...opEntries, ['sequence', sequence], ...blockEntries]));
  // Without the spec's blocks, any other key may be one of them: args are item args plus anything.
  const mapItem = (blocks ? named : named.catchall(z.looseObject(itemArgs).nullable().describe('a block use'))).meta({
    minProperties: 1,
    maxProperties: 1,
  });
  const bareNames = [...opNames, ...blockEntries.map(([name]) => name)];
  const bareItem = blocks
    ? z.enum(bareNames as [string, ...string[]]).describe('an op or block without args')
    : z.string().describe('an op or block without args').meta({ examples: bareNames });
  const builtinDefaults = z.strictObject(Object.fromEntries(OPS.map((op) => [op.name, argsSchema(op, 'raw').partial().optional()])));
  // The spec's own ops take defaults too: by name with their args when known, else any op name.
  const ownOps = (blocks ?? []).filter((b) => b.kind === 'op');
  const defaults = (
    blocks
      ? builtinDefaults.extend(Object.fromEntries(ownOps.map((op) => [op.name, z.strictObject(Object.fromEntries(op.params.map((p) => [p.name, argValue.optional()]))).optional()])))
      : builtinDefaults.catchall(z.record(z.string(), z.unknown()))
  ).describe('default args per op');
  const schema = z.toJSONSchema(specFileSchema(item, { defaults, reserved: opNames }), { target: 'draft-7', unrepresentable: 'any', io: 'input' });
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: blocks ? undefined : SPEC_SCHEMA_ID,
    title: 'archcost spec',
    description: 'An archcost architecture spec (see docs/spec-language.md)',
    ...rest,
  };
}

function blockUse(block: ItemSignature): z.ZodType {
  const value = block.kind === 'op' ? argValue : paramValue;
  const params = Object.fromEntries(block.params.map((p) => [p.name, p.required ? value : value.optional()]));
  const args = z.strictObject({ ...params, ...itemArgs });
  const given = block.params.some((p) => p.required) ? args : args.nullable();
  return given.optional().describe(block.description ?? `${block.kind} ${block.name}`);
}

/** The blocks and the `ops:` of a parsed spec, for its own schema; entries that are not well-formed are left out. */
export function itemSignatures(data: unknown): ItemSignature[] {
  const spec = data as { blocks?: unknown; ops?: unknown } | null;
  return [...signatures('block', spec?.blocks, 'params', 'description'), ...signatures('op', spec?.ops, 'args', 'summary')];
}

function signatures(kind: ItemSignature['kind'], section: unknown, paramsKey: string, describedBy: string): ItemSignature[] {
  if (typeof section !== 'object' || section === null) return [];
  return Object.entries(section).flatMap(([name, entry]): ItemSignature[] => {
    if (!IDENTIFIER.test(name) || typeof entry !== 'object' || entry === null) return [];
    const { [describedBy]: description, [paramsKey]: params } = entry as Record<string, unknown>;
    const declared = typeof params === 'object' && params !== null ? Object.entries(params) : [];
    return [
      {
        kind,
        name,
        description: typeof description === 'string' ? description : undefined,
        params: declared.filter(([p]) => IDENTIFIER.test(p)).map(([p, v]) => ({ name: p, required: v === null })),
      },
    ];
  });
}
