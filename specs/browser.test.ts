import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cli } from './cli.js';

/**
 * The HTML report and the playground in a real browser (Debian's Chromium through playwright-core):
 * charts and graph drawn with the right number of elements, the playground counting as one types,
 * errors at their line, nothing logged to the console, nothing fetched. Screenshots are kept in
 * test-artifacts/ (gitignored) to look at.
 */
const root = new URL('..', import.meta.url).pathname;
const ARTIFACTS = join(root, 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
// The flags this machine needs: no sandbox as root, and no background traffic to a network that is not there.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let browser: Browser;
let dir = '';

function newestIn(path: string): number {
  return readdirSync(path, { withFileTypes: true }).reduce((latest, e) => Math.max(latest, e.isDirectory() ? newestIn(join(path, e.name)) : statSync(join(path, e.name)).mtimeMs), 0);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  // The playground page inlines dist/playground.js: rebundle when a source is newer.
  const bundle = join(root, 'dist/playground.js');
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestIn(join(root, 'src'))) execFileSync('node', [join(root, 'scripts/bundle-playground.mjs')]);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'archcost-browser-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a page with the CLI (in process) and opens it, recording console errors and any request off disk. */
async function open(args: string[], name: string, viewport = { width: 1400, height: 1000 }): Promise<{ page: Page; problems: string[] }> {
  const file = join(dir, `${name}.html`);
  const r = await cli(...args, '--output', file);
  expect(r.code).toBe(0);
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (q) => !q.url().startsWith('file://') && problems.push(`request: ${q.url()}`));
  await page.goto(`file://${file}`);
  return { page, problems };
}

const count = (page: Page, selector: string) => page.locator(selector).count();
const visibleRows = (page: Page) => page.locator('table.layers tbody tr:not([hidden])').count();

