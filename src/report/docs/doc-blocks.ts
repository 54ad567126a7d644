/**
 * Docs with real command output: a block
 *
 *     <!-- archcost: compare examples/a.yaml examples/b.yaml -->
 *     ```console
 *     $ archcost compare examples/a.yaml examples/b.yaml
 *     (the output)
 *     ```
 *     <!-- /archcost -->
 *
 * is regenerated from the command in its opening comment (`npm run docs`); a test regenerates
 * every block in process and fails when a doc differs, so no output shown can go stale.
 */
const BLOCK = /<!-- archcost: (.+?) -->\n[\s\S]*?<!-- \/archcost -->/g;

/** Runs `archcost ARGS...` and returns what it printed on stdout. */
export type RunCommand = (args: string[]) => Promise<string>;

/** The commands of a doc's blocks, in order (arguments are split on spaces; no quoting). */
export function docCommands(text: string): string[][] {
  return [...text.matchAll(BLOCK)].map((match) => match[1].trim().split(/\s+/));
}

/** The doc with every block's output replaced by a fresh run of its command. */
export async function refreshDocBlocks(text: string, run: RunCommand): Promise<string> {
  const outputs: string[] = [];
  for (const args of docCommands(text)) outputs.push(await run(args));
  let i = 0;
  return text.replace(BLOCK, (_, command: string) => {
    const output = outputs[i++].replace(/\s+$/, '');
    return `<!-- archcost: ${command.trim()} -->\n\`\`\`console\n$ archcost ${command.trim()}\n${output}\n\`\`\`\n<!-- /archcost -->`;
  });
}
