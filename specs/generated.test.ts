import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { analyze, describeOps, parseSpecText, specJsonSchema } from '../src/index.js';
import { itemSignatures } from '../src/language/json-schema.js';
import { opsReference } from '../src/report/ops-reference.js';
import { readmeWithExample } from '../src/report/docs/readme-example.js';

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
  test('schema/spec.json', () => {
    expect(JSON.parse(read('schema/spec.json'))).toEqual(specJsonSchema());
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
  const validate = new Ajv({ strict: false, allErrors: true }).compile(specJsonSchema());
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
    expect(bad([{ conv: { kernal: 3 } }])).toBe(false);
    expect(bad([{ mystery_block: { width: 3 } }])).toBe(true); // a block use: known only to the spec
    expect(bad([{ mystery_block: { repeat: 'twice' } }])).toBe(false); // but its item args are checked
    expect(bad([{ conv: { filters: 8, kernel: 3 }, relu: null }])).toBe(false); // one op per item
  });

  test('defaults are checked per op, and no block may take an op name', () => {
    const spec = (extra: object) => validate({ input: [8, 8, 3], layers: ['relu'], ...extra });
    expect(spec({ defaults: { conv: { padding: 'same', bias: false } } })).toBe(true);
    expect(spec({ defaults: { conv: { paddin: 'same' } } })).toBe(false);
    expect(spec({ blocks: { conv: { layers: ['relu'] } } })).toBe(false);
    expect(spec({ blocks: { unit: { layers: ['relu'] } } })).toBe(true);
  });
});

describe('a spec\'s own schema (archcost schema SPEC) lists its blocks', () => {
  const text = read('examples/zoo/resnet50.yaml');
  const blocks = itemSignatures(parseSpecText(text).data);
  const validate = new Ajv({ strict: false, allErrors: true }).compile(specJsonSchema(blocks));

  test('the blocks and their params, required where the default is null', () => {
    expect(blocks.map((b) => b.name)).toEqual(['bottleneck']);
    expect(blocks[0].params.map((p) => [p.name, p.required])).toEqual([['planes', true], ['stride', false], ['width', false], ['out', false], ['project', false]]);
  });

  test('the spec itself validates', () => {
    expect(validate(parse(text))).toBe(true);
  });

  test("the ops a spec defines are listed with their args too, and take defaults", () => {
    const own = read('examples/user-op-gated-linear.yaml');
    const check = new Ajv({ strict: false, allErrors: true }).compile(specJsonSchema(itemSignatures(parseSpecText(own).data)));
    const spec = parse(own);
    expect(itemSignatures(spec).map((i) => [i.kind, i.name, i.params])).toEqual([['op', 'gated_linear', [{ name: 'units', required: true }, { name: 'bias', required: false }]]]);
    expect(check(spec)).toBe(true);
    expect(check({ ...spec, defaults: { gated_linear: { bias: false } } })).toBe(true);
    expect(check({ ...spec, layers: [{ gated_linear: { unit: 256 } }] })).toBe(false);
  });

  test('an unknown key, a misspelt param or a missing required one is an error', () => {
    const bad = (layers: unknown[]) => validate({ ...parse(text), layers });
    expect(bad([{ bottleneck: { planes: 64, stride: 2 } }])).toBe(true);
    expect(bad([{ bottlenek: { planes: 64 } }])).toBe(false);
    expect(bad([{ bottleneck: { planes: 64, strid: 2 } }])).toBe(false);
    expect(bad([{ bottleneck: { stride: 2 } }])).toBe(false);
  });
});
