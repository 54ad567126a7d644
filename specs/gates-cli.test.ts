import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { OUTPUT_KINDS, outputJsonSchema } from '../src/report/schemas.js';

/** The built CLI (bin/archcost.js → dist/) as a subprocess: exit codes, streams, files. */

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'archcost-gates-'));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function archcost(args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [join(root, 'bin/archcost.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    maxBuffer: 1 << 26,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SEED = 'examples/seed-bottleneck.yaml'; // 218,365,952 MACs, 278,528 params (28·28·(256·64 + 64·256·16))
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('archcost check: exit codes', () => {
  test('0 within budget; the verdict is data on stdout, stderr stays empty', () => {
    const r = archcost(['check', SEED, '--max-macs', '218365952', '--max-params', '0.3M']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('seed-bottleneck: all 2 budgets are met');
  });

  test('1 over budget, each violation with limit, actual and excess', () => {
    const r = archcost(['check', SEED, '--max-macs', '200M', '--max-memory', '2MiB']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('macs    218,365,952 (218 M) >  200M = 200,000,000: over by 18,365,952 (9.18%)');
    // memory = weights 278,528·4 + peak activations (input + reduce's output) 802,816 + 200,704
    expect(r.stdout).toContain('memory  2,117,632 B (2.02 MiB) >  2MiB = 2,097,152: over by 20,480 (0.97%)');
  });

  test('2 for a malformed limit, a spec without budgets, a missing file', () => {
    for (const args of [
      ['check', SEED, '--max-macs', '4 gigs'],
      ['check', SEED, '--max-params', '25.6m'],
      ['check', SEED],
      ['check', 'no/such.yaml', '--max-macs', '1G'],
    ]) {
      const r = archcost(args);
      expect([args, r.status]).toEqual([args, 2]);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/error/);
    }
    expect(archcost(['check', SEED, '--max-params', '25.6m']).stderr).toBe(
      "error: --max-params: unknown suffix 'm' in '25.6m': expected a whole number, optionally with K, M, G, T or P (4G, 25.6M, 4.1e9)\n",
    );
  });

  test("the spec's budgets apply, flags override them", () => {
    const spec = write('budgeted.yaml', readFileSync(join(root, SEED), 'utf8') + 'budgets: {macs: 200M, params: 1M}\n');
    expect(archcost(['check', spec]).status).toBe(1);
    expect(archcost(['check', spec, '--max-macs', '250M']).status).toBe(0);
  });
});

describe('archcost diff: exit codes', () => {
  const baseline = join(dir, 'baseline.json');
  beforeAll(() => {
    expect(archcost(['analyze', SEED, '--format', 'json', '--output', baseline]).status).toBe(0);
  });

  test('0 when nothing grew; 1 past --max-increase; 2 for bad input', () => {
    expect(archcost(['diff', baseline, SEED]).status).toBe(0);
    // mid 64 → 72: MACs 28·28·(256·72 + 72·256·16) = 245,661,696, +12.5%
    const wider = write('wider.yaml', readFileSync(join(root, SEED), 'utf8').replace('mid: 64', 'mid: 72'));
    const failed = archcost(['diff', baseline, wider, '--max-increase', '10%', '--metric', 'macs']);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('macs  218,365,952 (218 M) -> 245,661,696 (246 M): +27,295,744 (+12.50%)');
    expect(archcost(['diff', baseline, wider, '--max-increase', '12.5%', '--metric', 'macs']).status).toBe(0);
    expect(archcost(['diff', baseline, wider, '--max-increase', '10']).status).toBe(2);
    expect(archcost(['diff', baseline, wider, '--metric', 'macs,latency']).stderr).toBe(
      "error: --metric: unknown metric 'latency'; metrics: macs, flops, params, memory, weight_memory, activation_memory\n",
    );
    expect(archcost(['diff', SEED, wider]).status).toBe(2); // a spec is not a baseline report
    expect(archcost(['diff', baseline, wider, '--batch', '4']).stderr).toContain('batch 1 vs 4 (pass --batch 1)');
  });

  test('a saved report can be the current side too', () => {
    const current = join(dir, 'current.json');
    archcost(['analyze', SEED, '--format', 'json', '--output', current]);
    const r = archcost(['diff', baseline, current, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).layers).toEqual({ added: [], removed: [], changed: [] });
    // Read once and checked as a baseline is: a damaged one is refused at the field.
    const saved = JSON.parse(readFileSync(current, 'utf8'));
    saved.layers[1].macs = 'many';
    const damaged = write('damaged.json', JSON.stringify(saved));
    const refused = archcost(['diff', baseline, damaged]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`error: ${damaged}: the file must be an \`archcost analyze --format json\` report`);
    expect(refused.stderr).toContain(': layers[1].macs: ');
  });

  test('--format github annotates the spec line of the grown layer and writes the step summary', () => {
    const wider = write('wider2.yaml', readFileSync(join(root, SEED), 'utf8').replace('mid: 64', 'mid: 72'));
    const summary = write('summary.md', '');
    const r = archcost(['diff', baseline, wider, '--format', 'github', '--metric', 'macs'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    // `spatial` grew most (64·256·16 → 72·256·16 per position); its item is on line 13 of the spec
    expect(lines[0]).toMatch(new RegExp(`^::error file=${wider.replace(/[/.]/g, '\\$&')},line=13,col=5,title=archcost diff%3A macs::macs grew from`));
    expect(lines.slice(1).every((l) => l.startsWith('::notice '))).toBe(true);
    expect(readFileSync(summary, 'utf8')).toMatch(/^### ❌ archcost diff: macs grew by more than 0%/);
  });
});

describe('outputs', () => {
  test('JSON outputs validate against their published JSON Schemas (schema/*.schema.json)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const baseline = join(dir, 'b.json');
    archcost(['analyze', SEED, '--format', 'json', '-o', baseline]);
    const outputs: [string, string[]][] = [
      ['analyze', ['analyze', SEED, '--format', 'json']],
      ['analyze', ['analyze', SEED, 'examples/seed-direct.yaml', '--format', 'json']],
      ['analyze', ['analyze', 'examples/zoo/resnet152.yaml', '--format', 'json', '--compat', 'torchinfo']],
      ['check', ['check', SEED, '--max-macs', '200M', '--max-activation-memory', '1MiB', '--format', 'json']],
      ['diff', ['diff', baseline, 'examples/seed-direct.yaml', '--format', 'json']],
      ['compare', ['compare', 'examples/seed-direct.yaml', SEED, '--format', 'json']],
      ['compare', ['compare', 'examples/seed-direct.yaml', SEED, 'examples/inception-3a.yaml', '--format', 'json', '--device', 't4', '--compat', 'ptflops', '--depth', '1']],
      ['bottleneck', ['bottleneck', '--input', '28x28x256', '--kernel', '4', '--out', '256', '--mid', '64', '--device', 'h100', '--format', 'json']],
      ['bottleneck', ['bottleneck', '--input', '56x56x256', '--kernel', '3', '--out', '256', '--expand', '--stride', '2', '--format', 'json']],
      ['explain', ['explain', 'examples/inception-3a.yaml', '--format', 'json']],
      ['explain', ['explain', 'examples/zoo/swin_t.yaml', '--layer', 'features.stage1', '--format', 'json']],
      ['sweep', ['analyze', SEED, '--sweep', 'input=28x28x256,56x56x256', '--format', 'json']],
      ['sweep', ['analyze', SEED, 'examples/seed-direct.yaml', '--sweep', 'input=28x28x256,56x56x256', '--format', 'json']],
    ];
    for (const [kind, args] of outputs) {
      const validate = ajv.compile(outputJsonSchema(kind as 'analyze'));
      const data = JSON.parse(archcost(args).stdout);
      expect([args, validate(data), validate.errors ?? []]).toEqual([args, true, []]);
      for (const d of Array.isArray(data) ? data : [data]) {
        expect(d.schemaVersion).toBe(1);
        expect(d.conventions).toMatchObject({ batch: 1, dtype: 'float32', bytesPerElement: 4 });
      }
    }
  });

  test('the analyze schema names every field analyze writes, --training\'s setup included', () => {
    const report = (outputJsonSchema('analyze') as { anyOf: { properties: Record<string, unknown> }[] }).anyOf[0];
    const data = JSON.parse(archcost(['analyze', SEED, '--training', '--device', 't4', '--data-parallel', '2', '--format', 'json']).stdout);
    expect(Object.keys(data).filter((key) => !(key in report.properties))).toEqual([]);
    expect(report.properties.training).toMatchObject({ required: ['optimizer', 'mixedPrecision', 'dtype', 'stateDtype', 'recompute'] });
  });

  test('the schemas are not vacuous: compare without conventions, or with a count as a string, is refused', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(outputJsonSchema('compare'));
    const data = JSON.parse(archcost(['compare', 'examples/seed-direct.yaml', SEED, '--format', 'json']).stdout);
    expect(validate(data)).toBe(true);
    const { conventions, ...without } = data;
    expect(conventions.preset).toBe('archcost');
    expect(validate(without)).toBe(false);
    data.models[1].totals.macs = '218365952';
    expect(validate(data)).toBe(false);
  });

  test.each(OUTPUT_KINDS)('schema/%s.schema.json is up to date (npm run generate) and printed by `archcost schema`', (kind) => {
    const published = readFileSync(join(root, `schema/${kind}.schema.json`), 'utf8');
    expect(JSON.parse(published)).toEqual(outputJsonSchema(kind));
    expect(archcost(['schema', kind]).stdout).toBe(published);
  });

  test('`archcost schema` still prints the spec schema; `--output analyze` is refused, not a file named analyze', () => {
    expect(archcost(['schema']).stdout).toBe(readFileSync(join(root, 'schema/spec.json'), 'utf8'));
    const r = archcost(['schema', '--output', 'analyze']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('use `archcost schema analyze`');
    expect(existsSync(join(root, 'analyze'))).toBe(false);
  });

  test('--output writes atomically: the whole file, no temporary left beside it', () => {
    const out = join(dir, 'out', 'report.json');
    execFileSync('mkdir', ['-p', join(dir, 'out')]);
    writeFileSync(out, 'old contents');
    const r = archcost(['analyze', 'examples/zoo/resnet152.yaml', '--format', 'json', '--output', out]);
    expect([r.status, r.stdout]).toEqual([0, '']);
    expect(readFileSync(out, 'utf8')).toBe(archcost(['analyze', 'examples/zoo/resnet152.yaml', '--format', 'json']).stdout);
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.json']);
    const missing = archcost(['analyze', SEED, '--output', join(dir, 'no-such-dir', 'x.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot write the output');
  });

  test('byte-identical from run to run', () => {
    for (const args of [
      ['analyze', 'examples/zoo/resnet18.yaml', '--format', 'json'],
      ['check', SEED, '--max-macs', '1G', '--format', 'markdown'],
      ['diff', join(dir, 'baseline.json'), SEED, '--format', 'json'],
    ]) {
      expect(archcost(args).stdout).toBe(archcost(args).stdout);
    }
  });

  test('colour only when asked for or on a terminal: FORCE_COLOR on, NO_COLOR off, a pipe plain', () => {
    const args = ['check', SEED, '--max-macs', '1G'];
    const ansi = /\u001b\[/;
    expect(archcost(args).stdout).not.toMatch(ansi);
    expect(archcost(args, { FORCE_COLOR: '1' }).stdout).toMatch(ansi);
    expect(archcost(args, { NO_COLOR: '1' }).stdout).not.toMatch(ansi);
  });
});

describe('docs/ci.md', () => {
  test('its workflow is valid YAML whose archcost commands run (exit 0 or 1, never a usage error)', () => {
    const doc = readFileSync(join(root, 'docs/ci.md'), 'utf8');
    const block = /```yaml\nname: model cost\n([\s\S]*?)```/.exec(doc);
    expect(block).not.toBeNull();
    const workflow = parse('name: model cost\n' + block![1]) as { jobs: { cost: { steps: { run?: string }[] } } };
    const commands = workflow.jobs.cost.steps
      .flatMap((s) => (s.run ?? '').split('\n'))
      .filter((line) => line.startsWith('npx archcost '))
      .map((line) => line.replace(/ \|\| (true|\[ \$\? -eq 1 \])$/, ''));
    expect(commands.length).toBe(3);
    // The repository the workflow assumes: a spec and a committed baseline.
    const repo = mkdtempSync(join(tmpdir(), 'archcost-ci-'));
    execFileSync('mkdir', ['-p', join(repo, 'models'), join(repo, 'baselines')]);
    writeFileSync(join(repo, 'models/net.yaml'), readFileSync(join(root, SEED), 'utf8') + 'budgets: {macs: 4G, params: 25M}\n');
    const saved = spawnSync(process.execPath, [join(root, 'bin/archcost.js'), 'analyze', 'models/net.yaml', '--format', 'json', '--output', 'baselines/net.json'], { cwd: repo });
    expect(saved.status).toBe(0);
    for (const command of commands) {
      const args = command.replace(/^npx archcost /, '').split(' ');
      const r = spawnSync(process.execPath, [join(root, 'bin/archcost.js'), ...args], { cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      expect([command, r.status, r.stderr]).toEqual([command, 0, '']);
    }
  });
});

describe('the V8 flags the built CLI sets (src/cli/v8-flags.ts) change no answer', () => {
  // The flags tune V8's collector and tier-up only under Node 20's V8; the text must be the library's,
  // for a small model and for a repeat long enough for V8 to optimize the hot code under them.
  const deep = write('deep.yaml', 'input: [8, 8, 16]\nlayers:\n  - sequence:\n      repeat: 3000\n      layers:\n        - add:\n            branches:\n              - - conv: {filters: 16, kernel: 3, padding: 1}\n                - relu\n              - []\n');
  test.each([['resnet50', 'examples/zoo/resnet50.yaml'], ['a 9,000-layer repeat', deep]])('%s: the same JSON as toJson(analyze())', async (_, file) => {
    const { analyze } = await import('../src/index.js');
    const { toJson } = await import('../src/report/json.js');
    const r = archcost(['analyze', file, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(toJson(analyze(readFileSync(file, 'utf8'), { file })) + '\n');
  });
});
