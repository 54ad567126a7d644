import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ArchcostError, formatDiagnostic } from '../engine/errors.js';
import { collectVar, positiveInt, shapeArg } from './io.js';
import { langOption } from './lang-option.js';
import { collectSweep } from './sweep-arg.js';

/** Exit codes: 0 success, 1 a check or diff failed, 2 bad usage or invalid spec, 3 an internal error. */
export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

const FORMATS = ['table', 'json', 'csv', 'markdown', 'html'];
const DTYPES = ['float32', 'float16', 'bfloat16', 'int8', 'float64'];

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function program(setExit: (code: number) => void): Command {
  const cli = new Command('archcost')
    .description('What a neural-network architecture costs: shapes, params, MACs, FLOPs and memory from a YAML/JSON spec.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  cli
    .command('analyze')
    .description('Per-layer and total params, MACs, FLOPs and memory of one or more specs')
    .argument('<specs...>', 'spec files (.yaml, .yml, .json), - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .option('-b, --batch <n>', 'batch size (overrides the spec)', positiveInt)
    .addOption(new Option('--dtype <dtype>', 'element type (overrides the spec)').choices(DTYPES))
    .option('-s, --set <name=value>', 'override a spec var (repeatable)', collectVar)
    .option('-i, --input <shape>', 'replace the first input shape, e.g. 224x224x3', shapeArg)
    .option('-d, --depth <n>', 'collapse rows to the first n levels of layer names (block subtotals)', positiveInt)
    .option('--sweep <name=v1,v2,...>', 'one row per value of a var, or input=HxWxC,HxWxC (repeatable: every combination)', collectSweep)
    .addOption(langOption())
    .action(async (specs: string[], flags) => {
      const { runAnalyze } = await import('./commands/analyze.js');
      setExit(await runAnalyze(specs, flags));
    });

  cli
    .command('compare')
    .description('Totals side by side with ratios and differences against the first spec, then layers matched by name')
    .argument('<specs...>', 'two or more spec files; the first is the baseline')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .option('-b, --batch <n>', 'batch size (overrides each spec)', positiveInt)
    .addOption(new Option('--dtype <dtype>', 'element type (overrides each spec)').choices(DTYPES))
    .option('-i, --input <shape>', 'replace each spec\'s first input shape, e.g. 224x224x3', shapeArg)
    .option('-d, --depth <n>', 'align blocks: the first n levels of layer names', positiveInt)
    .addOption(langOption())
    .action(async (specs: string[], flags) => {
      if (specs.length < 2) throw new ArchcostError({ message: 'compare needs at least two specs (the first is the baseline)' });
      const { runCompare } = await import('./commands/compare.js');
      setExit(await runCompare(specs, flags));
    });

  cli
    .command('bottleneck')
    .description('A direct kxk conv against a 1x1 reduction before it: costs, ratio, closed form and break-even width')
    .requiredOption('-i, --input <shape>', 'input map HxWxC, e.g. 28x28x256', shapeArg)
    .requiredOption('-k, --kernel <k>', 'kernel size of the spatial conv', positiveInt)
    .requiredOption('-o, --out <channels>', 'output channels C2', positiveInt)
    .option('-m, --mid <width>', 'reduced width M (default: a table over powers of two)', positiveInt)
    .option('--stride <s>', 'stride of the spatial conv', positiveInt, 1)
    .option('--expand', "ResNet's form: 1x1 to M, kxk M to M, 1x1 to C2")
    .option('--bias', 'give every conv a bias (default: none, as with batch norm after each conv)')
    .addOption(new Option('--dtype <dtype>', 'element type for activation bytes').choices(DTYPES))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .addOption(langOption())
    .action(async (flags) => {
      const { runBottleneck } = await import('./commands/bottleneck.js');
      setExit(runBottleneck(flags));
    });

  cli
    .command('explain')
    .description("Each layer's shape rule and params, MACs and FLOPs formulas with its numbers in, and its receptive field")
    .argument('<spec>', 'spec file (.yaml, .yml, .json), - for standard input')
    .option('-l, --layer <name>', 'only this layer, or the layers of this block')
    .option('-s, --set <name=value>', 'override a spec var (repeatable)', collectVar)
    .option('-i, --input <shape>', 'replace the first input shape, e.g. 224x224x3', shapeArg)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(langOption())
    .action(async (spec: string, flags) => {
      const { runExplain } = await import('./commands/explain.js');
      setExit(await runExplain(spec, flags));
    });

  cli
    .command('ops')
    .description('The op catalogue: args, defaults and the rules behind every number')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .action(async (flags) => {
      const { runOps } = await import('./commands/ops.js');
      setExit(runOps(flags));
    });

  cli
    .command('schema')
    .description('The JSON Schema of a spec file (for editors: # yaml-language-server: $schema=...)')
    .action(async () => {
      const { runSchema } = await import('./commands/schema.js');
      setExit(runSchema());
    });
  return cli;
}

/** Runs the command line; returns the exit code instead of exiting so tests and callers can use it. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program((c) => (code = c)).parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; anything else commander rejects is bad usage.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof ArchcostError) {
      for (const d of e.diagnostics) process.stderr.write(`error: ${formatDiagnostic(d)}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`archcost: internal error: ${(e as Error).message}\n`);
    if (process.env.ARCHCOST_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return EXIT.internal;
  }
  return code;
}
