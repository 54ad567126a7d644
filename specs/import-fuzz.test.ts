import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArchcostError } from '../src/core/errors.js';
import { analyze } from '../src/counting/analyze.js';
import { detectFormat } from '../src/importers/detect.js';
import { importModel } from '../src/importers/import-model.js';

/**
 * A damaged model file (bytes changed, cut short, a run cut out, a number written in) is imported
 * and counted, or refused with an ArchcostError: never another exception. Every importer's fixture,
 * with a fixed seed (a few seconds); the formats' own tests hold the numbers of the intact files.
 */

const dirs = ['fixtures/importers', 'fixtures/hf'].map((d) => join(import.meta.dirname, d));
const MODELS = dirs.flatMap((dir) =>
  readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    const bytes = new Uint8Array(readFileSync(file));
    const format = detectFormat(bytes, file);
    return format ? [{ file, bytes, format }] : [];
  }),
);

type Damage = { kind: 'set'; at: number[]; to: number[] } | { kind: 'cut'; at: number } | { kind: 'drop'; at: number; length: number } | { kind: 'number'; at: number; value: number };

const damage = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), to: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: fc.integer({ min: -5, max: 10 ** 7 }) }),
);

function damaged(bytes: Uint8Array, d: Damage): Uint8Array {
  const n = bytes.length;
  switch (d.kind) {
    case 'set': {
      const out = Uint8Array.from(bytes);
      d.at.forEach((at, i) => (out[at % n] = d.to[i]));
      return out;
    }
    case 'cut':
      return bytes.subarray(0, d.at % n);
    case 'drop':
      return new Uint8Array([...bytes.subarray(0, d.at % n), ...bytes.subarray((d.at % n) + d.length)]);
    case 'number':
      return new Uint8Array([...bytes.subarray(0, d.at % n), ...new TextEncoder().encode(String(d.value)), ...bytes.subarray((d.at % n) + 1)]);
  }
}

describe('damaged model files', () => {
  test('every importer has fixtures here', () => {
    expect(new Set(MODELS.map((m) => m.format))).toEqual(new Set(['onnx', 'huggingface', 'caffe', 'keras', 'darknet']));
  });

  test('are imported and counted, or refused with an ArchcostError', () => {
    fc.assert(
      fc.property(fc.nat(MODELS.length - 1), damage, (pick, d) => {
        const { file, bytes, format } = MODELS[pick];
        try {
          analyze(importModel(damaged(bytes, d), format, { file }).spec, { file });
        } catch (e) {
          if (!(e instanceof ArchcostError)) throw new Error(`${file}, ${JSON.stringify(d)}: ${(e as Error).stack}`);
          expect(e.message).toMatch(/\S/);
        }
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });
});
