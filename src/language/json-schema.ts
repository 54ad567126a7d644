import { z } from 'zod';
import { argsSchema, OPS } from '../ops/registry.js';
import { specFileSchema } from './spec.js';

const expression = z.string().regex(/\$\{/);

/**
 * The JSON Schema of a spec file, generated from the same zod schemas that validate specs: each op's
 * args (allowing `${...}` expressions), the item args every item takes, and block uses.
 */
export function specJsonSchema(): Record<string, unknown> {
  const names = OPS.flatMap((op) => [op.name, ...(op.aliases ?? [])]);
  const item: z.ZodType = z.lazy(() => z.union([z.string(), ...opItems, blockUse]));
  const itemArgs = {
    name: z.union([z.string(), z.number()]).optional().describe('unique within its scope; default <op>_<n>'),
    from: z.union([z.string(), z.array(z.string())]).optional().describe('earlier tensor name(s); `input` = the scope input'),
    repeat: z.union([z.number().int().min(1), expression]).optional().describe('apply n times; binds i'),
    if: z.union([z.boolean(), z.number(), expression]).optional().describe('skip the item when false'),
  };
  const branch = z.union([z.array(item), z.strictObject({ name: z.string(), layers: z.array(item) })]);
  const opItems: z.ZodType[] = OPS.flatMap((op) => {
    const args = argsSchema(op, 'raw').extend(itemArgs);
    const withBranches = op.merge ? args.extend({ branches: z.array(branch).optional() }) : args;
    return [op.name, ...(op.aliases ?? [])].map((name) =>
      z.strictObject({ [name]: withBranches.nullable() }).describe(op.summary),
    );
  });
  const sequence = z.strictObject({ sequence: z.strictObject({ layers: z.array(item), ...itemArgs }) });
  // A block use: any one-key map whose key is not an op name (so op typos are still caught).
  const notAnOp = new RegExp(`^(?!(${[...names, 'sequence'].join('|')})$)`);
  const blockUse = z.record(z.string().regex(notAnOp), z.record(z.string(), z.unknown()).nullable());
  opItems.push(sequence);
  const schema = z.toJSONSchema(specFileSchema(item), { unrepresentable: 'any', io: 'input' });
  return { ...schema, title: 'archcost spec', description: 'An archcost architecture spec (see docs/spec-language.md)' };
}
