import { afterAll, describe, expect, test } from '@jest/globals';
import chalk from 'chalk';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, ArchcostError, parseQuantity } from '../src/index.js';
import { printable } from '../src/core/printable.js';
import { showValue } from '../src/core/errors.js';
import { CLI_ONLY } from '../src/language/schema-errors.js';
import { cli } from './cli.js';
import { run } from './helpers.js';

/** Issue 14: inputs that used to crash, hang or lie, each refused with a located message. */

const dir = mkdtempSync(join(tmpdir(), 'archcost-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function refusal(spec: string | object, options = {}): ArchcostError {
  try {
    analyze(spec, { file: 'x.yaml', ...options });
  } catch (e) {
    if (e instanceof ArchcostError) return e;
    throw e;
  }
  throw new Error('expected an ArchcostError');
}

describe('messages never call the user\'s values', () => {
  test.each([
    ['dtype: {toString: x}', 'dtype: expected one of float32, float16, bfloat16, int8, float64, got {"toString":"x"}'],
    ['batch: {valueOf: 1}', 'batch: expected a positive integer, got {"valueOf":1}'],
    ['vars: {w: {toString: 1}}', 'vars.w: expected a number or true/false, got {"toString":1}'],
  ])('%s', (line, message) => {
    expect(refusal(`input: [3]\n${line}\nlayers: [relu]\n`).diagnostics[0]).toMatchObject({ line: 2, message });
  });

  test('check validates the spec before reading its budgets', async () => {
    const spec = file('budget-object.yaml', 'input: [3]\nlayers: [relu]\nbudgets: {macs: {toString: 1}}\n');
    const r = await cli('check', spec);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${spec}:3:11: budgets.macs: expected a number or a string, got {"toString":1}\n`);
  });

  test('showValue reads own data only: getters, bigints, symbols and cycles do not throw', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const getter = Object.defineProperty({}, 'x', { enumerable: true, get: () => { throw new Error('called'); } });
    expect(showValue(cycle)).toBe('a map');
    expect(showValue({ a: { b: { c: { d: 1 } } } })).toBe('{"a":{"b":{"c":…}}}');
    expect(showValue(getter)).toBe('{"x":nothing}');
    expect(showValue([1n, Symbol('s'), () => 0])).toBe('[1,a symbol,a function]');
  });

  test('a string inside a list or map is escaped once, as a string on its own is', () => {
    // ESC is U+001B: on its own it shows as \u001b between quotes; inside a map the same six characters.
    expect(showValue('x\u001by')).toBe(String.raw`'x\u001by'`);
    expect(showValue({ a: 'x\u001by' })).toBe(String.raw`{"a":"x\u001by"}`);
    expect(showValue({ 'k\u001b': ['\u202e'] })).toBe(String.raw`{"k\u001b":["\u202e"]}`);
  });

  test('a list too long to write out is summarised in one wording, by its count or by its length', () => {
    // 21 items pass the 20 written out; 20 three-digit numbers write 20 * 4 + 1 = 81 characters, past 40.
    expect(showValue(Array.from({ length: 21 }, () => 1))).toBe('a list of 21 items');
    expect(showValue(Array.from({ length: 20 }, () => 100))).toBe('a list of 20 items');
    expect(showValue({ a: Array.from({ length: 21 }, () => 1) })).toBe('{"a":[…21 items]}');
  });

  test('a block param named like an Object.prototype key is a param like any other', () => {
    const r = run('input: [3]\nblocks:\n  b:\n    params: {toString: 4}\n    layers: [{dense: {units: "${toString}"}}]\nlayers: [b]\n');
    expect(r.layers[0].outputShape).toEqual([4]);
  });

  test('a compared model named __proto__ keeps its entry in the ratios', async () => {
    const a = file('proto-a.yaml', 'name: a\ninput: [3]\nlayers: [{dense: {units: 2}}]\n');
    const b = file('proto-b.yaml', 'name: __proto__\ninput: [3]\nlayers: [{dense: {units: 4}}]\n');
    const r = await cli('compare', a, b, '--format', 'json');
    expect(r.code).toBe(0);
    // params: 3*2+2 = 8 against 3*4+4 = 16.
    expect(Object.keys(JSON.parse(r.stdout).ratios)).toEqual(['__proto__']);
    expect(JSON.parse(r.stdout).ratios.__proto__.params).toBe(2);
  });
});

describe('budgets and quantities', () => {
  test('a huge exponent is refused from its digit count, not computed', () => {
    expect(parseQuantity('1e999999999', 'count')).toBe("'1e999999999' is too large: a quantity has at most 30 digits");
    expect(parseQuantity('1e-999999999', 'count')).toBe("'1e-999999999' is not a whole number of units");
    expect(parseQuantity('0e999999999', 'count')).toBe(0n);
    // 30 digits is the most: 10^29 has 30, 10^30 has 31.
    expect(parseQuantity('1e29', 'count')).toBe(10n ** 29n);
    expect(parseQuantity('1e30', 'count')).toMatch(/too large/);
    expect(parseQuantity('9'.repeat(30), 'count')).toBe(10n ** 30n - 1n);
    // 21 nines of GiB (2^30 = 1,073,741,824 bytes) is 1.07 x 10^30 bytes: 31 digits, refused though its digit estimate is 30.
    expect((10n ** 21n - 1n) * 2n ** 30n >= 10n ** 30n).toBe(true);
    expect(parseQuantity(`${'9'.repeat(21)}GiB`, 'bytes')).toMatch(/too large: a quantity has at most 30 digits/);
  });

  test('--max-macs 1e999999999 is a usage error, and so is a YAML number that reads as infinity', async () => {
    const spec = file('inf.yaml', 'input: [3]\nlayers: [relu]\nbudgets: {macs: 1e999999999}\n');
    const flag = await cli('check', file('plain.yaml', 'input: [3]\nlayers: [relu]\n'), '--max-macs', '1e999999999');
    expect(flag).toMatchObject({ code: 2, stderr: "error: --max-macs: '1e999999999' is too large: a quantity has at most 30 digits\n" });
    const inSpec = await cli('check', spec);
    expect(inSpec.code).toBe(2);
    expect(inSpec.stderr).toContain(`${spec}:3:11: budgets.macs: expected a number or a string, got Infinity (a number too large to read`);
  });
});

describe('nesting and sizes are bounded', () => {
  test('a chain of 700 nested blocks is refused where it passes 100 levels, without a stack overflow', () => {
    const blocks = Array.from({ length: 700 }, (_, i) => `  b${i}: {layers: [b${i + 1}]}`).join('\n');
    const e = refusal(`input: [3]\nblocks:\n${blocks}\n  b700: {layers: [relu]}\nlayers: [b0]\n`);
    expect(e.diagnostics[0].message).toMatch(/^blocks, sequences and branches nest more than 100 levels deep \(blocks b0 -> b1 -> b2 -> b3 -> b4 -> …\)/);
    expect(e.diagnostics[0].line).toBe(103); // blocks.b100, the 101st level
  });

  test('a spec object nested 100,000 deep is refused, not a stack overflow', () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal({ input: [3], layers: ['relu'], vars: { a: deep } }).message).toMatch(/more than 200 levels deep/);
  });

  test('shapes beyond 2^53 are refused where the op computes them (one upsample by 10^6)', () => {
    // 1000 x 10^6 = 10^9 per side: 10^9 * 10^9 * 3 = 3 * 10^18 elements, far past 2^53 (about 9.0e15).
    const e = refusal('input: [1000, 1000, 3]\nlayers:\n  - upsample: {scale: 1000000}\n  - relu\n');
    expect(e.diagnostics[0]).toMatchObject({ line: 3, layer: 'upsample_1' });
    expect(e.diagnostics[0].message).toBe(
      'upsample gives an output of 1000000000x1000000000x3 = 3000000000000000000 elements: archcost counts tensors of at most 2^53 - 1 (about 9.0e15) elements exactly (input 1000x1000x3)',
    );
  });

  test('a size past 2^53 - 1 is refused (one pad of 2^52 - 1 on each side)', () => {
    // 4 + 2 * (2^52 - 1) = 2^53 + 2.
    const e = refusal('input: [4, 4, 3]\nlayers:\n  - pad: {padding: 4503599627370495}\n');
    expect(e.diagnostics[0].message).toMatch(/^pad gives an output of 9007199254740994x9007199254740994x3: sizes must be positive integers of at most 2\^53 - 1/);
  });

  test('an input override past the bound is refused too', () => {
    expect(refusal('input: [4, 4, 3]\nlayers: [relu]\n', { input: [1e8, 1e8, 3] }).message).toMatch(/the input 'input' is 100000000x100000000x3 = 30000000000000000 elements/);
  });
});

describe("analyze() checks its options with the CLI's words", () => {
  const spec = 'input: [4]\nlayers: [relu]\n';
  test.each([
    [{ batch: -1 }, 'options.batch: expected a positive integer, got -1'],
    [{ batch: 1.5 }, 'options.batch: expected a positive integer, got 1.5'],
    [{ batch: 2 ** 60 }, 'options.batch: expected a positive integer of at most 2^53 - 1, got 1152921504606847000'],
    [{ dtype: 'bogus' }, 'options.dtype: expected one of float32, float16, bfloat16, int8, float64, got \'bogus\''],
    [{ dtype: 'fp16' }, "options.dtype: 'fp16' is written float16 in archcost"],
    [{ input: '224x224x3' }, "options.input: expected a list of 1 to 4 positive integers (channels last), got '224x224x3'"],
    [{ input: [0] }, 'options.input[0]: expected a positive integer, got 0'],
    [{ vars: { w: 'wide' } }, "options.vars.w: expected a number or true/false, got 'wide'"],
    [{ bacth: 2 }, "options: unknown key 'bacth' (did you mean 'batch'?); expected file, batch, dtype, vars, input, training, phase, context, weights, kvDtype, parallel, device"],
    [{ training: { optimizer: 'lion' } }, "options.training.optimizer: expected one of sgd, momentum, adam, adamw, got 'lion'"],
  ])('%j', (options, message) => {
    expect(refusal(spec, options).message).toBe(message);
  });

  test.each([
    [['--batch', '-1'], "argument '-1' is invalid. expected a positive integer, got -1"],
    [['--batch', '1.5'], "argument '1.5' is invalid. expected a positive integer, got 1.5"],
    [['--dtype', 'fp16'], "argument 'fp16' is invalid. 'fp16' is written float16 in archcost"],
    [['--set', 'w=wide'], "argument 'w=wide' is invalid. w: expected a number or true/false, got 'wide'"],
  ])('the CLI says the same: %j', async (flags, message) => {
    const r = await cli('analyze', 'examples/seed-bottleneck.yaml', ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('the archcost way for other tools\' idioms', () => {
  test('a CLI option written as a spec key', () => {
    expect(refusal('input: [3]\nlayers: [relu]\nformat: json\n').message).toContain("('format' is not a spec key but the command-line option --format)");
    expect(refusal('input: [3]\nlayers: [relu]\nmax_macs: 4G\n').message).toContain(
      "('max_macs' is the --max-macs flag of archcost check; in a spec, budgets are written budgets: {macs: ...})",
    );
    expect(refusal('input: [3]\nlayers: [relu]\nmax_increase: 5\n').message).toContain("('max_increase' is not a spec key but the command-line option diff --max-increase)");
    expect(refusal('input: [3]\nlayers: [relu]\nphase: decode\n').message).toContain("('phase' is not a spec key but the command-line option --phase)");
  });

  test.each(['max_len: 512', 'maxBatch: 8'])('%s is no budget: no flag is made up for it', (line) => {
    const message = refusal(`input: [3]\nlayers: [relu]\n${line}\n`).message;
    expect(message).toMatch(/at the top level: unknown key '(max_len|maxBatch)'; expected \$schema, /);
    expect(message).not.toContain('flag of archcost check');
  });

  test('every option a spec key is pointed to is a real option of its command', async () => {
    const fish = (await cli('completion', 'fish')).stdout;
    for (const [key, option] of Object.entries(CLI_ONLY)) {
      const [, command, flag] = /^(?:(\w+) )?--([a-z-]+)/.exec(option)!;
      const line = new RegExp(`__fish_seen_subcommand_from ${command ?? '\\w+'}'.* -l ${flag} `);
      const global = new RegExp(`__fish_use_subcommand' .*-l ${flag} `);
      expect([key, line.test(fish) || (!command && global.test(fish))]).toEqual([key, true]);
    }
  });

  test('a union of values says which values, not zod\'s "Invalid input"', () => {
    const parallel = { dataParallel: 1, zero: 5, tensorParallel: 1, pipelineParallel: 1 };
    expect(refusal('input: [3]\nlayers: [relu]\n', { parallel }).message).toBe('options.parallel.zero: expected one of 0, 1, 2, 3, got 5');
  });

  test('a dtype in another tool\'s spelling', () => {
    expect(refusal('input: [3]\ndtype: fp16\nlayers: [relu]\n').message).toBe("x.yaml:2:1: dtype: 'fp16' is written float16 in archcost");
  });

  test('a block param default that uses a later param', () => {
    const e = refusal('input: [3]\nblocks:\n  b:\n    params: {a: "${c * 2}", c: 3}\n    layers: [relu]\nlayers: [b]\n');
    expect(e.diagnostics[0]).toMatchObject({ line: 4, column: 14 });
    expect(e.diagnostics[0].message).toBe(
      'in "${c * 2}": \'c\' is a param declared after this one, and a default can use only the params before it (plus in and vars): declare \'c\' first',
    );
  });
});

describe('YAML mistakes get YAML words', () => {
  test('an alias with no anchor is not "too many aliases"', () => {
    expect(refusal('input: [3]\nlayers: [*nope]\n').diagnostics[0]).toMatchObject({ line: 2, column: 10, message: 'invalid YAML: the alias *nope has no anchor &nope before it' });
  });

  test('several documents in one file', () => {
    expect(refusal('input: [3]\nlayers: [relu]\n---\ninput: [3]\n').message).toMatch(/a spec is one YAML document, and this text has several \(a line --- starts another\)/);
  });
});

describe('control characters never reach the terminal raw', () => {
  const evil = 'evil\u001b]0;pwned\u0007\u001b[31mRED\rforged\nline';
  const spec = () => file('evil.yaml', `name: ${JSON.stringify(evil)}\ninput: [3]\nlayers: [relu]\nbudgets: {macs: 1}\n`);
  const escaped = 'evil\\u001b]0;pwned\\u0007\\u001b[31mRED\\u000dforged\\u000aline';

  test.each([
    ['analyze', []],
    ['analyze', ['--format', 'markdown']],
    ['analyze', ['--format', 'csv']],
    ['analyze', ['--format', 'html']],
    ['check', []],
    ['check', ['--format', 'markdown']],
    ['check', ['--format', 'github']],
    ['explain', []],
  ])('%s %j', async (command, flags) => {
    const r = await cli(command, spec(), ...flags);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain(escaped);
  });

  test('compare and the JSON report (which stays valid JSON)', async () => {
    const r = await cli('compare', spec(), 'examples/seed-bottleneck.yaml');
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain(escaped);
    expect(JSON.parse((await cli('analyze', spec(), '--format', 'json')).stdout).model.name).toBe(escaped);
  });

  test('with colour on, only archcost\'s own colour sequences are raw', async () => {
    const level = chalk.level;
    process.env.FORCE_COLOR = '1';
    try {
      const r = await cli('check', spec());
      const raw = r.stdout.match(/\u001b\[[0-9;]*m/g) ?? [];
      expect(raw.length).toBeGreaterThan(0);
      expect(r.stdout.replace(/\u001b\[(32|39|31|1|22)m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    } finally {
      delete process.env.FORCE_COLOR;
      chalk.level = level;
    }
  });

  test('error messages echoing a key, a file name or a flag', async () => {
    const key = file('evil-key.yaml', 'input: [3]\nlayers: [{"\\e[2Jboom": {}}]\n');
    const r = await cli('analyze', key);
    expect(r.stderr).toBe(`error: ${key}:2:11: unknown op or block '\\u001b[2Jboom'\n`);
    expect((await cli('analyze', '\u001b]0;x\u0007.yaml')).stderr).toBe('error: \\u001b]0;x\\u0007.yaml: cannot read the spec: no such file\n');
    expect((await cli('analyze', 'x.yaml', '--bogus\u001b[2J')).stderr).toBe("error: unknown option '--bogus\\u001b[2J'\n");
  });

  test('printable keeps newlines and, with colour, SGR only', () => {
    expect(printable('a\u001b[31mb\u001b]0;t\u0007\n\u009b2J\u202e', true)).toBe('a\u001b[31mb\\u001b]0;t\\u0007\n\\u009b2J\\u202e');
    expect(printable('a\u001b[31mb', false)).toBe('a\\u001b[31mb');
  });
});

describe('--output', () => {
  const spec = () => file('out-spec.yaml', 'input: [3]\nlayers: [relu]\n');

  test('refuses the input itself, directly or through a link', async () => {
    const input = spec();
    const before = readFileSync(input, 'utf8');
    expect((await cli('analyze', input, '-o', input)).stderr).toBe(`error: ${input}: --output is an input of this command; writing there would overwrite it: choose another file\n`);
    const link = join(dir, 'spec-link.yaml');
    rmSync(link, { force: true });
    symlinkSync(input, link);
    expect((await cli('analyze', input, '-o', link)).stderr).toContain('is the same file as');
    expect(readFileSync(input, 'utf8')).toBe(before);
  });

  test('a file system refusal is said in words, not as an errno code', async () => {
    const input = spec();
    const missing = join(dir, 'no-such-dir', 'x.json');
    expect((await cli('analyze', input, '-o', missing)).stderr).toBe(`error: ${missing}: cannot write the output: no such directory: ${join(dir, 'no-such-dir')}\n`);
    const underFile = join(input, 'x.json');
    expect((await cli('analyze', input, '-o', underFile)).stderr).toBe(`error: ${underFile}: cannot write the output: a part of the path is not a directory\n`);
  });

  test('refuses a device and a directory', async () => {
    expect((await cli('analyze', spec(), '-o', '/dev/null')).stderr).toBe('error: /dev/null: --output writes a regular file, and this is a device; refusing to replace it\n');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect((await cli('analyze', spec(), '-o', dir)).stderr).toContain('this is a directory');
  });

  test('keeps the mode and writes through a symbolic link, also a dangling one', async () => {
    const target = file('kept.json', 'old');
    chmodSync(target, 0o600);
    const link = join(dir, 'kept-link.json');
    rmSync(link, { force: true });
    symlinkSync('kept.json', link);
    expect((await cli('analyze', spec(), '-f', 'json', '-o', link)).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('kept.json');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(target, 'utf8')).schemaVersion).toBe(1);
    const dangling = join(dir, 'dangling.json');
    rmSync(dangling, { force: true });
    symlinkSync('made.json', dangling);
    expect((await cli('analyze', spec(), '-f', 'json', '-o', dangling)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'made.json'), 'utf8')).schemaVersion).toBe(1);
  });
});

describe('diff names what it was given', () => {
  test('a report that fails the report schema is not called a spec', async () => {
    const saved = JSON.parse((await cli('analyze', 'examples/seed-bottleneck.yaml', '--format', 'json')).stdout);
    const broken = file('broken-report.json', JSON.stringify({ ...saved, layers: [] }));
    const r = await cli('diff', broken, 'examples/seed-bottleneck.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('is a spec');
    expect(r.stderr).toMatch(/the baseline must be an `archcost analyze --format json` report .*: layers: /);
  });

  test('a report field that fails the schema is named by its path as specs name theirs', async () => {
    const saved = JSON.parse((await cli('analyze', 'examples/seed-bottleneck.yaml', '--format', 'json')).stdout);
    const broken = file('broken-layer.json', JSON.stringify({ ...saved, layers: [{ ...saved.layers[0], name: 5 }, ...saved.layers.slice(1)] }));
    const r = await cli('diff', broken, 'examples/seed-bottleneck.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/report .*: layers\[0\]\.name: /);
  });

  test('a count that is not an integer says what it is, not zod\'s "Invalid input"', async () => {
    const saved = JSON.parse((await cli('analyze', 'examples/seed-bottleneck.yaml', '--format', 'json')).stdout);
    const noMacs = { ...saved.layers[1] };
    delete noMacs.macs;
    for (const [layer, got] of [[{ ...saved.layers[1], macs: 'many' }, "'many'"], [{ ...saved.layers[1], macs: 1.5 }, '1.5'], [noMacs, 'nothing'], [{ ...saved.layers[1], macs: -3 }, '-3']]) {
      const broken = file('broken-count.json', JSON.stringify({ ...saved, layers: [saved.layers[0], layer, ...saved.layers.slice(2)] }));
      const r = await cli('diff', broken, 'examples/seed-bottleneck.yaml');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`report (save one with \`archcost analyze SPEC --format json --output report.json\`): layers[1].macs: expected an integer${got === '-3' ? ' >= 0' : ''}, got ${got}\n`);
    }
  });

  test('any field that fails the report schema is worded as a spec\'s would be: what was expected, what is there', async () => {
    const saved = JSON.parse((await cli('analyze', 'examples/seed-bottleneck.yaml', '--format', 'json')).stdout);
    const cases: [(r: typeof saved) => void, string][] = [
      [(r) => (r.schemaVersion = 2), 'schemaVersion: expected one of 1, got 2'],
      [(r) => (r.dtype = 'fp16'), "dtype: expected one of float32, float16, bfloat16, int8, float64, got 'fp16'"],
      [(r) => (r.layers[0].outputShape = [0, 28, 64]), 'layers[0].outputShape[0]: expected a number >= 1, got 0'],
      [(r) => (r.layers[0].inputs = 'input'), "layers[0].inputs: expected a list, got 'input'"],
      [(r) => (r.scopes = [{ name: 1, kind: 'sequence' }]), 'scopes[0].name: expected a string, got 1'],
      [(r) => (r.conventions.preset = 'thop'), "conventions.preset: expected one of archcost, ptflops, fvcore, torchinfo, darknet, got 'thop'"],
    ];
    for (const [damage, message] of cases) {
      const report = structuredClone(saved);
      damage(report);
      const r = await cli('diff', file('damaged.json', JSON.stringify(report)), 'examples/seed-bottleneck.yaml');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`): ${message}\n`);
    }
  });

  test('JSON that is a spec is told to be one', async () => {
    const spec = file('spec-as-baseline.json', '{"input": [3], "layers": ["relu"]}');
    const r = await cli('diff', spec, 'examples/seed-bottleneck.yaml');
    expect(r.stderr).toContain(`the baseline must be an \`archcost analyze --format json\` report, and ${spec} is a spec`);
  });
});

describe('a spec given as an object is plain data', () => {
  test.each([
    [{ input: [3], layers: ['relu'], name: () => 'x' }, 'a spec is data as YAML or JSON gives it: at name there is a function'],
    [{ input: [3n], layers: ['relu'] }, 'a spec is data as YAML or JSON gives it: at input[0] there is a bigint'],
    [{ input: [3], layers: ['relu'], vars: { w: new Date(0) } }, 'a spec is data as YAML or JSON gives it: at vars.w there is an object that is not a plain map or list'],
    [{ input: [3], layers: ['relu'], vars: Object.defineProperty({}, 'w', { enumerable: true, get: () => 1 }) }, 'a spec is data as YAML or JSON gives it: at vars.w there is a getter'],
    [{ input: [3], layers: [, 'relu'] }, 'a spec is data as YAML or JSON gives it: at layers there is a list with a hole at 0'],
  ])('%#', (spec, message) => {
    expect(refusal(spec).diagnostics[0].message).toBe(message);
  });

  test('a getter on a list item is refused without being run', () => {
    let calls = 0;
    const input = Object.defineProperty([0], 0, { enumerable: true, get: () => ++calls * 3 });
    expect(refusal({ input, layers: ['relu'] }).diagnostics[0].message).toBe('a spec is data as YAML or JSON gives it: at input[0] there is a getter');
    expect(calls).toBe(0);
  });

  test('undefined stands for an absent key, as in JSON', () => {
    expect(analyze({ input: [3], layers: ['relu'], batch: undefined }).batch).toBe(1);
  });
});

describe('receptive fields stay exact or are left out', () => {
  test('a cumulative stride past 2^53 - 1 is not reported, and the JSON stays JSON', async () => {
    // 2^52 · 2^52 = 2^104 input pixels between neighbouring outputs: not held exactly, so left out,
    // and the 3x3 conv after it has no tracked field to grow. The global pool sees the whole 64x64
    // input; with no stride tracked into it, its one output position is the whole input apart
    // from the next (an input's size, 64 per axis), as docs/counting.md says.
    const r = run('input: [64, 64, 3]\nlayers:\n  - conv: {filters: 4, kernel: 1, stride: 4503599627370496}\n  - conv: {filters: 4, kernel: 1, stride: 4503599627370496}\n  - conv: {filters: 4, kernel: 3, padding: 1}\n  - globalavgpool\n');
    expect(r.layers.map((l) => l.cumulativeStride)).toEqual([[2 ** 52, 2 ** 52], undefined, undefined, [64, 64]]);
    const spec = file('huge-stride.yaml', 'input: [64, 64, 3]\nlayers:\n  - conv: {filters: 4, kernel: 1, stride: 4503599627370496}\n  - conv: {filters: 4, kernel: 1, stride: 4503599627370496}\n');
    const out = (await cli('analyze', spec, '--format', 'json')).stdout;
    expect(JSON.parse(out).layers[1].cumulativeStride).toBeUndefined();
  });
});

describe("an op of the spec's own", () => {
  test('a check message whose template fails is the spec\'s error, at the op\'s checks (found by the fuzz campaign)', () => {
    const e = refusal(`input: [8]
ops:
  widen:
    args: {units: null}
    checks: [{holds: "units > 100", message: "units \${units is too small"}]
    shape: "[units]"
    params: "in.channels * units"
    macs: "in.channels * units"
    flops: "2 * macs"
layers:
  - widen: {units: 4}
`);
    // At the checks it is written in (line 5), naming the op and the template.
    expect(e.diagnostics[0]).toMatchObject({ line: 5, layer: 'widen_1' });
    expect(e.diagnostics[0].message).toMatch(/^widen: the message of a check, "units \$\{units is too small": unterminated '\$\{'/);
  });
});
