import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { withCompat } from '../src/counting/compat.js';
import { analyze, type Report } from '../src/index.js';
import { run } from './helpers.js';

const root = new URL('..', import.meta.url).pathname;
const zoo = (model: string, input?: number[]): Report => {
  const file = `examples/zoo/${model}.yaml`;
  return analyze(readFileSync(root + file, 'utf8'), { file, input });
};
const giga = (n: bigint, digits: number) => Number((Number(n) / 1e9).toFixed(digits));

// ResNet-18 at 224x224, batch 1, by hand (torchvision/models/resnet.py). Element counts:
// conv1 output 112·112·64 = 802,816; layer1 56·56·64 = 200,704; layer2 28·28·128 = 100,352;
// layer3 14·14·256 = 50,176; layer4 7·7·512 = 25,088.
const RESNET18 = {
  // reference-numbers.md: derived exact conv + linear MACs reproducing torchvision's 1.814 GMACs
  macs: 1_814_073_344n,
  fcMacs: 512n * 1000n,
  // BatchNorm inputs: bn1 802,816 + layer1 4·200,704 + layer2 5·100,352 + layer3 5·50,176 + layer4 5·25,088
  bnElements: 802_816n + 4n * 200_704n + 5n * 100_352n + 5n * 50_176n + 5n * 25_088n,
  // ReLU calls: the stem, then 2 per BasicBlock (its ReLU module runs twice), 2 blocks per stage
  reluElements: 802_816n + 4n * 200_704n + 4n * 100_352n + 4n * 50_176n + 4n * 25_088n,
  maxpoolInput: 802_816n,
  avgpoolInput: 25_088n,
};

describe('ptflops (ptflops/pytorch_ops.py, MODULES_MAPPING)', () => {
  test('resnet18 by its hooks: conv/linear MACs + fc bias + BN 2/element + ReLU + pooling inputs', () => {
    expect(RESNET18.bnElements).toBe(2_483_712n);
    expect(RESNET18.reluElements).toBe(2_308_096n);
    const expected = RESNET18.macs + 1000n + 2n * RESNET18.bnElements + RESNET18.reluElements + RESNET18.maxpoolInput + RESNET18.avgpoolInput;
    expect(expected).toBe(1_822_177_768n);
    expect(withCompat(zoo('resnet18'), 'ptflops').totals.macs).toBe(expected);
  });

  // The README's torchvision benchmark table, MACs(G) at 224x224 (inception_v3 too, without aux head).
  test.each([
    ['alexnet', 0.72],
    ['vgg11', 7.63],
    ['vgg16', 15.5],
    ['vgg16_bn', 15.53],
    ['resnet18', 1.82],
    ['resnet34', 3.68],
    ['resnet50', 4.12],
    ['resnet101', 7.85],
    ['resnet152', 11.58],
    ['squeezenet1_0', 0.83],
    ['inception_v3', 2.85],
  ])('%s: %s GMac as in the ptflops README', (model, gmac) => {
    const report = withCompat(zoo(model, model === 'inception_v3' ? [224, 224, 3] : undefined), 'ptflops');
    expect(giga(report.totals.macs, 2)).toBe(gmac);
    expect(report.totals.flops).toBe(2n * report.totals.macs);
  });

  test('LayerNorm has no `affine` attribute (1 per element); GroupNorm does (2)', () => {
    const report = withCompat(run('input: [4, 8]\nlayers:\n  - layernorm\n  - groupnorm: {groups: 2}\n'), 'ptflops');
    expect(report.layers.map((l) => l.macs)).toEqual([32n, 64n]);
  });

  test('linear bias counted once per output feature, conv bias once per output element', () => {
    const report = withCompat(run('input: [4, 4, 3]\nlayers:\n  - conv: {filters: 2, kernel: 1}\n  - flatten\n  - dense: {units: 5}\n'), 'ptflops');
    // conv: 16 positions · 2 filters · 3 = 96 MACs + 32 bias adds; dense: 32 · 5 = 160 MACs + 5
    expect(report.layers.map((l) => l.macs)).toEqual([128n, 0n, 165n]);
  });

  test('a transposed conv counts weights x output positions, as conv_flops_counter_hook does', () => {
    const report = withCompat(run('input: [2, 2, 4]\nlayers:\n  - conv_transpose: {filters: 3, kernel: 2, stride: 2, bias: false}\n'), 'ptflops');
    // weights 4·3·2·2 = 48, output 4x4 = 16 positions
    expect(report.layers[0].macs).toBe(48n * 16n);
  });

  test('MultiheadAttention by multihead_attention_counter_hook', () => {
    const report = withCompat(run('input: [4, 8]\nlayers:\n  - attention: {heads: 2}\n'), 'ptflops');
    // L=4, C=8, H=2: q scaling L·C 32 + q,k,v 3·L·C² 768 + in-proj bias 3·L·C 96
    // + heads·(QKᵀ L²·C/H 64 + softmax L² 16 + AV 64) 288 + out projection L·C·(C+1) 288
    expect(report.layers[0].macs).toBe(32n + 768n + 96n + 288n + 288n);
  });
});

