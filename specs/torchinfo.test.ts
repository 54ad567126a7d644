import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { torchinfoSizes } from '../src/counting/torchinfo.js';
import { torchinfoLines, torchinfoMegabytes } from '../src/report/torchinfo.js';
import { run } from './helpers.js';

const example = (path: string) => readFileSync(new URL(`../examples/${path}`, import.meta.url), 'utf8');

describe('torchinfo size figures', () => {
  test('ResNet-152 at 1x3x224x224 matches torchinfo\'s README (reference-numbers.md)', () => {
    const report = run(example('zoo/resnet152.yaml'));
    expect(report.totals.params).toBe(60_192_808n); // torchvision's num_params
    expect(torchinfoLines(torchinfoSizes(report))).toEqual([
      'Input size (MB): 0.60',
      'Forward/backward pass size (MB): 360.87',
      'Params size (MB): 240.77',
      'Estimated Total Size (MB): 602.25',
    ]);
  });

  test('only leaf layers with parameters count twice; ReLU, pooling and add do not', () => {
    const spec = `input: [4, 4, 2]
layers:
  - conv: {filters: 3, kernel: 1, bias: false}
  - relu
  - add: {branches: [[batchnorm], []]}
  - maxpool: {kernel: 2}
  - flatten
  - dense: {units: 5}
`;
    const sizes = torchinfoSizes(run(spec, { batch: 2 }));
    // batch 2, float32. Input 2·4·4·2·4 = 256 bytes.
    // With params: conv out 4·4·3, batchnorm out 4·4·3, dense out 5 -> 2·(48 + 48 + 5)·2·4 = 1,616 bytes.
    // Params: conv 6 + batchnorm 6 + dense 12·5 + 5 (maxpool leaves 2·2·3 = 12) = 77 -> 308 bytes
    // (batchnorm's running statistics are buffers, not counted).
    expect(sizes).toEqual({ inputBytes: 256n, forwardBackwardBytes: 1_616n, paramsBytes: 308n, totalBytes: 256n + 1_616n + 308n });
  });

  test('MB are printed like Python\'s format(): two decimals, thousands separators, exact ties to even', () => {
    expect(torchinfoMegabytes(602_112n)).toBe('0.60');
    expect(torchinfoMegabytes(5_000_000n)).toBe('5');
    expect(torchinfoMegabytes(1_234_567_890_000n)).toBe('1,234,567.89');
    // 125,000 bytes = 0.125 MB exactly: Python gives 0.12 (round half to even), not 0.13
    expect(torchinfoMegabytes(125_000n)).toBe('0.12');
    expect(torchinfoMegabytes(375_000n)).toBe('0.38');
    expect(torchinfoMegabytes(126_000n)).toBe('0.13');
  });
});
