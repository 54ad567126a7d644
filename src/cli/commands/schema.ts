import { itemSignatures, specJsonSchema } from '../../language/json-schema.js';
import { ArchcostError, didYouMean } from '../../core/errors.js';
import { parseSpecText } from '../../language/source.js';
import { OUTPUT_KINDS, outputJsonSchema, type OutputKind } from '../../report/schemas.js';
import { readSpec } from '../io.js';
import { writeOutput } from '../output.js';

export const SCHEMA_KINDS = ['spec', ...OUTPUT_KINDS] as const;

/**
 * `archcost schema [spec|analyze|...|SPEC]`: a kind, or a spec file whose own schema lists its blocks
 * by name (an editor then completes their params and flags an unknown key). The kind is positional
 * because `--output` means "write to this file" in every command (atomically); `schema --output
 * analyze`, as an early draft of this command read, is refused rather than silently writing a file named analyze.
 */
export async function runSchema(what: string, flags: { output?: string }): Promise<number> {
  if (flags.output !== undefined && (SCHEMA_KINDS as readonly string[]).includes(flags.output)) {
    throw new ArchcostError({
      message: `--output names the file to write; for the schema of ${flags.output} use \`archcost schema ${flags.output}\` (add --output FILE to save it)`,
    });
  }
  if (!(SCHEMA_KINDS as readonly string[]).includes(what) && /^[a-z]+$/.test(what)) {
    throw new ArchcostError({
      message: `schema ${what}: not a kind${didYouMean(what, SCHEMA_KINDS)}; expected ${SCHEMA_KINDS.join(', ')}, or a spec file (model.yaml) for its own schema`,
    });
  }
  const schema = (OUTPUT_KINDS as readonly string[]).includes(what)
    ? outputJsonSchema(what as OutputKind)
    : specJsonSchema(what === 'spec' ? undefined : itemSignatures(parseSpecText(await readSpec(what), what).data));
  await writeOutput(JSON.stringify(schema, null, 2) + '\n', flags.output);
  return 0;
}
