import { readdir, readFile } from 'node:fs/promises';
import type { Lang } from '../../i18n/lang.js';
import { renderPlaygroundPage, type PlaygroundExample } from '../../report/html/playground-page.js';
import { readSpec } from '../io.js';
import { writeOutput } from '../output.js';
import { printToStderr } from '../terminal.js';

export interface PlaygroundFlags {
  output?: string;
  lang: Lang;
}

/** Where the package keeps what the page is made of: two levels above dist/cli/commands (or src/cli/commands). */
const inPackage = (path: string) => new URL(`../../../${path}`, import.meta.url);

/** Without --output, a terminal gets a file (a megabyte of HTML is no use on a screen); a pipe gets the page. */
export const DEFAULT_PAGE = 'playground.html';

/** examples/*.yaml, then examples/zoo/*.yaml, named as the files are (`zoo/resnet50`). */
async function examples(): Promise<PlaygroundExample[]> {
  const list: PlaygroundExample[] = [];
  for (const folder of ['', 'zoo/']) {
    const names = (await readdir(inPackage(`examples/${folder}`))).filter((n) => /\.ya?ml$/.test(n)).sort();
    for (const name of names) list.push({ name: folder + name.replace(/\.ya?ml$/, ''), text: await readFile(inPackage(`examples/${folder}${name}`), 'utf8') });
  }
  return list;
}

async function bundle(): Promise<string> {
  try {
    return await readFile(inPackage('dist/playground.js'), 'utf8');
  } catch {
    // Not a user's mistake: the package was installed or built without its browser bundle.
    throw new Error('the playground bundle dist/playground.js is missing; `npm run build` makes it');
  }
}

/** `archcost playground [SPEC] [--output page.html]`: the engine in one page, the spec (or the seed example) in its editor. */
export async function runPlayground(spec: string | undefined, flags: PlaygroundFlags): Promise<number> {
  const list = await examples();
  const text = spec !== undefined ? await readSpec(spec) : list.find((e) => e.name === 'seed-bottleneck')!.text;
  const page = renderPlaygroundPage(await bundle(), { spec: text, lang: flags.lang, examples: list });
  const output = flags.output ?? (process.stdout.isTTY ? DEFAULT_PAGE : undefined);
  await writeOutput(page, output);
  if (output !== undefined && output !== '-' && flags.output === undefined) printToStderr([`wrote ${output}: open it in a browser`]);
  return 0;
}
