import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Report } from '../src/index.js';
import { importModel } from '../src/importers/import-model.js';
import { errorOf, layer } from './helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures/importers');
const imported = (text: string) => importModel(new TextEncoder().encode(text), 'caffe', { file: 'net.prototxt' });
const net = (text: string, batch?: number): Report => analyze(imported(text).spec, { file: 'net.prototxt', batch });
const fixture = (name: string) => net(readFileSync(join(FIXTURES, name), 'utf8'), 1);

const fails = (text: string) => errorOf(() => imported(text));

/** Weights without biases, as the GoogLeNet paper's Table 1 counts params. */
const weightsOnly = (r: Report, scope: string) =>
  r.layers.filter((l) => l.name.startsWith(`${scope}.`) && l.op === 'conv').reduce((sum, l) => sum + l.params - BigInt(l.outputShape[l.outputShape.length - 1]), 0n);

describe('BVLC deploy nets (BVLC/caffe models/*/deploy.prototxt)', () => {
  test('AlexNet: 60,965,224 params with its two-group convs; its classifier equals torchvision\'s', () => {
    const r = fixture('bvlc_alexnet.prototxt');
    expect(r.totals.params).toBe(60_965_224n);
    expect(r.input.shape).toEqual([227, 227, 3]);
    // conv2: 5x5, 96 -> 256 in 2 groups: 256·48·25 + 256 bias
    expect(layer(r, 'conv2').params).toBe(256n * 48n * 25n + 256n);
    // torchvision's alexnet classifier: Linear(256·6·6, 4096), Linear(4096, 4096), Linear(4096, 1000)
    expect([layer(r, 'fc6').params, layer(r, 'fc7').params, layer(r, 'fc8').params]).toEqual([9216n * 4096n + 4096n, 4096n * 4096n + 4096n, 4096n * 1000n + 1000n]);
    // pool5: Caffe rounds up: ceil((13 - 3) / 2) + 1 = 6
    expect(layer(r, 'pool5').outputShape).toEqual([6, 6, 256]);
  });

  test('the deploy file\'s batch of 10 is the spec\'s batch', () => {
    const r = net(readFileSync(join(FIXTURES, 'bvlc_alexnet.prototxt'), 'utf8'));
    expect(r.batch).toBe(10);
  });

  test('GoogLeNet: inception modules as the paper\'s Table 1 gives them (params = weights without biases, ops = MACs)', () => {
    const r = fixture('bvlc_googlenet.prototxt');
    const macsOf = (name: string) => r.layers.filter((l) => l.name.startsWith(`${name}.`)).reduce((s, l) => s + l.macs, 0n);
    // Table 1 columns for (3a) at 28x28x192: #1x1 64, #3x3 reduce 96, #3x3 128, #5x5 reduce 16, #5x5 32, pool proj 32
    expect(weightsOnly(r, 'inception_3a')).toBe(64n * 192n + 96n * 192n + 128n * 96n * 9n + 16n * 192n + 32n * 16n * 25n + 32n * 192n);
    expect(weightsOnly(r, 'inception_3a') / 1024n).toBe(159n); // "159K"
    // (3b) at 28x28x256: 128, 128, 192, 32, 96, 64; Table 1 prints 380K, its own columns give 379.0K
    expect(weightsOnly(r, 'inception_3b')).toBe(128n * 256n + 128n * 256n + 192n * 128n * 9n + 32n * 256n + 96n * 32n * 25n + 64n * 256n);
    expect(layer(r, 'inception_3a.output').outputShape).toEqual([28, 28, 256]);
    expect(layer(r, 'inception_3b.output').outputShape).toEqual([28, 28, 480]);
    expect(layer(r, 'inception_5b.output').outputShape).toEqual([7, 7, 1024]);
    // ops: 128M, 304M, 71M
    expect([macsOf('inception_3a'), macsOf('inception_3b'), macsOf('inception_5b')].map((m) => Math.round(Number(m) / 1e6))).toEqual([128, 304, 71]);
    expect(r.totals.params).toBe(6_998_552n);
    // torchvision's googlenet fc: Linear(1024, 1000)
    expect(layer(r, 'loss3.classifier').params).toBe(1024n * 1000n + 1000n);
    // pool1/3x3_s2: ceil((112 - 3) / 2) + 1 = 56 (floor would give 55)
    expect(layer(r, 'pool1.3x3_s2').outputShape).toEqual([56, 56, 64]);
  });
});

const INPUT = 'input: "data"\ninput_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n';

