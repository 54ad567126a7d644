import { beforeAll, describe, expect, test } from '@jest/globals';
import chalk from 'chalk';
import { compareReports } from '../src/explore/compare.js';
import { messages } from '../src/i18n/messages.js';
import { renderCompareMarkdown, renderCompareTable } from '../src/report/compare.js';
import { reportRows } from '../src/report/rows.js';
import { cli } from './cli.js';
import { run, seedBottleneck } from './helpers.js';

const BOTTLENECK = seedBottleneck('bottleneck');
const DIRECT = `name: direct
input: [28, 28, 256]
layers:
  - conv: {name: spatial, filters: 256, kernel: 4, padding: same, bias: false}
`;

// Hand arithmetic for the seed pair on a 28x28x256 map:
const DIRECT_MACS = 28n * 28n * 256n * (256n * 16n); // 822,083,584
const REDUCE_MACS = 28n * 28n * 64n * 256n; // 12,845,056
const SPATIAL_MACS = 28n * 28n * 256n * (64n * 16n); // 205,520,896
const BOTTLENECK_MACS = REDUCE_MACS + SPATIAL_MACS; // 218,365,952
const DIRECT_PARAMS = 256n * 256n * 16n; // 1,048,576
const BOTTLENECK_PARAMS = 256n * 64n + 64n * 256n * 16n; // 16,384 + 262,144 = 278,528

describe('compareReports', () => {
  const c = compareReports([run(BOTTLENECK), run(DIRECT)]);

  test('ratios and differences are each model against the first', () => {
    expect(BOTTLENECK_MACS).toBe(218_365_952n);
    expect(c.baseline).toBe('bottleneck');
    expect(c.models.map((m) => m.name)).toEqual(['bottleneck', 'direct']);
    expect(c.models[1].totals.macs).toBe(DIRECT_MACS);
    expect(c.ratios.direct.macs).toBe(822_083_584 / 218_365_952); // 3.7647...
    expect(c.ratios.direct.params).toBe(1_048_576 / 278_528); // the same 3.7647: stride 1, one map size
    expect(c.differences.direct.macs).toBe(DIRECT_MACS - BOTTLENECK_MACS); // 603,717,632
    expect(c.differences.direct.params).toBe(DIRECT_PARAMS - BOTTLENECK_PARAMS);
    // Activation sums: direct writes one 28x28x256 float32 map; the bottleneck writes 28x28x64 twice
    // (reduce, relu) and one 28x28x256: 2·200,704 + 802,816 = 1,204,224 bytes.
    expect(c.models[0].totals.activationBytes).toBe(2n * 28n * 28n * 64n * 4n + 28n * 28n * 256n * 4n);
    expect(c.ratios.direct.activationBytes).toBe(802_816 / 1_204_224);
    expect(c.ratios.direct.buffers).toBe(1); // 0 against 0
  });

  test('layers are aligned by name; a name missing from a model is null', () => {
    expect(c.layers.map((l) => l.name)).toEqual(['reduce', 'relu_1', 'spatial']);
    const spatial = c.layers[2].costs;
    expect(spatial[0]?.macs).toBe(SPATIAL_MACS);
    expect(spatial[1]?.macs).toBe(DIRECT_MACS);
    expect(c.layers[0].costs[1]).toBeNull();
  });

  test('with block rows, blocks are aligned and summed', () => {
    const blocks = `input: [8, 8, 16]
layers:
  - sequence: {name: stem, layers: [{conv: {filters: 16, kernel: 3, padding: 1, bias: false}}, relu]}
  - conv: {name: head, filters: 4, kernel: 1, bias: false}
`;
    const wider = blocks.replace('filters: 16, kernel: 3', 'filters: 32, kernel: 3');
    const aligned = compareReports([run(blocks), run(wider)], (r) => reportRows(r, 1));
    expect(aligned.layers.map((l) => l.name)).toEqual(['stem', 'head']);
    // stem conv: 8·8·16·(3·3·16) = 147,456 against 8·8·32·(3·3·16) = 294,912; head 8·8·4·16 vs 8·8·4·32
    expect(aligned.layers[0].costs.map((x) => x?.macs)).toEqual([147_456n, 294_912n]);
    expect(aligned.layers[1].costs.map((x) => x?.macs)).toEqual([8n * 8n * 4n * 16n, 8n * 8n * 4n * 32n]);
  });

  test('two specs with one name get distinct keys', () => {
    const twice = compareReports([run(DIRECT), run(DIRECT)]);
    expect(twice.models.map((m) => m.name)).toEqual(['direct', 'direct (2)']);
    expect(twice.ratios['direct (2)'].macs).toBe(1);
    expect(twice.differences['direct (2)'].macs).toBe(0n);
  });
});

describe('compare text', () => {
  beforeAll(() => {
    chalk.level = 0;
  });
  const c = compareReports([run(BOTTLENECK), run(DIRECT)]);

  test('table: totals side by side with the ratio, then aligned layers', () => {
    const text = renderCompareTable(c, messages('en'));
    expect(text).toContain('Totals against bottleneck');
    expect(text).toMatch(/MACs\s*│\s*218,365,952\s*│\s*822,083,584\s*│\s*3\.76x\s*│\s*\+603,717,632/);
    expect(text).toMatch(/spatial\s*│\s*262,144\s*│\s*205,520,896\s*│\s*1,048,576\s*│\s*822,083,584\s*│\s*4\.00x/);
  });

  test('markdown', () => {
    const md = renderCompareMarkdown(c, messages('en'));
    expect(md).toContain('| MACs | 218,365,952 | 822,083,584 | 3.76x | +603,717,632 |');
    expect(md).toContain('| reduce | 16,384 | 12,845,056 | - | - | - |');
  });

  test('Spanish: words and number separators', () => {
    const md = renderCompareMarkdown(c, messages('es'));
    expect(md).toContain('### Totales frente a bottleneck');
    expect(md).toContain('| parámetros | 278.528 | 1.048.576 | 3,76x | +770.048 |');
    expect(md).toContain('Capas emparejadas por nombre');
  });
});

describe('archcost compare', () => {
  test('JSON per the contract, exact integers', async () => {
    const r = await cli('compare', 'examples/seed-bottleneck.yaml', 'examples/seed-direct.yaml', '--format', 'json');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.schemaVersion).toBe(1);
    expect(data.models.map((m: { name: string }) => m.name)).toEqual(['seed-bottleneck', 'seed-direct']);
    expect(data.models[0].totals.macs).toBe(Number(BOTTLENECK_MACS));
    expect(data.models[1].totals.params).toBe(Number(DIRECT_PARAMS));
    expect(data.ratios['seed-direct'].macs).toBe(822_083_584 / 218_365_952);
  });

  test('one spec is a usage error', async () => {
    const r = await cli('compare', 'examples/seed-direct.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at least two specs');
    expect(r.stdout).toBe('');
  });
});
