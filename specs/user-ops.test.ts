import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { describeOps, estimateTime, findDevice } from '../src/index.js';
import { analyzeWithGraph } from '../src/counting/analyze.js';
import { explainSpec } from '../src/explore/explain.js';
import { cli } from './cli.js';
import { errorOf, run } from './helpers.js';

/** The example: a gated linear unit on 128 tokens of 512 channels, 256 units. */
const GATED = `input: [128, 512]
ops:
  gated_linear:
    args: {units: null, bias: true}
    shape: "[in.length, units]"
    params: "in.channels * 2 * units + (2 * units if bias else 0)"
    macs: "in.length * in.channels * 2 * units"
    flops: "2 * macs + in.length * units * 4"
    buffers: "0"
layers:
  - gated_linear: {units: 256}
`;

describe('an op defined in the spec', () => {
  test('is counted from its formulas, by hand', () => {
    const [l] = run(GATED).layers;
    expect(l.op).toBe('gated_linear');
    expect(l.outputShape).toEqual([128, 256]);
    // params 512·2·256 + 2·256 = 262,144 + 512; MACs 128·512·2·256; FLOPs 2·MACs + 128·256·4
    expect(l.params).toBe(262_656n);
    expect(l.macs).toBe(33_554_432n);
    expect(l.flops).toBe(2n * 33_554_432n + 131_072n);
    expect(run(GATED.replace('{units: 256}', '{units: 256, bias: false}')).layers[0].params).toBe(262_144n);
  });

  test('the batch multiplies its MACs and FLOPs, never its params', () => {
    const [l] = run(GATED, { batch: 8 }).layers;
    expect([l.params, l.macs]).toEqual([262_656n, 8n * 33_554_432n]);
  });

  test('its args are checked like a built-in op: typos, missing ones, types', () => {
    const typo = errorOf(() => run(GATED.replace('{units: 256}', '{unit: 256}')));
    expect(typo).toContain("gated_linear has no arg 'unit' (did you mean 'units'?); its args are: units, bias");
    expect(errorOf(() => run(GATED.replace('{units: 256}', '{bias: false}')))).toContain("gated_linear needs 'units'");
    expect(errorOf(() => run(GATED.replace('{units: 256}', '{units: 256, bias: 3}')))).toContain("gated_linear arg 'bias': expected true or false, got 3");
    expect(errorOf(() => run(GATED.replace('gated_linear: {units', 'gated_lineat: {units')))).toContain("did you mean 'gated_linear'");
  });

  test('explain shows each formula with the numbers in', () => {
    const [l] = explainSpec(GATED).layers;
    expect(l.explanation.shape[0].symbols).toBe('[in.length, units]');
    expect(l.explanation.params.symbols).toBe('in.channels · 2 · units + 2 · units');
    expect(l.explanation.params.numbers.map(String).join('')).toBe('512 · 2 · 256 + 2 · 256');
    expect(l.explanation.legend.map((e) => e.name)).toEqual(['in.length', 'units', 'in.channels', 'macs']);
  });

  test('named quantities and checks, in order, like the built-ins', () => {
    const spec = `input: [16, 64]
ops:
  heads_mix:
    args: {heads: null}
    quantities: {d: "in.channels // heads", pairs: "in.length ** 2"}
    checks: [{holds: "in.channels % heads == 0", message: "heads \${heads} must divide \${in.channels}", arg: heads}]
    params: "0"
    macs: "heads * pairs * d"
    flops: "2 * macs"
layers:
  - heads_mix: {heads: 4}
`;
    // 4 heads · 16² pairs · 16 dims = 16,384
    expect(run(spec).layers[0].macs).toBe(16_384n);
    const bad = errorOf(() => run(spec.replace('{heads: 4}', '{heads: 5}'), { file: 'mix.yaml' }));
    expect(bad).toBe('mix.yaml:11:17: heads_mix_1: heads 5 must divide 64 (input 16x64)');
  });

  test('training and roofline work on it', () => {
    const trained = run(GATED, { training: { optimizer: 'sgd' } });
    // MACs, so backward is 2x forward by default; it keeps its input, 128·512 floats
    expect(trained.layers[0].training!.backwardFlops).toBe(2n * trained.layers[0].flops);
    expect(trained.layers[0].training!.savedActivationBytes).toBe(128n * 512n * 4n);
    const once = run(GATED.replace('    buffers: "0"\n', '    buffers: "0"\n    backward: {factor: 1, keeps: none}\n'), { training: { optimizer: 'sgd' } });
    expect(once.layers[0].training!.backwardFlops).toBe(once.layers[0].flops);
    expect(once.layers[0].training!.savedActivationBytes).toBe(0n);
    // T4 at float32: 8.1 TFLOP/s and 320 GB/s; 67,239,936 FLOPs against 1 MiB of weights + 256 KiB in + 128 KiB out
    const report = run(GATED);
    const time = estimateTime(report, findDevice('t4')!).layers[0];
    expect(time.seconds).toBe(Math.max(67_239_936 / 8.1e12, Number(report.layers[0].bytesRead + report.layers[0].bytesWritten) / 320e9));
  });

  test('analyze, compare and check from the command line', async () => {
    const compare = await cli('compare', 'examples/user-op-gated-linear.yaml', 'examples/user-op-gated-linear.yaml', '--format', 'json');
    expect(compare.code).toBe(0);
    expect(JSON.parse(compare.stdout).models[0].totals.macs).toBe(33_554_432);
    const check = await cli('check', 'examples/user-op-gated-linear.yaml', '--max-macs', '30M');
    expect(check.code).toBe(1);
  });
});

