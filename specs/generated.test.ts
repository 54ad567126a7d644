import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { analyze, describeOps, specJsonSchema } from '../src/index.js';
import { opsReference } from '../src/report/ops-reference.js';
import { readmeWithExample } from '../src/report/readme-example.js';

const root = new URL('..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function specFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) return specFiles(path);
    return /\.(ya?ml|json)$/.test(entry) ? [path] : [];
  });
}

describe('generated files are up to date (run `npm run generate`)', () => {
  test('schema/spec.schema.json', () => {
    expect(JSON.parse(read('schema/spec.schema.json'))).toEqual(specJsonSchema());
  });

  test('docs/ops.md', () => {
    expect(read('docs/ops.md')).toBe(opsReference(describeOps()));
  });

  test('README.md example output', () => {
    const readme = read('README.md');
    expect(readmeWithExample(readme, read)).toBe(readme);
  });
});

describe('the JSON Schema validates specs the way the engine does', () => {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(specJsonSchema());
  const examples = specFiles('examples');

  test('there are examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  test.each(examples)('%s validates against the schema and analyzes', (file) => {
    const text = read(file);
    const ok = validate(parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(analyze(text, { file }).layers.length).toBeGreaterThan(0);
  });

  test('a misspelt arg and a wrong type are rejected by the schema too', () => {
    const bad = (layers: unknown[]) => validate({ input: [8, 8, 3], layers });
    expect(bad([{ conv: { filter: 8, kernel: 3 } }])).toBe(false);
    expect(bad([{ conv: { filters: 'eight', kernel: 3 } }])).toBe(false);
    expect(bad([{ conv: { filters: '${w}', kernel: 3 } }])).toBe(true);
    expect(bad([{ mystery_block: { width: 3 } }])).toBe(true); // a block use: known only to the spec
  });
});
