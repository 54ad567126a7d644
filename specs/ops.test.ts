import { describe, expect, test } from '@jest/globals';
import { single } from './helpers.js';

// Every expected number below is hand arithmetic from the op's documented rule (docs/ops.md),
// written out so a reader can check it; none is taken from archcost's output.

describe('conv', () => {
  test('the seed 4x4 conv, 256 -> 256 on 28x28, same padding, no bias', () => {
    const l = single([28, 28, 256], 'conv: {filters: 256, kernel: 4, padding: same, bias: false}');
    expect(l.outputShape).toEqual([28, 28, 256]);
    expect(l.params).toBe(256n * 256n * 16n); // 1,048,576
    expect(l.macs).toBe(28n * 28n * 256n * (256n * 16n)); // 822,083,584
    expect(l.flops).toBe(2n * 822_083_584n);
  });

  test('ResNet stem: 7x7/2 pad 3 on 224x224x3, 64 filters, bias', () => {
    const l = single([224, 224, 3], 'conv: {filters: 64, kernel: 7, stride: 2, padding: 3}');
    // floor((224 + 6 - 7) / 2) + 1 = 112
    expect(l.outputShape).toEqual([112, 112, 64]);
    expect(l.params).toBe(64n * 3n * 49n + 64n); // 9,472
    expect(l.macs).toBe(112n * 112n * 64n * 147n); // 118,013,952
    expect(l.flops).toBe(2n * 118_013_952n + 112n * 112n * 64n);
  });

  test('same padding with stride 2 rounds the output up like TensorFlow', () => {
    // ceil(7 / 2) = 4; total pad = (4-1)*2 + 3 - 7 = 2
    expect(single([7, 7, 8], 'conv: {filters: 8, kernel: 3, stride: 2, padding: same}').outputShape).toEqual([4, 4, 8]);
    // ceil(8 / 2) = 4; total pad = (4-1)*2 + 3 - 8 = 1 (the odd pixel at the end)
    expect(single([8, 8, 8], 'conv: {filters: 8, kernel: 3, stride: 2, padding: same}').outputShape).toEqual([4, 4, 8]);
  });

  test('dilation and per-axis kernel and padding (Inception v3 1x7)', () => {
    const l = single([17, 17, 128], 'conv: {filters: 192, kernel: [1, 7], padding: [0, 3], bias: false}');
    expect(l.outputShape).toEqual([17, 17, 192]);
    expect(l.params).toBe(192n * 128n * 7n);
    const d = single([32, 32, 4], 'conv: {filters: 4, kernel: 3, dilation: 2}');
    // span = 2*(3-1)+1 = 5; 32 - 5 + 1 = 28
    expect(d.outputShape).toEqual([28, 28, 4]);
  });

  test('groups divide channels and weights', () => {
    const l = single([56, 56, 128], 'conv: {filters: 128, kernel: 3, padding: 1, groups: 32, bias: false}');
    expect(l.params).toBe(128n * (128n / 32n) * 9n); // 4,608
    expect(l.macs).toBe(56n * 56n * 128n * 4n * 9n);
  });

  test('1-D and 3-D convs follow the input rank', () => {
    const c1 = single([100, 16], 'conv: {filters: 32, kernel: 5}');
    expect(c1.outputShape).toEqual([96, 32]);
    expect(c1.macs).toBe(96n * 32n * 16n * 5n);
    const c3 = single([16, 112, 112, 3], 'conv: {filters: 64, kernel: 3, padding: 1, bias: false}');
    expect(c3.outputShape).toEqual([16, 112, 112, 64]);
    expect(c3.params).toBe(64n * 3n * 27n);
    expect(c3.macs).toBe(16n * 112n * 112n * 64n * 81n);
  });

  test('asymmetric [before, after] padding pairs', () => {
    // ZeroPad2d((0,1,0,1)) then 3x3/2 as in TF ports: (224 + 1 - 3) / 2 + 1 = 112
    expect(single([224, 224, 3], 'conv: {filters: 8, kernel: 3, stride: 2, padding: [[0, 1], [0, 1]]}').outputShape).toEqual([112, 112, 8]);
  });
});

