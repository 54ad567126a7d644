#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { BUNDLE, loadBundle } = require('./load-bundle.js');

// A clone has no dist/ until it is built (the build runs at prepack, not on install): say so, not a stack trace.
if (!existsSync(BUNDLE)) {
  process.stderr.write('archcost: dist/ is not built yet: run `npm run build` in this checkout first (npm start and npm test build it themselves)\n');
  process.exit(3);
}

// A reader that stops early (`archcost analyze big.yaml | head`) closes the pipe: not an error.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') process.stderr.write(`archcost: cannot write the output: ${e.message}\n`);
  process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 3);
});

const { main, V8_RUN_FLAGS } = loadBundle();
// After the bundle is loaded: V8 refuses a code cache made under other flags (src/cli/v8-flags.ts says which and why).
if (V8_RUN_FLAGS) require('node:v8').setFlagsFromString(V8_RUN_FLAGS);
main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