describe('each layer type', () => {
  test('BatchNorm + Scale are one batchnorm: 2·C params (Scale) and 2·C buffers (BatchNorm)', () => {
    const r = net(`${INPUT}
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 4 kernel_size: 3 pad: 1 bias_term: false } }
layer { name: "bn" type: "BatchNorm" bottom: "conv" top: "conv" }
layer { name: "scale" type: "Scale" bottom: "conv" top: "conv" scale_param { bias_term: true } }
layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" }
`);
    expect(r.layers.map((l) => [l.name, l.op, l.params, l.buffers])).toEqual([
      ['conv', 'conv', 108n, 0n],
      ['bn', 'batchnorm', 8n, 8n],
      ['relu', 'relu', 0n, 0n],
    ]);
  });

  test('a BatchNorm without its Scale is refused: Caffe\'s has no learned scale and shift', () => {
    expect(fails(`${INPUT}
layer { name: "bn" type: "BatchNorm" bottom: "data" top: "bn" }
layer { name: "relu" type: "ReLU" bottom: "bn" top: "bn" }
`)).toMatch(/^net\.prototxt:4:1: Caffe layer 'bn' \(BatchNorm\): is not followed by a Scale layer with bias_term: true/);
  });

  test('Pooling: MAX, AVE, global, and a FLOOR round mode', () => {
    const r = net(`${INPUT}
layer { name: "max" type: "Pooling" bottom: "data" top: "max" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "floor" type: "Pooling" bottom: "data" top: "floor" pooling_param { pool: AVE kernel_size: 3 stride: 2 round_mode: FLOOR } }
layer { name: "global" type: "Pooling" bottom: "max" top: "global" pooling_param { pool: AVE global_pooling: true } }
layer { name: "join" type: "Eltwise" bottom: "global" bottom: "global" top: "join" }
`);
    expect(layer(r, 'max').outputShape).toEqual([4, 4, 3]); // ceil(5/2) + 1
    expect(layer(r, 'floor').outputShape).toEqual([3, 3, 3]); // floor(5/2) + 1
    expect(layer(r, 'global').outputShape).toEqual([1, 1, 3]);
    expect(layer(r, 'join').op).toBe('add');
  });

  test('InnerProduct flattens its input; Concat on channels; LRN; Dropout; Softmax; Split; PReLU', () => {
    const r = net(`${INPUT}
layer { name: "a" type: "Convolution" bottom: "data" top: "a" convolution_param { num_output: 2 kernel_size: 1 } }
layer { name: "split" type: "Split" bottom: "a" top: "a1" top: "a2" }
layer { name: "b" type: "PReLU" bottom: "a1" top: "b" }
layer { name: "cat" type: "Concat" bottom: "a2" bottom: "b" top: "cat" }
layer { name: "norm" type: "LRN" bottom: "cat" top: "norm" lrn_param { local_size: 3 } }
layer { name: "fc" type: "InnerProduct" bottom: "norm" top: "fc" inner_product_param { num_output: 5 } }
layer { name: "drop" type: "Dropout" bottom: "fc" top: "fc" dropout_param { dropout_ratio: 0.4 } }
layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
`);
    expect(r.layers.map((l) => l.name)).toEqual(['a', 'b', 'cat', 'norm', 'fc_flatten', 'fc', 'drop', 'prob']);
    expect(layer(r, 'cat').outputShape).toEqual([8, 8, 4]);
    expect(layer(r, 'b').params).toBe(2n);
    expect(layer(r, 'fc').params).toBe(256n * 5n + 5n);
  });

  test('V1 `layers` with enum types and the old input_dim form', () => {
    const r = net(`name: "old"
input: "data"
input_dim: 1 input_dim: 1 input_dim: 6 input_dim: 6
layers { name: "conv" type: CONVOLUTION bottom: "data" top: "conv" convolution_param { num_output: 3 kernel_size: 3 } }
layers { name: "relu" type: RELU bottom: "conv" top: "conv" }
`);
    expect(r.layers.map((l) => [l.op, l.outputShape])).toEqual([['conv', [4, 4, 3]], ['relu', [4, 4, 3]]]);
  });
});

describe('what the importer refuses', () => {
  test('every unsupported layer type with its names', () => {
    expect(fails(`${INPUT}
layer { name: "p" type: "Power" bottom: "data" top: "p" }
layer { name: "r" type: "ROIPooling" bottom: "p" top: "r" }
layer { name: "q" type: "Power" bottom: "r" top: "q" }
`)).toBe("net.prototxt:4:1: Caffe: 2 layer types have no archcost mapping: Power ('p', 'q'); ROIPooling ('r'). docs/importers/caffe.md lists the supported layers");
  });

  test('syntax errors point at the line and column; a train_val net without inputs is explained', () => {
    expect(fails('layer { name: "a" type: "ReLU" ')).toMatch(/^net\.prototxt:1:7: Caffe: not a readable prototxt: a message opened on line 1 is never closed|never closed/);
    expect(fails('layer { name: "a\n" }')).toMatch(/net\.prototxt:1:15: Caffe: not a readable prototxt: a string runs to the end of the line/);
    expect(fails('layer { name: "data" type: "Data" top: "data" }\nlayer { name: "r" type: "ReLU" bottom: "data" top: "r" }')).toMatch(/no Input layer or input: shape .* give the deploy prototxt/);
    expect(fails(`${INPUT}layer { name: "r" type: "ReLU" bottom: "nothing" top: "r" }`)).toMatch(/reads blob 'nothing', which no earlier layer or input writes/);
  });
});
