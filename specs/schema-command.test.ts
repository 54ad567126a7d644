import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'archcost-schema-'));
const spec = join(dir, 'model.yaml');
writeFileSync(spec, 'blocks:\n  unit:\n    params: {width: null, stride: 1}\n    layers: [relu]\ninput: [8, 8, 3]\nlayers: [unit]\n');

describe('archcost schema', () => {
  test('with no argument: the published spec schema, draft-07 with its $id', async () => {
    const r = await cli('schema');
    const schema = JSON.parse(r.stdout);
    expect([r.code, schema.$schema, schema.$id]).toEqual([0, 'http://json-schema.org/draft-07/schema#', 'https://unpkg.com/archcost/schema/spec.json']);
  });

  test('of a spec file: its blocks are listed by name, with their params', async () => {
    const r = await cli('schema', spec);
    expect(r.code).toBe(0);
    const item = JSON.parse(r.stdout).definitions.__schema0.anyOf[0];
    expect(item.additionalProperties).toBe(false);
    // width has no default, so `- unit` alone (null args) is not offered either.
    expect(Object.keys(item.properties.unit.properties)).toEqual(['width', 'stride', 'name', 'from', 'repeat', 'if']);
    expect(item.properties.unit.required).toEqual(['width']);
  });

  test('a misspelt kind is told apart from a file', async () => {
    const r = await cli('schema', 'analyz');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("schema analyz: not a kind (did you mean 'analyze'?)");
  });

  test('a missing spec file is a usage error', async () => {
    const r = await cli('schema', join(dir, 'none.yaml'));
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('cannot read the spec: no such file')]);
  });
});
