import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { docCommands, refreshDocBlocks } from '../src/report/docs/doc-blocks.js';
import { DOC_LOCALES } from '../src/report/docs/doc-locales.js';
import { cli } from './cli.js';

/** Runs the CLI in process as `npm run docs` runs it: in the doc's locale, without colour. */
async function runIn(locale: string, args: string[]): Promise<string> {
  const saved = { LC_ALL: process.env.LC_ALL, NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
  process.env.LC_ALL = locale;
  process.env.NO_COLOR = '1';
  delete process.env.FORCE_COLOR;
  try {
    const r = await cli(...args);
    // Exit 1 is an answer (a check failed, a model does not fit), shown as any other.
    if (r.code !== 0 && r.code !== 1) throw new Error(`archcost ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe.each(Object.entries(DOC_LOCALES))('%s', (doc, locale) => {
  const text = readFileSync(doc, 'utf8');

  test('every command output shown is what archcost prints now (run `npm run docs`)', async () => {
    expect(await refreshDocBlocks(text, (args) => runIn(locale, args))).toBe(text);
  });

  if (doc.includes('tutorial')) test('it runs the examples that answer the 1x1 question', () => {
    const commands = docCommands(text).map((args) => args.join(' '));
    expect(commands).toEqual(
      expect.arrayContaining([
        'compare examples/seed-bottleneck.yaml examples/seed-direct.yaml',
        'bottleneck --input 28x28x256 --kernel 4 --out 256 --mid 64',
        'explain examples/reduce-100x100x512.yaml',
        'compare examples/inception-3a.yaml examples/inception-3a-naive.yaml',
        'compare examples/head-dense.yaml examples/head-1x1.yaml',
        'analyze examples/fcn-head.yaml',
        'analyze examples/fcn-head.yaml --input 400x400x3',
        'analyze examples/fixed-head.yaml --input 400x400x3',
      ]),
    );
  });
});

describe('doc blocks', () => {
  test('a block is rewritten from its command; text around it is kept', async () => {
    const doc = 'before\n<!-- archcost: ops x -->\nstale\n<!-- /archcost -->\nafter\n';
    const out = await refreshDocBlocks(doc, async (args) => `ran ${args.join('+')}\n\n`);
    expect(out).toBe('before\n<!-- archcost: ops x -->\n```console\n$ archcost ops x\nran ops+x\n```\n<!-- /archcost -->\nafter\n');
  });
});
