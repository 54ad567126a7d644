import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/index.js';
import { assemble } from '../src/importers/assemble.js';
import { detectFormat } from '../src/importers/detect.js';
import { importModel, MODEL_FORMATS } from '../src/importers/import-model.js';
import { ArchcostError } from '../src/core/errors.js';
import { cli } from './cli.js';
import { layer } from './helpers.js';
import { onnxBytes } from './onnx-builder.js';

const root = join(import.meta.dirname, '..');
const RESNET18 = join(root, 'specs/fixtures/importers/resnet18.onnx');
const FIXTURES = join(root, 'specs/fixtures/importers');
const scratch = mkdtempSync(join(tmpdir(), 'archcost-import-'));

describe('archcost import', () => {
  test('writes an editable YAML spec that analyzes to torchvision\'s resnet18 counts', async () => {
    const { code, stdout } = await cli('import', RESNET18);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Imported by archcost import from resnet18\.onnx \(onnx\)\.\n# 11,689,512 params, 9,600 buffers, 1,814,073,344 MACs at batch 1\./);
    expect(stdout).toContain('  - conv: {name: conv1, filters: 64, kernel: 7, stride: 2, padding: 3, bias: false}');
    expect(stdout).toContain('add: {name: add, from: [bn2, downsample]}');
    const r = analyze(stdout, { file: 'resnet18.yaml' });
    expect([r.totals.params, r.totals.macs]).toEqual([11_689_512n, 1_814_073_344n]);
    expect(layer(r, 'layer4.1.conv2').location?.line).toBeGreaterThan(1);
  });

  test('--output writes the file, --format json writes JSON', async () => {
    const out = join(scratch, 'tiny.yaml');
    expect((await cli('import', join(FIXTURES, 'yolov3-tiny.cfg'), '--output', out)).code).toBe(0);
    expect(analyze(readFileSync(out, 'utf8')).totals.params).toBe(8_852_366n);
    const json = await cli('import', join(FIXTURES, 'bvlc_alexnet.prototxt'), '--format', 'json');
    expect(JSON.parse(json.stdout).layers[0]).toEqual({ conv: { name: 'conv1', filters: 96, kernel: 11, stride: 4 } });
  });

  test('several heads are the spec\'s outputs; notes go to stderr, the spec alone to stdout', async () => {
    const heads = await cli('import', join(FIXTURES, 'yolov4-tiny.cfg'));
    expect(heads.stdout).toMatch(/\noutputs: \["30", "37"\]\n$/);
    const net = join(scratch, 'bn.prototxt');
    writeFileSync(net, 'input: "data"\ninput_shape { dim: 1 dim: 2 dim: 4 dim: 4 }\nlayer { name: "bn" type: "BatchNorm" bottom: "data" top: "data" }\nlayer { name: "sc" type: "Scale" bottom: "data" top: "data" scale_param { bias_term: true } }\n');
    const { stdout, stderr } = await cli('import', net);
    expect(stderr).toMatch(/^note: .*bn\.prototxt: 1 BatchNorm \+ Scale pair is one batchnorm/);
    expect(stdout).toContain('# Note: 1 BatchNorm + Scale pair is one batchnorm');
    // --quiet silences notes on stderr as it does warnings; the written spec keeps them.
    const quiet = await cli('import', net, '--quiet');
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toContain('# Note: 1 BatchNorm + Scale pair is one batchnorm');
  });

  test('a note names the file with its control characters escaped', async () => {
    const net = join(scratch, 'bn\u001b[2J.prototxt');
    writeFileSync(net, 'input: "data"\ninput_shape { dim: 1 dim: 2 dim: 4 dim: 4 }\nlayer { name: "bn" type: "BatchNorm" bottom: "data" top: "data" }\nlayer { name: "sc" type: "Scale" bottom: "data" top: "data" scale_param { bias_term: true } }\n');
    const { stderr } = await cli('import', net);
    expect(stderr).toContain(`note: ${join(scratch, 'bn\\u001b[2J.prototxt')}: 1 BatchNorm + Scale pair`);
    expect(stderr).not.toContain('\u001b');
  });

  test('an archcost spec is not imported', async () => {
    const { code, stderr } = await cli('import', join(root, 'examples/seed-bottleneck.yaml'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/this is already an archcost spec/);
  });
});

describe('model files in the other commands', () => {
  test('analyze: a corrupt file is exit 2 with a message, never a stack trace', async () => {
    const bad = join(scratch, 'cut.onnx');
    writeFileSync(bad, readFileSync(RESNET18).subarray(0, 5000));
    const { code, stderr } = await cli('analyze', bad);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: .*cut\.onnx: ONNX: the file cannot be decoded as an ONNX model/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('compare, check and explain read model files', async () => {
    const compared = await cli('compare', join(root, 'examples/zoo/resnet18.yaml'), RESNET18, '--format', 'json');
    expect(JSON.parse(compared.stdout).models.map((m: { totals: { macs: number } }) => m.totals.macs)).toEqual([1_814_073_344, 1_814_073_344]);
    expect((await cli('check', RESNET18, '--max-params', '11M')).code).toBe(1);
    const explained = await cli('explain', RESNET18, '--layer', 'conv1', '--format', 'json');
    expect(JSON.parse(explained.stdout).layers[0].macs).toBe(118_013_952); // 112·112·64 · 3·7·7
  });

  test('--input re-imports at that size', async () => {
    const { stdout } = await cli('analyze', join(FIXTURES, 'yolov4-tiny.cfg'), '--input', '416x416x3', '--compat', 'darknet');
    expect(stdout).toContain('Total BFLOPS 6.910');
  });
});

describe('recognising a file', () => {
  test('by extension, then by content', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(detectFormat(readFileSync(RESNET18), 'model.bin')).toBe('onnx');
    expect(detectFormat(text('# yolo\n[net]\nwidth=416\n'), 'net.txt')).toBe('darknet');
    expect(detectFormat(text('name: "x"\nlayer {\n  type: "ReLU"\n}\n'), '-')).toBe('caffe');
    expect(detectFormat(text('{"class_name": "Sequential", "config": {}}'), 'model.json')).toBe('keras');
    expect(detectFormat(text('{"format": "layers-model", "modelTopology": {}}'), 'model.json')).toBe('keras');
    expect(detectFormat(text('{"input": [8], "layers": ["relu"]}'), 'spec.json')).toBeUndefined();
    expect(detectFormat(text('input: [8]\nlayers: [relu]\n'), 'spec.yaml')).toBeUndefined();
  });

  test('limits: text model files over 64 MiB and more than 100,000 layers are refused', () => {
    const huge = new Uint8Array(64 * 1024 * 1024 + 1);
    expect(() => importModel(huge, 'caffe', { file: 'big.prototxt' })).toThrow(/the file is 67108865 bytes; model description files are read up to 64 MiB/);
    const many = new TextEncoder().encode(`[net]\nwidth=4\nheight=4\nchannels=1\n${'[dropout]\n'.repeat(100_001)}`);
    expect(() => importModel(many, 'darknet', { file: 'many.cfg' })).toThrow(/the cfg has 100001 layers; archcost reads at most 100,000/);
  });
});

describe('layer names from the file, in scopes (assemble.ts)', () => {
  test('a scope whose inner tensor is read from outside is flattened into its parent, names joined with _', () => {
    const bytes = onnxBytes({
      inputs: [{ name: 'x', dims: [1, 4] }],
      nodes: [
        { op: 'Relu', name: '/enc/inner/Relu', inputs: ['x'], outputs: ['a'] },
        { op: 'Sigmoid', name: '/enc/last/Sigmoid', inputs: ['a'], outputs: ['b'] },
        { op: 'Tanh', name: '/dec/Tanh', inputs: ['b'], outputs: ['c'] },
        { op: 'Add', name: '/dec/Add', inputs: ['c', 'a'], outputs: ['y'] },
      ],
      outputs: [{ name: 'y' }],
    });
    const { spec } = importModel(bytes, 'onnx', { file: 'skip.onnx' });
    const r = analyze(spec);
    // enc.inner is read by dec.add: enc is flattened (enc_inner, enc_last); dec keeps its scope.
    expect(r.layers.map((l) => l.name)).toEqual(['enc_inner', 'enc_last', 'dec.tanh', 'dec.add']);
    expect(layer(r, 'dec.add').inputs).toEqual(['dec.tanh', 'enc_inner']);
  });

  test('clashing names get a suffix that no other item wants; an output that is not last is named in outputs:', () => {
    const spec = assemble({
      name: 'm',
      inputs: [{ id: 'in', name: 'input', shape: [4] }],
      layers: [
        { id: 'a', scope: [], name: 'relu', op: 'relu', args: {}, inputs: ['in'], shape: [4] },
        { id: 'b', scope: [], name: 'relu', op: 'relu', args: {}, inputs: ['a'], shape: [4] },
        { id: 'c', scope: [], name: 'relu_1', op: 'relu', args: {}, inputs: ['b'], shape: [4] },
      ],
      outputs: ['b'],
      notes: [],
    });
    expect(spec.layers).toEqual([
      { relu: { name: 'relu' } },
      { relu: { name: 'relu_2' } },
      { relu: { name: 'relu_1' } },
    ]);
    expect(spec.outputs).toEqual(['relu_2']);
    expect(() => analyze(spec)).not.toThrow(ArchcostError);
  });
});

describe('damaged files are refused with a message, never a crash', () => {
  // A fixed-seed linear congruential generator: the same mutations on every run.
  let seed = 20_261_201;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  test.each([
    ['onnx', RESNET18],
    ['darknet', join(FIXTURES, 'yolov4-tiny.cfg')],
    ['caffe', join(FIXTURES, 'bvlc_googlenet.prototxt')],
    ['keras', join(FIXTURES, 'keras_mobilenet_1.00_224.json')],
  ] as const)('%s: 60 files with bytes changed or cut short', (format, file) => {
    const original = readFileSync(file);
    for (let i = 0; i < 60; i++) {
      const damaged = Buffer.from(original);
      for (let k = 0; k < 1 + Math.floor(random() * 6); k++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      const bytes = random() < 0.3 ? damaged.subarray(0, Math.floor(random() * damaged.length)) : damaged;
      try {
        analyze(importModel(bytes, format, { file: 'damaged' }).spec);
      } catch (e) {
        expect(e).toBeInstanceOf(ArchcostError);
      }
    }
  });
});

describe('blocks where the file repeats itself (blocks.ts)', () => {
  test('GoogLeNet\'s inception modules are one block whose params are the paper\'s Table 1 columns', () => {
    const { spec } = importModel(readFileSync(join(FIXTURES, 'bvlc_googlenet.prototxt')), 'caffe', { file: 'googlenet.prototxt' });
    expect(Object.keys(spec.blocks ?? {})).toEqual(['inception']);
    expect(spec.layers).toContainEqual({
      inception: { name: 'inception_3a', conv1x1_filters: 64, conv3x3_reduce_filters: 96, conv3x3_filters: 128, conv5x5_reduce_filters: 16, conv5x5_filters: 32, pool_proj_filters: 32 },
    });
  });

  test('ResNet-18: blocks using blocks; expanded, the same layers, names and counts as without them', () => {
    const bytes = readFileSync(RESNET18);
    const { spec } = importModel(bytes, 'onnx', { file: 'resnet18.onnx' });
    expect(spec.layers).toContainEqual({ layer: { name: 'layer3', conv1_filters: 256 } });
    const { blocks: _blocks, ...flat } = { ...spec, layers: assemble(MODEL_FORMATS.onnx.read(bytes, { file: 'resnet18.onnx' })).layers };
    const rows = (s: object) => analyze(s).layers.map((l) => [l.name, l.op, l.params, l.macs, l.flops]);
    expect(rows(spec)).toEqual(rows(flat));
    expect(analyze(spec).totals.macs).toBe(1_814_073_344n);
  });
});