describe('analyze --format html in Chromium', () => {
  test('ResNet-152 on a T4: bars per block, the timeline, the roofline, the collapsed graph, the table', async () => {
    const { page, problems } = await open(['analyze', 'examples/zoo/resnet152.yaml', '--device', 't4', '--format', 'html'], 'resnet152');
    // 515 layers: stem conv1, bn1, relu, maxpool; 50 bottlenecks of 10 layers ([3, 8, 36, 3]); the
    // first block of each stage adds a projection conv and bn; avgpool, flatten, fc.
    const layers = 4 + 50 * 10 + 4 * 2 + 3;
    // Too many for one bar each: blocks of depth 1, 11 bars (the stem's 4, layer1-4, the tail's 3).
    expect(await count(page, '[data-chart=cost] rect.bar-macs')).toBe(11);
    expect(await count(page, '[data-chart=cost] rect.bar-params')).toBe(11);
    expect(await count(page, '[data-chart=memory] rect.step')).toBe(layers);
    expect(await count(page, '[data-chart=memory] line.peak')).toBe(1);
    // A roofline point per layer that computes: all but the flatten.
    expect(await count(page, '[data-chart=roofline] circle.point')).toBe(layers - 1);
    expect(await count(page, '[data-chart=roofline] circle.point.memory')).toBeGreaterThan(0);
    expect(await count(page, '[data-chart=roofline] path.roof')).toBe(1);
    // Stages show block 0 (12 layers with the projection) and one node for the rest: see graph-export.test.ts.
    expect(await count(page, '[data-chart=graph] g.node')).toBe(1 + 4 + 4 * 13 + 3);
    expect(await count(page, '[data-chart=graph] path.edge')).toBe(4 + 4 * 14 + 3);
    await page.screenshot({ path: join(ARTIFACTS, 'report-resnet152.png'), fullPage: true });

    // The table opens at the chart's depth, 11 rows, and switches to every layer.
    expect(await visibleRows(page)).toBe(11);
    await page.click('.depth-control button[data-level=all]');
    expect(await visibleRows(page)).toBe(layers);
    // In execution order: the stem, then layer1's first block.
    const names = await page.locator('table.layers tbody tr:not([hidden]) td.name').allTextContents();
    expect(names.slice(0, 6)).toEqual(['conv1', 'bn1', 'relu_1', 'maxpool', 'layer1.0.conv1', 'layer1.0.bn1']);
    expect(names.at(-1)).toBe('fc');
    // Largest MACs first: conv1, 112·112·64·(7·7·3) = 118,013,952, beats the 3x3 convs' 56·56·64·(9·64) = 115,605,504.
    const macs = page.locator('table.layers thead th').nth(4);
    await macs.click();
    expect(await page.locator('table.layers tbody tr:not([hidden]) td.name').first().textContent()).toBe('conv1');
    expect(await page.locator('table.layers tbody tr:not([hidden]) td').nth(4).textContent()).toBe('118,013,952');
    // Third click: execution order again.
    await macs.click();
    await macs.click();
    expect(await page.locator('table.layers tbody tr:not([hidden]) td.name').nth(1).textContent()).toBe('bn1');
    // No cell is wider than its table: long names wrap at their dots.
    const overflowing = await page.$$eval('table.layers td', (cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).length);
    expect(overflowing).toBe(0);
    await page.locator('[data-panel=table]').screenshot({ path: join(ARTIFACTS, 'report-resnet152-table.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  test("inception (3a): the four branches side by side between the input and the concat; the peak's five tensors", async () => {
    const { page, problems } = await open(['analyze', 'examples/inception-3a.yaml', '--format', 'html'], 'inception-3a');
    expect(await count(page, '[data-chart=graph] g.node')).toBe(15);
    expect(await count(page, '[data-chart=graph] path.edge')).toBe(17);
    const box = async (id: string) => (await page.locator(`g.node[data-id="${id}"] rect`).boundingBox())!;
    const ends = await Promise.all(['relu_1', 'relu_3', 'relu_5', 'relu_6'].map(box));
    // One row, left to right in spec order, below the input and above the concat.
    expect(new Set(ends.map((b) => Math.round(b.y))).size).toBe(1);
    expect(ends.map((b) => b.x)).toEqual([...ends.map((b) => b.x)].sort((a, b) => a - b));
    expect((await box('input')).y).toBeLessThan(ends[0].y);
    expect((await box('inception_3a')).y).toBeGreaterThan(ends[0].y);
    // Live at the peak (docs/memory.md): input, relu_1, relu_3, relu_5, branch_pool.
    expect(await count(page, '[data-chart=memory] rect.peak-tensor')).toBe(5);
    expect(await page.locator('[data-chart=memory] .peak-label').textContent()).toBe('1.82 MiB · branch_pool');
    expect(await count(page, '[data-chart=cost] rect.bar-macs')).toBe(14);
    await page.locator('[data-panel=graph]').screenshot({ path: join(ARTIFACTS, 'report-inception-3a-graph.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  test('compare and bottleneck pages draw their bars', async () => {
    const compare = await open(['compare', 'examples/seed-direct.yaml', 'examples/seed-bottleneck.yaml', '--format', 'html'], 'compare');
    // params, MACs, FLOPs, weights, activations (sum), activations (peak); no buffers: 6 metrics x 2 models
    expect(await count(compare.page, 'rect.bar-group')).toBe(12);
    await compare.page.screenshot({ path: join(ARTIFACTS, 'compare.png'), fullPage: true });
    const widths = await open(['bottleneck', '-i', '28x28x256', '-k', '3', '--out', '256', '--format', 'html'], 'bottleneck');
    // M = 1, 2, 4, ..., 256; saving MACs up to M = 230 (N / b), so all but 256.
    expect(await count(widths.page, 'rect.bar-width')).toBe(9);
    expect(await count(widths.page, 'rect.bar-width.saves')).toBe(8);
    await widths.page.screenshot({ path: join(ARTIFACTS, 'bottleneck.png'), fullPage: true });
    expect([...compare.problems, ...widths.problems]).toEqual([]);
    await compare.page.close();
    await widths.page.close();
  }, 30_000);
});

describe('archcost playground in Chromium', () => {
  const seed = readFileSync(join(root, 'examples/seed-bottleneck.yaml'), 'utf8');

  /** Replaces the editor's text as a paste does, and waits for the page to count it. */
  async function type(page: Page, text: string): Promise<void> {
    const renders = Number(await page.getAttribute('body', 'data-renders'));
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
    await page.waitForFunction((n) => Number(document.body.dataset.renders) > n, renders);
  }

  test('typing the seed bottleneck shows its MACs; an error shows its line; the link carries the spec', async () => {
    const { page, problems } = await open(['playground', 'examples/zoo/resnet18.yaml'], 'playground');
    await page.waitForSelector('body[data-state=ok]');
    await type(page, seed);
    // 28·28·(256·64 + 64·256·16) = 218,365,952
    expect(await page.locator('.card[data-card=MACs] .x').textContent()).toBe('218,365,952');
    expect(await count(page, '#results [data-chart=graph] g.node')).toBe(4);
    expect(await count(page, '#results [data-chart=cost] rect.bar-macs')).toBe(3);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-seed.png') });

    await type(page, 'input: [28, 28, 256]\nlayers:\n  - conv: {filters: 64, kernal: 1}\n');
    await page.waitForSelector('body[data-state=error]');
    expect(await page.locator('#status').textContent()).toContain("line 3, column 25: conv_1: conv has no arg 'kernal' (did you mean 'kernel'?)");
    // The editor marks the place: a gutter marker on line 3 and the word underlined.
    expect(await count(page, '.cm-lint-marker-error')).toBe(1);
    expect(await page.locator('.cm-lintRange-error').textContent()).toBe('kernal');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-error.png') });

    // Spanish, and a link that reopens the same spec.
    await type(page, seed);
    await page.click('button[data-lang=es]');
    expect(await page.locator('.card[data-card=MACs] .x').textContent()).toBe('218.365.952');
    expect(await page.locator('.pane-head').textContent()).toBe('Especificación (YAML o JSON)');
    const link = page.url();
    expect(link).toMatch(/#lang=es&spec=/);
    const again = await browser.newPage();
    await again.goto(link);
    await again.waitForSelector('body[data-state=ok]');
    expect(await again.evaluate(() => document.querySelector('.cm-content')!.textContent)).toContain('name: seed-bottleneck');
    expect(await again.locator('.card[data-card=MACs] .x').textContent()).toBe('218.365.952');
    await again.close();
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  test('an example one click away, and a device adds the roofline', async () => {
    const { page, problems } = await open(['playground'], 'playground-examples');
    await page.waitForSelector('body[data-state=ok]');
    const options = await page.locator('#examples option').allTextContents();
    expect(options).toContain('inception-3a');
    expect(options).toContain('zoo/resnet152');
    await page.selectOption('#examples', { label: 'inception-3a' });
    await page.waitForFunction(() => document.querySelector('#results h1')?.textContent === 'inception-3a');
    expect(await count(page, '#results [data-chart=graph] g.node')).toBe(15);
    expect(await count(page, '#results [data-chart=roofline]')).toBe(0);
    await page.selectOption('#device', 't4');
    await page.waitForSelector('#results [data-chart=roofline]');
    // 14 layers, the concat has no FLOPs.
    expect(await count(page, '#results [data-chart=roofline] circle.point')).toBe(13);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-inception.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