describe('fvcore (fvcore/nn/flop_count.py defaults, jit_handles.py; eval mode)', () => {
  test('resnet18: conv + linear MACs (no bias) + batch_norm 2/element + adaptive_avg_pool2d input', () => {
    const expected = RESNET18.macs + 2n * RESNET18.bnElements + RESNET18.avgpoolInput;
    const report = withCompat(zoo('resnet18'), 'fvcore');
    expect(report.totals.macs).toBe(expected);
    expect(report.totals.flops).toBe(expected); // one "flop" per multiply-add
  });

  test('layer and group norm count 5 per element; ReLU, max pooling and adds nothing', () => {
    const report = withCompat(run('input: [4, 8]\nlayers:\n  - layernorm\n  - relu\n  - add: {branches: [[], [relu]]}\n'), 'fvcore');
    expect(report.layers.map((l) => l.macs)).toEqual([160n, 0n, 0n, 0n]);
  });
});

describe('torchinfo (torchinfo/layer_info.py calculate_macs; model_statistics.py sizes)', () => {
  test('resnet152 at 1x3x224x224 reproduces the README summary', () => {
    const report = withCompat(zoo('resnet152'), 'torchinfo');
    const f = report.compat!.figures;
    const mb = (n: bigint) => Number((Number(n) / 1e6).toFixed(2));
    expect(giga(f.totalMultAdds, 2)).toBe(11.51);
    expect(mb(f.inputBytes)).toBe(0.6);
    expect(mb(f.forwardBackwardBytes)).toBe(360.87);
    expect(mb(f.paramsBytes)).toBe(240.77);
    expect(mb(f.estimatedTotalBytes)).toBe(602.25);
    // exact parts: input 3·224·224·4; params 60,192,808 · 4 (torchvision num_params)
    expect(f.inputBytes).toBe(602_112n);
    expect(f.paramsBytes).toBe(60_192_808n * 4n);
  });

  test('resnet18: conv weights x positions, + batch x params for BN and Linear', () => {
    // BN params 2·C per layer: bn1 64, layer1 4·64, layer2 5·128, layer3 5·256, layer4 5·512 channels
    const bnParams = 2n * (64n + 4n * 64n + 5n * 128n + 5n * 256n + 5n * 512n);
    const fc = 512n * 1000n + 1000n;
    const expected = RESNET18.macs - RESNET18.fcMacs + bnParams + fc;
    expect(withCompat(zoo('resnet18'), 'torchinfo').totals.macs).toBe(expected);
  });
});

