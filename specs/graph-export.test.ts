import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { graphView } from '../src/report/graph-view.js';
import { renderDot, renderMermaid } from '../src/report/graph-export.js';
import { messages } from '../src/i18n/messages.js';
import { cli } from './cli.js';
import { run, seedBottleneck } from './helpers.js';

const example = (path: string) => readFileSync(new URL(`../examples/${path}`, import.meta.url), 'utf8');

describe('the architecture graph: nodes and one edge per tensor', () => {
  test('inception (3a): the input feeds four branches that meet in the concat', () => {
    const { nodes, edges } = graphView(run(example('inception-3a.yaml')));
    // input + 14 layers: branch 1 conv, relu; branch 2 and 3 conv, relu, conv, relu; branch 4 pool, conv, relu; concat
    expect(nodes).toHaveLength(1 + 2 + 4 + 4 + 3 + 1);
    // Each layer reads one tensor, the concat four: 13 + 4.
    expect(edges).toHaveLength(13 + 4);
    expect(edges.filter((e) => e.from === 'input').map((e) => e.to)).toEqual(['branch1x1', 'branch3x3_reduce', 'branch5x5_reduce', 'branch_pool']);
    expect(edges.filter((e) => e.to === 'inception_3a').map((e) => e.from)).toEqual(['relu_1', 'relu_3', 'relu_5', 'relu_6']);
  });

  test('ResNet-152 with repeats collapsed: each stage shows its first block and one node for the rest', () => {
    const { nodes, edges } = graphView(run(example('zoo/resnet152.yaml')), { collapseRepeats: true });
    // input; conv1, bn1, relu, maxpool; per stage the 12 layers of block 0 (3 x conv-bn(-relu),
    // the projection conv and bn, add, relu) and one node for blocks 1..N-1; avgpool, flatten, fc.
    expect(nodes).toHaveLength(1 + 4 + 4 * (12 + 1) + 3);
    // stem 4; per stage 8 (main path) + 2 (projection) + 2 (add) + 1 (relu) + 1 (into the rest); tail 3
    expect(edges).toHaveLength(4 + 4 * 14 + 3);
    const rest = nodes.find((n) => n.id === 'layer3.1-35')!;
    expect(rest).toMatchObject({ kind: 'repeat', name: 'layer3.1 … layer3.35', op: 'bottleneck ×35', outputShape: [14, 14, 1024] });
    // 35 identical blocks of 1x1 1024->256, 3x3 256->256, 1x1 256->1024 at 14x14 (no bias).
    expect(rest.macs).toBe(35n * 196n * (1024n * 256n + 9n * 256n * 256n + 256n * 1024n));
    expect(rest.layers).toBe(35 * 10);
  });

  test('with a depth, blocks are nodes and edges join blocks', () => {
    const { nodes, edges } = graphView(run(example('zoo/resnet50.yaml')), { depth: 1 });
    expect(nodes.map((n) => n.id)).toEqual(['input', 'conv1', 'bn1', 'relu_1', 'maxpool', 'layer1', 'layer2', 'layer3', 'layer4', 'avgpool', 'flatten_1', 'fc']);
    expect(edges.map((e) => `${e.from}>${e.to}`)).toEqual(nodes.slice(1).map((n, i) => `${nodes[i].id}>${n.id}`));
    // layer1: 3 blocks of 10 layers, plus the projection conv and bn of the first
    expect(nodes.find((n) => n.id === 'layer1')).toMatchObject({ kind: 'block', op: 'bottleneck x3', layers: 32, outputShape: [56, 56, 256] });
  });
});

describe('Graphviz and Mermaid', () => {
  const seed = run(seedBottleneck('seed-bottleneck'));

  test('dot: a node per layer labelled with op, output shape and MACs; an edge per tensor', () => {
    const dot = renderDot([seed]);
    expect(dot).toMatch(/^digraph "seed-bottleneck" \{\n/);
    // reduce: 28·28·64·256 = 12,845,056 MACs; spatial: 28·28·256·(4·4·64) = 205,520,896
    expect(dot).toContain('"reduce" [label="reduce\\nconv · 28x28x64\\n12,845,056 MACs"];');
    expect(dot).toContain('"spatial" [label="spatial\\nconv · 28x28x256\\n205,520,896 MACs"];');
    expect(dot.match(/ -> /g)).toHaveLength(3);
    expect(dot).toContain('"input" -> "reduce";\n  "reduce" -> "relu_1";\n  "relu_1" -> "spatial";');
  });

  test('mermaid: numbered ids, names in the labels, Spanish numbers with --lang es', () => {
    const text = renderMermaid([seed], { messages: messages('es') });
    expect(text.split('\n')).toEqual([
      'flowchart TD',
      '  n0(["input<br/>input · 28x28x256"])',
      '  n1["reduce<br/>conv · 28x28x64<br/>12.845.056 MACs"]',
      '  n2["relu_1<br/>relu · 28x28x64<br/>0 MACs"]',
      '  n3["spatial<br/>conv · 28x28x256<br/>205.520.896 MACs"]',
      '  n0 --> n1',
      '  n1 --> n2',
      '  n2 --> n3',
      '',
    ]);
  });

  test('mermaid: several specs are subgraphs of one chart, quotes are entities', () => {
    const quoted = run('name: say "hi"\ninput: [4]\nlayers:\n  - dense: {units: 2}\n');
    const text = renderMermaid([seed, quoted]);
    expect(text).toContain('  subgraph m0 ["seed-bottleneck"]\n    m0n0(["input<br/>input · 28x28x256"])');
    expect(text).toContain('  subgraph m1 ["say #quot;hi#quot;"]');
    expect(text.match(/^ {2}end$/gm)).toHaveLength(2);
  });

  test('analyze --format dot and --depth through the CLI', async () => {
    const r = await cli('analyze', 'examples/zoo/resnet50.yaml', '--format', 'dot', '--depth', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"layer3" [label="layer3\\nbottleneck x6 (62 layers) · 14x14x1024\\n');
    expect(r.stdout.match(/ -> /g)).toHaveLength(11);
  });
});

describe('formats that draw one model', () => {
  test('--sweep refuses html, dot and mermaid with a way forward', async () => {
    for (const format of ['html', 'dot', 'mermaid']) {
      const r = await cli('analyze', 'examples/seed-bottleneck.yaml', '--sweep', 'mid=16,32', '--format', format);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--sweep prints table, json, csv or markdown, not ${format}: analyze one point without --sweep`);
    }
  });
});
