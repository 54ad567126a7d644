#!/usr/bin/env node
import { existsSync } from 'node:fs';

// A clone has no dist/ until it is built (the build runs at prepack, not on install): say so, not a stack trace.
if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  process.stderr.write('archcost: dist/ is not built yet: run `npm run build` in this checkout first (npm start and npm test build it themselves)\n');
  process.exit(3);
}
const { main } = await import('../dist/cli/main.js');

// A reader that stops early (`archcost analyze big.yaml | head`) closes the pipe: not an error.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') process.stderr.write(`archcost: cannot write the output: ${e.message}\n`);
  process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 3);
});

process.exitCode = await main(process.argv);
