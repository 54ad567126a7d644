// The command line as one CommonJS file, dist/bundle/archcost.cjs, plus V8's code cache for it
// (bin/load-bundle.js). Node starts one file several times faster than the hundreds of ES modules
// tsc writes (zod alone is ~100), and the cache, taken after the commands below have run, spares
// parsing the bundle and compiling what a usual run calls. The library (dist/index.js) stays tsc's.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { cachedDataVersionTag } from 'node:v8';

const root = new URL('..', import.meta.url).pathname;

/**
 * Each source finds files from its own URL (`../../package.json`); in the bundle, import.meta.url
 * becomes the URL tsc's output of that source has (dist/cli/main.js), so those paths still hold.
 */
const moduleUrls = {
  name: 'module-urls',
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.ts$/ }, ({ path }) => {
      const compiled = relative(root, path).replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
      const contents = readFileSync(path, 'utf8').replaceAll('import.meta.url', `__archcostModuleUrl(${JSON.stringify(compiled)})`);
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * commander loads node:child_process (~2 ms) at start-up for executable subcommands, which
 * archcost has none of: in the bundle it is required on first use instead. The bundle fails to
 * build if commander's line changes, so the rewrite cannot silently stop applying.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, ({ path }) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = readFileSync(path, 'utf8');
      if (!source.includes(eager)) throw new Error(`${path} no longer has the line ${eager}`);
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/bundle/archcost.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: !process.env.ARCHCOST_BUNDLE_READABLE,
  plugins: [moduleUrls, lazyChildProcess],
  banner: { js: "const __archcostModuleUrl = (p) => require('node:url').pathToFileURL(require('node:path').join(__dirname, '../..', p)).href;" },
  logLevel: 'warning',
});

const { loadBundle, CODE_CACHE } = await import('../bin/load-bundle.js');
const { main, script } = loadBundle();
const out = mkdtempSync(join(tmpdir(), 'archcost-bundle-'));
const zoo = (name) => `examples/zoo/${name}.yaml`;
const commands = [
  ['analyze', zoo('resnet50'), '--format', 'json'],
  ['analyze', zoo('resnet50')],
  ['analyze', zoo('mobilenet_v3_large'), '--format', 'csv'],
  ['analyze', zoo('inception_v3'), '--format', 'markdown'],
  ['compare', zoo('resnet18'), zoo('resnet50')],
  ['check', 'examples/seed-bottleneck.yaml', '--max-macs', '1G'],
  ['explain', 'examples/seed-bottleneck.yaml'],
];
// V8 refuses a code cache made under other flags: the warm-up must leave every flag as it found it.
const flags = cachedDataVersionTag();
try {
  for (const [i, args] of commands.entries()) {
    const code = await main(['node', 'archcost', ...args, '--output', join(out, `${i}.out`)]);
    if (code !== 0) throw new Error(`archcost ${args.join(' ')} exited ${code} while warming the code cache`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (cachedDataVersionTag() !== flags) throw new Error('a V8 flag set while warming the code cache is still set: V8 would refuse the cache at start-up');
writeFileSync(CODE_CACHE, script.createCachedData());
