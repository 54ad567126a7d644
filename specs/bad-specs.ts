/**
 * Bad input and what a user must be told about it (issue 2, item 5). The engine test checks each
 * diagnostic's fields; the CLI test runs each through `archcost analyze` and checks the printed
 * `file:line:col: layer: message`, exit code 2 and that no stack trace leaks out.
 * Lines and columns are 1-based and point at the key (or list entry) the problem belongs to.
 */
export interface BadSpec {
  name: string;
  file: string;
  text: string;
  /** `--set` overrides (engine: `vars` option). */
  set?: Record<string, number>;
  line?: number;
  column?: number;
  layer?: string;
  /** Fragments the message must contain: what is wrong, what was expected, the suggestion. */
  message: string[];
}

const lines = (...text: string[]) => text.join('\n') + '\n';

/** "Billion laughs": ten levels of ten aliases each would expand to 10^10 entries. */
export function aliasBomb(levels = 10): string {
  const anchors = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let k = 1; k < levels; k++) anchors.push(`a${k}: &a${k} [${Array(10).fill(`*a${k - 1}`).join(', ')}]`);
  return lines(...anchors, 'input: [28, 28, 3]', 'layers: [relu]');
}

export const BAD_SPECS: BadSpec[] = [
  {
    name: 'YAML syntax: an unclosed flow map',
    file: 'unclosed.yaml',
    text: lines('input: [28, 28, 3]', 'layers:', '  - conv: {filters: 64, kernel: 3', '  - relu'),
    // The parser notices at the next item, line 4 column 3.
    line: 4,
    column: 3,
    message: ['invalid YAML', 'end with a }'],
  },
  {
    name: 'JSON syntax: a trailing comma in a .json file',
    file: 'trailing.json',
    text: lines('{', '  "input": [28, 28, 3],', '  "layers": ["relu", ]', '}'),
    // `  "layers": ["relu", ]`: the comma is the 20th character.
    line: 3,
    column: 20,
    message: ['invalid JSON', 'trailing comma'],
  },
  {
    name: 'JSON syntax: a single-quoted key',
    file: 'quotes.json',
    text: lines(`{"input": [28, 28, 3], 'layers': ["relu"]}`),
    line: 1,
    column: 24,
    message: ['invalid JSON', 'property name in double quotes', 'single quote'],
  },
  {
    name: 'schema: an unknown top-level key, with the nearest known key',
    file: 'typo-key.yaml',
    text: lines('input: [28, 28, 3]', 'layer:', '  - relu'),
    line: 2,
    column: 1,
    message: ['at the top level', "unknown key 'layer'", "did you mean 'layers'?", 'expected', 'budgets'],
  },
  {
    name: 'schema: layers missing',
    file: 'no-layers.yaml',
    text: lines('input: [28, 28, 3]'),
    line: 1,
    column: 1,
    message: ['layers: missing', 'expected a list'],
  },
  {
    name: 'schema: input missing',
    file: 'no-input.yaml',
    text: lines('layers: [relu]'),
    line: 1,
    column: 1,
    message: ['the spec has no input', 'input: [H, W, C]'],
  },
  {
    name: 'schema: a wrong type (batch: two)',
    file: 'batch-word.yaml',
    text: lines('input: [28, 28, 3]', 'batch: two', 'layers: [relu]'),
    line: 2,
    column: 1,
    message: ['batch: expected a positive integer', "got 'two'"],
  },
  {
    name: 'schema: input is neither a shape nor a map',
    file: 'input-scalar.yaml',
    text: lines('input: 224', 'layers: [relu]'),
    line: 1,
    column: 1,
    message: ['input: expected a list or a map', 'got 224'],
  },
  {
    name: 'a layer item that is a list',
    file: 'item-list.yaml',
    text: lines('input: [28, 28, 3]', 'layers:', '  - [relu]'),
    line: 3,
    column: 5,
    message: ['a layer item is an op name or a one-key map', 'got ["relu"]'],
  },
  {
    name: 'an unknown op, with the nearest op',
    file: 'unknown-op.yaml',
    text: lines('input: [28, 28, 3]', 'layers:', '  - conv: {filters: 8, kernel: 3}', '  - rleu'),
    line: 4,
    column: 5,
    message: ["unknown op or block 'rleu'", "did you mean 'relu'?"],
  },
  {
    name: 'an unknown arg, with the nearest arg (before the missing arg it misspells)',
    file: 'unknown-arg.yaml',
    text: lines('input: [28, 28, 3]', 'layers:', '  - conv: {filters: 8, kernal: 3}'),
    line: 3,
    column: 24,
    layer: 'conv_1',
    message: ["conv has no arg 'kernal'", "did you mean 'kernel'?", 'its args are: filters, kernel'],
  },
  {
    name: 'an unknown op in defaults',
    file: 'defaults-typo.yaml',
    text: lines('input: [28, 28, 3]', 'defaults:', '  cnov: {padding: same}', 'layers: [relu]'),
    line: 3,
    column: 3,
    message: ["unknown op 'cnov'", "did you mean 'conv'?"],
  },
  {
    name: 'shapes: concat of 28x28x64 with 27x27x128',
    file: 'concat.yaml',
    // A 2x2 conv without padding on 28x28 gives 28 - 2 + 1 = 27.
    text: lines(
      'input: [28, 28, 32]',
      'layers:',
      '  - concat:',
      '      name: merge',
      '      branches:',
      '        - - conv: {filters: 64, kernel: 1}',
      '        - - conv: {filters: 128, kernel: 2}',
    ),
    line: 3,
    column: 5,
    layer: 'merge',
    message: ['concat', '28x28x64', '27x27x128'],
  },
  {
    name: 'shapes: add of 64 channels with 128',
    file: 'add.yaml',
    text: lines(
      'input: [28, 28, 64]',
      'layers:',
      '  - add:',
      '      name: residual',
      '      branches:',
      '        - []',
      '        - - conv: {filters: 128, kernel: 1}',
    ),
    line: 3,
    column: 5,
    layer: 'residual',
    message: ['add', '28x28x64', '28x28x128', '64 and 128'],
  },
  {
    name: 'groups that do not divide the channels',
    file: 'groups.yaml',
    text: lines('input: [28, 28, 30]', 'layers:', '  - conv: {filters: 64, kernel: 3, groups: 4}'),
    line: 3,
    column: 36,
    layer: 'conv_1',
    message: ['groups 4 does not divide the 30 input channels'],
  },
  {
    name: 'a kernel larger than the padded input',
    file: 'kernel.yaml',
    // 4 + 2·1 padding = 6 < 7
    text: lines('input: [4, 4, 3]', 'layers:', '  - conv: {filters: 8, kernel: 7, padding: 1}'),
    line: 3,
    column: 24,
    layer: 'conv_1',
    message: ['kernel 7 is larger than the padded input 6'],
  },
  {
    name: 'sizes: filters: 0',
    file: 'filters-zero.yaml',
    text: lines('input: [28, 28, 3]', 'layers:', '  - conv: {filters: 0, kernel: 3}'),
    line: 3,
    column: 12,
    layer: 'conv_1',
    message: ["conv arg 'filters'", 'expected a positive integer', 'got 0'],
  },
  {
    name: 'sizes: filters: 2.5',
    file: 'filters-fraction.yaml',
    text: lines('input: [28, 28, 3]', 'layers:', '  - conv: {filters: 2.5, kernel: 3}'),
    line: 3,
    column: 12,
    layer: 'conv_1',
    message: ["conv arg 'filters'", 'expected a positive integer', 'got 2.5'],
  },
  {
    name: 'sizes: an expression giving a fraction (64 / 3)',
    file: 'filters-expr.yaml',
    text: lines('input: [28, 28, 3]', 'vars: {w: 64}', 'layers:', '  - conv: {filters: "${w/3}", kernel: 3}'),
    line: 4,
    column: 12,
    layer: 'conv_1',
    message: ['expected a positive integer', 'got 21.33', 'from "${w/3}"'],
  },
  {
    name: 'sizes: input [0, 3]',
    file: 'input-zero.yaml',
    text: lines('input: [0, 3]', 'layers: [relu]'),
    line: 1,
    column: 9,
    message: ['input[0]', 'expected a number >= 1', 'got 0'],
  },
  {
    name: 'an undefined name in from, with the nearest name',
    file: 'from.yaml',
    text: lines('input: [28, 28, 3]', 'layers:', '  - conv: {name: stem, filters: 8, kernel: 3}', '  - relu: {from: stme}'),
    line: 4,
    column: 12,
    layer: 'relu_1',
    message: ["no earlier layer or input is named 'stme'", "did you mean 'stem'?"],
  },
  {
    name: 'an undefined name in an expression, with the nearest name',
    file: 'expr-name.yaml',
    text: lines('input: [28, 28, 3]', 'vars: {width: 64}', 'layers:', '  - conv: {filters: "${widht}", kernel: 3}'),
    line: 4,
    column: 12,
    layer: 'conv_1',
    message: ["unknown name 'widht'", "did you mean 'width'?"],
  },
  {
    name: 'an expression syntax error',
    file: 'expr-syntax.yaml',
    text: lines('input: [28, 28, 3]', 'layers:', '  - conv: {filters: "${8 +}", kernel: 3}'),
    line: 3,
    column: 12,
    layer: 'conv_1',
    message: ['expected an operand'],
  },
  {
    name: 'a block that uses itself',
    file: 'cycle.yaml',
    text: lines('input: [28, 28, 3]', 'blocks:', '  loop:', '    layers:', '      - relu', '      - loop', 'layers:', '  - loop'),
    line: 6,
    column: 9,
    layer: 'loop_1.loop_1',
    message: ["block 'loop' uses itself", 'loop -> loop'],
  },
  {
    name: 'a block that uses itself through another block',
    file: 'cycle2.yaml',
    text: lines('input: [28, 28, 3]', 'blocks:', '  a:', '    layers:', '      - relu', '      - b', '  b:', '    layers:', '      - a', 'layers:', '  - a'),
    line: 9,
    column: 9,
    layer: 'a_1.b_1.a_1',
    message: ["block 'a' uses itself", 'a -> b -> a'],
  },
  {
    name: 'a missing required block param',
    file: 'block-param.yaml',
    text: lines(
      'input: [28, 28, 3]',
      'blocks:',
      '  unit:',
      '    params: {width: null}',
      '    layers:',
      '      - conv: {filters: "${width}", kernel: 3}',
      'layers:',
      '  - unit: {name: u1}',
    ),
    line: 8,
    column: 5,
    layer: 'u1',
    message: ["block 'unit' needs param 'width'", 'no default'],
  },
  {
    name: 'an expression that is not a number where one is needed',
    file: 'expr-bool.yaml',
    text: lines('input: [28, 28, 3]', 'vars: {w: 64}', 'layers:', '  - conv: {filters: "${w > 3}", kernel: 3}'),
    line: 4,
    column: 12,
    layer: 'conv_1',
    message: ['expected a positive integer', 'got true', 'from "${w > 3}"'],
  },
  {
    name: 'a division by zero',
    file: 'div-zero.yaml',
    text: lines('input: [28, 28, 3]', 'vars: {w: 0}', 'layers:', '  - conv: {filters: "${64 / w}", kernel: 3}'),
    line: 4,
    column: 12,
    layer: 'conv_1',
    message: ['division by zero', '64 / w'],
  },
  {
    name: 'a YAML alias bomb',
    file: 'laughs.yaml',
    text: aliasBomb(),
    message: ['too many YAML aliases'],
  },
  {
    name: 'a __proto__ key',
    file: 'proto.yaml',
    text: lines('input: [28, 28, 3]', 'layers:', '  - conv: {filters: 8, kernel: 3, __proto__: {polluted: yes}}'),
    line: 3,
    column: 35,
    message: ["the key '__proto__' is not allowed"],
  },
  {
    name: 'a constructor key',
    file: 'constructor.yaml',
    text: lines('input: [28, 28, 3]', 'vars:', '  constructor: {prototype: {polluted: yes}}', 'layers: [relu]'),
    line: 3,
    column: 3,
    message: ["the key 'constructor' is not allowed"],
  },
  {
    name: '--set of a var the spec does not have',
    file: 'set.yaml',
    text: lines('input: [28, 28, 3]', 'vars: {width: 64}', 'layers:', '  - conv: {filters: "${width}", kernel: 3}'),
    set: { widht: 32 },
    message: ["--set widht: the spec has no var 'widht'", "did you mean 'width'?", 'its vars are: width'],
  },
  {
    name: 'a repeat count past the layer limit',
    file: 'repeat.yaml',
    text: lines('input: [28, 28, 3]', 'layers:', '  - relu: {repeat: 100000000}'),
    line: 3,
    column: 12,
    layer: 'relu_1',
    message: ['repeat: 100000000 copies exceed the limit of 100,000 layers'],
  },
  {
    name: 'an empty file',
    file: 'empty.yaml',
    text: '',
    message: ['the spec is empty', 'expected a map with at least input and layers'],
  },
  {
    name: 'a spec that is a YAML list',
    file: 'list.yaml',
    text: lines('- relu', '- conv: {filters: 8, kernel: 3}'),
    line: 1,
    column: 1,
    message: ['the spec is a list', 'expected a map'],
  },
  {
    name: 'a spec that is a scalar',
    file: 'scalar.yaml',
    text: lines('hello'),
    line: 1,
    column: 1,
    message: ["the spec is a single value, 'hello'", 'expected a map'],
  },
];
