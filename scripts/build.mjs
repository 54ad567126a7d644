// Compiles src/ into dist/ (the published package's modules), bundles the playground's browser app
// into it, and bundles the command line into one file with V8's code cache (what bin/archcost.js runs). `npm run build`
// always rebuilds from an empty dist/, so a deleted source leaves no stale module behind;
// `--if-stale` (npm start, npm test) skips the ~6 s compile when dist/ is newer than every input.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/bundle.mjs', 'scripts/bundle-playground.mjs'];
/** Written last by every build: its time is when dist/ was last built. */
const STAMP = join(root, 'dist/bundle/archcost.cjs.cache');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

export function isStale() {
  return !existsSync(STAMP) || statSync(STAMP).mtimeMs < Math.max(...INPUTS.map((p) => newest(join(root, p))));
}

export function build() {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/bundle-playground.mjs')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--if-stale') || isStale()) build();
}
