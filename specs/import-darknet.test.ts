import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, withCompat, type Report } from '../src/index.js';
import { importModel } from '../src/importers/import-model.js';
import { cli } from './cli.js';
import { errorOf, layer } from './helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures/importers');
const cfg = (text: string, input?: number[]): Report => analyze(importModel(new TextEncoder().encode(text), 'darknet', { file: 'net.cfg', input }).spec, { file: 'net.cfg' });
const fixture = (name: string, input?: number[]) => cfg(readFileSync(join(FIXTURES, name), 'utf8'), input);

const fails = (text: string) => errorOf(() => cfg(text));

const NET = '[net]\nwidth=8\nheight=8\nchannels=3\n';

describe('darknet cfg files as darknet prints them (AlexeyAB/darknet, "Total BFLOPS")', () => {
  // pjreddie/darknet cfg/yolov3-tiny.cfg at its own 416x416. darknet's log prints "Total BFLOPS 5.571".
  test('yolov3-tiny: Total BFLOPS 5.571, and darknet\'s line for each counted layer', async () => {
    const r = withCompat(fixture('yolov3-tiny.cfg'), 'darknet');
    expect((Number(r.totals.flops) / 1e9).toFixed(3)).toBe('5.571');
    const { stdout, stderr } = await cli('analyze', join(FIXTURES, 'yolov3-tiny.cfg'), '--compat', 'darknet');
    // Lines copied from darknet's own output for this cfg.
    for (const line of [
      '   0 conv     16       3 x 3/ 1    416 x 416 x   3 ->  416 x 416 x  16 0.150 BF',
      '   1 max                2x 2/ 2    416 x 416 x  16 ->  208 x 208 x  16 0.003 BF',
      '  11 max                2x 2/ 1     13 x  13 x 512 ->   13 x  13 x 512 0.000 BF',
      '  12 conv   1024       3 x 3/ 1     13 x  13 x 512 ->   13 x  13 x1024 1.595 BF',
      '  21 conv    256       3 x 3/ 1     26 x  26 x 384 ->   26 x  26 x 256 1.196 BF',
    ]) {
      expect(stdout).toContain(line);
    }
    expect(stdout).toContain('darknet      Total BFLOPS 5.571');
    expect(stderr).toBe('');
    // Both detection heads are the spec's outputs.
    expect(withCompat(fixture('yolov3-tiny.cfg'), 'darknet').outputs).toEqual([
      { name: '16', shape: [13, 13, 255] },
      { name: '23', shape: [26, 26, 255] },
    ]);
  });

  test('yolov3-tiny by hand: the first conv and the maxpool of size 2 stride 1', () => {
    const r = fixture('yolov3-tiny.cfg');
    // 0: 3x3 conv 3 -> 16 at 416x416, batch_normalize: weights, then scale and shift in the norm
    expect(layer(r, '0.conv').macs).toBe(416n * 416n * 16n * 3n * 9n);
    expect(layer(r, '0.conv').params).toBe(16n * 27n);
    expect(layer(r, '0.bn').params).toBe(32n);
    // 11: darknet pads size-1 = 1 in total (after the map): (13 + 1 - 2)/1 + 1 = 13
    expect(layer(r, '11').outputShape).toEqual([13, 13, 512]);
    // 20: route 19 8 concatenates 128 + 256 channels
    expect(layer(r, '20').outputShape).toEqual([26, 26, 384]);
    expect(r.output.shape).toEqual([13, 13, 255]); // the first head
  });

  // AlexeyAB/darknet cfg/yolov4-tiny.cfg (this copy is set to 640x640; darknet's log at 416x416 prints 6.910).
  test('yolov4-tiny at 416x416: Total BFLOPS 6.910, route groups taking half the channels', () => {
    const r = withCompat(fixture('yolov4-tiny.cfg', [416, 416, 3]), 'darknet');
    expect((Number(r.totals.flops) / 1e9).toFixed(3)).toBe('6.910');
    // "3 route 2 1/2 -> 104 x 104 x 32": group 1 of 2 of layer 2's 64 channels
    expect(layer(r, '3').op).toBe('slice');
    expect(layer(r, '3').outputShape).toEqual([104, 104, 32]);
    // the darknet preset adds the maxpool reads: 9 max 2x2/2 104x104x128 -> 52x52x128
    expect(layer(r, '9').flops).toBe(52n * 52n * 128n * 4n);
  });

  test('the spec input follows --input; the cfg\'s own size otherwise', () => {
    expect(fixture('yolov4-tiny.cfg').input.shape).toEqual([640, 640, 3]);
    expect(fixture('yolov4-tiny.cfg', [416, 416, 3]).input.shape).toEqual([416, 416, 3]);
  });
});

