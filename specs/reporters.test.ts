import { describe, expect, test } from '@jest/globals';
import { jsonPieces, toJson } from '../src/report/json.js';
import { field, renderCsv } from '../src/report/csv.js';
import { markdownTable, renderMarkdown } from '../src/report/markdown.js';
import { renderSweepMarkdown, renderSweepTable } from '../src/report/sweep.js';
import { runSweep } from '../src/explore/sweep.js';
import { messages } from '../src/i18n/messages.js';
import { renderHtml } from '../src/report/html.js';
import { renderTable } from '../src/report/table.js';
import { bytes, grouped, si } from '../src/core/numbers.js';
import { run, seedBottleneck } from './helpers.js';
import fc from 'fast-check';
import { escapeControls } from '../src/core/printable.js';

const SEED = seedBottleneck();

describe('JSON', () => {
  test('has the contract fields and exact integer literals', () => {
    const json = toJson(run(SEED));
    const data = JSON.parse(json);
    expect(data.schemaVersion).toBe(1);
    expect(data.input.shape).toEqual([28, 28, 256]);
    expect(data.layers[0]).toMatchObject({ name: 'reduce', op: 'conv', inputs: ['input'], outputShape: [28, 28, 64], params: 16384, buffers: 0 });
    // 28·28·64·256 = 12,845,056 MACs; flops twice that (no bias)
    expect(data.layers[0].macs).toBe(12_845_056);
    expect(data.layers[0].flops).toBe(25_690_112);
    expect(data.layers[0].activationBytes).toBe(28 * 28 * 64 * 4);
    // The contract's totals come first, in order; later fields are additions (schemaVersion 1 only grows).
    expect(Object.keys(data.totals).slice(0, 7)).toEqual(['params', 'buffers', 'macs', 'flops', 'weightBytes', 'activationBytes', 'peakActivationBytes']);
  });

  test('integers past 2^53 are written with every digit', () => {
    expect(toJson({ macs: 9n * 2n ** 50n + 1n })).toBe('{\n  "macs": 10133099161583617\n}');
  });

  test('is printable as written: every control character in a string or key is escaped, the value unchanged', () => {
    const raw = 'a\u001b[31m\u009b\u202e\u2028\u007fb';
    const text = toJson({ [raw]: raw, list: [raw, 1, 2n] });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2028]/);
    expect(JSON.parse(text)).toEqual({ [raw]: raw, list: [raw, 1, 2] });
  });

  test('any string is written as JSON.stringify writes it, each control character it leaves raw escaped', () => {
    const char = fc.oneof(fc.constantFrom('"', '\\', '\n', '\u0000', '\u001b', '\u007f', '\u0085', '\u061c', '\u200e', '\u2028', '\u202e', '\u2066', '\ud800', '\udfff', '\ud83d\ude00', 'é', 'a', '.'), fc.string({ unit: 'binary', maxLength: 3 }), fc.string({ unit: 'grapheme', maxLength: 2 }));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
        const s = chars.join('');
        const written = escapeControls(JSON.stringify(s));
        // A string alone, in a list of strings (a layer's inputs), and as a key.
        expect(toJson({ s, l: [s, 'x', s] })).toBe(`{\n  "s": ${written},\n  "l": [\n    ${written},\n    "x",\n    ${written}\n  ]\n}`);
        expect(toJson({ [s]: 1 })).toBe(`{\n  ${written}: 1\n}`);
      }),
      { numRuns: 300 },
    );
  });

  test('lists of records whose shapes change from one to the next, and within one, are written as JSON.stringify writes them', () => {
    // Without bigints and lists of numbers (written on one line), archcost's layout is JSON.stringify's at indent 2.
    // Texts the writer keeps from one record or list to the next must not leak into another: here records share a first
    // key and part with it, skip keys (undefined), reorder them ('1' goes first), and nest records and lists at the next depth.
    const key = fc.constantFrom('a', 'b', 'c', '1');
    const leaf = fc.oneof(fc.constantFrom(undefined, null, 'x', '', 0, 1.5, true), fc.string({ maxLength: 3 }));
    const { record } = fc.letrec((tie) => ({
      record: fc.dictionary(key, fc.oneof({ maxDepth: 2, depthIdentifier: 'record' }, leaf, tie('record'), fc.array(tie('record'), { maxLength: 3 })), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), (list) => {
        expect(toJson({ list })).toBe(JSON.stringify({ list }, null, 2));
        expect(toJson(list)).toBe(JSON.stringify(list, null, 2));
      }),
      { numRuns: 500 },
    );
    // Own keys only, as JSON.stringify: an inherited enumerable key is not the record's.
    const inherits = Object.create({ inherited: 1 }, { own: { value: ['a'], enumerable: true } });
    expect(toJson({ list: [inherits, { own: ['b'] }] })).toBe(JSON.stringify({ list: [inherits, { own: ['b'] }] }, null, 2));
    // Nor a key some other code made enumerable on Object.prototype itself, which every plain record inherits.
    const plain = { list: [{ a: 1, b: 'x' }, { a: 2, b: 'y' }], one: { c: ['z'] } };
    Object.defineProperty(Object.prototype, 'added', { value: 1, enumerable: true, configurable: true });
    try {
      expect(toJson(plain)).toBe(JSON.stringify(plain, null, 2));
    } finally {
      delete (Object.prototype as Record<string, unknown>).added;
    }
  });

  test('is made piece by piece as its pieces are taken: the first of a long list of layers reads only the layers it holds', () => {
    let read = 0;
    const layer = (i: number) => Object.defineProperty({}, 'name', { enumerable: true, get: () => (read++, `layer_${i}`) });
    const report = { schemaVersion: 1, layers: Array.from({ length: 20_000 }, (_, i) => layer(i)) };
    const pieces = jsonPieces(report);
    const first = pieces.next().value as string;
    // A piece is cut after 64 KiB; each layer is about 40 characters, so the first holds some 1,600 of them.
    expect(read).toBeLessThan(2_000);
    expect(first.length).toBeGreaterThan(1 << 16);
    expect(first + [...pieces].join('')).toBe(toJson(report));
    // Reports in a list (`analyze a.yaml b.yaml --format json`): the first piece too holds only its own layers of the first.
    read = 0;
    const reports = [report, { ...report }];
    const listPieces = jsonPieces(reports);
    const firstOfList = listPieces.next().value as string;
    expect(read).toBeLessThan(2_000);
    expect(firstOfList + [...listPieces].join('')).toBe(toJson(reports));
  });

  test('is byte-identical from run to run', () => {
    expect(toJson(run(SEED))).toBe(toJson(run(SEED)));
  });
});

