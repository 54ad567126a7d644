import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, ArchcostError } from '../src/index.js';
import { BAD_SPECS } from './bad-specs.js';

/**
 * The command line as a user meets it: the built CLI in a subprocess. Every bad input must give
 * exit code 2, an `error:` message on stderr, nothing on stdout and never a stack trace.
 */

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/archcost.js');
const SEED = 'input: [28, 28, 256]\nvars: {mid: 64}\nlayers:\n  - conv: {name: reduce, filters: "${mid}", kernel: 1}\n  - relu\n';
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archcost-cli-'));
  for (const bad of BAD_SPECS) writeFileSync(join(dir, bad.file), bad.text);
  writeFileSync(join(dir, 'seed.yaml'), SEED);
  // 5000 rows: about 230 kB of CSV, more than a pipe buffer holds.
  writeFileSync(join(dir, 'long.yaml'), 'input: [64]\nlayers:\n  - dense: {units: 64, repeat: 5000}\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The user's environment: no Jest NODE_OPTIONS, no colour, and no NODE_EXTRA_CA_CERTS: archcost
 * opens no connection, and Node decodes that file's certificates at every start (~33 ms of CPU on
 * this project's machine, for each of this file's 71 runs).
 */
const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS;

function cli(args: string[], input = ''): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, input, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit code 2, one or more `error:` lines on stderr, stdout empty, no stack trace. */
function expectUsageError(run: Run): string {
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.code).toBe(2);
  return run.stderr.split('\n')[0];
}

describe('bad specs: exit 2 with file:line:col, the layer and the message', () => {
  test.each(BAD_SPECS)('$name', (bad) => {
    const set = Object.entries(bad.set ?? {}).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    const first = expectUsageError(cli(['analyze', bad.file, ...set]));
    const where = bad.line === undefined ? bad.file : `${bad.file}:${bad.line}:${bad.column}`;
    expect(first.startsWith(`error: ${where}: ${bad.layer ? `${bad.layer}: ` : ''}`)).toBe(true);
    for (const part of bad.message) expect(first).toContain(part);
  });
});

describe('bad command lines: exit 2', () => {
  test.each([
    ['--batch 0', ['--batch', '0'], "argument '0' is invalid. expected a positive integer"],
    ['--batch x', ['--batch', 'x'], "argument 'x' is invalid. expected a positive integer"],
    ['--input 0x3', ['--input', '0x3'], "argument '0x3' is invalid. expected a shape like 224x224x3"],
    ['--input abc', ['--input', 'abc'], "argument 'abc' is invalid. expected a shape like 224x224x3"],
    ['--input 224xx3', ['--input', '224xx3'], "got '224xx3': each size: expected a positive integer, got ''"],
    ['--input 1x2x3x4x5', ['--input', '1x2x3x4x5'], "got '1x2x3x4x5': 5 sizes"],
    ['--dtype float8', ['--dtype', 'float8'], "argument 'float8' is invalid. expected one of float32, float16, bfloat16, int8, float64, got 'float8'"],
    ['--set without a value', ['--set', 'mid'], "expected name=value, got 'mid'"],
    ['--set of a non-number', ['--set', 'mid=wide'], "mid: expected a number or true/false, got 'wide'"],
    ['--set of an unknown var', ['--set', 'mdi=32'], "error: seed.yaml: --set mdi: the spec has no var 'mdi' (did you mean 'mid'?)"],
    ['--format xml', ['--format', 'xml'], "argument 'xml' is invalid. Allowed choices are table, json"],
  ])('%s', (_, flags, message) => {
    expect(expectUsageError(cli(['analyze', 'seed.yaml', ...flags]))).toContain(message);
  });

  test('a missing file', () => {
    expect(expectUsageError(cli(['analyze', 'no-such.yaml']))).toBe('error: no-such.yaml: cannot read the spec: no such file');
  });

  test('a directory instead of a file', () => {
    expect(expectUsageError(cli(['analyze', '.']))).toMatch(/^error: \.: cannot read the spec: /);
  });

  test('an unknown command', () => {
    expect(expectUsageError(cli(['analyse', 'seed.yaml']))).toContain("unknown command 'analyse'");
  });

  test('analyze without a spec', () => {
    expect(expectUsageError(cli(['analyze']))).toContain("missing required argument 'specs'");
  });

  test('a list used as a map key: the error alone, no Node warning from the YAML reader', () => {
    writeFileSync(join(dir, 'list-key.yaml'), 'input: [8, 3]\nlayers:\n  - [3, 0]: {}\n');
    const run = cli(['analyze', 'list-key.yaml']);
    expectUsageError(run);
    expect(run.stderr).toBe("error: list-key.yaml:3:5: unknown op or block '[ 3, 0 ]'\n");
  });

  test('several specs with one bad: nothing is printed for the good one', () => {
    expect(expectUsageError(cli(['analyze', 'seed.yaml', 'add.yaml']))).toContain('add.yaml:3:5: residual:');
  });
});

