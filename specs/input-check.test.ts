import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { checkInputSize } from '../src/explore/input-check.js';
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

describe('a change of channels is not a change of size', () => {
  const resnet18 = readFileSync('examples/zoo/resnet18.yaml', 'utf8');
  const checkAt = (text: string, input: number[]) =>
    checkInputSize(run(text), run(text, { input }), (other) => run(text, { input: other }))!;
  // conv1 is 7x7, 64 filters, no bias: 64·7·7·3 = 9,408 weights for RGB, 64·7·7·1 = 3,136 for grey
  const RESNET18 = 11_689_512n; // torchvision resnet18

  test('ResNet-18 on one channel: conv1 has fewer weights, nothing fixes the size', () => {
    const check = checkAt(resnet18, [224, 224, 1]);
    expect(check.params).toBe(RESNET18 - 9_408n + 3_136n);
    expect(check.channels).toEqual({
      design: 3,
      input: 1,
      scaledBy: { name: 'conv1', op: 'conv', designInput: [224, 224, 3], input: [224, 224, 1], designParams: 9_408n, params: 3_136n },
    });
    expect(check.sizeChanged).toBe(false);
    expect(check.sizeFixed).toBe(false);
    expect(check.fixedBy).toBeUndefined();
    const en = inputCheckLines(check, messages('en')).join('\n');
    expect(en).toContain('The channel count changes (3 at the design size, 1 here): conv1 (conv) has weights for each input channel');
    expect(en).toContain('so its params go from 9,408 to 3,136');
    expect(en).toContain('it does not fix the input size');
    expect(en).not.toContain('fixes it');
    expect(inputCheckLines(check, messages('es')).join('\n')).toContain('El número de canales cambia (3 con el tamaño de diseño, 1 aquí)');
  });

  test('ResNet-18 at 448x448x1: the size is checked at 448x448x3, where the global pool takes any map', () => {
    const check = checkAt(resnet18, [448, 448, 1]);
    expect(check.channels?.scaledBy?.params).toBe(3_136n);
    // 448 / 32 = 14: layer4 ends at 14x14x512 (7x7x512 at 224); the params at 448x448x3 are ResNet-18's own
    expect(check.sizeCheckedAt).toEqual({ input: [448, 448, 3], params: RESNET18, output: [1000] });
    expect(check.sizeFixed).toBe(false);
    expect(check.pooledBy).toEqual({ name: 'avgpool', op: 'globalavgpool', designInput: [7, 7, 512], input: [14, 14, 512] });
  });

  test('fixed-head at 400x400x1: conv1 scales with the channels, fc1 still fixes the size', () => {
    const check = checkAt(read('fixed-head.yaml'), [400, 400, 1]);
    // conv1: 32·(3·3·1) + 32 = 320 (896 for three channels)
    expect(check.channels?.scaledBy).toMatchObject({ name: 'conv1', designParams: 896n, params: 320n });
    expect(check.sizeCheckedAt?.params).toBe(DESIGN_PARAMS - FC1_PARAMS + 81_920_512n);
    expect(check.sizeFixed).toBe(true);
    expect(check.fixedBy).toMatchObject({ name: 'fc1', designInput: [43_264], input: [160_000] });
    expect(check.params).toBe(DESIGN_PARAMS - FC1_PARAMS + 81_920_512n - 896n + 320n);
    const en = inputCheckLines(check, messages('en')).join('\n');
    expect(en).toContain("The spatial size, checked at 400x400x3 (the new size with the design's channels):");
    expect(en).toContain('(22,545,226 at the design size, 82,314,058 at 400x400x3)');
    expect(en).toContain('fc1 (dense) fixes it');
  });

  test('an input of another rank is refused: it would turn 2-D convs into 3-D ones', async () => {
    expect(() => run(resnet18, { input: [28, 28, 256, 1] })).toThrow(
      "--input 28x28x256x1 has 4 axes but the spec's input 'input' is 224x224x3 (3 axes): an override must keep the design input's rank",
    );
    const result = await cli('analyze', 'examples/zoo/resnet18.yaml', '--input', '28x28x256x1');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("must keep the design input's rank");
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