describe('human-readable formats', () => {
  test('grouped digits: any integer, every group of three after a first of one to three', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (n) => {
        const text = grouped(n);
        expect(text.replaceAll(',', '')).toBe(n.toString());
        expect(text).toMatch(/^-?\d{1,3}(,\d{3})*$/);
      }),
    );
    expect([0n, 999n, 1000n, -1000n, -100n].map(grouped)).toEqual(['0', '999', '1,000', '-1,000', '-100']);
  });

  test('number formatting', () => {
    expect(grouped(822_083_584n)).toBe('822,083,584');
    expect(si(4_089_184_256n)).toBe('4.09 G');
    expect(si(999n)).toBe('999');
    expect(bytes(3_211_264n)).toBe('3.06 MiB'); // 3,211,264 / 1,048,576 = 3.0625
  });

  test('CSV has one row per layer with exact values', () => {
    const lines = renderCsv([run(SEED)]).trim().split('\n');
    expect(lines[0]).toBe('model,layer,op,output_shape,params,macs,flops,activation_bytes,buffers');
    expect(lines[3]).toBe(`seed,spatial,conv,28x28x256,${256 * 64 * 16},${28 * 28 * 256 * 64 * 16},${2 * 28 * 28 * 256 * 64 * 16},${28 * 28 * 256 * 4},0`);
  });

  test('CSV ends each model with a totals row (layer total, no op) and counts buffers', () => {
    // batchnorm on 2x2x4: 2·4 params (scale, shift), 2·4 buffers (running mean and variance), 2 FLOPs
    // per element (16 elements); relu 1 FLOP per element; each output 16 float32 = 64 bytes.
    const lines = renderCsv([run('name: bn\ninput: [2, 2, 4]\nlayers: [batchnorm, relu]\n')]).trim().split('\n');
    expect(lines.slice(1)).toEqual(['bn,batchnorm_1,batchnorm,2x2x4,8,0,32,64,8', 'bn,relu_1,relu,2x2x4,0,0,16,64,0', 'bn,total,,2x2x4,8,0,48,128,8']);
  });

  test('Markdown and HTML carry the rows and totals', () => {
    const md = renderMarkdown(run(SEED));
    expect(md).toContain('| spatial | conv | 28x28x256 | 262,144 | 205,520,896 |');
    expect(md).toContain('**218,365,952**');
    const html = renderHtml([run(SEED)]);
    expect(html).toContain('<td class="num" data-v="205520896">205,520,896</td>');
    expect(html).toContain('<td class="num">218,365,952</td>');
    // Self-contained: no script, style sheet, image or font comes from anywhere else.
    expect(html).not.toMatch(/\s(src|href)=|@import|url\((?!#)/);
  });
});

describe('the RF / stride cell: one field entry per spatial axis, the stride once when every axis has it', () => {
  const cell = (spec: string) => renderMarkdown(run(spec)).split('\n').find((l) => l.startsWith('| a |'))!.split(' | ').at(-1);
  test('1-D: a kernel-5 stride-2 conv on a sequence is `5 /2`', () => {
    expect(cell('input: [100, 16]\nlayers: [{conv: {name: a, filters: 8, kernel: 5, stride: 2}}]\n')).toBe('5 /2 |');
  });
  test('2-D: `3x3 /2`, and per axis where the axes differ: `3x1 /2x1`', () => {
    expect(cell('input: [32, 32, 4]\nlayers: [{conv: {name: a, filters: 4, kernel: 3, stride: 2}}]\n')).toBe('3x3 /2 |');
    expect(cell('input: [32, 32, 4]\nlayers: [{conv: {name: a, filters: 4, kernel: [3, 1], stride: [2, 1]}}]\n')).toBe('3x1 /2x1 |');
  });
  test('3-D: a 3x3x3 conv is `3x3x3 /1`', () => {
    expect(cell('input: [16, 16, 16, 4]\nlayers: [{conv: {name: a, filters: 8, kernel: 3}}]\n')).toBe('3x3x3 /1 |');
  });
});

describe('small output rules', () => {
  test('a sweep of one point says "1 point" (en) and "1 punto" (es); more are plural', () => {
    const one = runSweep(SEED, {}, [{ name: 'input', values: [[28, 28, 256]] }]);
    expect(renderSweepTable([one], messages('en'))).toContain('seed: 1 point over input');
    expect(renderSweepMarkdown([one], messages('es'))).toContain('### seed: 1 punto, variando input');
    const two = runSweep(SEED, {}, [{ name: 'input', values: [[28, 28, 256], [14, 14, 256]] }]);
    expect(renderSweepTable([two], messages('en'))).toContain('seed: 2 points over input');
  });

  test("% MACs of a model with no MACs is '-' in the Total row too, as the whole is zero", () => {
    const md = renderMarkdown(run('name: act\ninput: [4]\nlayers: [relu]\n'));
    // relu on 4 values: 0 MACs, 4 FLOPs (one compare each), 16 bytes of float32 output
    expect(md).toContain('| **Total** |  | **4** | **0** | **0** | **4** | **16 B** | **-** |  |');
    expect(renderMarkdown(run(SEED))).toContain('| **100%** |');
  });

  test('CSV text that a spreadsheet would run as a formula gets a leading quote; numbers do not', () => {
    const named = (name: string) => renderCsv([run(`name: "${name}"\ninput: [4]\nlayers: [relu]\n`)]).split('\n')[1];
    expect(named('=HYPERLINK(1)')).toBe("'=HYPERLINK(1),relu_1,relu,4,0,0,4,16,0");
    expect(named('@SUM(A1)')).toBe("'@SUM(A1),relu_1,relu,4,0,0,4,16,0");
    expect(named('+cmd')).toBe("'+cmd,relu_1,relu,4,0,0,4,16,0");
    expect(named('=1+2, x')).toBe(`"'=1+2, x",relu_1,relu,4,0,0,4,16,0`);
    expect(field('-1.5')).toBe('-1.5');
    expect(field('-x')).toBe("'-x");
    expect(named('plain')).toBe('plain,relu_1,relu,4,0,0,4,16,0');
  });

  test('Markdown shows HTML in a model name as text', () => {
    const md = renderMarkdown(run('name: "<img src=x onerror=alert(1)> &amp;"\ninput: [4]\nlayers: [relu]\n'));
    expect(md).toContain('### &lt;img src=x onerror=alert(1)> &amp;amp;: input 4');
    expect(md).not.toContain('<img');
    expect(markdownTable(['a'], [['<b>x</b> <= 3']], new Set())).toContain('| &lt;b>x&lt;/b> <= 3 |');
  });
});

describe('long tables', () => {
  test('a table longer than one slice reads as one table', () => {
    // 120 dense layers: more than the 50-row slices the table is drawn in.
    const text = renderTable(run('input: [8]\nlayers:\n  - dense: {units: 8, repeat: 120}\n'));
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('┌')).length).toBe(1);
    expect(lines.filter((l) => l.startsWith('└')).length).toBe(1);
    const rows = lines.filter((l) => l.startsWith('│'));
    expect(rows.length).toBe(1 + 120 + 1); // header, layers, total
    expect(new Set(rows.map((l) => l.length)).size).toBe(1); // one set of column widths
  });
});