describe('mistakes in ops: are exit 2 with the place, the op and the formula', () => {
  const at = (spec: string) => errorOf(() => run(spec, { file: 'g.yaml' }));

  test('an unknown name in a formula', () => {
    expect(at(GATED.replace('in.length * in.channels * 2', 'in.length * chanels * 2'))).toBe(
      'g.yaml:7:5: gated_linear_1: gated_linear: the macs formula "in.length * chanels * 2 * units": unknown name \'chanels\' (the names here are ins, cached, out, params, buffers, units, bias) (input 128x512)',
    );
    expect(at(GATED.replace('in.length * in.channels', 'in.lenght * in.channels'))).toContain(
      `g.yaml:7:5: gated_linear: the macs formula "in.lenght * in.channels * 2 * units": 'in' has no attribute 'lenght' at column 4 (did you mean 'in.length'?)`,
    );
  });

  test('a formula that is not a number, or not whole, or negative', () => {
    expect(at(GATED.replace('"0"', '"\'none\'"'))).toContain('the buffers formula "\'none\'" gives none, not a number');
    expect(at(GATED.replace('"2 * macs + in.length * units * 4"', '"macs / 3"'))).toContain(
      'g.yaml:8:5: gated_linear_1: gated_linear: the flops formula "macs / 3" gives 33554432/3 = 11184810.666666666, not a whole number',
    );
    expect(at(GATED.replace('"0"', '"0 - 5"'))).toContain('the buffers formula "0 - 5" gives -5: a count cannot be negative');
  });

  test('a shape that is no shape, or of a rank archcost has no layout for', () => {
    expect(at(GATED.replace('"[in.length, units]"', '"in.length"'))).toContain('g.yaml:5:5: gated_linear_1: gated_linear: the shape formula gives 128: a shape is a non-empty list');
    expect(at(GATED.replace('"[in.length, units]"', '"[1, 2, 3, 4, 5]"'))).toContain('has 5 axes: a shape has 1 to 4');
    expect(at(GATED.replace('"[in.length, units]"', '"[in.length, 0]"'))).toContain('every size must be a whole number >= 1');
  });

  test('a syntax error is found when the spec is read, even in an op no layer uses', () => {
    const unused = GATED.replace('layers:\n  - gated_linear: {units: 256}', 'layers:\n  - relu').replace('2 * units if bias else 0', '2 * units if bias : 0');
    expect(at(unused)).toContain('g.yaml:6:5: gated_linear: the params formula');
  });

  test('names that clash: a built-in op, a block, the formulas\' own names, item args', () => {
    expect(at(GATED.replace('gated_linear:\n    args', 'dense:\n    args'))).toContain("g.yaml:3:3: ops: 'dense' is a built-in op");
    expect(at(`${GATED}blocks:\n  gated_linear: {layers: [relu]}\n`)).toContain("ops: 'gated_linear' is also a block");
    expect(at(GATED.replace('{units: null, bias: true}', '{units: null, out: 1}'))).toContain("an arg cannot be named 'out'");
    expect(at(GATED.replace('{units: null, bias: true}', '{units: null, repeat: 1}'))).toContain("an arg cannot be named 'repeat'");
  });

  test("a check's message, as docs/write-an-op.md shows it", () => {
    const lora = readFileSync('examples/user-op-lora.yaml', 'utf8').replace('rank: 16}', 'rank: 5000}');
    expect(errorOf(() => run(lora, { file: 'lora-5000.yaml' }))).toBe(
      'lora-5000.yaml:20:45: q_proj: rank 5000 is above min(4096, 4096): a low-rank adapter has rank at most that (input 128x4096)',
    );
  });

  test('a spec key the op schema does not know', () => {
    expect(at(GATED.replace('    buffers: "0"', '    buffer: "0"'))).toContain('buffer');
  });

  test('a backward factor other than 1 or 2 names both', () => {
    const bad = GATED.replace('    buffers: "0"\n', '    buffers: "0"\n    backward: {factor: 3}\n');
    expect(errorOf(() => run(bad))).toMatch(/backward\.factor: expected one of 1, 2, got 3$/);
  });
});

