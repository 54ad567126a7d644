import { describe, expect, test } from '@jest/globals';
import { reportRows } from '../src/report/rows.js';
import type { ArchcostError } from '../src/core/errors.js';
import { layer, run } from './helpers.js';

// The contract's own bottleneck block (shared/spec-language.md section 4).
const BOTTLENECK = `
blocks:
  bottleneck:
    params:
      mid: null
      out: null
      stride: 1
      project: \${stride != 1 or in.channels != out}
    layers:
      - add:
          branches:
            - - conv: {filters: "\${mid}", kernel: 1, bias: false}
              - batchnorm
              - relu
              - conv: {filters: "\${mid}", kernel: 3, stride: "\${stride}", padding: 1, bias: false}
              - batchnorm
              - relu
              - conv: {filters: "\${out}", kernel: 1, bias: false}
              - batchnorm
            - - conv: {filters: "\${out}", kernel: 1, stride: "\${stride}", bias: false, if: "\${project}"}
              - batchnorm: {if: "\${project}"}
      - relu
`;

describe('blocks, repeat and if', () => {
  test('ResNet-50 layer1 from the contract example matches torchvision', () => {
    const r = run(`input: [56, 56, 64]\n${BOTTLENECK}\nlayers:\n  - bottleneck: {mid: 64, out: 256, name: layer1, repeat: 3}\n`);
    // torchvision Bottleneck(64, 64) with downsample: convs 64·64 + 64·64·9 + 64·256 + 64·256 (downsample)
    // = 4096 + 36864 + 16384 + 16384, BNs 2·(64+64+256+256) = 1280 -> 75,008.
    // Blocks 2 and 3 (no downsample): 256·64 + 64·64·9 + 64·256 + 2·(64+64+256) = 70,400.
    expect(r.totals.params).toBe(75_008n + 2n * 70_400n);
    // The projection exists only in the first block (in.channels 64 != 256).
    expect(r.layers.filter((l) => l.op === 'conv').length).toBe(4 + 3 + 3);
    expect(layer(r, 'layer1.0.conv_4').params).toBe(64n * 256n);
    expect(layer(r, 'layer1.2.relu_3').outputShape).toEqual([56, 56, 256]);
    expect(r.output.shape).toEqual([56, 56, 256]);
  });

  test('repeat binds i; copies are named NAME.k', () => {
    const r = run(`input: [32]\nlayers:\n  - dense: {units: "\${8 * (i + 1)}", repeat: 3, name: fc}\n`);
    expect(r.layers.map((l) => [l.name, l.outputShape[0]])).toEqual([['fc.0', 8], ['fc.1', 16], ['fc.2', 24]]);
    // 32·8+8 + 8·16+16 + 16·24+24 = 264 + 144 + 408
    expect(r.totals.params).toBe(816n);
  });

  test('if skips an item; expressions see in.channels', () => {
    const r = run(`input: [8, 8, 16]\nlayers:\n  - conv: {filters: 16, kernel: 1, if: "\${in.channels != 16}"}\n  - relu\n`);
    expect(r.layers.map((l) => l.op)).toEqual(['relu']);
  });

  test('block param defaults are evaluated where the block is entered', () => {
    const r = run(`input: [8, 8, 24]
blocks:
  widen:
    params: {factor: 2, out: "\${in.channels * factor}"}
    layers:
      - conv: {filters: "\${out}", kernel: 1, bias: false}
layers:
  - widen
  - widen: {factor: 3}
`);
    expect(r.layers.map((l) => l.outputShape[2])).toEqual([48, 144]);
    expect(r.layers.map((l) => l.name)).toEqual(['widen_1.conv_1', 'widen_2.conv_1']);
  });

  test('sequence groups a list as one named, repeatable item', () => {
    const r = run(`input: [16, 16, 8]
layers:
  - sequence:
      name: stage
      repeat: 2
      layers:
        - conv: {filters: 8, kernel: 3, padding: 1}
        - relu
`);
    expect(r.layers.map((l) => l.name)).toEqual(['stage.0.conv_1', 'stage.0.relu_1', 'stage.1.conv_1', 'stage.1.relu_1']);
  });
});

