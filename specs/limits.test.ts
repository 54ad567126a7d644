import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpecText } from '../src/index.js';
import { listItems, MAX_LIST_ITEMS } from '../src/language/limits.js';
import { cli } from './cli.js';

/** Oversized input is refused before it is parsed: by file size, then by an estimate of its list items. */

const dir = mkdtempSync(join(tmpdir(), 'archcost-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('list items, counted without parsing', () => {
  test.each([
    ['block entries, nested on one line', 'layers:\n  - relu\n  - - conv\n    - relu\n', 4],
    ['flow lists: one per comma and the first; empty lists none', 'a: [1, [2, 3], {b: [4]}, []]\n', 7],
    ['commas in maps, strings and comments are not items', 'a: {b: 1, c: 2}\nd: "x, [y, z]"\ne: \'p, q\'\n# - a comment, [1, 2]\n', 0],
    ['an escaped quote does not end a string', 'a: ["x\\", y", 2]\n', 2],
    ['JSON', '{"input": [32, 32, 3], "layers": ["relu", {"dense": {"units": 4}}]}', 5],
    // The unclosed `[` opens a list whose first entry looks like `layers:`: an estimate, 1 over.
    ['a bracket in a plain scalar hides no block entry after it', 'name: net[\nlayers:\n  - relu\n  - relu\n', 3],
  ])('%s', (_, text, items) => {
    expect(listItems(text)).toBe(items);
  });

  test('a spec written out at the layer limit stays far below the item limit', () => {
    // 100,000 layers as an exporter writes them: each item a map of args, kernels as lists.
    const item = '  - conv: {filters: 64, kernel: [3, 3], stride: [1, 1], padding: [1, 1], bias: false}\n';
    const text = `input: [32, 32, 64]\nlayers:\n${item.repeat(100_000)}`;
    expect(listItems(text)).toBe(3 + 100_000 * 7);
    expect(listItems(text)).toBeLessThan(MAX_LIST_ITEMS);
  });
});

describe('refusals', () => {
  test('1.4 million items: refused by the estimate, with the archcost way to write it', () => {
    const text = `input: [64]\nlayers:\n${'  - relu\n'.repeat(1_400_000)}`;
    expect(() => parseSpecText(text, 'huge.yaml')).toThrow(/more than 1,000,000 list items.*repeat/);
  });

  test('a file past 64 MiB is refused before it is read (exit 2)', async () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, 'input: [64]\nlayers: [relu]\n');
    truncateSync(file, 100 * 2 ** 20); // sparse: 100 MiB that take no disk
    const run = await cli('analyze', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${file}: the spec is larger than 64 MiB, the most archcost reads\n`);
  });
});
