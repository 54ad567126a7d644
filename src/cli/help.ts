import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';

/** What `archcost COMMAND --help` shows after the options: examples to copy, and where the rules are written. */
const GUIDES: Record<string, { examples: string[]; docs: string[] }> = {
  archcost: {
    examples: ['archcost analyze examples/seed-bottleneck.yaml', 'archcost compare a.yaml b.yaml', 'archcost analyze --help'],
    docs: ['README.md', 'docs/spec-language.md'],
  },
  analyze: {
    examples: [
      'archcost analyze model.yaml',
      'archcost analyze model.yaml --batch 8 --dtype float16 --memory --device t4',
      'archcost analyze model.yaml --sweep width=32,64,128 --format csv --output sweep.csv',
    ],
    docs: ['docs/spec-language.md', 'docs/counting.md', 'docs/memory.md'],
  },
  fit: {
    examples: [
      'archcost fit config.json --device h100 --devices 2 --phase decode --context 8192',
      'archcost fit config.json --device h100 --sweep context=2048,8192,32768 --sweep devices=2,4,8 --phase decode --context 0',
      'archcost fit unet.yaml --device rtx-4090 --training --mixed-precision --reserve 10%',
    ],
    docs: ['docs/fit.md', 'docs/parallelism.md'],
  },
  devices: {
    examples: ['archcost devices', 'archcost devices --format json --output devices.json'],
    docs: ['docs/devices.md'],
  },
  compare: {
    examples: ['archcost compare resnet50.yaml resnet101.yaml', 'archcost compare base.yaml wide.yaml --depth 1 --set width=128 --device a100'],
    docs: ['docs/counting.md', 'docs/tutorial.en.md'],
  },
  bottleneck: {
    examples: [
      'archcost bottleneck --input 28x28x256 --kernel 4 --out 256 --mid 64',
      'archcost bottleneck -i 56x56x256 -k 3 -c 256',
      'archcost bottleneck -i 56x56x256 -k 3 -c 256 --mid 64 --expand --device t4 --output bottleneck.md --format markdown',
    ],
    docs: ['docs/tutorial.en.md'],
  },
  explain: {
    examples: ['archcost explain model.yaml', 'archcost explain model.yaml --layer layer1.0', 'archcost explain model.yaml --format json --output explain.json'],
    docs: ['docs/ops.md', 'docs/counting.md'],
  },
  ops: {
    examples: ['archcost ops', 'archcost ops --format markdown --output ops.md'],
    docs: ['docs/ops.md'],
  },
  check: {
    examples: ['archcost check model.yaml', 'archcost check model.yaml --max-macs 4G --max-params 25M --max-memory 100MB', 'archcost check model.yaml --format github'],
    docs: ['docs/ci.md'],
  },
  diff: {
    examples: [
      'archcost analyze model.yaml --format json --output baseline.json',
      'archcost diff baseline.json model.yaml --max-increase 5%',
      'archcost diff baseline.json model.yaml --metric macs,params --format markdown --output cost.md',
    ],
    docs: ['docs/ci.md'],
  },
  playground: {
    examples: ['archcost playground', 'archcost playground model.yaml --output model.html'],
    docs: ['docs/visual.md'],
  },
  schema: {
    examples: ['archcost schema --output spec.json', 'archcost schema model.yaml --output model.schema.json', 'archcost schema analyze'],
    docs: ['README.md (Editor support)', 'docs/ci.md'],
  },
  completion: {
    examples: [
      'archcost completion bash > ~/.local/share/bash-completion/completions/archcost',
      'archcost completion zsh > ~/.zfunc/_archcost   # with fpath+=(~/.zfunc) before compinit',
      'archcost completion fish > ~/.config/fish/completions/archcost.fish',
    ],
    docs: ['README.md (Shell completion)'],
  },
};

/** A doc as a path on this machine: docs/ ships in the package, so it is there to open. */
const located = (doc: string) => {
  const [path, ...section] = doc.split(' ');
  return [fileURLToPath(new URL(`../../${path}`, import.meta.url)), ...section].join(' ');
};

function guide(name: string): string {
  const g = GUIDES[name];
  if (!g) return '';
  return `\nExamples:\n${g.examples.map((e) => `  $ ${e}`).join('\n')}\n\nDocs:\n${g.docs.map((d) => `  ${located(d)}`).join('\n')}\n`;
}

/** Adds the examples and docs to the help of the program and of each command. */
export function addGuides(program: Command): void {
  for (const command of [program, ...program.commands]) command.addHelpText('after', () => guide(command.name()));
}