describe('branches, from and merges', () => {
  test('inception-style concat with named branches', () => {
    const r = run(`input: [28, 28, 192]
defaults: {conv: {bias: false}}
layers:
  - concat:
      name: mixed
      branches:
        - {name: b1, layers: [conv: {filters: 64, kernel: 1}]}
        - {name: b2, layers: [conv: {filters: 96, kernel: 1}, conv: {filters: 128, kernel: 3, padding: 1}]}
        - {name: b3, layers: [maxpool: {kernel: 3, stride: 1, padding: 1}, conv: {filters: 32, kernel: 1}]}
`);
    expect(r.output.shape).toEqual([28, 28, 64 + 128 + 32]);
    expect(layer(r, 'b2.conv_2').macs).toBe(28n * 28n * 128n * 96n * 9n);
    expect(layer(r, 'mixed').inputs).toEqual(['b1.conv_1', 'b2.conv_2', 'b3.conv_1']);
  });

  test('[] is the identity branch; plain branches name layers in the enclosing scope', () => {
    const r = run(`input: [8, 8, 4]\nlayers:\n  - add: {branches: [[conv: {filters: 4, kernel: 3, padding: 1}], []]}\n`);
    expect(r.layers.map((l) => l.name)).toEqual(['conv_1', 'add_1']);
    expect(layer(r, 'add_1').inputs).toEqual(['conv_1', 'input']);
    expect(layer(r, 'add_1').flops).toBe(8n * 8n * 4n);
  });

  test('from names earlier tensors; concat of a DenseNet-style skip', () => {
    const r = run(`input: [8, 8, 4]
layers:
  - conv: {name: a, filters: 6, kernel: 1}
  - conv: {name: b, filters: 2, kernel: 1}
  - concat: {from: [input, a, b]}
  - conv: {from: a, filters: 1, kernel: 1}
`);
    expect(layer(r, 'concat_1').outputShape).toEqual([8, 8, 12]);
    expect(layer(r, 'conv_3').inputs).toEqual(['a']);
  });

  test('multiply broadcasts [1, 1, C] against [H, W, C] (squeeze-excite)', () => {
    const r = run(`input: [14, 14, 32]
layers:
  - multiply:
      branches:
        - []
        - - globalavgpool: {keepdims: true}
          - conv: {filters: 8, kernel: 1}
          - relu
          - conv: {filters: 32, kernel: 1}
          - sigmoid
`);
    expect(r.output.shape).toEqual([14, 14, 32]);
    expect(r.totals.params).toBe(32n * 8n + 8n + 8n * 32n + 32n);
  });

  test('several named inputs reached with from', () => {
    const r = run(`inputs: {image: [32, 32, 3], mask: [32, 32, 1]}
layers:
  - conv: {filters: 8, kernel: 3, padding: 1}
  - concat: {from: [conv_1, mask]}
`);
    expect(r.inputs.map((i) => i.name)).toEqual(['image', 'mask']);
    expect(r.output.shape).toEqual([32, 32, 9]);
  });
});

