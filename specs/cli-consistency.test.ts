import { describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { cli } from './cli.js';

/** Options that mean one thing in every command, the help, --quiet and the channels-first warning. */

const dir = mkdtempSync(join(tmpdir(), 'archcost-consistency-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const SEED = 'examples/seed-bottleneck.yaml';
const COMMANDS = ['analyze', 'fit', 'devices', 'compare', 'bottleneck', 'explain', 'ops', 'check', 'diff', 'playground', 'schema', 'completion'];
const DATA_COMMANDS = COMMANDS.filter((c) => c !== 'completion');

describe('--help', () => {
  test.each(COMMANDS)('%s has examples and docs that exist', async (command) => {
    const r = await cli(command, '--help');
    expect(r.code).toBe(0);
    const [, examples = '', docs = ''] = /\nExamples:\n([\s\S]*?)\n\nDocs:\n([\s\S]*)$/.exec(r.stdout) ?? [];
    const lines = examples.split('\n').filter((l) => l.startsWith('  $ archcost '));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const paths = docs.trim().split('\n').map((l) => l.trim().split(' ')[0]);
    expect(paths.length).toBeGreaterThanOrEqual(1);
    for (const path of paths) expect(existsSync(path)).toBe(true);
  });

  test('the default of --lang is the locale, not the language found on this machine', async () => {
    expect((await cli('analyze', '--help')).stdout).toMatch(/--lang <lang>[\s\S]*?\(default: from the locale\)/);
  });
});

describe('-o is --output in every command that prints data', () => {
  test.each(DATA_COMMANDS)('%s', async (command) => {
    expect((await cli(command, '--help')).stdout).toContain('-o, --output <file>');
  });

  test.each([
    ['ops', ['ops', '--format', 'json'], '"schemaVersion": 1'],
    ['devices', ['devices', '--format', 'markdown'], '| t4 |'],
  ])('%s writes its file', async (name, args, content) => {
    const file = join(dir, `${name}.out`);
    const r = await cli(...args, '-o', file);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(readFileSync(file, 'utf8')).toContain(content);
  });

  test('bottleneck takes the output channels as --out or -c', async () => {
    const direct = 28n * 28n * 256n * 256n * 16n; // H·W·C2·(C·k·k) = 822,083,584
    for (const flag of ['--out', '-c']) {
      const r = await cli('bottleneck', '-i', '28x28x256', '-k', '4', flag, '256', '-m', '64', '--format', 'json');
      expect(BigInt(JSON.parse(r.stdout).direct.macs)).toBe(direct);
    }
  });

  test("bottleneck's old -o 256 is refused with the new spelling, and no file is written", async () => {
    const r = await cli('bottleneck', '-i', '28x28x256', '-k', '4', '-o', '256');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: -o is --output (the file to write), as in every command; for 256 output channels use --out 256 (or -c 256)\n');
    expect(existsSync('256')).toBe(false);
  });
});

describe('compare --set', () => {
  // 8x8 map, a 1x1 conv of `width` filters on 3 channels: 8·8·width·3 MACs.
  const spec = (width: number) => `vars: {width: ${width}}\ninput: [8, 8, 3]\nlayers:\n  - conv: {filters: "\${width}", kernel: 1, bias: false}\n`;
  const a = write('a.yaml', spec(4));
  const b = write('b.yaml', spec(8));
  const plain = write('plain.yaml', 'input: [8, 8, 3]\nlayers:\n  - conv: {filters: 2, kernel: 1, bias: false}\n');

  test('sets the var in each spec that declares it', async () => {
    const r = await cli('compare', a, b, plain, '--set', 'width=16', '--format', 'json');
    expect(r.code).toBe(0);
    const macs = JSON.parse(r.stdout).models.map((m: { totals: { macs: number } }) => m.totals.macs);
    expect(macs).toEqual([8 * 8 * 16 * 3, 8 * 8 * 16 * 3, 8 * 8 * 2 * 3]);
  });

  test('a var no spec declares is an error', async () => {
    const r = await cli('compare', a, plain, '--set', 'widht=16');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--set widht: no spec compared has a var 'widht' (did you mean 'width'?)");
  });
});

describe('analyze --sweep with --compat', () => {
  // conv 3x3 same, 16 filters, no bias, on HxWx3: H·W·16·27 MACs; then a dense layer darknet does not count.
  const spec = write('net.yaml', 'input: [8, 8, 3]\nlayers:\n  - conv: {filters: 16, kernel: 3, padding: same, bias: false}\n  - flatten\n  - dense: {units: 10, bias: false}\n');

  test("darknet's BFLOPs over input sizes: 2 x the conv MACs only", async () => {
    const r = await cli('analyze', spec, '--sweep', 'input=8x8x3,16x16x3', '--compat', 'darknet', '--format', 'json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.conventions.preset).toBe('darknet');
    expect(result.points.map((p: { totals: { flops: number } }) => p.totals.flops)).toEqual([2 * 8 * 8 * 16 * 27, 2 * 16 * 16 * 16 * 27]);
  });

  test('the table says how the numbers were counted', async () => {
    const r = await cli('analyze', spec, '--sweep', 'input=8x8x3,16x16x3', '--compat', 'darknet');
    expect(r.stdout.split('\n')[1]).toMatch(/^counted as darknet: MACs = MACs of \[convolutional\] layers/);
  });
});

describe('a channels-first input', () => {
  const chw = write('chw.yaml', 'name: chw\ninput: [3, 224, 224]\nlayers:\n  - conv: {filters: 8, kernel: 3}\n');

  test('is warned about on stderr, naming the shape likely meant; stdout is the report', async () => {
    const r = await cli('analyze', chw, '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).input.shape).toEqual([3, 224, 224]);
    expect(r.stderr).toBe(
      `warning: ${chw}:2:1: input 3x224x224 looks channels-first (C, H, W as PyTorch writes it), but archcost reads shapes channels last: ` +
        'conv_1 (conv) sees a 3x224 map with 224 channels. For 3 channels write [224, 224, 3]; if the shape is meant as written, add `layout: channels_last` to the spec\n',
    );
  });

  test.each([
    ['compare', ['compare', chw, SEED]],
    ['check', ['check', chw, '--max-params', '1G']],
    ['explain', ['explain', chw]],
  ])('%s warns too', async (_, args) => {
    expect((await cli(...args)).stderr).toContain('looks channels-first');
  });

  test('layout: channels_last, or --quiet, silences it', async () => {
    const meant = write('meant.yaml', 'layout: channels_last\ninput: [3, 224, 224]\nlayers:\n  - conv: {filters: 8, kernel: 3}\n');
    expect((await cli('analyze', meant)).stderr).toBe('');
    expect((await cli('analyze', chw, '--quiet')).stderr).toBe('');
    expect((await cli('-q', 'analyze', chw)).stderr).toBe('');
  });

  test('a small map with many channels is channels last, and a dense input is not a picture', async () => {
    const map = write('map.yaml', 'input: [4, 4, 512]\nlayers:\n  - conv: {filters: 8, kernel: 1}\n');
    const tokens = write('tokens.yaml', 'input: [3, 64, 64]\nlayers:\n  - dense: {units: 8}\n');
    expect((await cli('analyze', map)).stderr).toBe('');
    expect((await cli('analyze', tokens)).stderr).toBe('');
  });

  test('an --input override is named as the flag to fix', async () => {
    expect((await cli('analyze', SEED, '--input', '3x64x64')).stderr).toContain('For 3 channels write [64, 64, 3] (--input 64x64x3)');
  });
});

describe('--format github', () => {
  test('annotation paths are relative to GITHUB_WORKSPACE, wherever the step runs', async () => {
    const saved = { workspace: process.env.GITHUB_WORKSPACE, summary: process.env.GITHUB_STEP_SUMMARY };
    // As if the repository root were the parent folder and the step's working-directory this one.
    process.env.GITHUB_WORKSPACE = dirname(process.cwd());
    delete process.env.GITHUB_STEP_SUMMARY;
    try {
      const r = await cli('check', SEED, '--max-macs', '1M', '--format', 'github');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`::error file=${basename(process.cwd())}/examples/seed-bottleneck.yaml,`);
    } finally {
      if (saved.workspace === undefined) delete process.env.GITHUB_WORKSPACE;
      else process.env.GITHUB_WORKSPACE = saved.workspace;
      if (saved.summary !== undefined) process.env.GITHUB_STEP_SUMMARY = saved.summary;
    }
  });

  test('without GITHUB_WORKSPACE the path is as given', async () => {
    const saved = process.env.GITHUB_WORKSPACE;
    delete process.env.GITHUB_WORKSPACE;
    const r = await cli('check', SEED, '--max-macs', '1M', '--format', 'github');
    if (saved !== undefined) process.env.GITHUB_WORKSPACE = saved;
    expect(r.stdout).toContain(`::error file=${SEED},`);
  });
});
