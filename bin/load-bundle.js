'use strict';
// Loads the command line from its one-file bundle (scripts/bundle.mjs) with V8's code cache made at
// build time: Node then neither parses the bundle nor compiles the functions a usual run calls,
// which is most of a small run's time. A cache from another Node or V8 is rejected by V8 itself,
// and the bundle is then compiled as usual: the cache changes how fast, never what is computed.
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '../dist/bundle/archcost.cjs');
const CODE_CACHE = `${BUNDLE}.cache`;

/** The bundle's exports (`main`, `V8_RUN_FLAGS`) and its compiled script, whose cache the build writes. */
function loadBundle() {
  let cachedData;
  try {
    cachedData = readFileSync(CODE_CACHE);
  } catch {
    cachedData = undefined; // built without a cache: compile as usual
  }
  const source = readFileSync(BUNDLE, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, join(BUNDLE, '..'));
  return { main: module.exports.main, V8_RUN_FLAGS: module.exports.V8_RUN_FLAGS, script };
}

module.exports = { BUNDLE, CODE_CACHE, loadBundle };