describe('auto names', () => {
  const names = (layers: string, vars = '') => run(`input: [8, 8, 4]\n${vars}layers:\n${layers}`).layers.map((l) => l.name);

  test('<op>_<n> counts the items of that op in the scope, from 1', () => {
    expect(names('  - conv: {filters: 4, kernel: 1}\n  - relu\n  - conv: {filters: 4, kernel: 1}\n  - relu\n')).toEqual(['conv_1', 'relu_1', 'conv_2', 'relu_2']);
  });

  test('an auto name skips a name an earlier item took, as Keras does: conv_2 then conv_3', () => {
    // the second conv would be conv_2, which is taken: it becomes conv_3, and the third conv conv_4
    const spec = '  - conv: {filters: 4, kernel: 1, name: conv_2}\n  - conv: {filters: 4, kernel: 1}\n  - conv: {filters: 4, kernel: 1}\n';
    expect(names(spec)).toEqual(['conv_2', 'conv_3', 'conv_4']);
    // a later explicit name that clashes with an earlier auto name is the explicit item's error
    expect(() => names('  - conv: {filters: 4, kernel: 1}\n  - conv: {filters: 4, kernel: 1, name: conv_1}\n')).toThrow(
      "conv_1: the name 'conv_1' is already taken; names must be unique in their scope",
    );
  });

  test('skipped items still count, so names do not shift when a condition changes', () => {
    const spec = '  - conv: {filters: 4, kernel: 1, if: "${on}"}\n  - conv: {filters: 4, kernel: 1}\n  - conv: {filters: 4, kernel: 1, name: conv_3, if: "${on}"}\n  - conv: {filters: 4, kernel: 1}\n';
    // on: conv_1, conv_2, conv_3 (explicit), conv_4
    expect(names(spec, 'vars: {on: true}\n')).toEqual(['conv_1', 'conv_2', 'conv_3', 'conv_4']);
    // off: the same names for the items that remain
    expect(names(spec, 'vars: {on: false}\n')).toEqual(['conv_2', 'conv_4']);
  });

  test("a skipped item's explicit name is avoided too", () => {
    const spec = '  - conv: {filters: 4, kernel: 1, name: conv_2, if: "${on}"}\n  - conv: {filters: 4, kernel: 1}\n';
    expect(names(spec, 'vars: {on: true}\n')).toEqual(['conv_2', 'conv_3']);
    expect(names(spec, 'vars: {on: false}\n')).toEqual(['conv_3']);
  });

  test('scopes count apart: a block instance names its layers from 1', () => {
    const spec = `blocks:\n  unit: {layers: [{conv: {filters: 4, kernel: 1}}, relu]}\n`;
    expect(names('  - conv: {filters: 4, kernel: 1, name: unit_2}\n  - unit\n  - unit\n', spec)).toEqual([
      'unit_2',
      'unit_1.conv_1',
      'unit_1.relu_1',
      'unit_3.conv_1',
      'unit_3.relu_1',
    ]);
  });
});

describe('vars, defaults, options', () => {
  const WIDTH = `input: [28, 28, 256]\nvars: {width: 64}\ndefaults: {conv: {padding: same, bias: false}}\nlayers:\n  - conv: {filters: "\${width}", kernel: 1}\n  - conv: {filters: 256, kernel: 4}\n`;

  test('defaults apply per op and vars feed expressions; --set overrides', () => {
    const r = run(WIDTH);
    expect(r.totals.macs).toBe(28n * 28n * (256n * 64n + 64n * 256n * 16n)); // 218,365,952
    const narrow = run(WIDTH, { vars: { width: 32 } });
    expect(narrow.totals.macs).toBe(28n * 28n * (256n * 32n + 32n * 256n * 16n));
  });

  test('batch multiplies macs, flops and activations, never params; dtype sets bytes', () => {
    const one = run(WIDTH);
    const eight = run(WIDTH, { batch: 8, dtype: 'float16' });
    expect(eight.totals.params).toBe(one.totals.params);
    expect(eight.totals.macs).toBe(8n * one.totals.macs);
    expect(layer(eight, 'conv_1').activationBytes).toBe(8n * 28n * 28n * 64n * 2n);
    expect(eight.totals.weightBytes).toBe(one.totals.params * 2n);
  });

  test('--input replaces the first input shape and keeps the design input', () => {
    const r = run(WIDTH, { input: [56, 56, 256] });
    expect(r.input.shape).toEqual([56, 56, 256]);
    expect(r.designInputs[0].shape).toEqual([28, 28, 256]);
    expect(r.totals.macs).toBe(4n * 218_365_952n);
  });
});