describe('each section', () => {
  test('[convolutional] without batch_normalize keeps its bias; pad=1 pads size/2; groups; activations', () => {
    const r = cfg(`${NET}[convolutional]\nfilters=6\nsize=3\nstride=2\npad=1\ngroups=3\nactivation=mish\n`);
    expect(r.layers.map((l) => [l.name, l.op])).toEqual([['0.conv', 'conv'], ['0.mish', 'mish']]);
    expect(layer(r, '0.conv').params).toBe(6n * 1n * 9n + 6n);
    expect(layer(r, '0.conv').outputShape).toEqual([4, 4, 6]);
  });

  test('logistic is the default activation (parser.c), linear adds nothing', () => {
    expect(cfg(`${NET}[convolutional]\nfilters=2\n`).layers.map((l) => l.op)).toEqual(['conv', 'sigmoid']);
    expect(cfg(`${NET}[convolutional]\nfilters=2\nactivation=linear\n`).layers.map((l) => l.op)).toEqual(['conv']);
  });

  test('[shortcut] adds, [upsample] scales, [avgpool] is global, [connected] and [softmax] close a classifier', () => {
    const r = cfg(`${NET}
[convolutional]
filters=3
size=1
activation=leaky
[convolutional]
filters=3
size=3
pad=1
activation=linear
[shortcut]
from=-2
activation=linear
[upsample]
stride=2
[avgpool]
[connected]
output=10
activation=linear
[dropout]
probability=.2
[softmax]
`);
    expect(r.layers.map((l) => [l.name, l.op])).toEqual([
      ['0.conv', 'conv'],
      ['0.leaky', 'leakyrelu'],
      ['1', 'conv'],
      ['2', 'add'],
      ['3', 'upsample'],
      ['4', 'globalavgpool'],
      ['5.flatten', 'flatten'],
      ['5.dense', 'dense'],
      ['6', 'dropout'],
      ['7', 'softmax'],
    ]);
    // shortcut: the previous layer plus layer -2 relative to it
    expect(layer(r, '2').inputs).toEqual(['1', '0.leaky']);
    expect(layer(r, '3').outputShape).toEqual([16, 16, 3]);
    expect(layer(r, '5.dense').params).toBe(3n * 10n + 10n);
  });

  test('[route] with one layer and no groups adds no layer: later sections read that tensor', () => {
    const r = cfg(`${NET}[maxpool]\nsize=2\nstride=2\n[maxpool]\nsize=2\nstride=2\n[route]\nlayers=-2\n[convolutional]\nfilters=4\nactivation=linear\n`);
    // section 2 routes back to section 0: the conv reads the first maxpool's output
    expect(r.layers.map((l) => l.name)).toEqual(['0', '1', '3']);
    expect(layer(r, '3').inputs).toEqual(['0']);
    expect(layer(r, '3').outputShape).toEqual([4, 4, 4]);
  });
});

describe('what the importer refuses', () => {
  test('every unsupported section type with its layer numbers', () => {
    expect(fails(`${NET}[lstm]\n[convolutional]\n[deconvolutional]\n[lstm]\n`)).toBe(
      'net.cfg:5:1: darknet: 2 section types have no archcost mapping: [lstm] (layers 0, 3); [deconvolutional] (layer 2). docs/importers/darknet.md lists the supported sections',
    );
  });

  test('a cfg without [net], a bad number, an unknown activation, a route to a later layer', () => {
    expect(fails('[convolutional]\nfilters=2\n')).toMatch(/a darknet cfg starts with a \[net\] section/);
    expect(fails(`${NET}[convolutional]\nfilters=two\n`)).toBe("net.cfg:6:1: darknet [convolutional] (layer 0): filters: expected an integer, got 'two'");
    expect(fails(`${NET}[convolutional]\nactivation=selu\n`)).toMatch(/activation 'selu' has no archcost op/);
    expect(fails(`${NET}[route]\nlayers=3\n`)).toMatch(/layers: layer 3 is not an earlier layer \(this is layer 0\)/);
    expect(fails(`${NET}[convolutional]\nxnor=1\n`)).toMatch(/xnor is not modelled by archcost/);
    expect(fails('[net]\nwidth=8\n')).toMatch(/needs height, width and channels/);
    expect(fails('width=8\n')).toMatch(/key=value before the first \[section\]/);
  });
});
