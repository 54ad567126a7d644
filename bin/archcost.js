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

const { main, V8_FLAGS_KNOWN } = loadBundle();
// V8 grows its young generation to 16 MB twice over when most of what is made lives on, as a
// report's layers do; kept at its first size the peak resident memory of 10,000 layers drops by
// ~35 MB at no cost in CPU (npm run bench). Set after the bundle is loaded: V8 refuses a code cache
// made under other flags. Only under Node 20's V8, where the flag is known to mean this.
if (V8_FLAGS_KNOWN) require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
