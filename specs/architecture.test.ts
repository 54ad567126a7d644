import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

/**
 * The layers of src/, lowest first (docs/architecture.md). A file may import its own folder or a
 * lower layer; two folders on the same level do not import each other.
 */
const LAYERS: string[][] = [
  ['core'],
  ['expr'],
  ['ops'],
  ['language'],
  ['counting', 'importers'],
  ['explore', 'gates'],
  ['i18n'],
  ['report'],
  ['cli', 'web'],
  ['index.ts'],
];
const levelOf = (folder: string) => LAYERS.findIndex((l) => l.includes(folder));

const SRC = resolve('src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const folderOf = (file: string) => relative(SRC, file).split('/')[0];

describe('the layers of src/ (docs/architecture.md)', () => {
  const files = sources(SRC);

  it('every folder of src/ has a layer', () => {
    for (const file of files) expect([folderOf(file), levelOf(folderOf(file))]).not.toContainEqual(-1);
  });

  it('every import points to its own folder or a lower layer', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const to = folderOf(resolve(dirname(file), spec));
        if (to === from) continue;
        if (levelOf(to) >= levelOf(from)) upward.push(`${relative(SRC, file)} -> ${spec}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
