import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from 'commander';
import { ArchcostError } from '../core/errors.js';
import { PRESETS } from '../counting/presets.js';
import { DTYPES } from '../core/dtype.js';
import { addGuides } from './help.js';
import { collectVar, dtypeArg, forgetInputs, nonNegativeInt, positiveInt, shapeArg, stdinOnce } from './io.js';
import { langOption } from './lang-option.js';
import { setQuiet, shownDiagnostic } from './notes.js';
import { SCHEMA_KINDS } from './schema-kinds.js';
import { printToStderr, printTextToStderr } from './terminal.js';
import { collectSweep } from './sweep-arg.js';
import { parallelOptions, storageOptions, trainingOptions } from './deploy-options.js';

// bin/archcost.js reads it from the bundle: the V8 version test is made in one place.
export { V8_RUN_FLAGS } from './v8-flags.js';

/** Exit codes: 0 success, 1 a check or diff failed, 2 bad usage or invalid spec, 3 an internal error. */
export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

const FORMATS = ['table', 'json', 'csv', 'markdown', 'html', 'dot', 'mermaid'];
const DTYPE_LIST = DTYPES.join(', ');
const GATE_FORMATS = ['table', 'json', 'markdown', 'github'];

/** How to count (batch, dtype, vars, input size, another tool's conventions) and where to write. */
function modelOptions(command: Command): Command {
  return specOptions(phaseOptions(command))
    .addOption(compatOption())
    .addOption(outputOption());
}

/** The words of -b, --dtype, -s and -i where a command's differ from analyze's. */
interface SpecHelp {
  batch?: string;
  dtype?: string;
  set?: string;
  input?: string;
}

/** `-b`, `--dtype`, `-s` and `-i`: the batch, element type, vars and input size a spec is counted at. */
function specOptions(command: Command, help: SpecHelp = {}): Command {
  return command
    .option('-b, --batch <n>', help.batch ?? 'batch size (overrides the spec)', positiveInt)
    .addOption(dtypeOption(help.dtype ?? 'element type (overrides the spec)'))
    .option('-s, --set <name=value>', help.set ?? 'override a spec var (repeatable)', collectVar)
    .option('-i, --input <shape>', help.input ?? 'replace the first input shape, e.g. 224x224x3', shapeArg);
}

/** `--dtype`, the same parser (with the archcost name for another tool's: `fp16` is float16) in every command. */
const dtypeOption = (help: string) => new Option('--dtype <dtype>', `${help}: ${DTYPE_LIST}`).argParser(dtypeArg);

/** `--phase prefill|decode` and `--context L` (docs/transformers.md#phases). */
function phaseOptions(command: Command): Command {
  return command
    .addOption(new Option('--phase <phase>', 'prefill (the whole input at once) or decode (one new token per sequence)').choices(['prefill', 'decode']))
    .option('--context <n>', 'positions already in the KV cache (decode: the new token is the n+1st)', nonNegativeInt);
}

const compatOption = () =>
  new Option('--compat <tool>', "count as another tool does (docs/conventions.md)").choices(PRESETS as unknown as string[]);

/** `-o, --output FILE`, the same in every command that prints data. */
const outputOption = () => new Option('-o, --output <file>', 'write to FILE (atomically: a temporary file renamed into place) instead of stdout');