describe('darknet (AlexeyAB/darknet l.bflops: convolutional 2·nweights·out_h·out_w, maxpool size²·c·out_h·out_w, shortcut out elements)', () => {
  test('resnet18: 2 x conv MACs + the max pool + the residual adds, the dense layer not counted', () => {
    const report = withCompat(zoo('resnet18'), 'darknet');
    const maxpool = 56n * 56n * 64n * 9n; // 3x3 windows over 56x56x64 outputs
    const adds = 2n * (56n * 56n * 64n + 28n * 28n * 128n + 14n * 14n * 256n + 7n * 7n * 512n); // two blocks per stage
    expect(report.totals.flops).toBe(2n * (RESNET18.macs - RESNET18.fcMacs) + maxpool + adds);
    expect(report.totals.flops).toBe(3_629_681_664n);
    expect(report.totals.macs).toBe(RESNET18.macs - RESNET18.fcMacs);
  });
});

describe('every preset', () => {
  test.each(['ptflops', 'fvcore', 'torchinfo', 'darknet'] as const)('%s changes MACs and FLOPs only, and says so', (preset) => {
    const base = zoo('resnet18');
    const report = withCompat(base, preset);
    expect(report.conventions.preset).toBe(preset);
    expect(report.totals.params).toBe(base.totals.params);
    expect(report.totals.peakActivationBytes).toBe(base.totals.peakActivationBytes);
    expect(report.totals.macs).toBe(report.layers.reduce((s, l) => s + l.macs, 0n));
  });

  test('the training FLOPs follow the preset: forward is its FLOPs, backward its op factor times each layer', () => {
    const spec = `input: [8, 8, 4]
layers:
  - conv: {filters: 8, kernel: 3, padding: same, bias: false}
  - batchnorm
  - relu
  - globalavgpool
  - dense: {units: 10}
`;
    const report = withCompat(run(spec, { batch: 2, training: { optimizer: 'sgd' } }), 'fvcore');
    // fvcore, per sample: conv 8·8·8·(3·3·4) = 18,432; batch_norm 2·(8·8·8) = 1,024; relu 0;
    // adaptive_avg_pool2d 8·8·8 = 512; linear 8·10 = 80 (no bias): 20,048
    // backward: 2x for conv and dense (36,864 + 160), 1x for the rest (1,024 + 512): 38,560
    expect(report.totals.flops).toBe(2n * 20_048n);
    expect(report.totals.training).toMatchObject({ forwardFlops: 2n * 20_048n, backwardFlops: 2n * 38_560n, flops: 2n * 58_608n });
    expect(report.layers.map((l) => l.training!.backwardFlops)).toEqual([2n * 36_864n, 2n * 1_024n, 0n, 2n * 512n, 2n * 160n]);
  });

  test('the train FLOPs line says which preset counted it', async () => {
    const { cli } = await import('./cli.js');
    const out = (await cli('analyze', 'examples/zoo/resnet18.yaml', '--training', '--compat', 'fvcore', '--lang', 'en')).stdout;
    // fvcore's ResNet-18 forward, 1,819,065,856 (docs/conventions.md), is the forward of the training line
    expect(out).toContain('FLOPs        1,819,065,856 (1.82 G)');
    expect(out).toMatch(/train FLOPs {2}[\d,]+ \([\d.]+ G\) = forward 1\.82 G \+ backward [\d.]+ G per step, counted as fvcore/);
  });

  test('archcost leaves the report as it is', () => {
    const base = zoo('resnet18');
    expect(withCompat(base, 'archcost')).toBe(base);
  });
});

describe('docs/conventions.md', () => {
  test('its ResNet-18 table shows what each preset counts', () => {
    const doc = readFileSync(root + 'docs/conventions.md', 'utf8');
    const grouped = (n: bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    for (const preset of ['archcost', 'ptflops', 'fvcore', 'torchinfo', 'darknet'] as const) {
      const { macs, flops } = withCompat(zoo('resnet18'), preset).totals;
      const row = doc.split('\n').find((line) => line.startsWith(`| ${preset === 'archcost' ? 'archcost (default)' : `\`${preset}\``} |`));
      expect(row).toContain(`| ${grouped(macs)} | ${grouped(flops)} |`);
    }
  });
});
