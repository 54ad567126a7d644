#!/usr/bin/env node
import { loadBundle } from './load-bundle.js';

// A reader that stops early (`archcost analyze big.yaml | head`) closes the pipe: not an error.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') process.stderr.write(`archcost: cannot write the output: ${e.message}\n`);
  process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 3);
});

process.exitCode = await loadBundle().main(process.argv);
