#!/usr/bin/env node
'use strict';
const { loadBundle } = require('./load-bundle.js');

// A reader that stops early (`archcost analyze big.yaml | head`) closes the pipe: not an error.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') process.stderr.write(`archcost: cannot write the output: ${e.message}\n`);
  process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 3);
});

loadBundle()
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
