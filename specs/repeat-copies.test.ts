import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource, analyzeSourceWith, expandSpec, type AnalyzeOptions, type Report } from '../src/counting/analyze.js';
import { inputShapes } from '../src/language/graph.js';
import { parseSpecText } from '../src/language/source.js';
import { toJson } from '../src/report/json.js';
import { markSameAs, sameAsOf } from '../src/core/same-as.js';
import { withCompat } from '../src/counting/compat.js';
import { estimateTime, withRoofline } from '../src/counting/roofline.js';
import { findDevice } from '../src/counting/devices.js';
import { errorOf } from './helpers.js';

// A repeat's later copies are made from a template copy (language/graph.ts `copyOf`) when nothing
// the template read differs between copies. Every report must be the one expanding each copy on its
// own gives: the same layers, names, shapes, counts and JSON text, to the character.

const source = (text: string, file = 'spec.yaml') => parseSpecText(text, file);

/** The report and its JSON, with copies from the template and with every copy expanded. */
function bothWays(text: string, options: AnalyzeOptions = {}) {
  const templated = analyzeSource(source(text), options);
  const expanded = analyzeSourceWith(source(text), options, { everyCopy: true });
  return { templated, expanded };
}

/** The report made from templates, once it is the one expanding every copy gives. */
function expectSame(text: string, options: AnalyzeOptions = {}): Report {
  const { templated, expanded } = bothWays(text, options);
  expect(templated).toEqual(expanded);
  expect(toJson(templated)).toBe(toJson(expanded));
  return templated;
}

/** How many layers were made from a template rather than expanded. */
function copied(text: string, options: AnalyzeOptions = {}): number {
  return expandSpec(source(text), options).graph.layers.filter((l) => l.twin !== undefined).length;
}

const examples = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);

describe('every example gives the same report either way', () => {
  test.each([...examples('examples'), ...examples('examples/zoo')])('%s', (_, text) => {
    expectSame(text);
  });
  test.each(examples('examples/llm'))('%s, prefill and decode', (_, text) => {
    expectSame(text);
    expectSame(text, { phase: 'decode', context: 100 });
  });
  test('with training, weight storage and parallelism', () => {
    const text = readFileSync('examples/llm/gpt-layers.yaml', 'utf8');
    expectSame(text, { training: { optimizer: 'adam' } });
    expectSame(readFileSync('examples/llm/llama-2-7b.yaml', 'utf8'), { weights: { dtype: 'int4', groupSize: 128 }, parallel: { dataParallel: 1, zero: 0, tensorParallel: 2, pipelineParallel: 2 } });
  });
});

/** A residual unit (its items in YAML flow style, around an identity) repeated `n` times on 8x8x16. */
const residual = (n: number, unit = ['{conv: {filters: 16, kernel: 3, padding: 1}}', 'relu']) => `
input: [8, 8, 16]
layers:
  - sequence:
      name: stage
      repeat: ${n}
      layers:
        - add:
            branches:
              - [${unit.join(', ')}]
              - []
`;