describe('depthwise, separable, transposed', () => {
  test('depthwise 3x3 on 112x112x32 (MobileNet v1 conv dw / s1)', () => {
    const l = single([112, 112, 32], 'depthwise: {kernel: 3, padding: 1, bias: false}');
    expect(l.outputShape).toEqual([112, 112, 32]);
    expect(l.params).toBe(32n * 9n);
    expect(l.macs).toBe(112n * 112n * 32n * 9n); // 3,612,672 as in the MobileNet paper's Table 1 arithmetic
  });

  test('depthwise multiplier', () => {
    const l = single([10, 10, 4], 'depthwise: {kernel: 3, multiplier: 2}');
    expect(l.outputShape).toEqual([8, 8, 8]);
    expect(l.params).toBe(8n * 9n + 8n);
  });

  test('separable = depthwise without bias + 1x1 with bias', () => {
    const l = single([32, 32, 16], 'separable: {filters: 32, kernel: 3, padding: same}');
    expect(l.outputShape).toEqual([32, 32, 32]);
    expect(l.params).toBe(16n * 9n + 16n * 32n + 32n);
    expect(l.macs).toBe(32n * 32n * 16n * 9n + 32n * 32n * 16n * 32n);
    expect(l.flops).toBe(2n * l.macs + 32n * 32n * 32n);
  });

  test('conv_transpose doubles a 7x7 map (DCGAN-style 4x4/2 pad 1)', () => {
    const l = single([7, 7, 128], 'conv_transpose: {filters: 64, kernel: 4, stride: 2, padding: 1}');
    // (7-1)*2 - 2 + (4-1) + 0 + 1 = 14
    expect(l.outputShape).toEqual([14, 14, 64]);
    expect(l.params).toBe(128n * 64n * 16n + 64n);
    expect(l.macs).toBe(7n * 7n * 128n * 64n * 16n);
    expect(single([7, 7, 8], 'conv_transpose: {filters: 4, kernel: 3, stride: 2, padding: same}').outputShape).toEqual([14, 14, 4]);
    expect(single([7, 7, 8], 'conv_transpose: {filters: 4, kernel: 3, stride: 2, padding: 1, output_padding: 1}').outputShape).toEqual([14, 14, 4]);
  });
});

describe('dense, attention, embeddings', () => {
  test('dense on a vector and on a sequence', () => {
    const fc = single([4096], 'dense: {units: 1000}');
    expect(fc.params).toBe(4096n * 1000n + 1000n); // VGG-16's last layer: 4,097,000
    expect(fc.macs).toBe(4_096_000n);
    const seq = single([197, 768], 'linear: {units: 3072}');
    expect(seq.outputShape).toEqual([197, 3072]);
    expect(seq.macs).toBe(197n * 768n * 3072n);
    expect(seq.op).toBe('dense');
  });

  test('attention: ViT-B/16 block attention on 197 tokens of 768', () => {
    const l = single([197, 768], 'attention: {heads: 12}');
    expect(l.params).toBe(4n * 768n * 768n + 4n * 768n); // 2,362,368 = nn.MultiheadAttention(768, 12)
    expect(l.macs).toBe(4n * 197n * 768n * 768n + 2n * 197n * 197n * 768n);
    expect(l.flops).toBe(2n * l.macs + 4n * 197n * 768n + 6n * 12n * 197n * 197n);
  });

  test('embedding, class token, position embedding, select', () => {
    expect(single([128], 'embedding: {vocab: 30522, dim: 768}').params).toBe(30522n * 768n);
    expect(single([196, 768], 'learned_token').outputShape).toEqual([197, 768]);
    expect(single([196, 768], 'learned_token').params).toBe(768n);
    expect(single([197, 768], 'position_embedding').params).toBe(197n * 768n);
    expect(single([197, 768], 'select: {index: 0}').outputShape).toEqual([768]);
  });
});

