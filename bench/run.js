// `npm run bench`: start-up time of the CLI against bare Node, the time to analyze a
// generated 10,000-layer spec (in process and through the CLI) and the whole zoo. Medians.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../dist/index.js';

const cli = new URL('../bin/archcost.js', import.meta.url).pathname;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeCommand(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    times.push(performance.now() - start);
  }
  return median(times);
}

/** 2,500 residual units of 4 layers: conv, batchnorm, relu inside an add, on a 32x32x64 map. */
function generatedSpec(layers) {
  const units = layers / 4;
  return [
    'name: generated-10k',
    'input: [32, 32, 64]',
    'layers:',
    '  - sequence:',
    `      repeat: ${units}`,
    '      layers:',
    '        - add:',
    '            branches:',
    '              - - conv: {filters: 64, kernel: 3, padding: 1, bias: false}',
    '                - batchnorm',
    '                - relu',
    '              - []',
    '',
  ].join('\n');
}

const nodeStart = timeCommand(['-e', '0'], 15);
const help = timeCommand([cli, '--help'], 15);
console.log(`start-up: node -e 0 ${nodeStart.toFixed(1)} ms; archcost --help ${help.toFixed(1)} ms (+${(help - nodeStart).toFixed(1)} ms)`);

const spec = generatedSpec(10_000);
const runs = [];
let report;
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  report = analyze(spec, { file: 'generated-10k.yaml' });
  runs.push(performance.now() - start);
}
console.log(`analyze 10,000 layers in process: ${median(runs).toFixed(1)} ms (${report.layers.length} layers, ${report.totals.macs} MACs)`);

const dir = mkdtempSync(join(tmpdir(), 'archcost-bench-'));
const file = join(dir, 'generated-10k.yaml');
writeFileSync(file, spec);
console.log(`archcost analyze 10,000 layers --format json (CLI): ${timeCommand([cli, 'analyze', file, '--format', 'json'], 5).toFixed(1)} ms`);

const zooDir = new URL('../examples/zoo/', import.meta.url);
const zoo = readdirSync(zooDir).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(new URL(f, zooDir), 'utf8')]);
const zooRuns = [];
let zooLayers = 0;
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  zooLayers = zoo.reduce((n, [f, text]) => n + analyze(text, { file: f }).layers.length, 0);
  zooRuns.push(performance.now() - start);
}
console.log(`analyze the whole zoo in process (${zoo.length} models, ${zooLayers} layers): ${median(zooRuns).toFixed(1)} ms`);
