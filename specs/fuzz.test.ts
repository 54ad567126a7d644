import { afterAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseQuantity } from '../src/core/quantity.js';
import { showValue } from '../src/core/errors.js';
import { escapeControls, printable } from '../src/core/printable.js';
import { anyCase, type FuzzCase } from './fuzz/arbitraries.js';
import { cliResult, libraryResult } from './fuzz/check-case.js';

/**
 * archcost's promise under generated input, bounded to a few seconds: every spec built from the op
 * table, or mutated from an example, gives a report whose totals are the sum of its layers, linear
 * in the batch, the same on every run and valid against the published schema, or an ArchcostError
 * pointing into the text; the CLI exits 0, 1 or 2, never 3, with no stack trace. The seed is fixed
 * so the suite is deterministic; `npm run fuzz -- --cases N` explores new seeds at length.
 */

const SEED = 14;
const dir = mkdtempSync(join(tmpdir(), 'archcost-fuzz-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withCase = (c: FuzzCase, result: { outcome: string; detail?: string }) => ({ ...result, case: c });

describe('generated and mutated specs', () => {
  test('through the library: a sound report or a located ArchcostError', () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        const r = libraryResult(c);
        expect(withCase(c, r)).toMatchObject({ outcome: expect.stringMatching(/^(ok|refused)$/) });
      }),
      { numRuns: 250, seed: SEED },
    );
  });

  test('through the CLI: exit 0, 1 or 2 with an error line, never 3 or a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(anyCase.filter((c) => c.kind === 'text'), fc.nat(), async (c, pick) => {
        const r = await cliResult(c as Extract<FuzzCase, { kind: 'text' }>, dir, pick);
        expect(withCase(c, r)).toMatchObject({ outcome: expect.stringMatching(/^(ok|refused)$/) });
      }),
      { numRuns: 50, seed: SEED },
    );
  });
});

describe('the helpers every message goes through', () => {
  test('showValue never throws and never calls the value', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true }), (v) => typeof showValue(v) === 'string'), { seed: SEED });
  });

  test('parseQuantity answers any text exactly, below 10^30, or with a message', () => {
    const quantityLike = fc.stringMatching(/^[0-9]{0,40}(\.[0-9]{0,40})?([eE][-+]?[0-9]{1,12})?[A-Za-z]{0,3}$/);
    fc.assert(
      fc.property(fc.oneof(quantityLike, fc.string()), fc.constantFrom('count' as const, 'bytes' as const), (text, kind) => {
        // At most 30 digits: a bigint below 10^30, never a billion-digit one.
        const value = parseQuantity(text, kind);
        expect(typeof value === 'bigint' ? value >= 0n && value < 10n ** 30n : typeof value === 'string').toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  test('printable text has no control character but the newline (and, with colour, SGR)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(printable(text, false)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
        expect(printable(text, true).replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
        // Escaping is reversible as JSON reads it: the text inside a JSON string means the same.
        expect(JSON.parse(`"${escapeControls(text).replace(/\\(?!u[0-9a-f]{4})/g, '\\\\').replace(/"/g, '\\"')}"`)).toBe(text);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