describe('--format json', () => {
  test('an error goes to stderr only, as text; stdout stays empty for jq', () => {
    const first = expectUsageError(cli(['analyze', 'concat.yaml', '--format', 'json']));
    expect(first).toContain('concat.yaml:3:5: merge: concat');
  });

  test('a usage error goes to stderr only', () => {
    expectUsageError(cli(['analyze', 'seed.yaml', '--format', 'json', '--batch', '0']));
  });

  test('success prints only JSON on stdout', () => {
    const run = cli(['analyze', 'seed.yaml', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    // 28·28·64·256 MACs for the 1x1 reduction (the relu adds none).
    expect(JSON.parse(run.stdout).totals.macs).toBe(28 * 28 * 64 * 256);
  });
});

describe('standard input', () => {
  test('- reads the spec from stdin', () => {
    const run = cli(['analyze', '-', '--format', 'csv'], SEED);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('reduce,conv,28x28x64');
  });

  test('errors in stdin are located as <stdin>:line:col', () => {
    const bad = BAD_SPECS.find((b) => b.file === 'groups.yaml')!;
    expect(expectUsageError(cli(['analyze', '-'], bad.text))).toBe(
      'error: <stdin>:3:36: conv_1: groups 4 does not divide the 30 input channels (input 28x28x30)',
    );
  });

  test('empty stdin is an empty spec', () => {
    expect(expectUsageError(cli(['analyze', '-'], ''))).toContain('<stdin>: the spec is empty');
  });
});

describe('messages a user can act on', () => {
  test('a directory is named as one, with the glob for its specs', () => {
    mkdirSync(join(dir, 'models'), { recursive: true });
    expect(expectUsageError(cli(['analyze', 'models']))).toBe(
      'error: models: cannot read the spec: it is a directory, not a file (for the specs in it: models/*.yaml)',
    );
  });

  test('a file that is not a spec: what archcost reads, the first five errors, then how many more', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    writeFileSync(join(dir, 'README.md'), readme);
    let total = 0;
    try {
      analyze(readme, { file: 'README.md' });
    } catch (e) {
      total = (e as ArchcostError).diagnostics.length;
    }
    expect(total).toBeGreaterThan(6);
    const run = cli(['analyze', 'README.md']);
    expectUsageError(run);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'error: README.md: this does not read as a spec: archcost reads layer specs in YAML or JSON (.yaml, .yml, .json), and this is a .md file',
    );
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe(`(and ${total - 5} more errors)`);
  });

  test('standard input can be read once: a second - is refused before reading it', () => {
    for (const args of [['compare', '-', '-'], ['analyze', '-', 'seed.yaml', '-'], ['diff', '-', '-']]) {
      expect(expectUsageError(cli(args, SEED))).toBe(
        "error: '-' (standard input) is given more than once, but standard input can be read only once: give the other specs as files",
      );
    }
  });

  test('an unquoted ${...} in a flow map: one error for the line, with the quoted form', () => {
    writeFileSync(join(dir, 'flow.yaml'), 'input: [32, 32, 3]\nvars: {width: 16}\nlayers:\n  - conv: {filters: ${width}, kernel: 3}\n');
    const run = cli(['analyze', 'flow.yaml']);
    expect(expectUsageError(run)).toBe(
      'error: flow.yaml:4:22: invalid YAML: Unexpected flow-map-start at node end (quote expressions inside {...}: filters: "${width}")',
    );
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a channels-first input whose kernel does not fit: shapes are channels-last', () => {
    writeFileSync(join(dir, 'chw.yaml'), 'input: [3, 32, 32]\nlayers:\n  - conv: {filters: 16, kernel: 7, stride: 2}\n');
    expect(expectUsageError(cli(['analyze', 'chw.yaml']))).toBe(
      'error: chw.yaml:3:25: conv_1: conv kernel 7 is larger than the padded input 3 on the height axis (input 3x32x32); ' +
        'shapes are channels-last ([H, W, C]): if the input 3x32x32 is channels-first, write it as 32x32x3',
    );
  });

  test('a diff baseline that is a spec, or not JSON, is told what a baseline is', () => {
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    expect(expectUsageError(cli(['diff', 'seed.yaml', 'seed.yaml']))).toBe(
      'error: seed.yaml: the baseline must be an `archcost analyze --format json` report, and seed.yaml is a spec: ' +
        'save its report with `archcost analyze seed.yaml --format json --output report.json`',
    );
    expect(expectUsageError(cli(['diff', 'notes.txt', 'seed.yaml']))).toBe(
      'error: notes.txt: the baseline must be an `archcost analyze --format json` report, and notes.txt is not JSON: ' +
        'save one with `archcost analyze SPEC --format json --output report.json`',
    );
  });
});

