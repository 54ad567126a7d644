import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Report } from '../src/index.js';
import { importModel } from '../src/importers/import-model.js';
import { errorOf, layer } from './helpers.js';
import { onnxBytes, oneNode, type ModelSpec } from './onnx-builder.js';

const root = join(import.meta.dirname, '..');
// Torch exports, with the three given with the issue (../shared/fixtures/onnx) copied in so a clean clone has them.
const OURS = join(root, 'specs/fixtures/importers');

const imported = (bytes: Uint8Array, input?: number[]) => importModel(bytes, 'onnx', { file: 'test.onnx', input });
const report = (bytes: Uint8Array, input?: number[]): Report => analyze(imported(bytes, input).spec, { file: 'test.onnx' });
const fixture = (dir: string, name: string) => report(readFileSync(join(dir, `${name}.onnx`)));

const importFails = (bytes: Uint8Array) => errorOf(() => imported(bytes));

const G = 1_000_000_000n;
/** GMACs to 3 decimals, rounded half up, as torchvision prints _ops. */
const gmacs = (macs: bigint) => (Number((macs * 1000n + G / 2n) / G) / 1000).toFixed(3);

describe('torchvision exports (export_params=False, BN kept): published num_params and _ops', () => {
  // reference-numbers.md: resnet18 11,689,512 params, 1,814,073,344 MACs exactly; squeezenet1_0 1,248,424 and 0.819.
  // Buffers: BatchNorm running mean and variance, 2 per channel (torch's num_batches_tracked is not a tensor of the model's size).
  test('resnet18: 11,689,512 params, 9,600 buffers, 1,814,073,344 MACs', () => {
    const r = fixture(OURS, 'resnet18');
    expect(r.totals.params).toBe(11_689_512n);
    // BN channels: bn1 64, layer1 4x64, layer2 4x128 + downsample 128, layer3 4x256 + 256, layer4 4x512 + 512 = 4,800.
    expect(r.totals.buffers).toBe(2n * (64n + 4n * 64n + 5n * 128n + 5n * 256n + 5n * 512n));
    expect(r.totals.macs).toBe(1_814_073_344n);
    expect(r.output.shape).toEqual([1000]);
  });

  test('squeezenet1_0: 1,248,424 params, 0.819 GMACs, no buffers', () => {
    const r = fixture(OURS, 'squeezenet1_0');
    expect(r.totals.params).toBe(1_248_424n);
    expect(r.totals.buffers).toBe(0n);
    expect(gmacs(r.totals.macs)).toBe('0.819');
  });

  // Published: 3,504,872 params, 0.301 GMACs; 300,774,272 counted with conv and linear forward hooks on torchvision 0.14.
  test('mobilenet_v2: 3,504,872 params, 300,774,272 MACs (0.301 G)', () => {
    const r = fixture(OURS, 'mobilenet_v2');
    expect(r.totals.params).toBe(3_504_872n);
    expect(r.totals.buffers).toBe(34_112n);
    expect(r.totals.macs).toBe(300_774_272n);
    expect(gmacs(r.totals.macs)).toBe('0.301');
  });

  test.each([
    ['alexnet', 61_100_840n, '0.714'],
    ['googlenet', 6_624_904n, '1.498'],
    ['shufflenet_v2_x1_0', 2_278_604n, '0.145'],
    ['mobilenet_v3_large', 5_483_032n, '0.217'],
    // torchvision EfficientNet_B0_Weights meta: num_params 5,288,548, _ops 0.386.
    ['efficientnet_b0', 5_288_548n, '0.386'],
  ] as const)('%s: %d params, %s GMACs', (model, params, ops) => {
    const r = fixture(OURS, model);
    expect(r.totals.params).toBe(params);
    expect(gmacs(r.totals.macs)).toBe(ops);
  });

  test('layer names are the PyTorch module names', () => {
    const resnet = fixture(OURS, 'resnet18');
    for (const name of ['conv1', 'bn1', 'layer1.0.conv1', 'layer1.0.add', 'layer2.0.downsample.0', 'layer2.0.downsample.1', 'fc']) layer(resnet, name);
    const mobilenet = fixture(OURS, 'mobilenet_v2');
    for (const name of ['features.0.0', 'features.1.conv.0.0', 'features.3.add', 'classifier.1']) layer(mobilenet, name);
    expect(layer(fixture(OURS, 'squeezenet1_0'), 'features.3.expand3x3').outputShape).toEqual([54, 54, 64]);
  });

  test('the same counts as the hand-written zoo spec, layer by layer (resnet18)', () => {
    const onnx = fixture(OURS, 'resnet18');
    const zoo = analyze(readFileSync(join(root, 'examples/zoo/resnet18.yaml'), 'utf8'));
    expect(onnx.totals.flops).toBe(zoo.totals.flops);
    expect(onnx.totals.peakActivationBytes).toBe(zoo.totals.peakActivationBytes);
    expect(layer(onnx, 'layer3.0.conv2').macs).toBe(layer(zoo, 'layer3.0.conv2').macs);
  });
});