describe('pooling', () => {
  test('maxpool 3x3/2 pad 1 on 112x112 (ResNet stem)', () => {
    const l = single([112, 112, 64], 'maxpool: {kernel: 3, stride: 2, padding: 1}');
    expect(l.outputShape).toEqual([56, 56, 64]);
    expect(l.flops).toBe(56n * 56n * 64n * 9n);
    expect(l.macs).toBe(0n);
  });

  test('ceil_mode as in PyTorch (GoogLeNet pools)', () => {
    // (112 - 3) / 2 = 54.5 -> ceil 55, + 1 = 56; floor would give 55
    expect(single([112, 112, 64], 'maxpool: {kernel: 3, stride: 2, ceil_mode: true}').outputShape).toEqual([56, 56, 64]);
    expect(single([112, 112, 64], 'maxpool: {kernel: 3, stride: 2}').outputShape).toEqual([55, 55, 64]);
    // 14x14, 2/2 ceil: 7 exactly (the last window must start inside the input)
    expect(single([14, 14, 8], 'maxpool: {kernel: 2, stride: 2, ceil_mode: true}').outputShape).toEqual([7, 7, 8]);
  });

  test('stride defaults to the kernel', () => {
    expect(single([224, 224, 64], 'avgpool: {kernel: 2}').outputShape).toEqual([112, 112, 64]);
  });

  test('global pools', () => {
    const g = single([7, 7, 2048], 'globalavgpool');
    expect(g.outputShape).toEqual([2048]);
    expect(g.flops).toBe(7n * 7n * 2048n);
    expect(single([7, 7, 2048], 'globalmaxpool: {keepdims: true}').outputShape).toEqual([1, 1, 2048]);
  });

  test('adaptive pool windows follow PyTorch', () => {
    // 7 -> 3: windows [0,3) [2,5) [4,7): lengths 3+3+3 = 9 per axis; 9*9*C reads
    const l = single([7, 7, 2], 'adaptiveavgpool: {output: 3}');
    expect(l.outputShape).toEqual([3, 3, 2]);
    expect(l.flops).toBe(9n * 9n * 2n);
    expect(single([13, 13, 512], 'adaptiveavgpool: {output: [6, 6]}').outputShape).toEqual([6, 6, 512]);
  });
});

describe('normalisation and elementwise ops', () => {
  test('batchnorm: 2C params, 2C buffers, 2 flops per element', () => {
    const l = single([56, 56, 64], 'batchnorm');
    expect([l.params, l.buffers]).toEqual([128n, 128n]);
    expect(l.flops).toBe(2n * 56n * 56n * 64n);
  });

  test('layernorm and groupnorm: 2C params, 7 flops per element', () => {
    const ln = single([197, 768], 'layernorm');
    expect(ln.params).toBe(1536n);
    expect(ln.flops).toBe(7n * 197n * 768n);
    expect(single([8, 8, 32], 'groupnorm: {groups: 8}').params).toBe(64n);
  });

  test('activations cost their documented flops per element and keep the shape', () => {
    const n = 10n * 10n * 8n;
    const perElement: [string, bigint][] = [
      ['relu', 1n], ['relu6', 2n], ['leakyrelu', 2n], ['elu', 4n], ['gelu', 5n], ['sigmoid', 4n],
      ['hardsigmoid', 4n], ['tanh', 1n], ['silu', 5n], ['swish', 5n], ['hardswish', 5n], ['mish', 5n],
      ['softmax', 5n], ['prelu', 2n],
    ];
    for (const [op, k] of perElement) {
      const l = single([10, 10, 8], op);
      expect([op, l.outputShape, l.flops]).toEqual([op, [10, 10, 8], k * n]);
    }
    expect(single([10, 10, 8], 'prelu').params).toBe(8n);
    expect(single([10, 10, 8], 'scale').params).toBe(8n);
    expect(single([10, 10, 8], 'lrn').flops).toBe(9n * n); // size 5 + 4
  });
});

