/**
 * crop, and the original U-Net (Ronneberger, Fischer and Brox, arXiv:1505.04597) that needs it.
 *
 * The centred window's offsets are torchvision's: F.center_crop(x, [5, 3]) of an 8x8 image starts
 * at row 2, column 2 (int(round(1.5)) and int(round(2.5)): Python rounds half to even), to [7, 7]
 * at 0 (round(0.5)), to [4, 1] at row 2, column 4 (round(3.5)); checked with Debian's
 * torchvision 0.14. U-Net's shapes are the paper's Figure 1; its params are counted by hand below
 * and equal sum(p.numel()) of the same network built from torch.nn (31,030,658).
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { analyze, ArchcostError, findOp } from '../src/index.js';
import { layer, run, single } from './helpers.js';

/** The rows `archcost explain` prints for a crop's shape, as text. */
function cutLines(args: Record<string, unknown>, inputs: number[][]): string[] {
  const op = findOp('crop')!;
  const { output } = op.evaluate({ align: 'center', ...args }, inputs);
  return op.explain({ align: 'center', ...args }, inputs, output).shape.map((f) => `${f.symbols} = ${f.value}`);
}

function failure(yaml: string): string {
  try {
    run(yaml);
  } catch (e) {
    if (e instanceof ArchcostError) return e.message;
    throw e;
  }
  throw new Error('no error');
}

describe('crop', () => {
  test('to explicit sizes, per spatial axis; channels kept; no cost', () => {
    const l = single([8, 8, 3], 'crop: {size: [5, 3]}');
    expect(l.outputShape).toEqual([5, 3, 3]);
    expect([l.params, l.macs, l.flops]).toEqual([0n, 0n, 0n]);
    expect(single([7, 10], 'crop: {size: 3}').outputShape).toEqual([3, 10]);
    expect(single([9, 9, 9, 2], 'crop: {size: 4}').outputShape).toEqual([4, 4, 4, 2]);
  });

  test("centred as torchvision's center_crop: round((in - out) / 2) before, half to even", () => {
    expect(cutLines({ size: [5, 3] }, [[8, 8, 1]])).toEqual(["H' = size H = 5", "H cut before = round((H - H') / 2) = 2", "W' = size W = 3", "W cut before = round((W - W') / 2) = 2"]);
    expect(cutLines({ size: [7, 1] }, [[8, 8, 1]]).filter((l) => l.includes('cut'))).toEqual(["H cut before = round((H - H') / 2) = 0", "W cut before = round((W - W') / 2) = 4"]);
  });

  test("to a second tensor's size: from: [x, ref]", () => {
    const r = run(`inputs: {skip: [64, 64, 512], up: [56, 56, 512]}
layers:
  - crop: {from: [skip, up]}
`);
    expect(r.layers[0].outputShape).toEqual([56, 56, 512]);
    // The channels are x's, whatever ref's are.
    expect(run('inputs: {x: [10, 10, 4], ref: [6, 6, 9]}\nlayers:\n  - crop: {from: [x, ref]}\n').layers[0].outputShape).toEqual([6, 6, 4]);
  });

  test("the reference gives its size only: no bytes read from it, no receptive field through it", () => {
    // x: a 3x3 conv (field 3) on 12x12x4; ref: a 7x7 conv (field 7) on the same input, 6x6.
    const r = run(`input: [12, 12, 4]
layers:
  - conv: {name: x, filters: 4, kernel: 3}
  - conv: {name: ref, filters: 2, kernel: 7, from: input}
  - crop: {name: c, from: [x, ref]}
`);
    const crop = r.layers.find((l) => l.name === 'c')!;
    expect(crop.receptiveField).toEqual([3, 3]);
    // reads x (10·10·4 floats), writes 6·6·4 floats
    expect([crop.bytesRead, crop.bytesWritten]).toEqual([10n * 10n * 4n * 4n, 6n * 6n * 4n * 4n]);
  });

  test('align: start keeps the first positions, end the last', () => {
    const before = (align: string) => cutLines({ size: 3, align }, [[8, 2]]).filter((l) => l.includes('cut'));
    expect(before('start')).toEqual(['L cut before = 0']);
    expect(before('end')).toEqual(["L cut before = L - L' = 5"]);
    expect(before('center')).toEqual(["L cut before = round((L - L') / 2) = 2"]); // round(2.5) = 2
    expect(single([8, 2], 'crop: {size: 3, align: end}').outputShape).toEqual([3, 2]);
  });

  test('errors say what a crop takes', () => {
    expect(failure('input: [8, 8, 3]\nlayers:\n  - crop\n')).toContain('crop needs a size, or a second tensor whose size it takes: from: [x, ref]');
    expect(failure('input: [8, 8, 3]\nlayers:\n  - crop: {size: 9}\n')).toContain("crop to 9 is larger than the input's height 8: a crop only shrinks (pad grows a map)");
    expect(failure('inputs: {x: [8, 8, 3], r: [4, 4, 3]}\nlayers:\n  - crop: {from: [x, r], size: 2}\n')).toContain('crop takes a size or a second tensor to match (from: [x, ref]), not both');
    expect(failure('inputs: {x: [8, 8, 3], r: [4, 3]}\nlayers:\n  - crop: {from: [x, r]}\n')).toContain('different numbers of spatial axes');
    expect(failure('inputs: {x: [8, 8, 3], r: [4, 4, 3]}\nlayers:\n  - crop: {from: [x, r, r]}\n')).toContain('crop takes one tensor, or two (from: [x, ref])');
    expect(failure('input: [8, 3]\nlayers:\n  - crop: {size: [2, 2]}\n')).toContain('size has 2 entries but the input has 1 spatial axes');
  });
});

