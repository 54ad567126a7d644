import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STORAGE_DTYPES } from '../src/core/dtype.js';
import { DEVICES } from '../src/counting/devices.js';
import { analyzeOptionsSchema, quickOptions } from '../src/counting/options.js';
import { OPTIMIZERS, RECOMPUTE } from '../src/counting/training.js';
import { parseSpecText } from '../src/language/source.js';
import { quickSpecFile, specSchema } from '../src/language/spec.js';
import { anyCase } from './fuzz/arbitraries.js';

/**
 * A valid spec's top level and analyze()'s options are checked without zod (core/quick-check.ts);
 * zod decides everything else. The quick checks must never take what zod refuses, must give back
 * what zod's parse gives (lists and maps copied, keys in the schema's order), and must take the
 * specs the examples are: otherwise every run would build zod's schemas after all.
 */

function examples(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? examples(join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function expectAsZod(data: unknown): void {
  const quick = quickSpecFile(data);
  const zod = specSchema().safeParse(data);
  if (quick === undefined) return;
  expect(zod.success).toBe(true);
  expect(quick).toStrictEqual(zod.data);
  expect(JSON.stringify(quick)).toBe(JSON.stringify(zod.data));
}

const EDGE: unknown[] = [
  undefined, null, 0, -1, 1, 1.5, 2 ** 53, Infinity, NaN, true, '', 'x', '${w}', 'channels_last', 'float16', 'fp16',
  [], [0], [1], [224, 224, 3], [1, 2, 3, 4, 5], ['${w}', 3], [[1]], {}, { a: 1 }, { '1a': 1 }, { x: [3] }, { shape: [3] },
  { shape: [3], name: 'x' }, { shape: [3], name: '1x' }, { layers: ['relu'] }, { layers: [] }, { b: { layers: ['relu'] } },
  { b: { layers: ['relu'], params: { k: null } } }, { conv: { bias: false } }, { macs: '1G' }, { macs: -1 }, { flops: 1e9, extra: 1 },
];
const TOP_KEYS = ['$schema', 'name', 'description', 'input', 'inputs', 'batch', 'dtype', 'vars', 'defaults', 'ops', 'blocks', 'layers', 'outputs', 'budgets', 'layout', 'format', 'layrs'];

describe('the quick check of a spec file against zod', () => {
  const files = examples('examples');

  test('takes every example that has no ops:, as zod parses it', () => {
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const data = parseSpecText(readFileSync(file, 'utf8'), file).data as Record<string, unknown>;
      if (data.ops === undefined) expect(quickSpecFile(data)).toBeDefined();
      expectAsZod(data);
    }
  });

  test('examples with one top-level field replaced or removed', () => {
    const datas = files.map((file) => parseSpecText(readFileSync(file, 'utf8'), file).data as Record<string, unknown>);
    fc.assert(
      fc.property(fc.constantFrom(...datas), fc.constantFrom(...TOP_KEYS), fc.constantFrom(...EDGE), fc.boolean(), (data, key, value, remove) => {
        const changed = { ...data };
        if (remove) delete changed[key];
        else changed[key] = value;
        expectAsZod(changed);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });

  test('generated and mutated specs', () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        let data: unknown = c.kind === 'object' ? c.spec : undefined;
        if (c.kind === 'text') {
          try {
            data = parseSpecText(c.text, c.file).data;
          } catch {
            return; // not a document: the parser's error, before any schema
          }
        }
        expectAsZod(data);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  test('leaves to zod a key given undefined, a class instance, a symbol key, and both input and inputs', () => {
    const valid = { input: [3], layers: ['relu'] };
    expect(quickSpecFile(valid)).toEqual(valid);
    expect(quickSpecFile({ ...valid, name: undefined })).toBeUndefined();
    expect(quickSpecFile(Object.assign(new (class Spec {})(), valid))).toBeUndefined();
    expect(quickSpecFile({ ...valid, [Symbol('s')]: 1 })).toBeUndefined();
    expect(quickSpecFile({ ...valid, inputs: { x: [3] } })).toBeUndefined();
  });
});

describe('the quick check of analyze() options against zod', () => {
  const option = fc.constantFrom(...EDGE, 'prefill', 'decode', 'int8', 'float32', 'x.yaml', 8, 4096, [2, 2], { w: 2 }, { w: true }, { '1w': 2 });
  const keys = fc.constantFrom(...Object.keys(analyzeOptionsSchema().shape), 'batchSize');
  test('never takes what zod refuses', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.dictionary(keys, option, { maxKeys: 4 }), (options) => {
        if (!quickOptions(options)) return;
        taken++;
        expect(analyzeOptionsSchema().safeParse(options).success).toBe(true);
      }),
      { numRuns: 2000, seed: 13 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  test('training, weights, parallel and device: the quick check takes exactly what zod takes', () => {
    // Each field's value drawn from valid and invalid ones, fields left out at random, an unknown field sometimes.
    const value = (...valid: unknown[]) => fc.constantFrom(...valid, ...EDGE, 'adam', 0, -1, 1.5, 2 ** 53, '', 1n, ['x', ''], true);
    const object = (model: Record<string, fc.Arbitrary<unknown>>) => fc.record({ ...model, extra: value() }, { requiredKeys: [] });
    const cases = fc.oneof(
      fc.record({ training: object({ optimizer: value(...OPTIMIZERS), mixedPrecision: value(false), recompute: value(...RECOMPUTE) }) }),
      fc.record({ weights: object({ dtype: value(...STORAGE_DTYPES), groupSize: value(128), keep: value(['head'], []) }) }),
      fc.record({ parallel: object({ dataParallel: value(2), zero: value(1, 2, 3), tensorParallel: value(8), pipelineParallel: value(4) }) }),
      fc.record({ device: object({ name: value('NPU'), memoryBandwidth: value(10n ** 12n), peakFlops: value({ float16: 10n ** 15n }, {}, { float16: 1 }), memory: value(2n ** 34n) }) }),
      fc.record({ device: fc.constantFrom(...Object.values(DEVICES)) }),
    );
    let taken = 0;
    fc.assert(
      fc.property(cases, (options) => {
        const quick = quickOptions(options);
        if (quick) taken++;
        expect(quick).toBe(analyzeOptionsSchema().safeParse(options).success);
      }),
      { numRuns: 3000, seed: 17 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  test("takes the CLI's options: every key given, most undefined", () => {
    const cli = { file: 'm.yaml', batch: 8, dtype: 'float16', vars: { w: 2 }, training: undefined, phase: undefined, context: undefined, weights: undefined, kvDtype: undefined, parallel: undefined, device: undefined, input: [224, 224, 3] };
    expect(quickOptions(cli)).toBe(true);
    expect(quickOptions({ ...cli, batch: 0 })).toBe(false);
  });
});
