import { describe, expect, test } from '@jest/globals';
import { checkBudgets, resolveBudgets } from '../src/gates/budgets.js';
import { analyzeSource } from '../src/counting/analyze.js';
import { ArchcostError } from '../src/core/errors.js';
import { parseSpecText } from '../src/language/source.js';
import { checkJson, renderCheckGithub, renderCheckMarkdown, renderCheckText } from '../src/report/check.js';
import { seedBottleneck } from './helpers.js';

// The seed bottleneck: 28x28x256 → 1x1 conv to 64 → relu → 4x4 conv to 256, no bias, float32.
// params 256·64 + 64·256·16 = 16,384 + 262,144 = 278,528
// MACs 28·28 · 278,528 = 218,365,952
// weights 278,528 · 4 = 1,114,112 B
// peak activations: the input (28·28·256·4 = 802,816 B) and reduce's output (28·28·64·4 = 200,704 B)
// live together = 1,003,520 B (later, relu 200,704 + spatial 802,816 ties it); memory 2,117,632 B
const SEED = (budgets = '') => seedBottleneck('seed', budgets);

function check(text: string, flags = {}) {
  const source = parseSpecText(text, 'seed.yaml');
  const budgets = resolveBudgets(source, flags);
  return checkBudgets(analyzeSource(source, { file: 'seed.yaml' }), budgets);
}

describe('an exceeded memory budget says how much of it is weights', () => {
  const source = parseSpecText(SEED('budgets: {memory: 2MiB}\n'), 'seed.yaml');
  const report = analyzeSource(source, { file: 'seed.yaml' });
  const result = checkBudgets(report, resolveBudgets(source, {}));

  test('in the text and the annotation: weights 1,114,112 B + peak 1,003,520 B at reduce', () => {
    const parts = 'weights 1,114,112 B (1.06 MiB) + peak activations 1,003,520 B (980 KiB) at reduce';
    expect(renderCheckText(report, result)).toContain(`over by 20,480 (0.97%); ${parts}`);
    expect(renderCheckGithub(report, result)).toContain(parts);
    expect(renderCheckMarkdown(report, result)).toContain(`| ${parts} |`);
  });

  test('in the JSON', () => {
    expect(checkJson(report, result).budgets[0].parts).toEqual({ weightBytes: 1_114_112n, peakActivationBytes: 1_003_520n });
  });
});

describe('budgets', () => {
  test('from the spec, with their line, passing and failing by exact amounts', () => {
    const result = check(SEED('budgets:\n  macs: 200M\n  params: 300k\n  memory: 2MiB\n'));
    expect(result.passed).toBe(false);
    const [macs, params, memory] = result.results;
    expect(macs).toMatchObject({ metric: 'macs', limit: 200_000_000n, actual: 218_365_952n, difference: 18_365_952n, passed: false, source: 'spec' });
    expect(macs.location).toEqual({ line: 9, column: 3 });
    expect(macs.percent).toBe(9.18); // 18,365,952 / 200,000,000 = 9.182976 %, truncated
    expect(macs.top).toMatchObject({ layer: 'spatial', value: 28n * 28n * 262_144n });
    expect(params).toMatchObject({ actual: 278_528n, difference: 278_528n - 300_000n, passed: true });
    expect(memory).toMatchObject({ limit: 2_097_152n, actual: 1_114_112n + 1_003_520n, passed: false });
    expect(memory.difference).toBe(2_117_632n - 2_097_152n);
  });

  test('flags override the spec metric by metric; weight and activation memory apart', () => {
    const result = check(SEED('budgets: {macs: 200M}\n'), { macs: '218365952', weight_memory: '1114112', activation_memory: '1MB' });
    expect(result.results.map((r) => [r.metric, r.source, r.passed])).toEqual([
      ['macs', 'flag', true], // exactly at the limit passes
      ['weight_memory', 'flag', true],
      ['activation_memory', 'flag', false], // 1,003,520 > 1,000,000
    ]);
  });

  test('a bad budget in the spec is an error at its line', () => {
    expect.assertions(2);
    try {
      check(SEED('budgets:\n  params: 25 million\n'));
    } catch (e) {
      expect(e).toBeInstanceOf(ArchcostError);
      expect((e as ArchcostError).message).toBe(
        "seed.yaml:9:3: budgets.params: unknown suffix 'million' in '25 million': expected a whole number, optionally with K, M, G, T or P (4G, 25.6M, 4.1e9)",
      );
    }
  });

  test('a bad flag names the flag', () => {
    expect(() => check(SEED(), { weight_memory: '4 gigs' })).toThrow("--max-weight-memory: unknown suffix 'gigs'");
  });
});

describe('check output for pull requests', () => {
  test('GitHub: an error on the budget line, with limit, actual and excess', () => {
    const source = parseSpecText(SEED('budgets:\n  macs: 200M\n'), 'models/seed.yaml');
    const report = analyzeSource(source, { file: 'models/seed.yaml' });
    const out = renderCheckGithub(report, checkBudgets(report, resolveBudgets(source, {})));
    expect(out).toBe(
      '::error file=models/seed.yaml,line=9,col=3,title=archcost budget%3A macs::macs 218,365,952 (218 M) exceeds the budget 200M = 200,000,000 (budgets in the spec): over by 18,365,952 (9.18%25); largest: spatial 205,520,896 (206 M)\n',
    );
  });

  test('GitHub: a budget from a flag is annotated on the largest layer', () => {
    const source = parseSpecText(SEED(), 'seed.yaml');
    const report = analyzeSource(source, { file: 'seed.yaml' });
    const out = renderCheckGithub(report, checkBudgets(report, resolveBudgets(source, { params: '100k' })));
    expect(out).toMatch(/^::error file=seed\.yaml,line=7,col=5,title=archcost budget%3A params::params 278,528/);
  });

  test('Markdown: a table row per budget', () => {
    const source = parseSpecText(SEED('budgets: {macs: 1G}\n'), 'seed.yaml');
    const report = analyzeSource(source, { file: 'seed.yaml' });
    const md = renderCheckMarkdown(report, checkBudgets(report, resolveBudgets(source, {})));
    expect(md).toContain('### ✅ archcost check: seed: the budget is met');
    expect(md).toContain('| ✅ | `macs` | 218,365,952 (218 M) | 1G = 1,000,000,000 | -781,634,048 (-78.16%) |  | budgets in the spec |');
  });
});
