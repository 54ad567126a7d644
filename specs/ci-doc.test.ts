import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The pull-request comment step of docs/ci.md, run as the runner runs it (bash -e) with stand-ins
 * for npx and gh that keep the comments in a folder: it must keep one comment, updated on each push.
 */
const doc = readFileSync(new URL('../docs/ci.md', import.meta.url), 'utf8');
const workflow = parse(/```yaml\n(name: model cost[\s\S]*?)```/.exec(doc)![1]);
const step = workflow.jobs.cost.steps.find((s: { name?: string }) => s.name === 'Comment on the pull request');

const dir = mkdtempSync(join(tmpdir(), 'archcost-ci-doc-'));
const bin = join(dir, 'bin');
const comments = join(dir, 'comments');
mkdirSync(bin);
mkdirSync(comments);
const stub = (name: string, body: string) => {
  writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
};
// npx archcost diff ... --output cost.md: writes $COST there and exits 1, as for a regression.
stub('npx', 'while [ $# -gt 0 ]; do [ "$1" = --output ] && printf "%s\\n" "$COST" > "$2"; shift; done; exit 1');
// gh api GET (with --jq selecting bodies that start with a marker), gh api --method PATCH, gh pr comment.
stub(
  'gh',
  `set -e
if [ "$1" = api ] && [ "$2" = --method ]; then cp "\${6#body=@}" "$COMMENTS/\${4##*/}"; exit 0; fi
if [ "$1" = api ]; then
  marker="\${5#*startswith(\\"}"; marker="\${marker%%\\")*}"
  for f in "$COMMENTS"/*; do [ -e "$f" ] && [ "$(head -n 1 "$f")" = "$marker" ] && basename "$f"; done; exit 0
fi
if [ "$1" = pr ] && [ "$2" = comment ]; then cp "$5" "$COMMENTS/$(( $(ls "$COMMENTS" | wc -l) + 1 ))"; exit 0; fi
exit 9`,
);

function push(cost: string) {
  const env = { PATH: `${bin}:${process.env.PATH}`, COMMENTS: comments, COST: cost, PR: '7', GITHUB_REPOSITORY: 'o/r' };
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd: dir, env, encoding: 'utf8' });
}

describe('the PR comment step of docs/ci.md', () => {
  test('is skipped for a pull request from a fork', () => {
    expect(step.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  });

  test('adds one comment, then updates it on the next push; other comments are left alone', () => {
    writeFileSync(join(comments, '1'), 'a reviewer wrote this\n');
    const first = push('first cost');
    expect([first.status, first.stderr]).toEqual([0, ""]);
    expect(push('second cost').status).toBe(0);
    expect(readdirSync(comments).sort()).toEqual(['1', '2']);
    expect(readFileSync(join(comments, '1'), 'utf8')).toBe('a reviewer wrote this\n');
    expect(readFileSync(join(comments, '2'), 'utf8')).toBe('<!-- archcost: model cost -->\nsecond cost\n');
  });
});