describe('weights as initializers (export_params=True) and as graph inputs', () => {
  const conv = (asInputs: boolean): ModelSpec => ({
    inputs: [{ name: 'image', dims: [1, 3, 8, 8] }],
    ...(asInputs
      ? { weights: [{ name: 'w', dims: [4, 3, 3, 3] }, { name: 'b', dims: [4] }] }
      : { initializers: [{ name: 'w', dims: [4, 3, 3, 3] }, { name: 'b', dims: [4] }] }),
    nodes: [{ op: 'Conv', name: 'conv', inputs: ['image', 'w', 'b'], outputs: ['y'], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } }],
    outputs: [{ name: 'y', dims: [1, 4, 8, 8] }],
  });

  test.each([false, true])('weights as graph inputs: %s', (asInputs) => {
    const r = report(onnxBytes(conv(asInputs)));
    expect(r.inputs).toEqual([{ name: 'image', shape: [8, 8, 3] }]);
    const c = layer(r, 'conv');
    expect(c.params).toBe(4n * 3n * 9n + 4n);
    expect(c.macs).toBe(8n * 8n * 4n * 3n * 9n);
    expect(c.outputShape).toEqual([8, 8, 4]);
  });

  test('a batch of 2 in the file becomes the spec batch', () => {
    const spec = conv(false);
    spec.inputs[0].dims = [2, 3, 8, 8];
    spec.outputs[0].dims = [2, 4, 8, 8];
    const r = report(onnxBytes(spec));
    expect(r.batch).toBe(2);
    expect(r.totals.macs).toBe(2n * 8n * 8n * 4n * 3n * 9n);
  });

  test('a stated output shape that disagrees with archcost is an error, not a silent difference', () => {
    const spec = conv(false);
    spec.outputs[0].dims = [1, 4, 6, 6];
    expect(importFails(onnxBytes(spec))).toMatch(/gives output 'y' the shape \[1, 4, 6, 6\], archcost computes \[1, 4, 8, 8\]/);
  });

  test('symbolic sizes need --input; the batch may be symbolic', () => {
    const spec = conv(false);
    spec.inputs[0].dims = ['N', 3, 'H', 'W'];
    spec.outputs[0].dims = undefined;
    expect(importFails(onnxBytes(spec))).toMatch(/input 'image' has a symbolic size 'H' on axis 2; give the size with --input/);
    expect(layer(report(onnxBytes(spec), [16, 16, 3]), 'conv').outputShape).toEqual([16, 16, 4]);
  });
});

const w = (name: string, dims: number[], values?: number[]) => ({ name, dims, values });
const i64 = (name: string, values: number[]) => ({ name, dims: [values.length], values, int64: true });

