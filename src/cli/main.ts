import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ArchcostError, formatDiagnostic } from '../engine/errors.js';
import { collectVar, positiveInt, shapeArg } from './io.js';

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
    .option('--memory', 'per-layer weight bytes, bytes moved and FLOPs per byte; the tensors live at the peak')
    .option('--training', 'training estimate: weights, gradients, optimizer state, activations kept for backward, FLOPs')
    .addOption(new Option('--optimizer <name>', 'optimizer state for --training (implies it)').choices(['sgd', 'momentum', 'adam', 'adamw']))
    .option('--mixed-precision', '16-bit activations and gradients with float32 master weights (implies --training)')
    .addOption(new Option('--device <name>', 'roofline time per layer on a built-in device (archcost devices)').conflicts('deviceFile'))
    .option('--device-file <file>', 'roofline time per layer on a device described in YAML or JSON')
    .action(async (specs: string[], flags) => {
      const { runAnalyze } = await import('./commands/analyze.js');
      setExit(await runAnalyze(specs, flags));
    });

  cli
    .command('devices')
    .description('The built-in devices for --device: peak FLOP/s per dtype and memory bandwidth')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .action(async (flags) => {
      const { runDevices } = await import('./commands/devices.js');
      setExit(runDevices(flags));
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