describe('shape-only ops', () => {
  test('flatten, reshape, pad, upsample, slice, channel_shuffle, dropout, identity', () => {
    expect(single([7, 7, 512], 'flatten').outputShape).toEqual([25088]);
    expect(single([7, 7, 512], 'reshape: {shape: [49, -1]}').outputShape).toEqual([49, 512]);
    expect(single([28, 28, 3], 'pad: {padding: 2}').outputShape).toEqual([32, 32, 3]);
    expect(single([28, 28, 3], 'pad: {padding: [[0, 1], [2, 3]]}').outputShape).toEqual([29, 33, 3]);
    expect(single([14, 14, 8], 'upsample: {scale: 2}').outputShape).toEqual([28, 28, 8]);
    expect(single([14, 14, 8], 'upsample: {scale: 2, mode: bilinear}').flops).toBe(7n * 28n * 28n * 8n);
    expect(single([28, 28, 116], 'slice: {start: 58, end: 116}').outputShape).toEqual([28, 28, 58]);
    expect(single([28, 28, 116], 'slice: {start: 0, end: -58}').outputShape).toEqual([28, 28, 58]);
    expect(single([28, 28, 116], 'channel_shuffle: {groups: 2}').outputShape).toEqual([28, 28, 116]);
    for (const op of ['dropout', 'identity', 'flatten']) {
      const l = single([4, 4, 2], op);
      expect([l.params, l.macs, l.flops]).toEqual([0n, 0n, 0n]);
    }
  });
});

describe('swin ops', () => {
  test('window_attention: swin_t stage 1 block (56x56x96, 3 heads, window 7)', () => {
    const l = single([56, 56, 96], 'window_attention: {heads: 3, window: 7}');
    // qkv 3·96·96 + 3·96 = 27,936; proj 96·96 + 96 = 9,312; bias table 13·13·3 = 507 -> 37,755,
    // as torchvision's features.1.0.attn.
    expect(l.params).toBe(37_755n);
    expect(l.buffers).toBe(49n * 49n); // relative_position_index
    // 64 windows of 49 tokens: T = 3136. 4·3136·96² + 2·64·49²·96
    expect(l.macs).toBe(4n * 3136n * 96n * 96n + 2n * 64n * 2401n * 96n);
  });

  test('window_attention pads to whole windows and drops a shift the window covers', () => {
    // 7x7 map, window 7: one window, the shift is dropped (torchvision stage 4)
    const l = single([7, 7, 768], 'window_attention: {heads: 24, window: 7, shift: 3}');
    const scores = 24n * 49n * 49n;
    const macs = 4n * 49n * 768n * 768n + 2n * 49n * 49n * 768n;
    expect(l.flops).toBe(2n * macs + 4n * 49n * 768n + 49n * 768n + 6n * scores);
    // 10x10 map, window 7: padded to 14x14, 4 windows of 49 tokens
    expect(single([10, 10, 32], 'window_attention: {heads: 4, window: 7}').macs).toBe(4n * 196n * 32n * 32n + 2n * 4n * 49n * 49n * 32n);
  });

  test('space_to_depth (patch merging gather) and stochastic_depth', () => {
    expect(single([56, 56, 96], 'space_to_depth: {block: 2}').outputShape).toEqual([28, 28, 384]);
    expect(single([7, 7, 8], 'space_to_depth: {block: 2, pad: true}').outputShape).toEqual([4, 4, 32]);
    expect(single([8, 8, 4], 'stochastic_depth: {rate: 0.1}').flops).toBe(0n);
  });
});

describe('archcost ops lists sequence, a built-in of the contract (section 3), in every format', () => {
  test('table, JSON (in ops, with its required layers) and Markdown', async () => {
    const { cli } = await import('./cli.js');
    const table = (await cli('ops')).stdout;
    expect(table).toMatch(/│ sequence +│ layers\* +│ Applies its `layers` list in order/);
    expect(table.match(/│ sequence /g)).toHaveLength(1);
    const json = JSON.parse((await cli('ops', '--format', 'json')).stdout);
    const sequence = json.ops.find((op: { name: string }) => op.name === 'sequence');
    expect(sequence).toMatchObject({ name: 'sequence', structural: true, args: [{ name: 'layers', required: true }] });
    expect(json.items.map((i: { name: string }) => i.name)).toEqual(['sequence', '<block>']);
    expect((await cli('ops', '--format', 'markdown')).stdout).toContain('## `sequence`\n');
  });
});