describe('each mapped operator', () => {
  test('Conv: groups, dilation, uneven pads, auto_pad, no bias', () => {
    const grouped = layer(report(oneNode('Conv', [1, 8, 10, 10], { weights: [w('w', [8, 2, 3, 3])], attrs: { group: 4, dilations: [2, 2], pads: [0, 1, 2, 1] } })), 'conv');
    // out = (10 + pads - 2·(3-1) - 1) / 1 + 1: height 10 + 2 - 5 + 1 = 8, width 10 + 2 - 5 + 1 = 8
    expect(grouped.outputShape).toEqual([8, 8, 8]);
    expect(grouped.params).toBe(8n * 2n * 9n);
    expect(grouped.macs).toBe(8n * 8n * 8n * 2n * 9n);
    const same = layer(report(oneNode('Conv', [1, 3, 7, 7], { weights: [w('w', [4, 3, 3, 3])], attrs: { strides: [2, 2], auto_pad: 'SAME_UPPER' } })), 'conv');
    expect(same.outputShape).toEqual([4, 4, 4]); // ceil(7 / 2)
    const lower = layer(report(oneNode('Conv', [1, 3, 6, 6], { weights: [w('w', [4, 3, 2, 2])], attrs: { auto_pad: 'SAME_LOWER' } })), 'conv');
    expect(lower.outputShape).toEqual([6, 6, 4]);
    const valid = layer(report(oneNode('Conv', [1, 3, 6, 6], { weights: [w('w', [4, 3, 3, 3])], attrs: { auto_pad: 'VALID' } })), 'conv');
    expect(valid.outputShape).toEqual([4, 4, 4]);
  });

  test('Conv 1-D on (N, C, L) and depthwise', () => {
    const oneD = layer(report(oneNode('Conv', [1, 4, 20], { weights: [w('w', [6, 4, 5]), w('b', [6])] })), 'conv');
    expect(oneD.outputShape).toEqual([16, 6]);
    expect(oneD.params).toBe(6n * 4n * 5n + 6n);
    const depthwise = layer(report(oneNode('Conv', [1, 16, 8, 8], { weights: [w('w', [16, 1, 3, 3])], attrs: { group: 16, pads: [1, 1, 1, 1] } })), 'conv');
    expect(depthwise.params).toBe(16n * 9n);
  });

  test('ConvTranspose: (in-1)·s - pads + k + output_padding', () => {
    const t = layer(report(oneNode('ConvTranspose', [1, 8, 5, 5], { weights: [w('w', [8, 4, 3, 3]), w('b', [4])], attrs: { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] } })), 'convtranspose');
    expect(t.outputShape).toEqual([10, 10, 4]); // (5-1)·2 - 2 + 3 + 1
    expect(t.params).toBe(8n * 4n * 9n + 4n);
    expect(t.macs).toBe(5n * 5n * 8n * 4n * 9n); // every input position spreads over the kernel
  });

  test('Gemm with transB, and a bias', () => {
    const fc = layer(report(oneNode('Gemm', [1, 32], { weights: [w('w', [10, 32]), w('b', [10])], attrs: { transB: 1 } })), 'gemm');
    expect(fc.op).toBe('dense');
    expect(fc.params).toBe(32n * 10n + 10n);
    expect(fc.macs).toBe(320n);
  });

  test('MatMul with a weight and the Add of its bias is one dense layer (PyTorch Linear on [N, L, C])', () => {
    const bytes = onnxBytes({
      inputs: [{ name: 'x', dims: [1, 6, 16] }],
      initializers: [w('W', [16, 24]), w('B', [24])],
      nodes: [
        { op: 'MatMul', name: '/fc/MatMul', inputs: ['x', 'W'], outputs: ['m'] },
        { op: 'Add', name: '/fc/Add', inputs: ['B', 'm'], outputs: ['y'] },
      ],
      outputs: [{ name: 'y' }],
    });
    const r = report(bytes);
    expect(r.layers.map((l) => [l.name, l.op])).toEqual([['fc', 'dense']]);
    expect(r.layers[0].params).toBe(16n * 24n + 24n);
    expect(r.layers[0].macs).toBe(6n * 16n * 24n);
    expect(r.layers[0].outputShape).toEqual([6, 24]);
  });

  test('BatchNormalization: scale and bias are params, mean and variance buffers', () => {
    const bn = layer(report(oneNode('BatchNormalization', [1, 8, 4, 4], { weights: [w('s', [8]), w('b', [8]), w('m', [8]), w('v', [8])] })), 'batchnormalization');
    expect([bn.params, bn.buffers]).toEqual([16n, 16n]);
  });

  test('InstanceNormalization, GroupNormalization and LayerNormalization', () => {
    const inst = layer(report(oneNode('InstanceNormalization', [1, 8, 4, 4], { weights: [w('s', [8]), w('b', [8])] })), 'instancenormalization');
    expect([inst.op, inst.params]).toEqual(['groupnorm', 16n]);
    const group = layer(report(oneNode('GroupNormalization', [1, 8, 4, 4], { weights: [w('s', [8]), w('b', [8])], attrs: { num_groups: 2 }, opset: 18 })), 'groupnormalization');
    expect([group.op, group.params]).toEqual(['groupnorm', 16n]);
    const ln = layer(report(oneNode('LayerNormalization', [1, 5, 12], { weights: [w('s', [12]), w('b', [12])], opset: 17 })), 'layernormalization');
    expect([ln.op, ln.params, ln.outputShape]).toEqual(['layernorm', 24n, [5, 12]]);
    expect(importFails(oneNode('LayerNormalization', [1, 5, 12], { weights: [w('s', [12])], opset: 17 }))).toMatch(/no bias B/);
  });

  test.each([
    ['Relu', {}, 'relu'],
    ['Sigmoid', {}, 'sigmoid'],
    ['Tanh', {}, 'tanh'],
    ['HardSigmoid', { alpha: 0.2 }, 'hardsigmoid'],
    ['HardSwish', {}, 'hardswish'],
    ['LeakyRelu', { alpha: 0.1 }, 'leakyrelu'],
    ['Elu', { alpha: 1.0 }, 'elu'],
  ] as const)('%s (%j) is archcost %s', (op, attrs, archcost) => {
    const r = report(oneNode(op, [1, 4, 3, 3], { attrs: attrs as Record<string, number>, opset: 14 }));
    expect(r.layers[0].op).toBe(archcost);
    expect(r.layers[0].outputShape).toEqual([3, 3, 4]);
  });

  test('Clip: [0, 6] is relu6, [0, inf) relu, anything else an error', () => {
    const clip = (min: number, max?: number) =>
      onnxBytes({
        inputs: [{ name: 'x', dims: [1, 4, 2, 2] }],
        initializers: [{ name: 'lo', dims: [], values: [min] }, ...(max === undefined ? [] : [{ name: 'hi', dims: [], values: [max] }])],
        nodes: [{ op: 'Clip', name: 'clip', inputs: ['x', 'lo', ...(max === undefined ? [] : ['hi'])], outputs: ['y'] }],
        outputs: [{ name: 'y' }],
      });
    expect(report(clip(0, 6)).layers[0].op).toBe('relu6');
    expect(report(clip(0)).layers[0].op).toBe('relu');
    expect(importFails(clip(-1, 1))).toMatch(/Clip to \[-1, 1\] has no archcost op/);
  });

  test('PRelu: one slope per channel', () => {
    expect(layer(report(oneNode('PRelu', [1, 6, 3, 3], { weights: [w('slope', [6, 1, 1])] })), 'prelu').params).toBe(6n);
  });

  test('MaxPool with ceil_mode, AveragePool (ONNX strides default to 1)', () => {
    const max = layer(report(oneNode('MaxPool', [1, 4, 112, 112], { attrs: { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 } })), 'maxpool');
    expect(max.outputShape).toEqual([56, 56, 4]); // ceil((112 - 3) / 2) + 1; floor would give 55
    const avg = layer(report(oneNode('AveragePool', [1, 4, 6, 6], { attrs: { kernel_shape: [3, 3] } })), 'averagepool');
    expect(avg.outputShape).toEqual([4, 4, 4]);
    expect(avg.flops).toBe(4n * 4n * 4n * 9n);
  });

  test('GlobalAveragePool keeps 1x1 spatial axes, then Flatten', () => {
    const r = report(
      onnxBytes({
        inputs: [{ name: 'x', dims: [1, 8, 5, 5] }],
        nodes: [
          { op: 'GlobalAveragePool', name: 'gap', inputs: ['x'], outputs: ['p'] },
          { op: 'Flatten', name: 'flat', inputs: ['p'], outputs: ['y'] },
        ],
        outputs: [{ name: 'y', dims: [1, 8] }],
      }),
    );
    expect(r.layers.map((l) => [l.op, l.outputShape])).toEqual([['globalavgpool', [1, 1, 8]], ['flatten', [8]]]);
  });

  test('ReduceMean over the spatial axes is globalavgpool', () => {
    const r = report(oneNode('ReduceMean', [1, 8, 5, 5], { attrs: { axes: [2, 3], keepdims: 0 } }));
    expect(r.layers[0].op).toBe('globalavgpool');
    expect(r.layers[0].outputShape).toEqual([8]);
  });

  test('an axes entry out of range stops the import, in ONNX numbering (it used to read past the dims)', () => {
    expect(importFails(oneNode('ReduceMean', [1, 8, 5, 5], { attrs: { axes: [2, 7], keepdims: 0 } }))).toMatch(/axes entry 7 is out of range for rank 4/);
    // Unsqueeze to rank 3 (opset 11 keeps axes as an attribute): axis 9 names no axis of the result.
    expect(importFails(oneNode('Unsqueeze', [1, 8], { attrs: { axes: [9] }, opset: 11 }))).toMatch(/axes entry 9 is out of range for rank 3/);
    expect(importFails(oneNode('Squeeze', [1, 8, 1], { attrs: { axes: [-4] }, opset: 11 }))).toMatch(/axes entry -4 is out of range for rank 3/);
  });

  test('Concat on channels, Add and Mul of computed tensors (squeeze-excite broadcast)', () => {
    const r = report(
      onnxBytes({
        inputs: [{ name: 'x', dims: [1, 4, 6, 6] }],
        nodes: [
          { op: 'Relu', name: 'a', inputs: ['x'], outputs: ['a'] },
          { op: 'Sigmoid', name: 'b', inputs: ['x'], outputs: ['b'] },
          { op: 'Concat', name: 'cat', inputs: ['a', 'b'], outputs: ['c'], attrs: { axis: 1 } },
          { op: 'GlobalAveragePool', name: 'squeeze', inputs: ['c'], outputs: ['s'] },
          { op: 'Mul', name: 'excite', inputs: ['c', 's'], outputs: ['m'] },
          { op: 'Add', name: 'residual', inputs: ['m', 'c'], outputs: ['y'] },
        ],
        outputs: [{ name: 'y', dims: [1, 8, 6, 6] }],
      }),
    );
    expect(layer(r, 'cat').outputShape).toEqual([6, 6, 8]);
    expect(layer(r, 'excite').inputs).toEqual(['cat', 'squeeze']);
    expect(layer(r, 'excite').flops).toBe(6n * 6n * 8n);
    expect(layer(r, 'residual').op).toBe('add');
  });

  test('Reshape from a constant shape, and from the Shape / Gather / Concat arithmetic PyTorch exports', () => {
    const constant = report(
      onnxBytes({
        inputs: [{ name: 'x', dims: [1, 4, 3, 3] }],
        initializers: [i64('shape', [1, -1]), w('W', [36, 5]), w('B', [5])],
        nodes: [
          { op: 'Reshape', name: 'view', inputs: ['x', 'shape'], outputs: ['f'] },
          { op: 'Gemm', name: 'fc', inputs: ['f', 'W', 'B'], outputs: ['y'] },
        ],
        outputs: [{ name: 'y' }],
      }),
    );
    expect(constant.layers.map((l) => l.op)).toEqual(['flatten', 'dense']);
    expect(layer(constant, 'fc').params).toBe(36n * 5n + 5n);
    const computed = report(
      onnxBytes({
        inputs: [{ name: 'x', dims: [1, 4, 3, 3] }],
        initializers: [i64('zero', [0]), i64('minus', [-1])],
        nodes: [
          { op: 'Shape', name: 'shape', inputs: ['x'], outputs: ['s'] },
          { op: 'Gather', name: 'batch', inputs: ['s', 'zero'], outputs: ['n'], attrs: { axis: 0 } },
          { op: 'Concat', name: 'dims', inputs: ['n', 'minus'], outputs: ['d'], attrs: { axis: 0 } },
          { op: 'Reshape', name: 'view', inputs: ['x', 'd'], outputs: ['y'] },
        ],
        outputs: [{ name: 'y', dims: [1, 36] }],
      }),
    );
    expect(computed.layers.map((l) => [l.name, l.op, l.outputShape])).toEqual([['view', 'flatten', [36]]]);
  });

  test('Transpose changes only the layout: a vision transformer patch embedding reads as [L, C]', () => {
    const r = report(
      onnxBytes({
        inputs: [{ name: 'x', dims: [1, 3, 32, 32] }],
        initializers: [w('pw', [64, 3, 16, 16]), w('pb', [64]), i64('shape', [1, 64, 4]), w('g', [64]), w('b', [64])],
        nodes: [
          { op: 'Conv', name: 'patch', inputs: ['x', 'pw', 'pb'], outputs: ['p'], attrs: { kernel_shape: [16, 16], strides: [16, 16] } },
          { op: 'Reshape', name: 'tokens', inputs: ['p', 'shape'], outputs: ['t'] },
          { op: 'Transpose', name: 'swap', inputs: ['t'], outputs: ['u'], attrs: { perm: [0, 2, 1] } },
          { op: 'LayerNormalization', name: 'norm', inputs: ['u', 'g', 'b'], outputs: ['y'], attrs: { axis: -1 } },
        ],
        outputs: [{ name: 'y', dims: [1, 4, 64] }],
        opset: 17,
      }),
    );
    // The conv's [2, 2, 64] map becomes 4 tokens of 64 channels; the Transpose adds no layer.
    expect(r.layers.map((l) => [l.name, l.op, l.outputShape])).toEqual([
      ['patch', 'conv', [2, 2, 64]],
      ['tokens', 'reshape', [4, 64]],
      ['norm', 'layernorm', [4, 64]],
    ]);
  });

  test('Pad, Resize (scales or sizes), Softmax on channels', () => {
    const padded = report(oneNode('Pad', [1, 2, 4, 4], { weights: [i64('pads', [0, 0, 1, 2, 0, 0, 1, 2])] }));
    expect(padded.layers[0].outputShape).toEqual([6, 8, 2]);
    const scales = onnxBytes({
      inputs: [{ name: 'x', dims: [1, 2, 4, 4] }],
      initializers: [w('scales', [4], [1, 1, 2, 2])],
      nodes: [{ op: 'Resize', name: 'up', inputs: ['x', '', 'scales'], outputs: ['y'], attrs: { mode: 'linear' } }],
      outputs: [{ name: 'y' }],
    });
    const up = layer(report(scales), 'up');
    expect([up.op, up.outputShape]).toEqual(['upsample', [8, 8, 2]]);
    expect(up.flops).toBe(7n * 8n * 8n * 2n); // bilinear: 4 multiplies + 3 adds per output element
    const sizes = onnxBytes({
      inputs: [{ name: 'x', dims: [1, 2, 4, 4] }],
      initializers: [i64('sizes', [1, 2, 12, 12])],
      nodes: [{ op: 'Resize', name: 'up', inputs: ['x', '', '', 'sizes'], outputs: ['y'] }],
      outputs: [{ name: 'y' }],
    });
    expect(layer(report(sizes), 'up').outputShape).toEqual([12, 12, 2]);
    const soft = report(oneNode('Softmax', [1, 10, 2, 2], { attrs: { axis: 1 } }));
    expect(soft.layers[0].op).toBe('softmax');
  });

  test('Split, Slice and Gather of one index on computed tensors', () => {
    const split = report(
      onnxBytes({
        inputs: [{ name: 'x', dims: [1, 6, 4, 4] }],
        initializers: [i64('sizes', [2, 4])],
        nodes: [
          { op: 'Split', name: 'split', inputs: ['x', 'sizes'], outputs: ['a', 'b'], attrs: { axis: 1 } },
          { op: 'Concat', name: 'join', inputs: ['b', 'a'], outputs: ['y'], attrs: { axis: 1 } },
        ],
        outputs: [{ name: 'y' }],
      }),
    );
    expect(split.layers.map((l) => [l.name, l.outputShape])).toEqual([['split_0', [4, 4, 2]], ['split_1', [4, 4, 4]], ['join', [4, 4, 6]]]);
    const token = report(
      onnxBytes({
        inputs: [{ name: 'x', dims: [1, 5, 8] }],
        initializers: [{ name: 'i', dims: [], values: [0], int64: true }],
        nodes: [{ op: 'Gather', name: 'cls', inputs: ['x', 'i'], outputs: ['y'], attrs: { axis: 1 } }],
        outputs: [{ name: 'y', dims: [1, 8] }],
      }),
    );
    expect(token.layers.map((l) => [l.op, l.outputShape])).toEqual([['select', [8]]]);
  });

  test('Gather from a learned table by token ids is an embedding', () => {
    const r = report(
      onnxBytes({
        inputs: [{ name: 'ids', dims: [1, 7], type: 7 }],
        initializers: [w('table', [100, 16])],
        nodes: [{ op: 'Gather', name: 'embed', inputs: ['table', 'ids'], outputs: ['y'] }],
        outputs: [{ name: 'y', dims: [1, 7, 16] }],
      }),
    );
    expect(r.layers.map((l) => [l.op, l.params, l.outputShape])).toEqual([['embedding', 1600n, [7, 16]]]);
  });

  test('Mul by a learned [C] is a layer scale; Add of a learned [1, L, C] a position embedding', () => {
    const scaled = report(oneNode('Mul', [1, 5, 8], { weights: [w('gamma', [8])] }));
    expect(scaled.layers.map((l) => [l.op, l.params])).toEqual([['scale', 8n]]);
    const positions = report(oneNode('Add', [1, 5, 8], { weights: [w('pos', [1, 5, 8])] }));
    expect(positions.layers.map((l) => [l.op, l.params])).toEqual([['position_embedding', 40n]]);
  });

  test('what archcost has no built-in for is defined in the spec\'s ops: section: attention written out in MatMuls', () => {
    // One head of self-attention on [N, L, C] = [1, 6, 8]: scores Q Kᵀ / sqrt(C), softmax, times V.
    const bytes = onnxBytes({
      inputs: [{ name: 'x', dims: [1, 6, 8] }],
      initializers: [{ name: 'scale', dims: [], values: [Math.sqrt(8)] }],
      nodes: [
        { op: 'Transpose', name: 'kt', inputs: ['x'], outputs: ['t'], attrs: { perm: [0, 2, 1] } },
        { op: 'MatMul', name: 'scores', inputs: ['x', 't'], outputs: ['s'] },
        { op: 'Div', name: 'scaled', inputs: ['s', 'scale'], outputs: ['d'] },
        { op: 'Softmax', name: 'probs', inputs: ['d'], outputs: ['p'], attrs: { axis: -1 } },
        { op: 'MatMul', name: 'mix', inputs: ['p', 'x'], outputs: ['y'] },
      ],
      outputs: [{ name: 'y', dims: [1, 6, 8] }],
    });
    const { spec } = imported(bytes);
    expect(Object.keys(spec.ops ?? {})).toEqual(['matmul', 'elementwise']);
    const r = analyze(spec);
    expect(r.layers.map((l) => [l.name, l.op, l.outputShape])).toEqual([
      ['scores_layout', 'reshape', [8, 6]], // Kᵀ laid out as ONNX has it, for the product
      ['scores', 'matmul', [6, 6]],
      ['scaled', 'elementwise', [6, 6]],
      ['probs', 'softmax', [6, 6]],
      ['mix', 'matmul', [6, 8]],
    ]);
    expect(layer(r, 'scores').macs).toBe(6n * 6n * 8n); // L·L·C
    expect(layer(r, 'mix').macs).toBe(6n * 8n * 6n); // L·C·L
    expect(layer(r, 'scaled').flops).toBe(36n);
  });

  test('LayerNormalization written out (before opset 17): ReduceMean, Sub, Pow, Sqrt, Div, and a learned scale and bias', () => {
    const bytes = onnxBytes({
      inputs: [{ name: 'x', dims: [1, 5, 4] }],
      initializers: [{ name: 'two', dims: [], values: [2] }, { name: 'eps', dims: [], values: [1e-5] }, w('gamma', [4]), w('beta', [4])],
      nodes: [
        { op: 'ReduceMean', name: 'mean', inputs: ['x'], outputs: ['m'], attrs: { axes: [-1] } },
        { op: 'Sub', name: 'centre', inputs: ['x', 'm'], outputs: ['c'] },
        { op: 'Pow', name: 'square', inputs: ['c', 'two'], outputs: ['q'] },
        { op: 'ReduceMean', name: 'var', inputs: ['q'], outputs: ['v'], attrs: { axes: [-1] } },
        { op: 'Add', name: 'eps', inputs: ['v', 'eps'], outputs: ['e'] },
        { op: 'Sqrt', name: 'std', inputs: ['e'], outputs: ['s'] },
        { op: 'Div', name: 'norm', inputs: ['c', 's'], outputs: ['n'] },
        { op: 'Mul', name: 'gamma', inputs: ['n', 'gamma'], outputs: ['g'] },
        { op: 'Add', name: 'beta', inputs: ['g', 'beta'], outputs: ['y'] },
      ],
      outputs: [{ name: 'y', dims: [1, 5, 4] }],
    });
    const r = analyze(imported(bytes).spec);
    expect(r.layers.map((l) => l.op)).toEqual(['reduce_mean', 'add', 'elementwise', 'reduce_mean', 'elementwise', 'elementwise', 'multiply', 'scale', 'bias']);
    expect(r.totals.params).toBe(8n); // gamma and beta, as LayerNorm's 2·C
    expect(layer(r, 'mean').outputShape).toEqual([5, 1]);
    expect(layer(r, 'mean').flops).toBe(20n);
  });

  test('ViT\'s class token: a learned [1, 1, C] expanded over the batch and put before the tokens is a learned_token', () => {
    const bytes = onnxBytes({
      inputs: [{ name: 'x', dims: [1, 4, 8] }],
      weights: [{ name: 'class_token', dims: [1, 1, 8] }],
      initializers: [i64('shape', [1, -1, -1]), i64('minus', [-1, -1, -1]), i64('ones', [1, 1, 1])],
      nodes: [
        { op: 'Equal', name: 'is_free', inputs: ['shape', 'minus'], outputs: ['f'] },
        { op: 'Where', name: 'sizes', inputs: ['f', 'ones', 'shape'], outputs: ['z'] },
        { op: 'Expand', name: 'batch_class_token', inputs: ['class_token', 'z'], outputs: ['t'] },
        { op: 'Concat', name: 'tokens', inputs: ['t', 'x'], outputs: ['y'], attrs: { axis: 1 } },
      ],
      outputs: [{ name: 'y', dims: [1, 5, 8] }],
    });
    const r = report(bytes);
    expect(r.layers.map((l) => [l.op, l.params, l.outputShape])).toEqual([['learned_token', 8n, [5, 8]]]);
  });

  test('Dropout, Identity and Cast', () => {
    const r = report(
      onnxBytes({
        inputs: [{ name: 'x', dims: [1, 4] }],
        nodes: [
          { op: 'Identity', name: 'same', inputs: ['x'], outputs: ['a'] },
          { op: 'Cast', name: 'cast', inputs: ['a'], outputs: ['b'], attrs: { to: 1 } },
          { op: 'Dropout', name: 'drop', inputs: ['b'], outputs: ['y'] },
        ],
        outputs: [{ name: 'y' }],
      }),
    );
    expect(r.layers.map((l) => l.op)).toEqual(['dropout']);
  });
});