describe('ordinary use still exits 0', () => {
  test('analyze prints the table', () => {
    const run = cli(['analyze', 'seed.yaml']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('reduce');
  });

  test('--help', () => {
    const run = cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: archcost');
  });

  test('a reader that closes the pipe early (| head) ends the run quietly', async () => {
    const child = spawn(process.execPath, [bin, 'analyze', 'long.yaml', '--format', 'csv'], { cwd: dir, env });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  // A file takes the report's bytes from one buffer used again piece after piece (cli/output.ts): text
  // of 2-, 3- and 4-byte characters, first and last in a report of many 64 KB pieces, comes out as through a pipe.
  test('standard output a file, a pipe or --output FILE: the same bytes', () => {
    const text = 'año 卷积 🚀 '.repeat(3000);
    writeFileSync(join(dir, 'unicode.yaml'), `name: modelo ñ 卷积\ndescription: ${text}\ninput: [8, 8, 4]\nlayers:\n  - conv: {name: capa, filters: 4, kernel: 1, repeat: 600}\n`);
    const args = ['analyze', 'unicode.yaml', '--format', 'json'];
    const piped = cli(args);
    const file = join(dir, 'stdout.json');
    const fd = openSync(file, 'w');
    const toFile = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    expect([toFile.status, toFile.stderr]).toEqual([0, '']);
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
    expect(cli([...args, '--output', 'out.json'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(piped.stdout);
    const report = JSON.parse(piped.stdout);
    expect(Buffer.byteLength(piped.stdout)).toBeGreaterThan(4 * 65536);
    expect([report.model.name, report.model.description, report.layers.length]).toEqual(['modelo ñ 卷积', text.trim(), 600]);
    const devNull = openSync('/dev/null', 'w');
    const toNull = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8' });
    closeSync(devNull);
    expect([toNull.status, toNull.stderr]).toEqual([0, '']);
  });
});
