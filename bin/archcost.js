#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// `archcost ... | head` closes the pipe early: that is the reader's choice, not a crash.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv);
