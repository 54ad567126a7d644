import { describe, expect, test } from '@jest/globals';
import { TextDocument } from 'vscode-languageserver-textdocument';
import yamlLanguageServer from 'yaml-language-server';
import { parseSpecText, specJsonSchema } from '../src/index.js';
import { itemSignatures } from '../src/language/json-schema.js';

/**
 * What an editor does with the schema, checked with yaml-language-server itself (the YAML
 * extension of VS Code and other editors): completion inside an op and the errors it underlines.
 */
const SCHEMAS: Record<string, object> = {};
const service = yamlLanguageServer.getLanguageService({
  schemaRequestService: async (uri) => JSON.stringify(SCHEMAS[uri]),
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
});
service.configure({ validate: true, completion: true, hover: true });

let documents = 0;
/** A spec as an editor holds it, its schema named by the modeline; `|` marks the cursor. */
function open(text: string, schema: object) {
  const uri = `file:///schemas/${++documents}.json`;
  SCHEMAS[uri] = schema;
  const full = `# yaml-language-server: $schema=${uri}\n${text}`;
  // The service caches a document by uri and version, so each one gets its own name.
  const doc = TextDocument.create(`file:///specs/${documents}.yaml`, 'yaml', 1, full.replace('|', ''));
  return { doc, cursor: doc.positionAt(full.indexOf('|')) };
}

async function completions(text: string, schema: object = specJsonSchema()): Promise<string[]> {
  const { doc, cursor } = open(text, schema);
  return (await service.doComplete(doc, cursor, false)).items.map((i) => i.label);
}

async function problems(text: string, schema: object = specJsonSchema()): Promise<string[]> {
  const { doc } = open(text, schema);
  return (await service.doValidation(doc, false)).map((d) => d.message);
}

const SPEC = 'input: [32, 32, 3]\nlayers:\n';

describe('the spec schema in yaml-language-server', () => {
  test('inside an op, its args are offered', async () => {
    const offered = await completions(`${SPEC}  - conv:\n      |\n`);
    expect(offered).toEqual(expect.arrayContaining(['filters', 'kernel', 'stride', 'padding', 'groups', 'bias', 'repeat', 'if']));
    expect(offered).not.toContain('units');
  });

  test('after the args already written, the rest', async () => {
    const offered = await completions(`${SPEC}  - dense:\n      units: 10\n      |\n`);
    expect(offered).toContain('bias');
    expect(offered).not.toContain('units');
  });

  test('a layer item offers the op names', async () => {
    expect(await completions(`${SPEC}  - |\n`)).toEqual(expect.arrayContaining(['conv', 'dense', 'batchnorm', 'sequence']));
  });

  test('a misspelt arg is underlined, not taken for a block use', async () => {
    expect(await problems(`${SPEC}  - conv: {kernal: 3}\n`)).toEqual(
      expect.arrayContaining(['Missing property "filters".', 'Property kernal is not allowed.']),
    );
  });

  test('a valid spec has no problems; a block use is accepted', async () => {
    expect(await problems(`${SPEC}  - conv: {filters: 8, kernel: 3, padding: same}\n  - relu\n  - my_block: {width: 4}\n`)).toEqual([]);
  });

  test("with a spec's own schema, its blocks and their params are offered and a typo is an error", async () => {
    const text = `blocks:\n  unit:\n    params: {width: null, stride: 1}\n    layers: [relu]\n${SPEC}`;
    const schema = specJsonSchema(itemSignatures(parseSpecText(text).data));
    expect(await completions(`${text}  - |\n`, schema)).toEqual(expect.arrayContaining(['unit', 'conv']));
    expect(await completions(`${text}  - unit:\n      |\n`, schema)).toEqual(expect.arrayContaining(['width', 'stride', 'repeat']));
    expect(await problems(`${text}  - unt: {width: 4}\n`, schema)).toContain('Property unt is not allowed.');
    expect(await problems(`${text}  - unit: {width: 4}\n`, schema)).toEqual([]);
  });
});
