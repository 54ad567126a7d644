import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { explainSpec } from '../src/explore/explain.js';
import { EXACT, evaluate as evaluateExpr, formatValue, parseExpression } from '../src/expr/expr.js';
import { messages } from '../src/i18n/messages.js';
import { OPS } from '../src/ops/registry.js';
import type { Formula } from '../src/ops/types.js';
import { renderExplain } from '../src/report/explain.js';
import { cli } from './cli.js';
import { layer, run } from './helpers.js';

const INCEPTION_3A = readFileSync('examples/inception-3a.yaml', 'utf8');

describe('archcost explain', () => {
  test('a 1x1 conv: the issue example, 28·28·64·192 = 9,633,792 MACs', async () => {
    const r = await cli('explain', 'examples/inception-3a.yaml', '--layer', 'branch1x1', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(28 * 28 * 64 * 192).toBe(9_633_792);
    expect(r.stdout).toContain('MACs               out.positions · filters · (in.channels / groups) · kernel_size = 28·28 · 64 · (192 / 1) · 1 = 9,633,792');
    // 64·192 weights + 64 biases = 12,352
    expect(r.stdout).toContain('params             filters · (in.channels / groups) · kernel_size + filters = 64 · (192 / 1) · 1 + 64 = 12,352');
    expect(r.stdout).toContain('kernel_size = prod(per_axis(kernel, in.rank - 1)) = 1·1 = 1');
    // The bias adds one FLOP per output element: 2·9,633,792 + 28·28·64 = 19,317,760
    expect(r.stdout).toContain('FLOPs              2 · macs + out.elements = 2 · 9,633,792 + 28·28·64 = 19,317,760');
    expect(r.stdout).toContain("H' = floor((H + pad - k_h) / s_h) + 1 = floor((28 + 0 - 1) / 1) + 1 = 28");
    expect(r.stdout).toContain('a 1x1 window leaves the receptive field unchanged');
    expect(r.stdout).not.toContain('branch3x3');
  });

  test('copies of a repeated block the same as the one shown before are one line each run, by the copy count the scope records', () => {
    // torchvision's ResNet-50 stages have 3, 4, 6 and 3 bottlenecks; the first of each has the
    // downsample shortcut (and the stride), so it and the second are shown and the rest repeat the second.
    const lines = renderExplain(explainSpec(readFileSync('examples/zoo/resnet50.yaml', 'utf8')), messages('en')).split('\n');
    expect(lines.filter((l) => l.includes(': the same as '))).toEqual([
      'layer1.2: the same as layer1.1 (ops, args, shapes and counts)',
      'layer2.2, layer2.3: the same as layer2.1 (ops, args, shapes and counts)',
      'layer3.2 … layer3.5 (4): the same as layer3.1 (ops, args, shapes and counts)',
      'layer4.2: the same as layer4.1 (ops, args, shapes and counts)',
    ]);
    expect(lines).toContain('layer3.1.conv1 (conv): 14x14x1024 -> 14x14x256');
    expect(lines.some((l) => l.startsWith('layer3.2.'))).toBe(false);
    // Copies of a plain 1x1 conv fold into the first; copies whose filters read their index differ, and none folds.
    const copies = (filters: string) => renderExplain(explainSpec(`input: [8, 8, 4]\nlayers:\n  - conv: {filters: ${filters}, kernel: 1, repeat: 3}\n`), messages('en'));
    expect(copies('4')).toContain('conv_1.1, conv_1.2: the same as conv_1.0 (ops, args, shapes and counts)');
    expect(copies('"${4 * (i + 1)}"')).not.toContain('the same as');
  });

  test('Spanish', async () => {
    const r = await cli('explain', 'examples/inception-3a.yaml', '--layer', 'branch3x3', '--lang', 'es');
    // 28·28·128·(3·3·96) = 86,704,128
    expect(28 * 28 * 128 * 3 * 3 * 96).toBe(86_704_128);
    expect(r.stdout).toContain('capa branch3x3 (conv): 28x28x96 -> 28x28x128');
    expect(r.stdout).toContain('= 28·28 · 128 · (96 / 1) · 9 = 86.704.128');
    expect(r.stdout).toContain('el último eje (canales) de la entrada');
    expect(r.stdout).toContain("campo receptivo  r' = r + (k-1)·j = 1 + (3-1)·1 = 3 -> 3x3");
    expect(r.stdout).toContain('MACs (multiplicaciones-acumulaciones)');
  });

  test('--layer takes a block name; an unknown name suggests one', async () => {
    const block = explainSpec(readFileSync('examples/seed-bottleneck.yaml', 'utf8'), {}, 'spatial');
    expect(block.layers.map((l) => l.name)).toEqual(['spatial']);
    const r = await cli('explain', 'examples/inception-3a.yaml', '--layer', 'branch1x2');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("did you mean 'branch1x1'");
  });

  test('JSON: formulas as strings with exact integers', async () => {
    const r = await cli('explain', 'examples/seed-bottleneck.yaml', '--format', 'json');
    const data = JSON.parse(r.stdout);
    const spatial = data.layers.find((l: { name: string }) => l.name === 'spatial');
    expect(spatial.formulas.macs).toBe('out.positions · filters · (in.channels / groups) · kernel_size = 28·28 · 256 · (64 / 1) · 16 = 205520896');
    expect(spatial.formulas.terms).toEqual(['kernel_size = prod(per_axis(kernel, in.rank - 1)) = 4·4 = 16']);
    expect(spatial.formulas.shape).toEqual([
      "H' = floor((H + pad - k_h) / s_h) + 1 = floor((28 + 3 - 4) / 1) + 1 = 28", // same padding: 3 in all (1 before, 2 after)
      "W' = floor((W + pad - k_w) / s_w) + 1 = floor((28 + 3 - 4) / 1) + 1 = 28",
      "C' = filters = 256",
    ]);
    expect(spatial.macs).toBe(28 * 28 * 256 * 4 * 4 * 64); // 205,520,896
    expect(spatial.receptiveField).toEqual([4, 4]);
  });
});

/** Evaluates a formula's numbers: 28·28 · 64 · (1·1·192), floor(...), 2^3 (small test shapes only). */
function evaluate(f: Formula): number {
  const text = f.numbers.map(String).join('').replace(/·/g, '*').replace(/\^/g, '**').replace(/(floor|ceil)\(/g, 'Math.$1(');
  expect(text).toMatch(/^[\d\s+\-*/().Mathflorcei]*$/);
  return Function(`return (${text});`)() as number;
}

/** A rendered formula of literals, evaluated by the expression parser (integer division and lists included). */
function literalValue(text: string): string {
  return formatValue(evaluateExpr(parseExpression(text.replace(/·/g, '*')
    .replace(/\^/g, '**')), { lookup: () => undefined, names: () => [] }, EXACT));
}

describe('every op explains itself, and its formulas give its counts', () => {
  // Specs that reach every op between them: the torchvision zoo, the examples and the one below.
  const everyOp = readFileSync('specs/fixtures/every-op.yaml', 'utf8');
  const files = readdirSync('examples/zoo').map((f) => `examples/zoo/${f}`);
  const sources = [...files.map((f) => readFileSync(f, 'utf8')), INCEPTION_3A, everyOp];
  const explained = sources.flatMap((text) => explainSpec(text).layers);

  test('every op in the table has explain and is reached here', () => {
    expect(OPS.filter((op) => !op.explain).map((op) => op.name)).toEqual([]);
    const reached = new Set(explained.map((l) => l.op));
    expect(OPS.map((op) => op.name).filter((name) => !reached.has(name))).toEqual([]);
  });

  test('params, buffers, MACs and FLOPs formulas evaluate to the counts', () => {
    for (const l of explained) {
      const x = l.explanation!;
      const check = (f: Formula | undefined, value: bigint, what: string) => {
        if (!f) return expect({ layer: l.name, what, value }).toEqual({ layer: l.name, what, value: 0n });
        expect({ layer: l.name, what, value: evaluate(f) }).toEqual({ layer: l.name, what, value: Number(value) });
      };
      check(x.params, l.cost.params, 'params');
      check(x.buffers, l.cost.buffers, 'buffers');
      check(x.macs, l.cost.macs, 'macs');
      check(x.flops, l.cost.flops, 'flops');
      // Shape rules that are arithmetic (not `broadcast 28x28x72, 1x1x72`) give the output size.
      // Shape rules and quantities whose numbers are literals only (not `broadcast 28x28x72, 1x1x72`) give their value.
      for (const f of [...x.shape, ...(x.terms ?? [])]) {
        const text = f.numbers.map(String).join('');
        if (/^([\d\s+\-·/()^%<>=,[\]:]|floor|ceil|min|max|and|or|not|true|false|None)+$/.test(text)) expect(literalValue(text)).toBe(String(f.value));
      }
    }
  });

  test('"shape as the input" only where the output has the input shape', () => {
    const keptButChanged = explained.filter((l) => l.explanation!.shape.length === 0 && l.outputShape.join('x') !== l.inputShapes[0].join('x'));
    expect(keptButChanged.map((l) => `${l.op}: ${l.inputShapes[0].join('x')} -> ${l.outputShape.join('x')}`)).toEqual([]);
  });

  test('ops that drop, add or regroup axes say so: global pools, select, reshape, embedding', () => {
    const shapeLines = (text: string, name: string) => {
      const lines = renderExplain(explainSpec(text, {}, name), messages('en')).split('\n');
      return lines.filter((l) => /^ {2}(shape| {5})/.test(l) && !l.includes('no params')).map((l) => l.trim().replace(/^shape\s+/, ''));
    };
    // ResNet-18's avgpool: 7x7x512 -> 512, the spatial axes go
    expect(shapeLines(readFileSync('examples/zoo/resnet18.yaml', 'utf8'), 'avgpool')).toEqual(['[in.channels] = [512]']);
    expect(shapeLines('input: [64, 16]\nlayers: [{globalmaxpool: {name: p}}]\n', 'p')).toEqual(['[in.channels] = [16]']);
    expect(shapeLines('input: [4, 4, 8]\nlayers: [{globalavgpool: {name: p, keepdims: true}}]\n', 'p')).toEqual([
      '[1] * (in.rank - 1) + [in.channels] = [1] * (3 - 1) + [8] = [1, 1, 8]',
    ]);
    // 4·4·8 = 128 elements; -1 = 128 / (2·4) = 16
    expect(shapeLines('input: [4, 4, 8]\nlayers: [{reshape: {name: r, shape: [2, -1, 4]}}]\n', 'r')).toEqual([
      '[H, W, C] -> [2, -1, 4] = 4x4x8 -> 2x16x4',
      '-1 = H·W·C / (2·4) = 4·4·8 / (2·4) = 16',
    ]);
    expect(shapeLines('input: [5, 16]\nlayers: [{select: {name: s, index: 0}}]\n', 's')).toEqual(['[L, C] -> [C] = 5x16 -> 16']);
    expect(shapeLines('input: [7]\nlayers: [{embedding: {name: e, vocab: 100, dim: 8}}]\n', 'e')).toEqual(['[in.shape[0], dim] = [7, 8]']);
    // window_attention keeps the shape; its token count is a term of the counts, not a shape: 56/7 = 8, 8·8 windows of 49
    const attn = explainSpec('input: [56, 56, 96]\nlayers: [{window_attention: {name: a, heads: 3, window: 7}}]\n', {}, 'a').layers[0];
    expect(attn.explanation!.shape).toEqual([]);
    expect(attn.explanation!.terms!.find((f) => f.symbols.startsWith('T ='))?.value).toBe(3136n);
  });
});

describe('receptive field and cumulative stride', () => {
  test('AlexNet (torchvision), by hand: 11, 19, 51, 67, 99, 131, 163, 195', () => {
    const r = run(readFileSync('examples/zoo/alexnet.yaml', 'utf8'));
    // conv 11/4: r = 11, j = 4; pool 3/2: 11 + 2·4 = 19, j = 8; conv 5: 19 + 4·8 = 51;
    // pool: 51 + 2·8 = 67, j = 16; three 3x3 convs: 67 + 2·16 = 99, 131, 163; pool: 163 + 2·16 = 195, j = 32
    const at = (name: string) => [layer(r, name).receptiveField![0], layer(r, name).cumulativeStride![0]];
    expect(at('features.conv1')).toEqual([11, 4]);
    expect(at('features.pool1')).toEqual([19, 8]);
    expect(at('features.conv2')).toEqual([51, 8]);
    expect(at('features.pool2')).toEqual([67, 16]);
    expect(at('features.conv5')).toEqual([163, 16]);
    expect(at('features.pool5')).toEqual([195, 32]);
    // flatten mixes every position: the field is the whole 224x224 input from there on
    expect(layer(r, 'classifier.fc8').receptiveField).toEqual([224, 224]);
  });

  test('VGG-16: conv5_3 sees 196x196, pool5 212x212', () => {
    const r = run(readFileSync('examples/zoo/vgg16.yaml', 'utf8'));
    // five blocks of 3x3 convs (2, 2, 3, 3, 3) and 2x2/2 pools; each 3x3 adds 2·j:
    // 3, 5, pool 6 (j 2); 10, 14, pool 16 (j 4); 24, 32, 40, pool 44 (j 8); 60, 76, 92, pool 100 (j 16);
    // 132, 164, 196, pool 212 (j 32)
    expect(layer(r, 'features.block5.convs.2.conv_1').receptiveField).toEqual([196, 196]);
    expect(layer(r, 'features.block5.pool').receptiveField).toEqual([212, 212]);
    expect(layer(r, 'features.block5.pool').cumulativeStride).toEqual([32, 32]);
  });

  test('a 1x1 conv leaves it unchanged; a merge takes the max over its inputs', () => {
    const r = run(INCEPTION_3A);
    expect(layer(r, 'branch3x3_reduce').receptiveField).toEqual([1, 1]);
    expect(layer(r, 'branch5x5').receptiveField).toEqual([5, 5]);
    expect(layer(r, 'pool_proj').receptiveField).toEqual([3, 3]); // the 3x3 pool, then 1x1: still 3
    expect(layer(r, 'inception_3a').receptiveField).toEqual([5, 5]); // max(1, 3, 5, 3)
  });

  test('a merge whose inputs are each widest on another axis: the max axis by axis, from both', () => {
    // tall: a 7x1 kernel, r = [7, 1]; wide: 1x5 then 1x1, r = [1, 5]; neither holds the other
    const r = run(`input: [16, 16, 4]
layers:
  - add:
      name: both
      branches:
        - - conv: {name: tall, filters: 4, kernel: [7, 1], padding: [3, 0]}
        - - conv: {name: wide, filters: 4, kernel: [1, 5], padding: [0, 2]}
          - conv: {name: wider, filters: 4, kernel: 1}
`);
    expect(layer(r, 'tall').receptiveField).toEqual([7, 1]);
    expect(layer(r, 'wider').receptiveField).toEqual([1, 5]);
    expect(layer(r, 'both').receptiveField).toEqual([7, 5]);
    expect(layer(r, 'both').cumulativeStride).toEqual([1, 1]);
  });

  test('dilation, per-axis kernels, transposed convs and upsampling', () => {
    const r = run(`input: [32, 32, 4]
layers:
  - conv: {name: a, filters: 4, kernel: 3, dilation: 2, stride: 2}
  - conv: {name: b, filters: 4, kernel: [1, 7], padding: [0, 3]}
  - conv_transpose: {name: c, filters: 4, kernel: 4, stride: 2, padding: 1}
  - upsample: {name: d, scale: 2}
  - upsample: {name: e, scale: 2, mode: bilinear}
`);
    // a: 1 + 2·(3-1)·1 = 5, j 2; b: height 5 + 0 = 5, width 5 + 6·2 = 17
    expect(layer(r, 'a').receptiveField).toEqual([5, 5]);
    expect(layer(r, 'b').receptiveField).toEqual([5, 17]);
    // c: each output reads ceil((4-1+1)/2) = 2 inputs: r + (2-1)·2; j = 2/2 = 1
    expect(layer(r, 'c').receptiveField).toEqual([7, 19]);
    expect(layer(r, 'c').cumulativeStride).toEqual([1, 1]);
    // nearest copies one input (r kept), j halves; bilinear blends two: r + j
    expect(layer(r, 'd').receptiveField).toEqual([7, 19]);
    expect(layer(r, 'd').cumulativeStride).toEqual([0.5, 0.5]);
    expect(layer(r, 'e').receptiveField).toEqual([7.5, 19.5]);
  });

  test('not tracked after a reshape until a layer that sees everything; none for vector inputs', () => {
    const r = run(`input: [4, 4, 8]
layers:
  - reshape: {name: tokens, shape: [16, 8]}
  - dense: {name: proj, units: 8}
  - attention: {name: mix, heads: 2}
`);
    expect(layer(r, 'proj').receptiveField).toBeUndefined();
    expect(layer(r, 'mix').receptiveField).toEqual([4, 4]);
    expect(layer(run('input: [16]\nlayers: [{dense: {units: 4}}]\n'), 'dense_1').receptiveField).toBeUndefined();
  });

  test('the analyze table shows it', () => {
    const text = renderExplain(explainSpec(INCEPTION_3A, {}, 'inception_3a'), messages('en'));
    expect(text).toContain('receptive field    5x5 (the max over the inputs)');
  });
});