describe('U-Net (Ronneberger et al. 2015, Figure 1)', () => {
  const report = analyze(readFileSync('examples/unet.yaml', 'utf8'), { file: 'examples/unet.yaml' });
  const shape = (name: string) => layer(report, name).outputShape;

  test("every level's size as the figure gives it", () => {
    // Contracting path: 572 -> 570 -> 568, pool 284 -> 280, 140 -> 136, 68 -> 64, 32 -> 28.
    expect([shape('down1.conv1'), shape('down1.conv2')]).toEqual([[570, 570, 64], [568, 568, 64]]);
    expect([shape('pool1'), shape('down2.conv2'), shape('down3.conv2'), shape('down4.conv2'), shape('bottom.conv2')]).toEqual([
      [284, 284, 64],
      [280, 280, 128],
      [136, 136, 256],
      [64, 64, 512],
      [28, 28, 1024],
    ]);
    // Expanding path: up-conv doubles, the skip map is cropped to it (64 -> 56, 136 -> 104, 280 -> 200,
    // 568 -> 392), the concat doubles the channels, two convs take 4 pixels.
    expect([shape('up4.upconv'), shape('up4.crop'), shape('up4.concat'), shape('up4.convs.conv2')]).toEqual([
      [56, 56, 512],
      [56, 56, 512],
      [56, 56, 1024],
      [52, 52, 512],
    ]);
    expect([shape('up3.crop'), shape('up3.convs.conv2'), shape('up2.crop'), shape('up2.convs.conv2')]).toEqual([
      [104, 104, 256],
      [100, 100, 256],
      [200, 200, 128],
      [196, 196, 128],
    ]);
    expect([shape('up1.crop'), shape('up1.convs.conv2'), shape('head')]).toEqual([[392, 392, 64], [388, 388, 64], [388, 388, 2]]);
    // The skip maps are cropped by (64 - 56) / 2 = 4, (136 - 104) / 2 = 16, 40 and 88 per side.
    expect(cutLines({}, [[568, 568, 64], [392, 392, 64]])).toContain("H cut before = round((H - H') / 2) = 88");
  });

  test('params by hand: 31,030,658', () => {
    const conv3 = (cin: bigint, cout: bigint) => 9n * cin * cout + cout;
    const doubleConv = (cin: bigint, cout: bigint) => conv3(cin, cout) + conv3(cout, cout);
    const upconv = (cin: bigint) => 4n * cin * (cin / 2n) + cin / 2n; // 2x2 conv_transpose halving the channels
    // down1 640 + 36,928; down2 73,856 + 147,584; down3 295,168 + 590,080; down4 1,180,160 + 2,359,808;
    // bottom 4,719,616 + 9,438,208.
    const down = doubleConv(1n, 64n) + doubleConv(64n, 128n) + doubleConv(128n, 256n) + doubleConv(256n, 512n) + doubleConv(512n, 1024n);
    expect(down).toBe(18_842_048n);
    // up4: 2,097,664 + 4,719,104 + 2,359,808; up3 524,544 + 1,179,904 + 590,080; up2 131,200 + 295,040 + 147,584;
    // up1 32,832 + 73,792 + 36,928; head 64·2 + 2.
    const up = [1024n, 512n, 256n, 128n].reduce((s, c) => s + upconv(c) + doubleConv(c, c / 2n), 0n);
    expect(up).toBe(12_188_480n);
    expect(report.totals.params).toBe(down + up + 130n);
    expect(report.totals.params).toBe(31_030_658n);
  });

  test('MACs by hand: out positions · C_out · C_in · taps per conv', () => {
    // [output side, C_in, C_out, taps] of every conv and up-conv (a 2x2 stride-2 up-conv: 4 taps per input position).
    const convs: [bigint, bigint, bigint, bigint][] = [
      [570n, 1n, 64n, 9n], [568n, 64n, 64n, 9n],
      [282n, 64n, 128n, 9n], [280n, 128n, 128n, 9n],
      [138n, 128n, 256n, 9n], [136n, 256n, 256n, 9n],
      [66n, 256n, 512n, 9n], [64n, 512n, 512n, 9n],
      [30n, 512n, 1024n, 9n], [28n, 1024n, 1024n, 9n],
      [54n, 1024n, 512n, 9n], [52n, 512n, 512n, 9n],
      [102n, 512n, 256n, 9n], [100n, 256n, 256n, 9n],
      [198n, 256n, 128n, 9n], [196n, 128n, 128n, 9n],
      [390n, 128n, 64n, 9n], [388n, 64n, 64n, 9n],
      [388n, 64n, 2n, 1n],
    ];
    // An up-conv from S x S x C to 2S x 2S x C/2 does S·S·C·(C/2)·4 MACs.
    const ups = [[28n, 1024n], [52n, 512n], [100n, 256n], [196n, 128n]].reduce((s, [side, c]) => s + side * side * c * (c / 2n) * 4n, 0n);
    const direct = convs.reduce((s, [side, cin, cout, taps]) => s + side * side * cin * cout * taps, 0n);
    expect(report.totals.macs).toBe(direct + ups);
    // Forward hooks on the torch.nn build (Conv2d: out.numel()·C_in·k·k; ConvTranspose2d: in.numel()·C_out·k·k).
    expect(direct + ups).toBe(150_428_424_448n);
  });
});
