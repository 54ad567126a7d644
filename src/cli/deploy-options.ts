import { Command, InvalidArgumentError, Option } from 'commander';
import type { AnalyzeOptions, PhaseFlags } from '../counting/analyze.js';
import type { Parallelism } from '../counting/deployment.js';
import { zeroStageProblem, type ZeroStage } from '../counting/zero.js';
import { textValue } from '../core/values.js';
import type { WeightFormat } from '../counting/storage.js';
import type { Optimizer, Recompute, TrainingOptions } from '../counting/training.js';
import { STORAGE_DTYPES, type Dtype, type StorageDtype } from '../core/dtype.js';
import { ArchcostError } from '../core/errors.js';
import { positiveInt } from './io.js';

/** The flags of training, stored dtypes and parallelism, as commander gives them. */
export interface DeployFlags {
  training?: boolean;
  optimizer?: Optimizer;
  mixedPrecision?: boolean;
  recompute?: Recompute;
  weightDtype?: StorageDtype;
  groupSize?: number;
  keep?: string[];
  kvDtype?: StorageDtype;
  dataParallel?: number;
  tensorParallel?: number;
  pipelineParallel?: number;
  zero?: ZeroStage;
}

function list(text: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InvalidArgumentError(`expected names separated by commas, like embedding,head, got '${text}'`);
  return items;
}

/** --training, --optimizer, --mixed-precision and --recompute (docs/memory.md, docs/parallelism.md). */
export function trainingOptions(command: Command): Command {
  return command
    .option('--training', 'training estimate: weights, gradients, optimizer state, activations kept for backward, FLOPs')
    .addOption(new Option('--optimizer <name>', 'optimizer state for --training (implies it)').choices(['sgd', 'momentum', 'adam', 'adamw']))
    .option('--mixed-precision', '16-bit activations and gradients with float32 master weights (implies --training)')
    .addOption(new Option('--recompute <what>', 'recompute in backward instead of keeping: selective (attention core) or full (each repeated block); implies --training').choices(['none', 'selective', 'full']));
}

/** --weight-dtype, --group-size, --keep and --kv-dtype (docs/parallelism.md#quantized-weights). */
export function storageOptions(command: Command): Command {
  return command
    .addOption(new Option('--weight-dtype <dtype>', 'store weight matrices in this dtype (int4, int8, fp8, bfloat16, ...), apart from the activation dtype').choices(STORAGE_DTYPES))
    .option('--group-size <n>', 'one float16 scale per n weights of a quantized layer (int4 default: 128)', positiveInt)
    .option('--keep <layers>', 'layers whose weights stay at the activation dtype: head, an op, a layer or block name, e.g. embedding,head', list)
    .addOption(new Option('--kv-dtype <dtype>', 'store the KV cache in this dtype').choices(STORAGE_DTYPES));
}

/** `--zero`: a ZeRO stage (an argParser replaces commander's check of the choices, so it checks them itself). */
function zeroArg(text: string): ZeroStage {
  const stage = textValue(text);
  const problem = zeroStageProblem(stage);
  if (problem) throw new InvalidArgumentError(problem);
  return stage as ZeroStage;
}

/** --data-parallel, --zero, --tensor-parallel and --pipeline-parallel (docs/parallelism.md). */
export function parallelOptions(command: Command): Command {
  return command
    .option('--data-parallel <n>', 'replicas, each with its own --batch (training: gradients all-reduced)', positiveInt)
    .addOption(new Option('--zero <stage>', 'ZeRO over the replicas: 1 shards optimizer state, 2 also gradients, 3 also weights').choices(['0', '1', '2', '3']).argParser(zeroArg))
    .option('--tensor-parallel <n>', 'devices sharing each layer: attention heads and dense columns split (Megatron-LM)', positiveInt)
    .option('--pipeline-parallel <n>', 'stages of consecutive layers, one device each', positiveInt);
}

/** --optimizer, --mixed-precision and --recompute ask for a training estimate too. */
export function trainingFrom(flags: DeployFlags): TrainingOptions | undefined {
  if (!(flags.training || flags.optimizer || flags.mixedPrecision || (flags.recompute && flags.recompute !== 'none'))) return undefined;
  return { optimizer: flags.optimizer ?? 'adam', mixedPrecision: flags.mixedPrecision, recompute: flags.recompute };
}

export function weightsFrom(flags: DeployFlags): WeightFormat | undefined {
  if (!flags.weightDtype) {
    if (flags.groupSize !== undefined || flags.keep) throw new ArchcostError({ message: '--group-size and --keep describe quantized weights: give --weight-dtype too' });
    return undefined;
  }
  return { dtype: flags.weightDtype, groupSize: flags.groupSize, keep: flags.keep };
}

/** The degrees given on the command line, when any is (analyze: the rest are 1). */
export function parallelFrom(flags: DeployFlags): Parallelism | undefined {
  if (flags.dataParallel === undefined && flags.tensorParallel === undefined && flags.pipelineParallel === undefined && flags.zero === undefined) return undefined;
  return { dataParallel: flags.dataParallel ?? 1, zero: flags.zero ?? 0, tensorParallel: flags.tensorParallel ?? 1, pipelineParallel: flags.pipelineParallel ?? 1 };
}

/** The flags that say where a spec is counted: its batch, dtype, vars and input, and its phase. */
export interface SpecFlags extends PhaseFlags {
  batch?: number;
  dtype?: Dtype;
  set?: Record<string, number | boolean>;
  input?: number[];
}

/** The options of analyze() the spec flags give (check, diff and compare take no others). */
export function specOptionsFrom(flags: SpecFlags): AnalyzeOptions {
  return { batch: flags.batch, dtype: flags.dtype, vars: flags.set, input: flags.input, phase: flags.phase, context: flags.context };
}

/** The flags that say how a spec is counted: the spec flags, training and stored dtypes. */
export interface CountingFlags extends SpecFlags, DeployFlags {}

/** The options of analyze() the flags give (analyze, its sweep and fit); the file, parallelism and device are each command's own. */
export function countingOptionsFrom(flags: CountingFlags): AnalyzeOptions {
  return { ...specOptionsFrom(flags), training: trainingFrom(flags), weights: weightsFrom(flags), kvDtype: flags.kvDtype };
}
