import Table from 'cli-table3';
import chalk from 'chalk';
import { describeOps, ITEM_ARG_DOCS, STRUCTURAL_ITEMS, type ArgInfo } from '../../ops/catalogue.js';
import { toJson } from '../../report/json.js';
import { opsReference } from '../../report/ops-reference.js';
import { configureColour } from '../colour.js';
import { writeOutput } from '../output.js';

const argText = (a: ArgInfo) =>
  a.required ? `${a.name}*` : a.default === undefined ? `${a.name}?` : `${a.name}=${JSON.stringify(a.default)}`;

export async function runOps(flags: { format: 'table' | 'json' | 'markdown'; output?: string }): Promise<number> {
  configureColour(flags.output);
  await writeOutput(render(flags.format), flags.output);
  return 0;
}

function render(format: 'table' | 'json' | 'markdown'): string {
  const ops = describeOps();
  if (format === 'json') return toJson({ schemaVersion: 1, ops, items: STRUCTURAL_ITEMS, itemArgs: ITEM_ARG_DOCS }) + '\n';
  if (format === 'markdown') return opsReference(ops);
  const table = new Table({
    head: ['op', 'args (* required, ? optional)', 'what it is'].map((h) => chalk.bold(h)),
    style: chalk.level > 0 ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    wordWrap: true,
    colWidths: [22, 44, 60],
  });
  for (const op of ops) {
    const name = op.aliases.length ? `${op.name} (${op.aliases.join(', ')})` : op.name;
    table.push([name, op.args.map(argText).join(', ') || '-', op.summary]);
  }
  // sequence is among the ops above; a block is the other item the graph builder expands.
  for (const item of STRUCTURAL_ITEMS.filter((i) => !ops.some((op) => op.name === i.name))) table.push([item.name, 'its params', item.summary]);
  const common = ITEM_ARG_DOCS.map((a) => `  ${a.name.padEnd(9)} ${a.doc}`).join('\n');
  return `${table.toString()}\nEvery item also takes:\n${common}\nRules behind each number: archcost ops --format markdown\n`;
}