describe('what the importer refuses, with the node that caused it', () => {
  test('every unsupported operator type is listed with its nodes, not counted as zero', () => {
    const bytes = onnxBytes({
      inputs: [{ name: 'x', dims: [1, 4, 8] }],
      nodes: [
        { op: 'Scan', name: '/rnn/Scan', inputs: ['x'], outputs: ['a'] },
        { op: 'Einsum', name: '/attn/Einsum', inputs: ['a'], outputs: ['b'] },
        { op: 'Einsum', name: '/attn/Einsum_1', inputs: ['b'], outputs: ['c'] },
        { op: 'FusedConv', name: 'fused', domain: 'com.microsoft', inputs: ['c'], outputs: ['y'] },
      ],
      outputs: [{ name: 'y' }],
    });
    expect(importFails(bytes)).toBe(
      "test.onnx: ONNX: 3 operator types have no archcost mapping: Scan (1 node: '/rnn/Scan'); Einsum (2 nodes: '/attn/Einsum', '/attn/Einsum_1'); com.microsoft.FusedConv (1 node: 'fused'). docs/importers/onnx.md lists the supported operators",
    );
  });

  test('a transpose that moves the batch axis (PyTorch\'s nn.MultiheadAttention works on [L, N, C]) is refused where a non-recurrent node reads it', () => {
    const bytes = onnxBytes({
      inputs: [{ name: 'x', dims: [1, 4, 8] }],
      nodes: [
        { op: 'Transpose', name: 't', inputs: ['x'], outputs: ['a'], attrs: { perm: [1, 0, 2] } },
        { op: 'Relu', name: 'relu', inputs: ['a'], outputs: ['y'] },
      ],
      outputs: [{ name: 'y' }],
    });
    expect(importFails(bytes)).toBe(
      "test.onnx: ONNX node 'relu' (Relu): reads 'a', whose batch is on axis 1 (moved there by a Transpose or a recurrent node); archcost keeps the batch first, and only recurrent nodes, Transpose, Flatten, Squeeze, Unsqueeze, Reshape, Shape, Concat, Gather and a MatMul by a weight read such a tensor",
    );
  });

  test('a truncated file, random bytes and an empty model are exit-2 errors', () => {
    const good = readFileSync(join(OURS, 'resnet18.onnx'));
    expect(importFails(good.subarray(0, good.length - 100))).toMatch(/^test\.onnx: ONNX: the file cannot be decoded as an ONNX model \(it may be truncated or not ONNX\)/);
    expect(importFails(new Uint8Array([0x08, 0x07, 0xff, 0xff, 0xff, 0xff, 0xff]))).toMatch(/cannot be decoded|no graph/);
    expect(importFails(new Uint8Array())).toMatch(/holds no graph with nodes/);
  });

  test('nodes out of topological order', () => {
    const bytes = onnxBytes({
      inputs: [{ name: 'x', dims: [1, 4] }],
      nodes: [
        { op: 'Relu', name: 'second', inputs: ['a'], outputs: ['y'] },
        { op: 'Relu', name: 'first', inputs: ['x'], outputs: ['a'] },
      ],
      outputs: [{ name: 'y' }],
    });
    expect(importFails(bytes)).toMatch(/node 'second' \(Relu\): reads 'a', which no graph input, initializer or earlier node provides/);
  });
});