describe('copies made from a template', () => {
  test('a plain repeated block: all copies but the first are made, and the report is the same', () => {
    const text = residual(50);
    // Copy 0 is the template (it reads and makes 8x8x16); copies 1..49 are made from it, 3 layers each.
    expect(copied(text)).toBe(49 * 3);
    const templated = expectSame(text);
    expect(templated.layers.map((l) => l.name).slice(3, 6)).toEqual(['stage.1.conv_1', 'stage.1.relu_1', 'stage.1.add_1']);
    expect(templated.layers[3].inputs).toEqual(['stage.0.add_1']);
    // The receptive field still grows copy by copy: 3, 5, 7, ...
    expect(templated.layers.filter((l) => l.op === 'conv').slice(0, 4).map((l) => l.receptiveField)).toEqual([[3, 3], [5, 5], [7, 7], [9, 9]]);
  });

  test('a first copy that changes the shape: the template is the first copy that keeps it', () => {
    const text = `
input: [32, 32, 3]
layers:
  - sequence:
      repeat: 6
      layers:
        - conv: {filters: 8, kernel: 3, padding: 1}
        - relu
`;
    expect(copied(text)).toBe(4 * 2);
    expectSame(text);
  });

  test('a copy that reads i is expanded every time', () => {
    const text = `
input: [64, 64, 8]
layers:
  - sequence:
      repeat: 4
      layers:
        - conv: {filters: "\${8 * (i + 1)}", kernel: 1}
        - maxpool: {kernel: "\${1 + i % 2}"}
`;
    expect(copied(text)).toBe(0);
    expectSame(text);
  });

  test('a first copy reading a from list: the later copies read only the copy before, as expanded', () => {
    const cross = `
inputs:
  q: [8, 16]
  mem: [4, 16]
layers:
  - attention: {heads: 4, bias: false, from: [q, mem], repeat: 3}
`;
    const templated = expectSame(cross);
    expect(templated.layers.map((l) => l.inputs)).toEqual([['q', 'mem'], ['attention_1.0'], ['attention_1.1']]);
    // d = 16. The first copy attends from 8 queries to 4 keys: q and o 8·16·16 = 2,048 each, k and v 4·16·16 = 1,024
    // each, QKᵀ and AV 8·4·16 = 512 each: 7,168. The others attend to themselves: 4·8·16·16 + 2·8·8·16 = 10,240.
    expect(templated.totals.macs).toBe(7_168n + 2n * 10_240n);
    // The copies after an add of two tensors read one: refused either way, as a single add is.
    const add = 'inputs:\n  a: [8, 16]\n  b: [8, 16]\nlayers:\n  - add: {from: [a, b], repeat: 3}\n';
    const message = errorOf(() => analyzeSourceWith(source(add), {}, { everyCopy: true }));
    expect(message).toContain('add needs at least 2 inputs (branches or a from list), got 1 (input 8x16)');
    expect(errorOf(() => analyzeSource(source(add)))).toBe(message);
  });

  test('an if on i, a name from i and a nested repeat reading its own i', () => {
    expectSame(residual(6, ['{conv: {filters: 16, kernel: 3, padding: 1, if: "${i % 2 == 0}"}}', '{relu: {name: "act_${i}"}}']));
    const nested = `
input: [16, 16, 4]
layers:
  - sequence:
      name: outer
      repeat: 5
      layers:
        - sequence:
            name: inner
            repeat: 3
            layers:
              - conv: {filters: 4, kernel: 3, padding: "\${i + 1}", dilation: "\${i + 1}"}
`;
    // The inner copies differ (they read the inner i), but every outer copy is the same: 4 of 5 made.
    expect(copied(nested)).toBe(4 * 3);
    expectSame(nested);
  });

  test('a full path into an earlier copy names the same tensor from every copy', () => {
    const text = `
input: [8, 8, 16]
layers:
  - sequence:
      name: stage
      repeat: 5
      layers:
        - conv: {filters: 16, kernel: 3, padding: 1}
        - add: {from: [conv_1, stage.0.conv_1]}
`;
    const templated = expectSame(text);
    expect(templated.layers.find((l) => l.name === 'stage.4.add_1')!.inputs).toEqual(['stage.4.conv_1', 'stage.0.conv_1']);
  });

  test('a copy reading its own input, and one reading the tensor before the repeat', () => {
    expectSame(residual(5, ['{conv: {filters: 16, kernel: 3, padding: 1}}', '{add: {from: [conv_1, input]}}']));
    const text = `
input: [8, 8, 16]
layers:
  - conv: {name: stem, filters: 16, kernel: 1}
  - sequence:
      name: stage
      repeat: 5
      layers:
        - add: {from: [input, stem]}
`;
    expectSame(text);
    // The first copy's input is stem itself: naming stem there is naming its input, so it is no template; the second is.
    expect(copied(text)).toBe(3);
  });

  test('later items name layers inside made copies, and outputs do', () => {
    const text = `
input: [8, 8, 16]
outputs: [stage.7.conv_1, out]
layers:
  - sequence:
      name: stage
      repeat: 10
      layers:
        - conv: {filters: 16, kernel: 3, padding: 1}
        - branch_pair: {name: pair}
  - add: {name: out, from: [stage.3.pair.left.relu_1, stage.9, stage.6.pair]}
blocks:
  branch_pair:
    layers:
      - concat:
          branches:
            - {name: left, layers: [relu]}
            - {name: right, layers: [sigmoid]}
      - conv: {filters: 16, kernel: 1}
`;
    expect(copied(text)).toBeGreaterThan(0);
    const templated = expectSame(text);
    expect(templated.layers.at(-1)!.inputs).toEqual(['stage.3.pair.left.relu_1', 'stage.9.pair.conv_1', 'stage.6.pair.conv_1']);
    expect(templated.outputs.map((o) => o.name)).toEqual(['stage.7.conv_1', 'out']);
  });

  test('a name that misses a made copy is refused as when every copy is expanded', () => {
    const spec = (from: string) => `
input: [8, 8, 16]
layers:
  - sequence:
      name: stage
      repeat: 10
      layers:
        - conv: {filters: 16, kernel: 3, padding: 1}
        - relu
  - add: {from: [stage.9, ${from}]}
`;
    // Past the last copy, a misspelt layer in a made copy, a copy number written with a leading zero, a near miss of a copy.
    for (const from of ['stage.10', 'stage.7.conv_2', 'stage.07', 'stage.7.relu_1.x', 'stage.7x']) {
      const expanded = errorOf(() => analyzeSourceWith(source(spec(from)), {}, { everyCopy: true }));
      expect(expanded).toMatch(/no earlier layer or input is named/);
      expect(errorOf(() => analyzeSource(source(spec(from))))).toBe(expanded);
    }
    expect(errorOf(() => analyzeSource(source(spec('stage.7x'))))).toMatch(/did you mean 'stage\.7'\?/);
    // A repeat inside a plain branch names its copies in the branch's scope, which is the one outside it.
    const inBranch = `
input: [8, 8, 16]
layers:
  - add:
      branches:
        - - sequence: {name: stage, repeat: 6, layers: [{conv: {filters: 16, kernel: 3, padding: 1}}]}
        - []
  - add: {from: [add_1, stage.4x]}
`;
    const expanded = errorOf(() => analyzeSourceWith(source(inBranch), {}, { everyCopy: true }));
    expect(expanded).toMatch(/did you mean 'stage\.4'\?/);
    expect(errorOf(() => analyzeSource(source(inBranch)))).toBe(expanded);
  });

  test('nested repeats: a later item names a layer in a made copy of a made copy', () => {
    const text = `
input: [8, 8, 16]
outputs: [outer.4.inner.2.relu_1, last]
layers:
  - sequence:
      name: outer
      repeat: 5
      layers:
        - sequence:
            name: inner
            repeat: 3
            layers:
              - conv: {filters: 16, kernel: 3, padding: 1}
              - relu
  - add: {name: last, from: [outer.3.inner.1.conv_1, outer.4, outer.2.inner.2, outer.0.inner.0.relu_1]}
`;
    // outer.0 makes inner.1 and inner.2 from inner.0 (2 layers each); outer.1 to outer.4 are made from outer.0 (6 layers each).
    expect(copied(text)).toBe(2 * 2 + 4 * 6);
    const templated = expectSame(text);
    expect(templated.layers.at(-1)!.inputs).toEqual(['outer.3.inner.1.conv_1', 'outer.4.inner.2.relu_1', 'outer.2.inner.2.relu_1', 'outer.0.inner.0.relu_1']);
    expect(templated.outputs.map((o) => o.name)).toEqual(['outer.4.inner.2.relu_1', 'last']);
  });

  test('a repeated op, with and without branches', () => {
    expectSame('input: [8, 8, 16]\nlayers:\n  - conv: {filters: 16, kernel: 3, padding: 1, repeat: 6}\n');
    // A plain branch names its layers by counts that go on from copy to copy (relu_1, relu_2, ...): no template.
    const branches = 'input: [8, 8, 16]\nlayers:\n  - add: {repeat: 4, branches: [[relu], []]}\n';
    expect(copied(branches)).toBe(0);
    expectSame(branches);
  });

  test('mixture of experts, tied weights and attention in repeated blocks, decode with a cache', () => {
    const text = `
vars: {d: 64}
input: {shape: [16], name: tokens}
blocks:
  layer:
    layers:
      - add:
          branches:
            - - rmsnorm
              - attention: {heads: 4, kv_heads: 2, causal: true}
            - []
      - add:
          branches:
            - - rmsnorm
              - moe:
                  experts: 4
                  top_k: 2
                  layers:
                    - dense: {units: 128}
                    - silu
                    - dense: {units: "\${d}"}
            - []
layers:
  - embedding: {name: embed, vocab: 1000, dim: "\${d}"}
  - layer: {name: blocks, repeat: 6}
  - dense: {name: head, units: 1000, bias: false, tie: embed}
`;
    expect(copied(text)).toBeGreaterThan(0);
    expectSame(text);
    expectSame(text, { phase: 'decode', context: 500 });
    expectSame(text, { weights: { dtype: 'int4', groupSize: 32, keep: ['blocks.3'] } });
  });

  test('a copy kept at another weight dtype (--keep) has its own figures', () => {
    const text = residual(6);
    const options: AnalyzeOptions = { weights: { dtype: 'int8', keep: ['stage.4'] } };
    expectSame(text, options);
    const report = analyzeSource(source(text), options);
    const weights = (name: string) => report.layers.find((l) => l.name === name)!.weightBytes;
    expect(weights('stage.4.conv_1')).toBeGreaterThan(weights('stage.3.conv_1'));
  });

  test('a repeat that passes the layer limit fails as it would expanded', () => {
    const text = `
input: [4, 4, 4]
layers:
  - sequence:
      repeat: 2
      layers:
        - sequence: {repeat: 40000, layers: [relu]}
        - relu
        - sequence: {repeat: 10001, layers: [relu]}
`;
    const message = errorOf(() => analyzeSource(source(text)));
    expect(message).toContain('100,000 layers');
    expect(message).toBe(errorOf(() => analyzeSourceWith(source(text), {}, { everyCopy: true })));
  });

  test('a made layer names its twin, which has its op, args, shape, cost and input shapes', () => {
    const { graph } = expandSpec(source(readFileSync('examples/llm/gpt-layers.yaml', 'utf8')), { vars: { n: 4, s: 64, h: 64, a: 4 } });
    const made = graph.layers.filter((l) => l.twin !== undefined);
    expect(made.length).toBe(3 * (graph.layers.length / 4));
    for (const l of made) {
      const twin = graph.layers[l.twin!];
      expect(twin.twin).toBeUndefined();
      expect([l.op, l.args, l.outputShape, l.cost, l.memory]).toEqual([twin.op, twin.args, twin.outputShape, twin.cost, twin.memory]);
      expect(inputShapes(graph, l)).toEqual(inputShapes(graph, twin));
    }
  });
});

