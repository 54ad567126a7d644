import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { UNCHECKED } from '../src/core/quick-check.js';
import { toJson } from '../src/report/json.js';
import { parseExactJson } from '../src/report/read-report.js';
import { WORDED } from '../src/language/schema-errors.js';
import { LIST_CHECKS, readingSchemas, zodReadingSchemas } from '../src/report/schemas.js';
import { run } from './helpers.js';

/**
 * A saved report's long lists (layers, memoryTimeline, scopes) are read entry by entry without zod
 * (report/schemas.ts, LIST_CHECKS). Each check must never take what zod refuses, must give back
 * the values zod gives (counts as bigints, every other field kept; an entry's keys stay in the order
 * they came, where zod puts its schema's first: only diff reads a report, and no output of it shows
 * a baseline entry's keys), and must take every entry a report archcost writes: otherwise a large
 * baseline would go through zod after all.
 */

type Data = Record<string, unknown>;
const LISTS = ['layers', 'memoryTimeline', 'scopes'] as const;

// Reports with every kind of layer field: convolutions, a KV cache, experts, training, a parallel split.
const REPORTS: Data[] = [
  ['examples/zoo/resnet18.yaml', {}],
  ['examples/llm/mixtral-8x7b-v0.1.yaml', { phase: 'decode', context: 4096 }],
  ['examples/llm/gpt2.yaml', { training: { optimizer: 'adamw' } }],
  ['examples/llm/llama-2-7b.yaml', { parallel: { dataParallel: 1, zero: 0, tensorParallel: 2, pipelineParallel: 2 } }],
  ['examples/unet.yaml', {}],
].map(([file, options]) => parseExactJson(toJson(run(readFileSync(file as string, 'utf8'), options as object)), 'r.json') as Data);

/** Both readings: the same answer, the same values, the same first complaint. zod reads a copy made first: the quick checks work in place. */
function expectAsZod(data: unknown): void {
  const untouched = structuredClone(data);
  const quick = readingSchemas().report.safeParse(data, WORDED);
  const zod = zodReadingSchemas().report.safeParse(untouched, WORDED);
  expect(quick.success).toBe(zod.success);
  if (zod.success) {
    expect(quick.data).toStrictEqual(zod.data);
  } else {
    const first = (issues: readonly { path: PropertyKey[]; message: string }[]) => ({ path: issues[0].path, message: issues[0].message });
    expect(first(quick.error!.issues)).toEqual(first(zod.error.issues));
  }
}

const EDGE: unknown[] = [
  undefined, null, 0, -1, 1, 1.5, 2 ** 53, -(2 ** 53), 9007199254740993n, -1n, 0n, Infinity, NaN, true, '', 'x',
  [], [0], [1], [32, 32, 64], ['a'], [1.5], { line: 1, column: 2 }, { line: 0, column: 2 }, { line: 1 }, { line: 1, column: 1, extra: 'x' }, {},
];
const FIELDS = ['name', 'op', 'inputs', 'outputShape', 'params', 'buffers', 'macs', 'flops', 'activationBytes', 'activeParams', 'kvCacheBytes', 'workspaceBytes', 'location', 'layer', 'liveBytes', 'kind', 'repeat', 'extra', '__proto__'];

describe('the quick checks of a saved report\'s long lists, against zod', () => {
  test('take every entry of the reports archcost writes, as zod reads them', () => {
    for (const data of REPORTS) {
      for (const list of LISTS) {
        expect((data[list] as unknown[]).length).toBeGreaterThan(0);
        for (const entry of data[list] as unknown[]) expect(LIST_CHECKS[list](entry)).not.toBe(UNCHECKED);
      }
      expectAsZod(data);
    }
  });

  test('an entry with one field replaced, removed or added', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REPORTS),
        fc.constantFrom(...LISTS),
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.constantFrom(...EDGE),
        fc.boolean(),
        (data, list, at, field, value, remove) => {
          // A few entries of each list, around the changed one: zod reads the whole report twice a case.
          const few = Object.fromEntries(LISTS.map((l) => [l, (data[l] as Data[]).slice(at % (data[l] as Data[]).length).slice(0, 3)]));
          const entries = few[list];
          const i = at % entries.length;
          const entry: Data = JSON.parse(JSON.stringify(entries[i], (_, v) => (typeof v === 'bigint' ? Number(v) : v)));
          if (remove) delete entry[field];
          else Object.defineProperty(entry, field, { value, enumerable: true, writable: true, configurable: true });
          entries[i] = entry;
          expectAsZod({ ...data, ...few, [list]: entries });
        },
      ),
      { numRuns: 500 },
    );
  });

  test('lists that are not lists, empty, or of other things', () => {
    for (const list of LISTS) {
      for (const value of [undefined, null, [], {}, 'x', [null], [[]], [1], REPORTS[0][list]]) expectAsZod({ ...REPORTS[0], [list]: value });
    }
  });
});
