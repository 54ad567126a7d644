// The package as a user gets it: packs the tarball (prepack builds dist/), installs it into an
// empty project and uses it there: require and import, the types, the bin, the schema subpath and
// the yaml-language-server line the README gives. Also `npm publish --dry-run` without warnings.
// Slow (a build and an install), so not in `npm test`; .ci/run runs it. Prints one line per check
// and `package: N passed, N failed`; exits 1 when a check failed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'archcost-package-'));
const project = join(work, 'project');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
let passed = 0;
let failed = 0;

function check(name, body) {
  try {
    body();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(e.message).replace(/\n/g, '\n  ')}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs a command; returns stdout, stderr and the exit status without throwing. */
function run(command, args, cwd = project) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function succeed(command, args, cwd) {
  const r = run(command, args, cwd);
  assert(r.status === 0, `${command} ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return r;
}

/** npm warnings other than the one a dry run without a login always prints. */
const npmWarnings = (stderr) => stderr.split('\n').filter((l) => /^npm warn/i.test(l) && !/requires you to be logged in/.test(l));

const packed = JSON.parse(succeed('npm', ['pack', '--json', '--pack-destination', work], root).stdout)[0];
const tarball = join(work, packed.filename);
const files = new Set(packed.files.map((f) => f.path));

check('the tarball holds the library, its types, the bin, the schema, the docs and the licence', () => {
  for (const file of ['LICENSE', 'README.md', 'bin/archcost.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'schema/spec.json', 'docs/spec-language.md']) {
    assert(files.has(file), `${file} is not in the tarball`);
  }
});

check('no doc generator, test or source file is shipped', () => {
  const extra = [...files].filter((f) => /^(dist\/report\/docs\/|specs\/|src\/|scripts\/|bench\/)/.test(f));
  assert(extra.length === 0, `shipped: ${extra.join(', ')}`);
});

check('every relative import of a shipped module is shipped', () => {
  const missing = [];
  for (const file of [...files].filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = normalize(join(dirname(file), spec));
      if (!files.has(target)) missing.push(`${file} -> ${spec}`);
    }
  }
  assert(missing.length === 0, missing.join('\n'));
});

check('npm publish --dry-run prints no warning', () => {
  // --ignore-scripts: dist/ was just built by the pack above.
  const r = succeed('npm', ['publish', '--dry-run', '--ignore-scripts'], root);
  const warnings = npmWarnings(r.stderr);
  assert(warnings.length === 0, warnings.join('\n'));
});

execFileSync('mkdir', ['-p', project]);
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-archcost', version: '1.0.0', private: true, type: 'commonjs' }));
const install = run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline']);

check('the tarball installs without an install-scripts warning', () => {
  assert(install.status === 0, `npm install exited ${install.status}:\n${install.stderr}`);
  const warnings = npmWarnings(install.stderr);
  assert(warnings.length === 0, warnings.join('\n'));
});

const SEED = 'node_modules/archcost/examples/seed-bottleneck.yaml';
// 28·28·64·256 + 28·28·256·(64·4·4) = 218,365,952 MACs (README).
const SEED_MACS = '218365952';

check("require('archcost') loads the library (CommonJS)", () => {
  const script = `const { analyze } = require('archcost'); const fs = require('fs');
    process.stdout.write(String(analyze(fs.readFileSync('${SEED}', 'utf8')).totals.macs));`;
  assert(succeed(process.execPath, ['-e', script]).stdout === SEED_MACS, 'wrong MACs');
});

check("import from 'archcost' loads the library (ESM)", () => {
  const script = `import { analyze } from 'archcost'; import { readFileSync } from 'node:fs';
    process.stdout.write(String(analyze(readFileSync('${SEED}', 'utf8')).totals.macs));`;
  assert(succeed(process.execPath, ['--input-type=module', '-e', script]).stdout === SEED_MACS, 'wrong MACs');
});

check('archcost/schema/spec.json resolves from require and import, with its $id', () => {
  const cjs = succeed(process.execPath, ['-e', "process.stdout.write(require('archcost/schema/spec.json').$id)"]).stdout;
  const esm = succeed(process.execPath, [
    '--input-type=module',
    '-e',
    "import s from 'archcost/schema/spec.json' with { type: 'json' }; process.stdout.write(s.$schema + ' ' + s.$id)",
  ]).stdout;
  assert(cjs === 'https://unpkg.com/archcost/schema/spec.json', `$id: ${cjs}`);
  assert(esm === `http://json-schema.org/draft-07/schema# ${cjs}`, `import: ${esm}`);
});

check('the types resolve through exports (TypeScript, NodeNext)', () => {
  writeFileSync(
    join(project, 'use.mts'),
    "import { analyze, type Report } from 'archcost';\nconst report: Report = analyze('input: [4]\\nlayers: [relu]\\n');\nconst macs: bigint = report.totals.macs;\nexport { macs };\n",
  );
  const options = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(root, 'node_modules/@types')];
  succeed(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), ...options, 'use.mts']);
});

check('the bin runs: npx archcost --version, analyze, ops --format markdown', () => {
  assert(succeed('npx', ['--no-install', 'archcost', '--version']).stdout.trim() === manifest.version, 'wrong version');
  const report = JSON.parse(succeed('npx', ['--no-install', 'archcost', 'analyze', SEED, '--format', 'json']).stdout);
  assert(String(report.totals.macs) === SEED_MACS, 'wrong MACs');
  assert(succeed('npx', ['--no-install', 'archcost', 'ops', '--format', 'markdown']).stdout.includes('## `conv`'), 'no op reference');
});

await checkEditorLine();

async function checkEditorLine() {
  // The README's line, in a spec at the project root, read by the yaml-language-server the repository tests with.
  const { default: yls } = await import(pathToFileURL(join(root, 'node_modules/yaml-language-server/out/server/src/index.js')));
  const { TextDocument } = await import(pathToFileURL(join(root, 'node_modules/vscode-languageserver-textdocument/lib/umd/main.js')));
  const service = yls.getLanguageService({
    schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), 'utf8'),
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
  });
  service.configure({ validate: true, completion: true });
  const text = '# yaml-language-server: $schema=./node_modules/archcost/schema/spec.json\ninput: [8, 8, 3]\nlayers:\n  - conv: {kernal: 3}\n';
  const doc = TextDocument.create(pathToFileURL(join(project, 'model.yaml')).toString(), 'yaml', 1, text);
  const messages = (await service.doValidation(doc, false)).map((d) => d.message);
  check('the README yaml-language-server line finds the installed schema', () => {
    assert(messages.includes('Property kernal is not allowed.'), `diagnostics: ${JSON.stringify(messages)}`);
  });
}

rmSync(work, { recursive: true, force: true });
console.log(`package: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