describe('the JSON writer and SAME_AS', () => {
  // Records in a report's list, as layers are: the writer walks a report's fields and lists lazily and writes their entries whole.
  test('a record its list marks is written with its own values wherever they differ', () => {
    const earlier = { name: 'a', macs: 10n, shape: [1, 2], where: { line: 3 } };
    const later = { name: 'b', macs: 10n, shape: [1, 2], where: { line: 4 } };
    expect(toJson({ layers: markSameAs([earlier, later], [-1, 0]) })).toBe(toJson({ layers: [earlier, { ...later }] }));
    // Fields in another order or another set: written as any record.
    const reordered = { macs: 10n, name: 'c', shape: [1, 2], where: { line: 3 } };
    const fewer = { name: 'd', macs: undefined, shape: [1, 2], where: { line: 3 } };
    expect(toJson({ layers: markSameAs([earlier, reordered, fewer], [-1, 0, 0]) })).toBe(toJson({ layers: [earlier, reordered, fewer] }));
  });

  test('a mark that names no record, or names one unlike the entry, changes nothing written', () => {
    const list = [{ a: 1, b: [2] }, 'text', { a: 1, b: [3] }, [4], { a: 5, b: [2] }, null];
    const plain = toJson({ layers: list, deeper: { list } });
    // Records marked as repeating a string, a list, null, the record itself, a later one, none past the end:
    // each still written as its own, lazily and deeper down.
    const marked = markSameAs([...list], [1, 1, 3, 0, 5, 3]);
    expect(toJson({ layers: marked, deeper: { list: marked } })).toBe(plain);
    expect(toJson({ layers: markSameAs([...list], [9, 0, 4, 0, 4, 0]), deeper: { list } })).toBe(plain);
  });

  test('a marked record that inherits a field is written with its own fields only, as JSON.stringify writes it', () => {
    // Its own `a` and an inherited `b` walk as the earlier record's a and b: it must not be written like it.
    const earlier = { a: 1, b: [2] };
    const inherits = Object.create({ b: earlier.b }, { a: { value: 1, enumerable: true } });
    const written = toJson({ layers: markSameAs([earlier, inherits], [-1, 0]) });
    expect(written).toBe(JSON.stringify({ layers: [earlier, inherits] }, null, 2).replace('[\n        2\n      ]', '[2]'));
    expect(JSON.parse(written).layers[1]).toEqual({ a: 1 });
  });

  test('a marked list inside a differing field of a marked record: each record keeps its own differing fields', () => {
    const innerEarlier = { x: 1, y: 2, z: 3 };
    const inner = markSameAs([innerEarlier, { x: 9, y: 2, z: 3 }], [-1, 0]);
    const outerEarlier = { a: 1, b: [innerEarlier], c: 3, d: 4 };
    // b and d differ; writing b writes the inner marked list, whose second record's own differing field is x.
    const outer = { a: 1, b: inner, c: 3, d: 8 };
    const plain = { a: 1, b: [{ x: 1, y: 2, z: 3 }, { x: 9, y: 2, z: 3 }], c: 3, d: 8 };
    expect(toJson({ layers: markSameAs([outerEarlier, outer], [-1, 0]) })).toBe(toJson({ layers: [outerEarlier, plain] }));
  });
});

describe('a report made from another keeps its copies marked', () => {
  // 3 copies of conv + relu: layers 2 to 5 repeat layers 0 and 1.
  const report = analyzeSource(source('input: [8, 8, 4]\nlayers:\n  - sequence: {repeat: 3, layers: [{conv: {filters: 4, kernel: 3, padding: 1}}, relu]}\n'));

  test('with its roofline times and recounted by another tool, as marked as before and written as unmarked', () => {
    expect(sameAsOf(report.layers)).toEqual([-1, -1, 0, 1, 0, 1]);
    for (const made of [withRoofline(report, estimateTime(report, findDevice('t4'))), withCompat(report, 'ptflops')]) {
      expect(sameAsOf(made.layers)).toEqual(sameAsOf(report.layers));
      expect(toJson(made)).toBe(toJson({ ...made, layers: [...made.layers] }));
    }
  });
});
