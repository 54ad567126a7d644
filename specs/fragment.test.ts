import { describe, expect, test } from '@jest/globals';
import { decodeFragment, encodeFragment } from '../src/web/fragment.js';

describe("the playground's link: spec, language and device after #", () => {
  test('round trip, UTF-8 included, in URL-safe characters only', () => {
    const spec = 'name: añadir — ∑\ninput: [28, 28, 256]\nlayers:\n  - conv: {filters: 64, kernel: 1}\n';
    const hash = encodeFragment({ spec, lang: 'es', device: 't4' });
    expect(hash).toMatch(/^#lang=es&device=t4&spec=[A-Za-z0-9_-]+$/);
    expect(decodeFragment(hash)).toEqual({ spec, lang: 'es', device: 't4' });
  });

  test('a damaged or missing spec decodes to nothing, so the page keeps its own', () => {
    expect(decodeFragment('#lang=en&spec=%%%').spec).toBeUndefined();
    // Valid base64 of bytes that are not UTF-8 (0xff 0xfe).
    expect(decodeFragment('#spec=__4').spec).toBeUndefined();
    expect(decodeFragment('')).toEqual({ spec: undefined, lang: undefined, device: undefined });
  });
});
