import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';

/** The completion scripts, run in the shells themselves: bash always, zsh and fish where installed. */

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'archcost-completion-'));
const has = (shell: string) => spawnSync(shell, ['-c', 'true']).status === 0;

async function script(shell: string): Promise<string> {
  const r = await cli('completion', shell);
  expect(r.code).toBe(0);
  const file = join(dir, `archcost.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

/** What bash offers for each command line (the last word is being completed). */
async function bashOffers(lines: string[][]): Promise<string[][]> {
  const calls = lines.map((words) => `comp ${words.map((w) => `'${w}'`).join(' ')}`).join('\n');
  const program = `source ${await script('bash')}
comp() { COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _archcost; printf '%s\\n' "\${COMPREPLY[@]}" | sort | tr '\\n' ' '; echo; }
${calls}`;
  const r = spawnSync('bash', ['-c', program], { cwd: root, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trimEnd().split('\n').map((l) => l.trim().split(' ').filter(Boolean));
}

describe('bash', () => {
  test('commands, options, choices, devices and spec files', async () => {
    const [commands, options, formats, devices, specs, kinds, shells] = await bashOffers([
      ['archcost', ''],
      ['archcost', 'check', '--max-'],
      ['archcost', 'analyze', '--format', ''],
      ['archcost', 'analyze', '--device', 't'],
      ['archcost', 'analyze', 'examples/seed-'],
      ['archcost', 'schema', 'c'],
      ['archcost', 'completion', ''],
    ]);
    expect(commands).toEqual(expect.arrayContaining(['analyze', 'compare', 'bottleneck', 'completion', '--quiet', '--version']));
    expect(options).toEqual(['--max-activation-memory', '--max-flops', '--max-macs', '--max-memory', '--max-params', '--max-weight-memory']);
    expect(formats).toEqual(['csv', 'dot', 'html', 'json', 'markdown', 'mermaid', 'table']);
    expect(devices).toEqual(['t4']);
    expect(specs).toEqual(['examples/seed-bottleneck.yaml', 'examples/seed-direct.yaml']);
    expect(kinds).toEqual(['check', 'compare']);
    expect(shells).toEqual(['bash', 'fish', 'zsh']);
  });
});

describe.each(['zsh', 'fish'])('%s', (shell) => {
  const run = has(shell) ? test : test.skip;

  run('the script parses', async () => {
    const r = spawnSync(shell, ['-n', await script(shell)], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
  });
});

describe('fish', () => {
  const run = has('fish') ? test : test.skip;

  run('offers what bash offers', async () => {
    const file = await script('fish');
    const complete = (line: string) =>
      spawnSync('fish', ['-c', `source ${file}; complete -C '${line}'`], { cwd: root, encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
    expect(complete('archcost an')).toEqual(['analyze']);
    expect(complete('archcost analyze --format ')).toEqual(['csv', 'dot', 'html', 'json', 'markdown', 'mermaid', 'table']);
    expect(complete('archcost analyze examples/seed-')).toEqual(['examples/seed-bottleneck.yaml', 'examples/seed-direct.yaml']);
  });
});
