// Loads the command line from its one-file bundle (scripts/bundle.mjs) with V8's code cache made at
// build time: Node then neither parses the bundle nor compiles the functions a usual run calls,
// which is most of a small run's time. A cache from another Node or V8 is rejected by V8 itself,
// and the bundle is then compiled as usual: the cache changes how fast, never what is computed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export const BUNDLE = new URL('../dist/bundle/archcost.cjs', import.meta.url).pathname;
export const CODE_CACHE = `${BUNDLE}.cache`;

/** The bundle's exports (`main`) and its compiled script, whose cache the build writes. */
export function loadBundle() {
  let cachedData;
  try {
    cachedData = readFileSync(CODE_CACHE);
  } catch {
    cachedData = undefined; // not built with a cache: compile as usual
  }
  const source = readFileSync(BUNDLE, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  return { main: module.exports.main, script };
}
