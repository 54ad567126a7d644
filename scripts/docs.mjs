// Regenerates the command output shown in the tutorials from real archcost runs (the built CLI,
// one process per command). Run with `npm run docs`; specs/docs.test.ts fails when they are stale.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { refreshDocBlocks } from '../dist/report/docs/doc-blocks.js';
import { DOC_LOCALES } from '../dist/report/docs/doc-locales.js';

const root = new URL('..', import.meta.url);
const cli = new URL('bin/archcost.js', root).pathname;

for (const [doc, locale] of Object.entries(DOC_LOCALES)) {
  const path = new URL(doc, root);
  const env = { ...process.env, LC_ALL: locale, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  // Exit 1 is an answer (a check failed, a model does not fit): its output is shown as any other.
  const run = async (args) => {
    try {
      return execFileSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8' });
    } catch (e) {
      if (e.status === 1) return e.stdout;
      throw e;
    }
  };
  writeFileSync(path, await refreshDocBlocks(readFileSync(path, 'utf8'), run));
  console.log(`wrote ${doc}`);
}
