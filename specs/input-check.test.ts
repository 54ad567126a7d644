import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { checkInputSize } from '../src/engine/input-check.js';
import { messages } from '../src/i18n/messages.js';
import { inputCheckLines } from '../src/report/input-check.js';
import { cli } from './cli.js';
import { layer, run } from './helpers.js';

const read = (file: string) => readFileSync(`examples/${file}`, 'utf8');
const at = (file: string, input?: number[]) => run(read(file), { input });

// The backbone both heads share: four 3x3 convs, stride 2, same padding (output ceil(in / 2)).
// Params: conv1 32·(3·3·3) + 32 = 896; conv2 64·(3·3·32) + 64 = 18,496; conv3 128·(3·3·64) + 128 = 73,856;
// conv4 256·(3·3·128) + 256 = 295,168.
const BACKBONE_PARAMS = 896n + 18_496n + 73_856n + 295_168n;
// The "fc": 512 units on a 13x13x256 map: 512·(13·13·256) + 512 = 22,151,680; classifier 10·512 + 10 = 5,130.
const FC1_PARAMS = 512n * (13n * 13n * 256n) + 512n;
const DESIGN_PARAMS = BACKBONE_PARAMS + FC1_PARAMS + 5_130n; // 22,545,226

describe('a fully convolutional head accepts a bigger input', () => {
  test('fcn-head: 1x1x10 at 200x200, 13x13x10 at 400x400, the same params', () => {
    // 200 -> 100 -> 50 -> 25 -> 13; the 13x13 valid conv: 13 - 13 + 1 = 1
    const design = at('fcn-head.yaml');
    expect(design.output.shape).toEqual([1, 1, 10]);
    expect(design.totals.params).toBe(DESIGN_PARAMS);
    // 400 -> 200 -> 100 -> 50 -> 25; 25 - 13 + 1 = 13
    const big = at('fcn-head.yaml', [400, 400, 3]);
    expect(layer(big, 'conv4').outputShape).toEqual([25, 25, 256]);
    expect(big.output.shape).toEqual([13, 13, 10]);
    const check = checkInputSize(design, big)!;
    expect(check.paramsChanged).toBe(false);
    expect(check.params).toBe(DESIGN_PARAMS);
    expect(check.fullyConvolutional).toBe(true);
    expect(check.output).toEqual([13, 13, 10]);
    // the head's MACs now run at 13x13 positions: 13·13·512·(13·13·256)
    expect(layer(big, 'fc1').macs).toBe(13n * 13n * 512n * (13n * 13n * 256n));
  });

  test('fixed-head: flatten + dense has the same params at 200x200 but fixes the input size', () => {
    const design = at('fixed-head.yaml');
    expect(design.totals.params).toBe(DESIGN_PARAMS); // 43,264·512 + 512 = the 13x13 conv's 22,151,680
    expect(layer(design, 'fc1').macs).toBe(layer(at('fcn-head.yaml'), 'fc1').macs); // 43,264·512 = 22,151,168
    const check = checkInputSize(design, at('fixed-head.yaml', [400, 400, 3]))!;
    expect(check.paramsChanged).toBe(true);
    // 25·25·256 = 160,000 features: 160,000·512 + 512 = 81,920,512
    expect(check.fixedBy).toEqual({
      name: 'fc1',
      op: 'dense',
      designInput: [43_264],
      input: [160_000],
      designParams: 22_151_680n,
      params: 160_000n * 512n + 512n,
    });
    expect(check.flattenedBy).toEqual({ name: 'flatten_1', op: 'flatten', designInput: [13, 13, 256], input: [25, 25, 256] });
    expect(check.params).toBe(DESIGN_PARAMS - FC1_PARAMS + 81_920_512n);
  });

  test('an adaptive pool keeps the head fixed-size: AlexNet at 448x448', () => {
    const alexnet = readFileSync('examples/zoo/alexnet.yaml', 'utf8');
    const check = checkInputSize(run(alexnet), run(alexnet, { input: [448, 448, 3] }))!;
    expect(check.paramsChanged).toBe(false);
    expect(check.fullyConvolutional).toBe(false);
    // features end at 13x13x256 for 448 (6x6x256 for 224); the adaptive pool brings both to 6x6
    expect(check.pooledBy).toEqual({ name: 'avgpool', op: 'adaptiveavgpool', designInput: [6, 6, 256], input: [13, 13, 256] });
  });

  test('no check without a different input', () => {
    expect(checkInputSize(at('fcn-head.yaml'), at('fcn-head.yaml', [200, 200, 3]))).toBeUndefined();
  });

  test('the sentences, in English and Spanish', () => {
    const check = checkInputSize(at('fixed-head.yaml'), at('fixed-head.yaml', [400, 400, 3]))!;
    const en = inputCheckLines(check, messages('en')).join('\n');
    expect(en).toContain('The parameter count changes (22,545,226 at the design size, 82,314,058 here)');
    expect(en).toContain('fc1 (dense) fixes it');
    expect(en).toContain('flatten_1, which flattens the 13x13x256 map (25x25x256 here)');
    const fcn = checkInputSize(at('fcn-head.yaml'), at('fcn-head.yaml', [400, 400, 3]))!;
    const es = inputCheckLines(fcn, messages('es')).join('\n');
    expect(es).toContain('la red es totalmente convolucional');
    expect(es).toContain('devuelve un mapa 13x13x10 en lugar de 1x1x10');
  });

  test('analyze --input prints it; JSON carries it as inputCheck', async () => {
    const table = await cli('analyze', 'examples/fcn-head.yaml', '--input', '400x400x3', '--lang', 'en');
    expect(table.stdout).toContain('the network is fully convolutional');
    const json = JSON.parse((await cli('analyze', 'examples/fixed-head.yaml', '--input', '400x400x3', '--format', 'json')).stdout);
    expect(json.inputCheck.paramsChanged).toBe(true);
    expect(json.inputCheck.fixedBy.name).toBe('fc1');
    expect(json.inputCheck.designParams).toBe(Number(DESIGN_PARAMS));
    const plain = JSON.parse((await cli('analyze', 'examples/fcn-head.yaml', '--format', 'json')).stdout);
    expect(plain.inputCheck).toBeUndefined();
  });
});

describe('a dense layer on a 1x1xC volume is a 1x1 conv', () => {
  test('identical params and MACs: 1024·1000 + 1000 and 1024·1000', () => {
    const dense = at('head-dense.yaml');
    const conv = at('head-1x1.yaml');
    expect(dense.totals.params).toBe(1024n * 1000n + 1000n); // 1,025,000
    expect(dense.totals.macs).toBe(1024n * 1000n); // 1,024,000
    expect(conv.totals.params).toBe(dense.totals.params);
    expect(conv.totals.macs).toBe(dense.totals.macs);
    expect(conv.totals.flops).toBe(dense.totals.flops); // 2·1,024,000 + 1000 bias adds
  });

  test('on a 7x7x1024 map both apply the same weights at each of the 49 positions', () => {
    const dense = at('head-dense.yaml', [7, 7, 1024]);
    const conv = at('head-1x1.yaml', [7, 7, 1024]);
    expect(dense.output.shape).toEqual([7, 7, 1000]);
    expect(conv.output.shape).toEqual([7, 7, 1000]);
    expect(dense.totals.macs).toBe(49n * 1024n * 1000n);
    expect(conv.totals.macs).toBe(dense.totals.macs);
    expect(conv.totals.params).toBe(1_025_000n);
  });
});