describe('exact integers', () => {
  test('MACs past 2^53 stay exact', () => {
    // A 3x3 conv 1024 -> 1024 on 1024x1024 at batch 1024:
    // 1024·1024 positions · 1024 filters · 1024·9 weights · 1024 batch = 2^20 · 2^10 · 9·2^10 · 2^10 = 9 · 2^50,
    // above 2^53 = 9,007,199,254,740,992.
    const r = run(`input: [1024, 1024, 1024]\nbatch: 1024\nlayers:\n  - conv: {filters: 1024, kernel: 3, padding: 1, bias: false}\n`);
    expect(r.totals.macs).toBe(9n * 2n ** 50n); // 10,133,099,161,583,616
    expect(r.totals.macs > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(r.totals.flops).toBe(18n * 2n ** 50n);
  });
});

describe('peak activation memory by liveness', () => {
  test('a residual input stays live until the add has read it', () => {
    const r = run(`input: [10, 10, 10]\nlayers:\n  - add: {branches: [[relu, relu], []]}\n`);
    // 1000 elements · 4 bytes = 4000 per tensor. Running the second relu: input (still needed by add),
    // relu_1 (its input) and relu_2 (its output) are live: 12,000 bytes. Running add: input, relu_2, add_1.
    expect(r.totals.peakActivationBytes).toBe(12_000n);
    expect(r.peak.layer).toBe('relu_2');
    expect(r.peak.tensors.map((t) => t.name)).toEqual(['input', 'relu_1', 'relu_2']);
  });
});

describe('--depth rows', () => {
  test('collapses layers into their block instances with subtotals', () => {
    const r = run(`input: [56, 56, 64]\n${BOTTLENECK}\nlayers:\n  - bottleneck: {mid: 64, out: 256, name: layer1, repeat: 3}\n`);
    const rows = reportRows(r, 2);
    expect(rows.map((row) => [row.name, row.op, row.params])).toEqual([
      ['layer1.0', 'bottleneck', 75_008n],
      ['layer1.1', 'bottleneck', 70_400n],
      ['layer1.2', 'bottleneck', 70_400n],
    ]);
    expect(reportRows(r, 1)).toHaveLength(1);
    expect(reportRows(r, 1)[0].op).toBe('bottleneck x3');
  });
});

describe('input sizes from vars and list-valued block params', () => {
  test('input sizes may be expressions over vars (--set resolution=160)', () => {
    const spec = `vars: {resolution: 224}\ninput: ["\${resolution}", "\${resolution}", 3]\nlayers:\n  - conv: {filters: 32, kernel: 3, stride: 2, padding: 1}\n`;
    expect(run(spec).output.shape).toEqual([112, 112, 32]);
    // floor((160 + 2 - 3) / 2) + 1 = 80
    expect(run(spec, { vars: { resolution: 160 } }).output.shape).toEqual([80, 80, 32]);
  });

  test('a block param may be a list, passed on whole as "${name}" (Inception v3 1x7 / 7x1)', () => {
    const r = run(`input: [17, 17, 128]
blocks:
  basic:
    params: {filters: null, kernel: null, padding: 0}
    layers:
      - conv: {filters: "\${filters}", kernel: "\${kernel}", padding: "\${padding}", bias: false}
layers:
  - basic: {filters: 128, kernel: [1, 7], padding: [0, 3]}
  - basic: {filters: 192, kernel: [7, 1], padding: [3, 0]}
`);
    expect(r.layers.map((l) => l.outputShape)).toEqual([[17, 17, 128], [17, 17, 192]]);
    expect(r.totals.params).toBe(128n * 128n * 7n + 192n * 128n * 7n);
  });

  test('a list param used inside arithmetic is an error that says how to use it', () => {
    expect(() =>
      run(`input: [8, 8, 3]
blocks:
  b:
    params: {k: [3, 3]}
    layers: [conv: {filters: 4, kernel: "\${k + 1}"}]
layers: [b]
`),
    ).toThrow(/'k' is a list/);
  });
});

describe('skipped items (if: false)', () => {
  const located = (text: string) => {
    try {
      run(text);
    } catch (e) {
      return (e as ArchcostError).diagnostics[0];
    }
    throw new Error('expected an ArchcostError');
  };

  test('a spec whose every item is skipped is refused at its layers, not reported with no layer', () => {
    const d = located(`input: [4, 4, 2]\nvars: {on: false}\nlayers:\n  - conv: {filters: 2, kernel: 1, if: "\${on}"}\n`);
    expect(d.message).toMatch(/every layer item is skipped .* a spec needs at least one layer/);
    expect([d.line, d.column]).toEqual([3, 1]);
  });

  test('a skipped item is the identity on what it reads: its name refers to that tensor', () => {
    // 4x4x2 input; the projection is skipped, so `shortcut` is the input and add gets [a, input].
    const r = run(`input: [4, 4, 2]
vars: {project: false}
layers:
  - conv: {name: a, filters: 2, kernel: 1}
  - conv: {name: shortcut, from: input, filters: 2, kernel: 1, if: "\${project}"}
  - add: {from: [a, shortcut]}
`);
    expect(r.layers.map((l) => [l.name, l.inputs])).toEqual([
      ['a', ['input']],
      ['add_1', ['a', 'input']],
    ]);
  });

  test('a skipped item with from passes on its from tensor, and the next item reads that', () => {
    const r = run(`input: [4, 4, 2]
layers:
  - conv: {name: a, filters: 8, kernel: 1}
  - relu: {from: input, if: false}
  - conv: {filters: 3, kernel: 1}
`);
    // The last conv reads the input (2 channels): 2*3 weights + 3 biases = 9 params.
    expect(layer(r, 'conv_2').inputs).toEqual(['input']);
    expect(layer(r, 'conv_2').params).toBe(9n);
  });

  test('a skipped merge whose from names another skipped item is fine (issue 14)', () => {
    const r = run(`input: [4, 4, 2]
layers:
  - relu: {name: a, if: false}
  - add: {from: [input, a], if: false}
  - relu
`);
    // The skipped relu still counts for auto-naming, so the kept one is relu_2.
    expect(r.layers.map((l) => l.name)).toEqual(['relu_2']);
  });

  test("a skipped item's args are not evaluated (they may only fit when it is kept) but must be its op's args", () => {
    // filters would be 0 here, which a kept conv refuses.
    const ok = run(`input: [4, 4, 2]\nlayers:\n  - conv: {filters: "\${in.channels - 2}", kernel: 9, if: "\${in.channels > 2}"}\n  - relu\n`);
    expect(ok.layers.map((l) => l.op)).toEqual(['relu']);
    const d = located(`input: [4, 4, 2]\nlayers:\n  - conv: {filtres: 4, kernel: 1, if: false}\n  - relu\n`);
    expect(d.message).toBe("conv has no arg 'filtres' (did you mean 'filters'?); its args are: filters, kernel, stride, padding, dilation, groups, bias");
    expect([d.line, d.column]).toEqual([3, 12]);
    expect(located(`input: [4]\nblocks: {b: {params: {w: 1}, layers: [relu]}}\nlayers:\n  - b: {width: 2, if: false}\n  - relu\n`).message).toMatch(
      /unknown param 'width'; block 'b' takes: w/,
    );
  });

  test('from reaches into a named scope with a dotted path', () => {
    const r = run(`input: [4, 4, 2]
layers:
  - sequence: {name: stage1, layers: [{conv: {filters: 3, kernel: 1}}, relu]}
  - conv: {filters: 5, kernel: 1}
  - concat: {from: [stage1.conv_1, conv_1]}
`);
    expect(layer(r, 'concat_1').inputs).toEqual(['stage1.conv_1', 'conv_1']);
    expect(layer(r, 'concat_1').outputShape).toEqual([4, 4, 8]);
  });

  test('from into a skipped scope says the scope is skipped', () => {
    const d = located(`input: [4, 4, 2]
layers:
  - sequence: {name: stage1, if: false, layers: [relu]}
  - relu: {from: stage1.relu_1}
`);
    expect(d.message).toBe("from: no earlier layer or input is named 'stage1.relu_1'; 'stage1' is skipped (its if is false), so nothing inside it exists");
  });

  test('of two items with one name, the kept one owns it, before or after the skipped one', () => {
    for (const first of [true, false]) {
      const r = run(`input: [4, 4, 2]
vars: {first: ${first}}
layers:
  - conv: {name: proj, filters: 3, kernel: 1, if: "\${first}"}
  - conv: {name: proj, filters: 5, kernel: 1, if: "\${not first}"}
  - relu: {from: proj}
`);
      expect(layer(r, 'relu_1').outputShape).toEqual([4, 4, first ? 3 : 5]);
    }
  });
});
