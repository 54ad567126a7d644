import { specJsonSchema } from '../../language/json-schema.js';
import { ArchcostError } from '../../core/errors.js';
import { OUTPUT_KINDS, outputJsonSchema, type OutputKind } from '../../report/schemas.js';
import { writeOutput } from '../output.js';

export const SCHEMA_KINDS = ['spec', ...OUTPUT_KINDS] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

/**
 * `archcost schema [spec|analyze|compare|diff|check|bottleneck|explain|sweep]`. The kind is positional because `--output`
 * means "write to this file" in every command (atomically); `schema --output analyze`, as an
 * early draft of this command read, is refused rather than silently writing a file named analyze.
 */
export async function runSchema(kind: SchemaKind, flags: { output?: string }): Promise<number> {
  if (flags.output !== undefined && (SCHEMA_KINDS as readonly string[]).includes(flags.output)) {
    throw new ArchcostError({
      message: `--output names the file to write; for the schema of ${flags.output} use \`archcost schema ${flags.output}\` (add --output FILE to save it)`,
    });
  }
  const schema = kind === 'spec' ? specJsonSchema() : outputJsonSchema(kind as OutputKind);
  await writeOutput(JSON.stringify(schema, null, 2) + '\n', flags.output);
  return 0;
}
