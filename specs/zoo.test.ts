/**
 * The model zoo (issue 4) and the reference examples of issue 2 against published numbers.
 *
 * Every expected value below comes from a published source or from hand arithmetic written
 * out here, never from archcost's own output:
 * - torchvision's `num_params` and `_ops` (GMACs, shown as "GFLOPS" in its docs): the weights
 *   enums' `meta` in pytorch/vision `torchvision/models/*.py`, as collected in
 *   ../shared/reference-numbers.md. `_ops` counts multiply-accumulates of conv, linear and
 *   attention matmuls at batch 1 on the eval crop (224x224, inception_v3 299x299) — the same
 *   thing as archcost's `macs`, so `_ops` is checked as `totals.macs` rounded to the published
 *   3 decimals, and `num_params` as `totals.params` exactly.
 * - MobileNet v1: Howard et al., arXiv:1704.04861, Tables 4, 6 and 7.
 * - GoogLeNet: Szegedy et al., arXiv:1409.4842, Table 1.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type AnalyzeOptions, type LayerReport, type Report } from '../src/index.js';

const root = new URL('..', import.meta.url).pathname;

function load(path: string, options: AnalyzeOptions = {}): Report {
  return analyze(readFileSync(join(root, path), 'utf8'), { file: path, ...options });
}

/** `count / unit` rounded half up to `decimals` places, as a decimal string ("15.470"). */
function rounded(count: bigint, unit: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const q = (2n * count * scale + unit) / (2n * unit);
  if (decimals === 0) return q.toString();
  const digits = q.toString().padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

const G = 1_000_000_000n;
const M = 1_000_000n;

const sum = (layers: LayerReport[], field: 'params' | 'macs') => layers.reduce((s, l) => s + l[field], 0n);

/** The output of a block instance or sequence: the last layer inside its scope. */
function outputOf(report: Report, scope: string): number[] {
  const inside = report.layers.filter((l) => l.name.startsWith(`${scope}.`));
  if (inside.length === 0) throw new Error(`no layers under ${scope}`);
  return inside[inside.length - 1].outputShape;
}

function layer(report: Report, name: string): LayerReport {
  const hit = report.layers.find((l) => l.name === name);
  if (!hit) throw new Error(`no layer ${name}`);
  return hit;
}

// ---------------------------------------------------------------------------------------
// torchvision, reference-numbers.md: [model, num_params, _ops (GMACs)]
// ---------------------------------------------------------------------------------------

// inception_v3's published num_params (27,161,264) includes the auxiliary classifier, which
// the spec leaves out (eval mode; `_ops` 5.713 excludes it too). AuxLogits
// (torchvision/models/inception.py, InceptionAux(768, 1000)), by hand:
//   conv0: 1x1 768->128, no bias 98,304 + BatchNorm 2*128        =    98,560
//   conv1: 5x5 128->768, no bias 2,457,600 + BatchNorm 2*768     = 2,459,136
//   fc:    768*1000 + 1000                                       =   769,000
//                                                                  3,326,696
const INCEPTION_V3_AUX_PARAMS = 98_304n + 256n + 2_457_600n + 1_536n + 769_000n;

// Published figures shared with scripts/zoo-table.mjs (specs/fixtures/torchvision-published.json).
const PUBLISHED = JSON.parse(readFileSync(join(root, 'specs/fixtures/torchvision-published.json'), 'utf8')) as {
  models: { model: string; numParams: number; ops: string }[];
};
const TORCHVISION = PUBLISHED.models.map(({ model, numParams, ops }): [string, number, string] => [
  model,
  model === 'inception_v3' ? Number(BigInt(numParams) - INCEPTION_V3_AUX_PARAMS) : numParams,
  ops,
]);

describe('torchvision zoo: published num_params exactly, _ops to its decimals', () => {
  test('the aux-head arithmetic gives the published inception_v3 count without it', () => {
    expect(INCEPTION_V3_AUX_PARAMS).toBe(3_326_696n);
    expect(27_161_264n - INCEPTION_V3_AUX_PARAMS).toBe(23_834_568n);
  });

  test.each(TORCHVISION)('%s: %d params, %s GMACs', (model, numParams, ops) => {
    const report = load(`examples/zoo/${model}.yaml`);
    expect(report.totals.params).toBe(BigInt(numParams));
    expect(rounded(report.totals.macs, G, 3)).toBe(ops);
    expect(report.output.shape).toEqual([1000]);
  });

  // reference-numbers.md: "Derived exact conv+linear MAC counts reproduce `_ops` to all
  // printed decimals, e.g. vgg16 15,470,264,320; resnet18 1,814,073,344; resnet34 3,663,761,408."
  test.each([
    ['vgg16', 15_470_264_320],
    ['resnet18', 1_814_073_344],
    ['resnet34', 3_663_761_408],
  ] as const)('%s: exact MACs %d', (model, macs) => {
    expect(load(`examples/zoo/${model}.yaml`).totals.macs).toBe(BigInt(macs));
  });

  test.each(TORCHVISION.map(([model]) => model))('%s analyzes at batch 8 and in float16', (model) => {
    const base = load(`examples/zoo/${model}.yaml`);
    const batch8 = load(`examples/zoo/${model}.yaml`, { batch: 8 });
    expect(batch8.batch).toBe(8);
    expect(batch8.totals.params).toBe(base.totals.params); // batch never multiplies params
    expect(batch8.totals.macs).toBe(8n * base.totals.macs);
    const half = load(`examples/zoo/${model}.yaml`, { dtype: 'float16' });
    expect(half.dtype).toBe('float16');
    expect(half.totals.macs).toBe(base.totals.macs);
    expect(2n * half.totals.weightBytes).toBe(base.totals.weightBytes); // 2 bytes against 4
    expect(2n * half.totals.activationBytes).toBe(base.totals.activationBytes);
  });
});

describe('torchvision zoo: shapes where the rules are easy to get wrong', () => {
  test('swin_t: window attention counts QKᵀ and AV, as torchvision\'s 4.491 does', () => {
    const r = load('examples/zoo/swin_t.yaml');
    // stage 1, block 0: 56x56 tokens of C = 96 in 64 windows of N = 49; heads 3
    const T = 56n * 56n, C = 96n, windows = 64n, N = 49n;
    const attn = layer(r, 'features.stage1.blocks.0.attn');
    expect(attn.outputShape).toEqual([56, 56, 96]);
    expect(attn.macs).toBe(T * C * 3n * C + T * C * C + 2n * windows * N * N * C);
    // qkv and proj with bias + the (2*7-1)^2 x heads relative position bias table
    expect(attn.params).toBe(3n * C * C + 3n * C + C * C + C + 13n * 13n * 3n);
    // patch merging: 56x56x96 -> 28x28x384 -> LayerNorm -> 28x28x192, no bias
    expect(layer(r, 'features.merge1.reduction').outputShape).toEqual([28, 28, 192]);
    expect(layer(r, 'features.merge1.reduction').params).toBe(384n * 192n);
  });

  // Output shapes of torchvision's modules (channels-last here).
  test('googlenet: ceil_mode max pools (112 -> 56 -> 28 -> 14 -> 7)', () => {
    const r = load('examples/zoo/googlenet.yaml');
    expect(layer(r, 'maxpool1').outputShape).toEqual([56, 56, 64]);
    expect(layer(r, 'maxpool2').outputShape).toEqual([28, 28, 192]);
    expect(outputOf(r, 'inception3a')).toEqual([28, 28, 256]);
    expect(layer(r, 'maxpool3').outputShape).toEqual([14, 14, 480]);
    expect(layer(r, 'maxpool4').outputShape).toEqual([7, 7, 832]);
    expect(outputOf(r, 'inception5b')).toEqual([7, 7, 1024]);
  });

  test('inception_v3 at 299: 35x35x288, 17x17x768, 8x8x2048', () => {
    const r = load('examples/zoo/inception_v3.yaml');
    expect(layer(r, 'maxpool2').outputShape).toEqual([35, 35, 192]);
    expect(outputOf(r, 'Mixed_5d')).toEqual([35, 35, 288]);
    expect(outputOf(r, 'Mixed_6a')).toEqual([17, 17, 768]);
    expect(outputOf(r, 'Mixed_7a')).toEqual([8, 8, 1280]);
    expect(outputOf(r, 'Mixed_7c')).toEqual([8, 8, 2048]);
  });

  test('squeezenet1_0: 7x7/2 valid conv then ceil_mode pools (109, 54, 27, 13)', () => {
    const r = load('examples/zoo/squeezenet1_0.yaml');
    expect(layer(r, 'features.conv1').outputShape).toEqual([109, 109, 96]);
    expect(layer(r, 'features.maxpool1').outputShape).toEqual([54, 54, 96]);
    expect(layer(r, 'features.maxpool8').outputShape).toEqual([13, 13, 512]);
  });

  test('shufflenet_v2: a stride-1 unit splits 116 channels into 58 + 58', () => {
    const r = load('examples/zoo/shufflenet_v2_x1_0.yaml');
    expect(layer(r, 'stage2.1.branch1.split').outputShape).toEqual([28, 28, 58]);
    expect(layer(r, 'stage2.1.branch2.split').outputShape).toEqual([28, 28, 58]);
    expect(outputOf(r, 'stage4.3')).toEqual([7, 7, 464]);
  });

  test('resnet50: v1.5 puts the stride on the 3x3 conv', () => {
    const r = load('examples/zoo/resnet50.yaml');
    // layer2.0: 56x56x256 in; conv1 (1x1) keeps 56x56, conv2 (3x3, stride 2) gives 28x28
    expect(layer(r, 'layer2.0.conv1').outputShape).toEqual([56, 56, 128]);
    expect(layer(r, 'layer2.0.conv2').outputShape).toEqual([28, 28, 128]);
    // its MACs: 28*28*128 outputs * 128*3*3
    expect(layer(r, 'layer2.0.conv2').macs).toBe(28n * 28n * 128n * 128n * 9n);
  });
});

// ---------------------------------------------------------------------------------------
// The reference examples of issue 2
// ---------------------------------------------------------------------------------------

describe('exact MAC counts (reference-numbers.md: derived conv+linear counts)', () => {
  test.each([
    ['vgg16', 15_470_264_320n],
    ['resnet18', 1_814_073_344n],
    ['resnet34', 3_663_761_408n],
  ] as const)('examples/zoo/%s.yaml: %d MACs', (model, macs) => {
    expect(load(`examples/zoo/${model}.yaml`).totals.macs).toBe(macs);
  });
});

describe('examples/reduce-100x100x512.yaml: a 1x1 conv from 512 to 64 channels', () => {
  test('params and MACs by hand', () => {
    const r = load('examples/reduce-100x100x512.yaml');
    expect(r.output.shape).toEqual([100, 100, 64]);
    expect(r.totals.params).toBe(512n * 64n + 64n); // weights + bias = 32,832
    expect(r.totals.macs).toBe(100n * 100n * 64n * 512n); // 327,680,000
  });
});

describe('examples/inception-3a.yaml: GoogLeNet Table 1, inception (3a)', () => {
  // (#1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj) = (64, 96, 128, 16, 32, 32) on 28x28x192.
  // Weights by hand: 192*64 + 192*96 + 96*128*9 + 192*16 + 16*32*25 + 192*32 = 163,328;
  // biases 64+96+128+16+32+32 = 368. Table 1 counts weights only, in units of 1024: 159K
  // (163,328 / 1024 = 159.5). Every weight is used at each of the 28*28 output positions
  // (all convs keep 28x28), so MACs = 163,328 * 784 = 128,049,152: Table 1's 128M ops.
  const weights = 192n * 64n + 192n * 96n + 96n * 128n * 9n + 192n * 16n + 16n * 32n * 25n + 192n * 32n;
  const biases = 64n + 96n + 128n + 16n + 32n + 32n;

  test('output 28x28x256', () => {
    expect(load('examples/inception-3a.yaml').output.shape).toEqual([28, 28, 256]);
  });

  test('159K params (weights only, K = 1024)', () => {
    const r = load('examples/inception-3a.yaml');
    expect(r.totals.params).toBe(weights + biases);
    expect((r.totals.params - biases) / 1024n).toBe(159n);
  });

  test('128M ops', () => {
    const r = load('examples/inception-3a.yaml');
    expect(r.totals.macs).toBe(weights * 28n * 28n);
    expect(rounded(r.totals.macs, M, 0)).toBe('128');
  });
});

// ---------------------------------------------------------------------------------------
// MobileNet v1, arXiv:1704.04861
// ---------------------------------------------------------------------------------------

/**
 * MobileNet v1's counts under the paper's convention, by hand from its Table 1: conv weights
 * (no bias) times the output H x W, plus the 1024 x 1000 FC; params = conv weights + FC
 * weights + FC bias; channels int(alpha * c); every stride-2 layer gives ceil(in / 2) ('same'
 * padding). `separable: false` is Table 4's "Conv MobileNet": each dw + pw pair is one full
 * 3x3 conv.
 */
function mobilenetV1ByHand(alpha: number, resolution: number, separable = true) {
  const c = (n: number) => BigInt(Math.floor(alpha * n));
  // Table 1 after the first conv: (pointwise output channels, stride of the depthwise conv)
  const rows: [number, number][] = [
    [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
    [512, 1], [512, 1], [512, 1], [512, 1], [512, 1],
    [1024, 2], [1024, 1],
  ];
  let size = BigInt(Math.ceil(resolution / 2));
  let channels = c(32);
  let multAdds = size * size * 3n * 9n * channels;
  let params = 3n * 9n * channels;
  for (const [out, stride] of rows) {
    size = stride === 2 ? (size + 1n) / 2n : size;
    const o = c(out);
    const weights = separable ? channels * 9n + channels * o : channels * o * 9n;
    multAdds += size * size * weights;
    params += weights;
    channels = o;
  }
  return { multAdds: multAdds + channels * 1000n, params: params + channels * 1000n + 1000n };
}

describe('MobileNet v1 (examples/zoo/mobilenet_v1.yaml) under the paper convention', () => {
  // The paper's "Mult-Adds" are archcost's `macs` as they are: its convs have no bias (batch
  // norm follows each one) and the FC layer adds its 1024x1000 multiply-adds.
  // The paper's "Parameters" are conv weights + FC weights + FC bias: archcost's `params`
  // minus the batch norms' learnable scale and shift (2C per batchnorm layer), which the
  // paper does not count.
  const FILE = 'examples/zoo/mobilenet_v1.yaml';
  const paper = (r: Report) => {
    const bn = sum(
      r.layers.filter((l) => l.op === 'batchnorm'),
      'params',
    );
    return { multAdds: r.totals.macs, params: r.totals.params - bn };
  };
  const millions = (n: bigint, decimals: number) => rounded(n, M, decimals);

  // Table 6: width multiplier alpha at 224x224
  test.each([
    [1.0, '569', '4.2'],
    [0.75, '325', '2.6'],
    [0.5, '149', '1.3'],
    [0.25, '41', '0.5'],
  ] as const)('Table 6: alpha %d -> %s M mult-adds, %s M params', (alpha, multAdds, params) => {
    const p = paper(load(FILE, { vars: { alpha } }));
    expect(p).toEqual(mobilenetV1ByHand(alpha, 224));
    expect(millions(p.multAdds, 0)).toBe(multAdds);
    expect(millions(p.params, 1)).toBe(params);
  });

  // Table 7: the resolution var at alpha 1.0 (params do not change)
  test.each([
    [224, '569'],
    [192, '418'],
    [128, '186'],
  ] as const)('Table 7: resolution %d -> %s M mult-adds, 4.2 M params', (resolution, multAdds) => {
    const p = paper(load(FILE, { vars: { resolution } }));
    expect(p).toEqual(mobilenetV1ByHand(1, resolution));
    expect(millions(p.multAdds, 0)).toBe(multAdds);
    expect(millions(p.params, 1)).toBe('4.2');
  });

  test('Table 7: resolution 160 -> 290 M mult-adds (the paper truncates this row)', () => {
    const p = paper(load(FILE, { vars: { resolution: 160 } }));
    expect(p).toEqual(mobilenetV1ByHand(1, 160));
    // 290,675,200 = 290.68 M, printed as 290 where the 224 row's 568.74 M is printed as 569:
    // the paper's rows do not share one rounding rule (no constant FC term reconciles both
    // under round-to-nearest), so this row is checked truncated.
    expect(p.multAdds).toBe(290_675_200n);
    expect(p.multAdds / M).toBe(290n);
    expect(millions(p.params, 1)).toBe('4.2');
  });

  // Table 4: MobileNet 569 M / 4.2 M; "Conv MobileNet" 4866 M / 29.3 M.
  test('Table 4: MobileNet, 569 M mult-adds and 4.2 M params', () => {
    const p = paper(load(FILE));
    expect(p).toEqual(mobilenetV1ByHand(1, 224));
    expect(p).toEqual({ multAdds: 568_740_352n, params: 4_210_088n });
    expect(millions(p.multAdds, 0)).toBe('569');
    expect(millions(p.params, 1)).toBe('4.2');
  });

  test('Table 4: Conv MobileNet (separable=0), 29.3 M params, 4866 M mult-adds without the FC', () => {
    const r = load(FILE, { vars: { separable: 0 } });
    const p = paper(r);
    expect(p).toEqual(mobilenetV1ByHand(1, 224, false));
    expect(millions(p.params, 1)).toBe('29.3');
    // With the FC layer the count is 4,867,293,184 (4867 M); the paper's 4866 M is the conv
    // layers alone (4,866,269,184): its full-conv row appears to leave out the FC's
    // 1024*1000 = 1,024,000 mult-adds, which its MobileNet row includes (without them that
    // row would read 568, not 569).
    const fc = layer(r, 'fc').macs;
    expect(fc).toBe(1024n * 1000n);
    expect(p.multAdds).toBe(4_867_293_184n);
    expect(millions(p.multAdds - fc, 0)).toBe('4866');
  });
});

// ---------------------------------------------------------------------------------------
// docs/zoo.md (generated by scripts/zoo-table.mjs) must be current and truthful
// ---------------------------------------------------------------------------------------

describe('docs/zoo.md', () => {
  const doc = readFileSync(join(root, 'docs/zoo.md'), 'utf8');
  const rows = new Map(
    doc
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
      .map((cells) => [cells[0], cells] as const),
  );
  const grouped = (n: bigint | number) => BigInt(n).toLocaleString('en-US');

  test.each(TORCHVISION)('%s row shows the current counts, the published ones and "yes"', (model, numParams, ops) => {
    const report = load(`examples/zoo/${model}.yaml`);
    const cells = rows.get(model);
    expect(cells).toBeDefined();
    const [, , params, published, macs, gmacs, publishedOps, match] = cells!;
    expect(params).toBe(grouped(report.totals.params));
    expect(macs).toBe(grouped(report.totals.macs));
    expect(gmacs).toBe(rounded(report.totals.macs, G, 3));
    expect(published.replace(/ \(.*\)$/, '')).toBe(grouped(model === 'inception_v3' ? 27_161_264 : numParams));
    expect(publishedOps).toBe(ops);
    expect(match).toBe('yes');
  });

});
