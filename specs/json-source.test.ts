import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { analyze, ArchcostError, parseSpecText } from '../src/index.js';
import fc from 'fast-check';
import { parsedShape, writtenEntries } from '../src/language/json-source.js';

/**
 * `.json` specs go through JSON.parse and find positions in the text only when asked. JSON is
 * YAML, so the YAML parser read the same text is the check: the same data, and every position
 * it gives for a path (a layer item, an arg, a path that runs off the document) is the same.
 */

const zoo = new URL('../examples/zoo/', import.meta.url);
const SPECS = readdirSync(zoo)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => [f, parse(readFileSync(new URL(f, zoo), 'utf8')) as Record<string, unknown>] as const);

/** Every key path in a value, and a few that leave it (a missing key, an index past the end). */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = [at, [...at, 'missing'], [...at, 999]];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return here;
}

describe('JSON specs: positions as the YAML parser gives them', () => {
  // Pretty for every zoo spec; compact, and tabs after a byte-order mark, for a few.
  test.each(SPECS)('%s', (name, spec) => {
    const others = ['resnet50.yaml', 'inception_v3.yaml', 'swin_t.yaml'].includes(name) ? [JSON.stringify(spec), `\uFEFF${JSON.stringify(spec, null, '\t')}\n`] : [];
    for (const text of [JSON.stringify(spec, null, 2), ...others]) {
      const fast = parseSpecText(text, 'spec.json');
      const yaml = parseSpecText(text, 'spec.yaml');
      expect(fast.data).toEqual(yaml.data);
      for (const path of paths(spec)) expect([path, fast.locate(path)]).toEqual([path, yaml.locate(path)]);
    }
  });

  test('keys with escapes and strings with brackets, quotes and colons', () => {
    const text = '{"input": [8], "description": "a: [b] {c} \\"d\\" e\\\\", "vars": {"w\\u0069dth": 4},\n "layers": [ {"dense": {"units": "${width}"}} , "relu" ]}';
    const fast = parseSpecText(text, 'odd.json');
    const yaml = parseSpecText(text, 'odd.yaml');
    expect(fast.data).toEqual(yaml.data);
    for (const path of paths(yaml.data)) expect([path, fast.locate(path)]).toEqual([path, yaml.locate(path)]);
    // The key `"dense"` of the first item: line 2, after ` "layers": [ {`.
    expect(analyze(text, { file: 'odd.json' }).layers[0].location).toEqual({ line: 2, column: 15 });
  });

  test('a repeated key is refused with its position, as from YAML', () => {
    const text = '{"input": [8],\n "layers": ["relu"],\n "layers": ["relu"]}';
    expect(() => parseSpecText(text, 'twice.json')).toThrow(ArchcostError);
    try {
      parseSpecText(text, 'twice.json');
    } catch (e) {
      expect((e as ArchcostError).diagnostics[0]).toMatchObject({ line: 3, column: 2 });
      expect((e as ArchcostError).diagnostics[0].message).toMatch(/unique/);
    }
  });

  test('very deep nesting gets the nested-too-deeply message, not a crash', () => {
    const depth = 20_000;
    const text = `{"input": [8], "layers": ["relu"], "vars": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(() => parseSpecText(text, 'deep.json')).toThrow(/nested too deeply/);
  });

  test('an item far down a long list keeps its line', () => {
    const items = Array.from({ length: 4_000 }, (_, i) => (i % 2 ? 'relu' : { dense: { units: 8 } }));
    const text = JSON.stringify({ input: [8], layers: items }, null, 1);
    const report = analyze(text, { file: 'long.json' });
    // Lines 1-5: '{', input's three, '"layers": ['; then each dense item takes 5 lines and each relu 1,
    // so item 3998 (the 1999th pair) opens on line 6 + 1999 * 6 and its key "dense" is on the next.
    expect(report.layers[3_998].location).toEqual({ line: 6 + 1_999 * 6 + 1, column: 4 });
  });
});

describe('counting what JSON text holds, to find a repeated key', () => {
  /** By hand: every `:` outside a string, a string ending at the first quote no backslash escapes. */
  function colonsOutsideStrings(text: string): number {
    let count = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      if (inString && text[i] === '\\') i++;
      else if (text[i] === '"') inString = !inString;
      else if (!inString && text[i] === ':') count++;
    }
    return count;
  }
  const tricky = fc.constantFrom('"', '\\', ':', '\\"', '\\\\', '"a:b"', '{"k": 1}', ' ', '[', '}');

  test('entries written: the colons outside strings, for any JSON and any text', () => {
    fc.assert(fc.property(fc.json(), (text) => expect(writtenEntries(text)).toBe(colonsOutsideStrings(text))), { numRuns: 500 });
    fc.assert(fc.property(fc.array(tricky, { maxLength: 16 }), (parts) => expect(writtenEntries(parts.join(''))).toBe(colonsOutsideStrings(parts.join('')))), { numRuns: 1000 });
  });

  test('whether a number read lies past 2^53, where a literal may have lost digits', () => {
    const past = (text: string) => parsedShape(JSON.parse(text)).pastSafe;
    // 2^53 - 1 is the last integer every nearby literal reads exactly; 2^53 itself may be 2^53 + 1 rounded.
    expect([past('[9007199254740991, -9007199254740991, 0.5, "9007199254740993"]'), past('{"a": [[9007199254740992]]}')]).toEqual([false, true]);
    expect([past('{"a": {"b": -9007199254740993}}'), past('[1e300]'), past('[1e-300, 123456789012345678e-10]')]).toEqual([true, true, false]);
  });

  test('keys and depth of a parsed value: a repeated key leaves one entry fewer than the text has', () => {
    expect(parsedShape(JSON.parse('{"a": {"b": [1, {"c": 2, "d": []}]}, "e": "f:g"}'))).toEqual({ entries: 5, depth: 5, pastSafe: false });
    const repeated = '{"a": 1, "b": {"a": 2, "a": 3}}';
    expect(writtenEntries(repeated)).toBe(4);
    expect(parsedShape(JSON.parse(repeated)).entries).toBe(3);
    expect([parsedShape(7), parsedShape(2 ** 60)]).toEqual([{ entries: 0, depth: 0, pastSafe: false }, { entries: 0, depth: 0, pastSafe: true }]);
  });
});