/** `--device NAME` or `--device-file FILE`: roofline time (docs/memory.md#roofline-time), unless a command says what else it is for. */
function deviceOptions(command: Command, help: { device?: string; deviceFile?: string } = {}): Command {
  return command
    .addOption(new Option('--device <name>', help.device ?? 'estimated time by the roofline rule on a built-in device (archcost devices)').conflicts('deviceFile'))
    .option('--device-file <file>', help.deviceFile ?? 'estimated time by the roofline rule on a device described in YAML or JSON');
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function program(setExit: (code: number) => void): Command {
  const cli = new Command('archcost')
    .description('What a neural-network architecture costs: shapes, params, MACs, FLOPs and memory from a YAML/JSON spec.')
    .version(packageVersion())
    .option('-q, --quiet', 'no warnings or progress on stderr (errors are still printed)')
    .exitOverride()
    .configureOutput({ writeErr: printTextToStderr, outputError: (text, write) => write(text) })
    .hook('preAction', (_, action) => setQuiet(Boolean(action.optsWithGlobals().quiet)));

  const analyze = cli
    .command('analyze')
    .description('Per-layer and total params, MACs, FLOPs and memory of one or more specs')
    .argument('<specs...>', 'spec files (.yaml, .yml, .json) or model files (.onnx, .cfg, .prototxt, Keras model.json), - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'));
  specOptions(analyze)
    .option('-d, --depth <n>', 'collapse rows to the first n levels of layer names (block subtotals)', positiveInt)
    .addOption(compatOption())
    .addOption(outputOption())
    .option('--memory', 'per-layer weight bytes, bytes moved and FLOPs per byte; the tensors live at the peak');
  deviceOptions(phaseOptions(parallelOptions(storageOptions(trainingOptions(analyze)))))
    .option('--sweep <name=v1,v2,...>', 'one row per value of a var, or input=HxWxC,HxWxC (repeatable: every combination)', collectSweep)
    .addOption(langOption())
    .action(async (specs: string[], flags) => {
      stdinOnce(specs);
      const { runAnalyze } = await import('./commands/analyze.js');
      setExit(await runAnalyze(specs, flags));
    });

  cli
    .command('import')
    .description('Convert a model file (ONNX, darknet .cfg, Caffe .prototxt, Keras / TensorFlow.js JSON) into an editable archcost spec')
    .argument('<file>', 'model file (.onnx, .cfg, .prototxt, model.json), - for standard input')
    .addOption(new Option('-f, --format <format>', 'spec format').choices(['yaml', 'json']).default('yaml'))
    .option('-i, --input <shape>', 'input size for files whose input sizes are symbolic, e.g. 224x224x3', shapeArg)
    .addOption(outputOption())
    .action(async (file: string, flags) => {
      const { runImport } = await import('./commands/import.js');
      setExit(await runImport(file, flags));
    });

  cli
    .command('devices')
    .description('The built-in devices for --device: peak FLOP/s per dtype and memory bandwidth')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .addOption(outputOption())
    .action(async (flags) => {
      const { runDevices } = await import('./commands/devices.js');
      setExit(await runDevices(flags));
    });

  const fit = cli
    .command('fit')
    .description('Will it fit? The largest batch (or context) one device, or a deployment of several, holds; what binds; what would make it fit')
    .argument('<spec>', 'spec file or model file (a Hugging Face config.json, ONNX, ...), - for standard input');
  deviceOptions(fit, { device: 'a built-in device (archcost devices)', deviceFile: 'a device described in YAML or JSON, with its memory: capacity' })
    .option('--devices <n>', 'devices in all: tensor-parallel for inference, data-parallel for training, unless the degrees say otherwise', positiveInt)
    .addOption(new Option('--solve <what>', 'what to find: the largest batch, or the largest context at --batch').choices(['batch', 'context']).default('batch'))
    .option('--reserve <amount>', 'held back per device for the runtime: 10% or 2GiB')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'));
  specOptions(fit, { batch: 'batch size when solving the context (overrides the spec)', input: 'replace the first input shape, e.g. 8192 tokens' })
    .option('--sweep <name=v1,v2,...>', 'a table of answers: context, devices, batch or a spec var (repeatable: rows, then columns)', collectSweep);
  phaseOptions(parallelOptions(storageOptions(trainingOptions(fit))))
    .addOption(outputOption())
    .addOption(langOption())
    .action(async (spec: string, flags) => {
      const { runFit } = await import('./commands/fit.js');
      setExit(await runFit(spec, flags));
    });

  const compare = cli
    .command('compare')
    .description('Totals side by side with ratios and differences against the first spec, then layers matched by name')
    .argument('<specs...>', 'two or more spec files; the first is the baseline')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown', 'html']).default('table'));
  specOptions(compare, {
    batch: 'batch size (overrides each spec)',
    dtype: 'element type (overrides each spec)',
    set: 'override a var in each spec that declares it (repeatable)',
    input: "replace each spec's first input shape, e.g. 224x224x3",
  })
    .option('-d, --depth <n>', 'align blocks: the first n levels of layer names', positiveInt)
    .addOption(compatOption());
  deviceOptions(phaseOptions(compare))
    .addOption(outputOption())
    .addOption(langOption())
    .action(async (specs: string[], flags) => {
      if (specs.length < 2) throw new ArchcostError({ message: 'compare needs at least two specs (the first is the baseline)' });
      stdinOnce(specs);
      const { runCompare } = await import('./commands/compare.js');
      setExit(await runCompare(specs, flags));
    });

  const bottleneck = cli
    .command('bottleneck')
    .description('A direct kxk conv against a 1x1 reduction before it: costs, ratio, closed form and break-even width')
    .requiredOption('-i, --input <shape>', 'input map HxWxC, e.g. 28x28x256', shapeArg)
    .requiredOption('-k, --kernel <k>', 'kernel size of the spatial conv', positiveInt)
    .option('-c, --out <channels>', 'output channels C2 (required)', positiveInt)
    .option('-m, --mid <width>', 'reduced width M (default: a table over powers of two)', positiveInt)
    .option('--stride <s>', 'stride of the spatial conv', positiveInt, 1)
    .option('--expand', "ResNet's form: 1x1 to M, kxk M to M, 1x1 to C2")
    .option('--bias', 'give every conv a bias (default: none, as with batch norm after each conv)')
    .addOption(dtypeOption('element type for activation bytes (and the device peak)'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown', 'html']).default('table'));
  deviceOptions(bottleneck)
    .addOption(outputOption())
    .addOption(langOption())
    .action(async (flags) => {
      const { runBottleneck } = await import('./commands/bottleneck.js');
      setExit(await runBottleneck(flags));
    });

  const explain = cli
    .command('explain')
    .description("Each layer's shape rule and params, MACs and FLOPs formulas with its numbers in, and its receptive field")
    .argument('<spec>', 'spec file (.yaml, .yml, .json), - for standard input')
    .option('-l, --layer <name>', 'only this layer, or the layers of this block')
    .option('-s, --set <name=value>', 'override a spec var (repeatable)', collectVar)
    .option('-i, --input <shape>', 'replace the first input shape, e.g. 224x224x3', shapeArg);
  phaseOptions(explain)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(outputOption())
    .addOption(langOption())
    .action(async (spec: string, flags) => {
      const { runExplain } = await import('./commands/explain.js');
      setExit(await runExplain(spec, flags));
    });

  cli
    .command('ops')
    .description('The op catalogue: args, defaults and the rules behind every number')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .addOption(outputOption())
    .action(async (flags) => {
      const { runOps } = await import('./commands/ops.js');
      setExit(await runOps(flags));
    });

  modelOptions(
    cli
      .command('check')
      .description('Exit 1 when the spec exceeds a budget (its budgets: section; flags override)')
      .argument('<spec>', 'spec file (.yaml, .yml, .json), - for standard input')
      .addOption(new Option('-f, --format <format>', 'output format').choices(GATE_FORMATS).default('table'))
      .option('--max-macs <n>', 'MACs budget: 4G, 4.1e9, 850M')
      .option('--max-flops <n>', 'FLOPs budget')
      .option('--max-params <n>', 'parameter budget: 25M, 25.6M')
      .option('--max-memory <bytes>', 'weights + peak activations: 100MB, 1.5GiB')
      .option('--max-weight-memory <bytes>', 'weights (params + buffers) in bytes')
      .option('--max-activation-memory <bytes>', 'peak live activations in bytes'),
  )
    .addOption(langOption())
    .action(async (spec: string, flags) => {
      const { runCheck } = await import('./commands/check.js');
      setExit(await runCheck(spec, flags));
    });

  modelOptions(
    cli
      .command('diff')
      .description('Compare a saved `analyze --format json` report with the current spec or report; exit 1 on growth')
      .argument('<baseline>', 'saved report (analyze --format json)')
      .argument('<current>', 'spec file, or another saved report (.json)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(GATE_FORMATS).default('table'))
      .option('--max-increase <percent>', 'allowed growth of each chosen metric, e.g. 5%', '0%')
      .option('--metric <list>', 'metrics gated: macs, flops, params, memory, weight_memory, activation_memory', 'macs,flops,params,memory'),
  )
    .addOption(langOption())
    .action(async (baseline: string, current: string, flags) => {
      stdinOnce([baseline, current]);
      const { runDiff } = await import('./commands/diff.js');
      setExit(await runDiff(baseline, current, flags));
    });

  cli
    .command('playground')
    .description('Write one self-contained page that counts in the browser: an editor, the table, charts and graph as you type')
    .argument('[spec]', 'spec to start from (default: the seed bottleneck example), - for standard input')
    .addOption(outputOption().default(undefined, 'playground.html when stdout is a terminal'))
    .addOption(langOption())
    .action(async (spec: string | undefined, flags) => {
      const { runPlayground } = await import('./commands/playground.js');
      setExit(await runPlayground(spec, flags));
    });

  cli
    .command('schema')
    .description("A JSON Schema: of the spec file (default; for editors), of one spec with its blocks listed, or of a command's JSON output")
    .argument('[what]', `spec (default), a spec file (its own schema, naming its blocks), or an output: ${SCHEMA_KINDS.slice(1).join(', ')}`, 'spec')
    .addOption(outputOption())
    .action(async (what: string, flags) => {
      const { runSchema } = await import('./commands/schema.js');
      setExit(await runSchema(what, flags));
    });

  cli
    .command('completion')
    .description('A completion script for bash, zsh or fish: commands, options, their choices and spec files')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .action(async (shell) => {
      const { completionScript } = await import('./completion.js');
      process.stdout.write(completionScript(shell, cli));
    });
  addGuides(cli);
  return cli;
}

/** Diagnostics printed for one failure; the rest are counted. */
const MAX_DIAGNOSTICS = 5;

/** Runs the command line; returns the exit code instead of exiting so tests and callers can use it. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  forgetInputs();
  setQuiet(false);
  try {
    await program((c) => (code = c)).parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; anything else commander rejects is bad usage.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof ArchcostError) {
      // The first few say what is wrong; after them a parser's errors are mostly echoes of the first.
      const shown = e.diagnostics.slice(0, MAX_DIAGNOSTICS);
      const lines = shown.map((d) => `error: ${shownDiagnostic(d)}`);
      const more = e.diagnostics.length - shown.length;
      printToStderr(more > 0 ? [...lines, `(and ${more} more error${more === 1 ? '' : 's'})`] : lines);
      return EXIT.usage;
    }
    printToStderr([`archcost: internal error: ${(e as Error)?.message}`]);
    if (process.env.ARCHCOST_DEBUG) printTextToStderr(`${(e as Error)?.stack}\n`);
    return EXIT.internal;
  }
  return code;
}
