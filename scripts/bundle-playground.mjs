// Bundles the playground's browser app (src/web/playground.ts: the engine, CodeMirror, dagre) into
// dist/playground.js, which `archcost playground` inlines in its page. Part of `npm run build`.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../src/web/playground.ts', import.meta.url).pathname],
  outfile: new URL('../dist/playground.js', import.meta.url).pathname,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  // The licences of the bundled packages stay with their code, at the end of the file.
  legalComments: 'eof',
  logLevel: 'warning',
});