/**
 * The formulas `archcost ops --format json` prints, pasted into a spec's `ops:` with the op's
 * quantities (and, where the shape is code, the built-in's output shape as the shape), give the
 * built-in's numbers on every layer of the zoo and of a spec reaching every op.
 */
describe("the built-ins' own formulas, pasted into ops:, give their numbers", () => {
  const extra = readFileSync('specs/fixtures/every-op.yaml', 'utf8');
  const sources = [...readdirSync('examples/zoo').map((f) => readFileSync(`examples/zoo/${f}`, 'utf8')), extra];
  const infos = new Map(describeOps().map((op) => [op.name, op]));

  test('for every op whose quantities are formulas', () => {
    const checked = new Set<string>();
    const skipped = new Set<string>();
    const seen = new Set<string>();
    for (const text of sources) {
      const { graph } = analyzeWithGraph(text);
      const shapes = new Map(graph.inputs.map((t) => [t.id, t.shape]));
      for (const l of graph.layers) {
        const inputs = l.inputs.map((n) => shapes.get(n)!);
        shapes.set(l.name, l.outputShape);
        const info = infos.get(l.op)!;
        // The zoo repeats itself: each (op, args, input shapes) once.
        const key = JSON.stringify([l.op, l.args, inputs]);
        // An expert body's layers stand for several experts (graph.ts): the op is checked unscaled elsewhere.
        if (seen.has(key) || l.copies) continue;
        seen.add(key);
        if (info.quantities?.some((q) => q.formula === undefined)) {
          skipped.add(l.op);
          continue;
        }
        const copy = {
          // The layer's args as required ones; an optional arg it does not give reads None.
          args: Object.fromEntries(info.args.map((a) => [a.name, a.name in l.args ? null : 'None'])),
          quantities: Object.fromEntries((info.quantities ?? []).map((q) => [q.name, q.formula])),
          shape: info.shape ?? JSON.stringify(l.outputShape),
          ...info.formulas,
          merge: info.merge,
        };
        const names = inputs.map((_, i) => `x${i}`);
        const spec = {
          inputs: Object.fromEntries(inputs.map((s, i) => [names[i], s])),
          ops: { pasted: copy },
          layers: [{ pasted: { ...l.args, ...(inputs.length > 1 ? { from: names } : {}) } }],
        };
        const [pasted] = run(stringify(spec)).layers;
        expect({ layer: l.name, op: l.op, cost: [pasted.params, pasted.buffers, pasted.macs, pasted.flops], shape: pasted.outputShape }).toEqual({
          layer: l.name,
          op: l.op,
          cost: [l.cost.params, l.cost.buffers, l.cost.macs, l.cost.flops],
          shape: [...l.outputShape],
        });
        checked.add(l.op);
      }
    }
    // Every op but those with a quantity computed in code (adaptive pools' window sums) is checked.
    expect([...skipped].sort()).toEqual(['adaptiveavgpool', 'adaptivemaxpool']);
    const all = describeOps().filter((op) => !op.structural).map((op) => op.name);
    expect(all.filter((name) => !checked.has(name) && !skipped.has(name))).toEqual([]);
  });
});
