import { describe, expect, test } from '@jest/globals';
import { analyze, ArchcostError, type AnalyzeOptions, type Diagnostic } from '../src/index.js';
import { jsonSyntaxError } from '../src/language/json-syntax.js';
import { aliasBomb, BAD_SPECS } from './bad-specs.js';

/** The diagnostics a spec is rejected with; fails the test when it is accepted or crashes otherwise. */
function rejection(spec: string | object, options: AnalyzeOptions): Diagnostic[] {
  try {
    analyze(spec, options);
  } catch (e) {
    if (e instanceof ArchcostError) return e.diagnostics;
    throw e;
  }
  throw new Error('the spec was accepted');
}

describe('bad input is rejected with a located, explained diagnostic', () => {
  test.each(BAD_SPECS)('$name', (bad) => {
    const [first] = rejection(bad.text, { file: bad.file, vars: bad.set });
    const { file, line, column, layer } = first;
    expect({ file, line, column, layer }).toEqual({ file: bad.file, line: bad.line, column: bad.column, layer: bad.layer });
    for (const part of bad.message) expect(first.message).toContain(part);
  });
});

describe('schema errors', () => {
  test('an unknown key is reported before the missing key it misspells', () => {
    const diagnostics = rejection('input: [28, 28, 3]\nlayer: [relu]\n', { file: 'typo.yaml' });
    expect(diagnostics.map((d) => [d.line, d.message.split(':')[0]])).toEqual([
      [2, 'at the top level'],
      [1, 'layers'],
    ]);
  });

  test('a nested unknown key suggests from that map', () => {
    const [d] = rejection('input: {shape: [8, 3], nme: x}\nlayers: [relu]\n', { file: 'n.yaml' });
    expect(d).toMatchObject({ line: 1, column: 24 });
    expect(d.message).toBe("input: unknown key 'nme' (did you mean 'name'?); expected shape, name");
  });

  test('a value out of a list of choices', () => {
    const [d] = rejection('input: [8, 3]\ndtype: float8\nlayers: [relu]\n', { file: 'd.yaml' });
    expect(d).toMatchObject({ line: 2, column: 1 });
    expect(d.message).toBe("dtype: expected one of float32, float16, bfloat16, int8, float64, got 'float8' (did you mean 'float32'?)");
  });

  test('a binary file is named briefly, control characters escaped', () => {
    const binary = '\u007fELF\u0002\u0001\u0001' + '\u0000'.repeat(5000);
    const [d] = rejection(binary, { file: 'a.out' });
    expect(d.message).toMatch(/^the spec is a single value, '\\u007fELF\\u0002\\u0001/);
    expect(d.message).toContain('…');
    expect(d.message.length).toBeLessThan(400);
  });

  test('NaN and infinity are named as such, not as null', () => {
    const [d] = rejection('input: [8, 3]\nlayers:\n  - dense: {units: .inf}\n', { file: 'inf.yaml' });
    expect(d.message).toContain('got Infinity');
  });
});

describe('JSON files are strict JSON', () => {
  test('comments are refused with their position', () => {
    const [d] = rejection('{\n  // the seed\n  "input": [8, 3], "layers": ["relu"]\n}\n', { file: 'c.json' });
    expect(d).toMatchObject({ line: 2, column: 3 });
    expect(d.message).toBe('invalid JSON: expected a property name in double quotes, found a comment (JSON has no comments)');
  });

  test('a bare word is refused', () => {
    const [d] = rejection('{"input": [8, 3], "layers": [relu]}', { file: 'w.json' });
    expect(d).toMatchObject({ line: 1, column: 30 });
    expect(d.message).toContain("'relu' is not a JSON value");
  });

  test('a missing comma is refused', () => {
    const [d] = rejection('{"input": [8, 3]\n "layers": ["relu"]}', { file: 'm.json' });
    expect(d).toMatchObject({ line: 2, column: 2 });
    expect(d.message).toBe("invalid JSON: expected ',' or '}', found '\"'");
  });

  test('the same text is fine as YAML, which allows trailing commas', () => {
    expect(analyze('{"input": [8, 3], "layers": ["relu", ]}', { file: 'ok.yaml' }).layers).toHaveLength(1);
  });

  test('the position finder agrees with JSON.parse on every one-character edit of a spec', () => {
    const valid = '{"name": "a\\"b\\u00e9", "input": [28, 28, -3.5e2], "vars": {"w": true, "x": null, "y": false}, "layers": ["relu", {}]}';
    const parses = (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    const edits: string[] = [];
    for (let k = 0; k <= valid.length; k++) {
      edits.push(valid.slice(0, k) + valid.slice(k + 1)); // delete one character
      for (const ch of [',', '"', '}', ']', '0', 'x', ' ', "'", '/']) edits.push(valid.slice(0, k) + ch + valid.slice(k)); // insert one
    }
    const disagreements = edits.filter((text) => parses(text) !== (jsonSyntaxError(text) === undefined));
    expect(disagreements).toEqual([]);
  });

  test('valid JSON with escapes, tabs and a byte-order mark is accepted', () => {
    const text = '\uFEFF{\n\t"name": "caf\\u00e9 \\/ net",\n\t"input": [8, 3],\n\t"layers": ["relu"]\n}\n';
    expect(analyze(text, { file: 'ok.json' }).model.name).toBe('café / net');
  });
});

describe('resource limits', () => {
  test('a billion-laughs alias bomb is refused quickly', () => {
    const start = performance.now();
    const [d] = rejection(aliasBomb(), { file: 'laughs.yaml' });
    const ms = performance.now() - start;
    expect(d.message).toContain('too many YAML aliases');
    // Expanded, it would be 10^10 strings; refusing takes milliseconds (measured about 5 ms).
    expect(ms).toBeLessThan(1000);
  });

  test('a deeply nested document is an error, not a stack overflow', () => {
    const deep = `input: [8, 3]\nlayers: [relu]\nname: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    for (const file of ['deep.yaml', 'deep.json']) {
      const text = file.endsWith('.json') ? `{"input": [8, 3], "layers": ["relu"], "name": ${'['.repeat(5000)}${']'.repeat(5000)}}` : deep;
      const [d] = rejection(text, { file });
      expect(d.message).toMatch(/nested too deeply/);
      expect(d.line).toBeGreaterThanOrEqual(1);
    }
  });

  test('an expression nested 5,000 deep is a spec error (exit 2), not a stack overflow', async () => {
    const spec = (expr: string) => `input: [32, 32, 3]\nlayers:\n  - conv: {filters: "\${${expr}}", kernel: 1}\n`;
    for (const expr of ['('.repeat(5000) + '8' + ')'.repeat(5000), '-'.repeat(5000) + '8', 'not '.repeat(5000) + 'True', Array(5000).fill('1').join(' + ')]) {
      const [d] = rejection(spec(expr), { file: 'deep.yaml' });
      expect(d.message).toMatch(/the expression is nested too deeply at column \d+ \(more than 200 levels\)/);
      // quoted by its start, not all 10,000 characters
      expect(d.message.length).toBeLessThan(300);
    }
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const file = `${mkdtempSync('/tmp/archcost-')}/deep.yaml`;
    writeFileSync(file, spec('('.repeat(5000) + '8' + ')'.repeat(5000)));
    const { cli } = await import('./cli.js');
    const result = await cli('analyze', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nested too deeply');
    expect(result.stderr).not.toContain('internal error');
  });

  test('blocks that double at every level stop at the layer limit', () => {
    // b1 has 2 layers, b_k uses b_(k-1) twice: b20 would be 2^20 = 1,048,576 layers.
    const blocks = ['  b1: {layers: [relu, relu]}'];
    for (let k = 2; k <= 20; k++) blocks.push(`  b${k}: {layers: [b${k - 1}, b${k - 1}]}`);
    const text = `input: [4]\nblocks:\n${blocks.join('\n')}\nlayers: [b20]\n`;
    const [d] = rejection(text, { file: 'double.yaml' });
    expect(d.message).toContain('more than 100,000 layers');
    expect(d.layer).toMatch(/^b20_1\.b19_\d\./);
  });
});

describe('no prototype pollution', () => {
  const polluted = () => (({}) as Record<string, unknown>).polluted;

  test.each([
    ['top level', 'input: [8, 3]\n__proto__: {polluted: yes}\nlayers: [relu]\n'],
    ['vars', 'input: [8, 3]\nvars: {__proto__: {polluted: 1}}\nlayers: [relu]\n'],
    ['defaults', 'input: [8, 3]\ndefaults: {__proto__: {polluted: 1}}\nlayers: [relu]\n'],
    ['blocks', 'input: [8, 3]\nblocks: {constructor: {layers: [relu]}}\nlayers: [relu]\n'],
    ['block params', 'input: [8, 3]\nblocks: {b: {params: {__proto__: 1}, layers: [relu]}}\nlayers: [b]\n'],
    ['layer args', 'input: [8, 3]\nlayers:\n  - relu: {constructor: {prototype: {polluted: 1}}}\n'],
    ['branches', 'input: [8, 3]\nlayers:\n  - add: {branches: [[], [{relu: {__proto__: {polluted: 1}}}]]}\n'],
  ])('a __proto__/constructor key in %s is refused', (_, text) => {
    const [d] = rejection(text, { file: 'p.yaml' });
    expect(d.message).toMatch(/the key '(__proto__|constructor)' is not allowed/);
    expect(d.line).toBeGreaterThan(1);
    expect(polluted()).toBeUndefined();
  });

  test('an object spec with an own __proto__ key (as JSON.parse makes) is refused', () => {
    const spec = JSON.parse('{"input": [8, 3], "layers": ["relu"], "__proto__": {"polluted": true}}');
    const [d] = rejection(spec, {});
    expect(d.message).toContain("the key '__proto__' is not allowed");
    expect(polluted()).toBeUndefined();
  });

  test('names that live on Object.prototype are not ops, tensors or expression names', () => {
    const at = (item: string) => rejection(`input: [8, 3]\nlayers:\n  - ${item}\n`, { file: 'p.yaml' })[0].message;
    expect(at('toString')).toContain("unknown op or block 'toString'");
    expect(at('relu: {from: constructor}')).toContain("no earlier layer or input is named 'constructor'");
    expect(at('dense: {units: "${toString}"}')).toContain("unknown name 'toString'");
    expect(at('dense: {units: "${constructor}"}')).toContain("'constructor'");
    expect(polluted()).toBeUndefined();
  });
});
