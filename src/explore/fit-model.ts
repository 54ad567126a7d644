import { expandSpec, type AnalyzeOptions, type ExpandedSpec } from '../counting/analyze.js';
import { deploy, type Deployment, type Parallelism } from '../counting/deployment.js';
import type { Device } from '../counting/devices.js';
import type { WeightSetup } from '../counting/storage.js';
import type { TrainingSetup } from '../counting/training.js';
import type { ZeroStage } from '../counting/zero.js';
import type { Percent } from '../core/quantity.js';
import type { SpecSource } from '../language/source.js';
import { ArchcostError } from '../core/errors.js';
import { INFERENCE_TERMS, TRAINING_TERMS, type FitTerm } from './fit-terms.js';

export type FitSolve = 'batch' | 'context';

/** Memory held back from each device for the runtime (CUDA context, allocator, fragmentation). */
export type Reserve = { percent: Percent } | { bytes: bigint; /** As given: 2GiB. */ text: string };

/** What `archcost fit` is asked. */
export interface FitRequest {
  device: Device;
  /** Devices in all; the degrees not given fill it (docs/fit.md#devices). */
  devices?: number;
  dataParallel?: number;
  tensorParallel?: number;
  pipelineParallel?: number;
  zero?: ZeroStage;
  reserve?: Reserve;
  solve: FitSolve;
  /** Another context than the options give (a sweep's): the first input's length in prefill, --context in decode. */
  context?: number;
  /** How to count: batch (fixed when solving context), dtype, vars, input, phase and context, training, weights, kvDtype, file. */
  options: AnalyzeOptions;
}

/** One exact analysis of the deployment at a batch and context. */
export interface FitPoint {
  batch: number;
  /** Prefill: the tokens of the pass (the first input's length); decode: the positions cached. */
  context: number;
  terms: Partial<Record<FitTerm, bigint>>;
  totalBytes: bigint;
}

/** What a point changes from the request: options, the parallelism, and whether it is timed. */
interface DeploymentChoices {
  changes?: Partial<AnalyzeOptions>;
  parallel?: Parallelism;
  timed?: boolean;
}

/** Batch and context searched up to these (shapes stay exact integers far below 2^53). */
export const MAX_BATCH = 2 ** 40;
export const MAX_CONTEXT = 2 ** 31;

/** The context a point runs at, and the options that give it (prefill: the first input's other sizes as `expanded` has them). */
function atContext(options: AnalyzeOptions, expanded: ExpandedSpec, context: number): AnalyzeOptions {
  if (options.phase === 'decode') return { ...options, context };
  return { ...options, input: [context, ...expanded.inputs[0].shape.slice(1)] };
}

/** A context to solve or sweep needs a sequence model: a first input [L] of token ids or [L, C]. */
export function checkSequence(e: ExpandedSpec, what: string, instead: string, file: string | undefined): void {
  const input = e.inputs[0];
  if (input.shape.length > 2) {
    throw new ArchcostError({
      file,
      message: `${what} needs a sequence model (a first input [L] of token ids or [L, C]); ${input.name} is ${input.shape.join('x')}: ${instead}`,
    });
  }
}

/** Counts one deployment of a spec at many points, each an exact analysis; graphs are expanded once per context. */
export class FitModel {
  readonly base: ExpandedSpec;
  readonly training: boolean;
  private readonly graphs = new Map<number, ExpandedSpec>();
  analyses = 0;
  /** The request's weight format and training setup, as the last plain point found them. */
  weights?: WeightSetup;
  trainingSetup?: TrainingSetup;

  constructor(
    readonly source: SpecSource,
    readonly request: FitRequest,
    readonly parallel: Parallelism,
  ) {
    const o = request.options;
    const context = request.context;
    // Decode's context is an option; prefill's is the first input's length, whose other sizes the spec at its own gives.
    const decode = o.phase === 'decode';
    const first = expandSpec(source, context !== undefined && decode ? { ...o, context } : o);
    // A swept context is checked once, before the points (fitSweep).
    if (request.solve === 'context') checkSequence(first, '--solve context', 'solve the batch instead', o.file);
    this.base = context === undefined || decode ? first : expandSpec(source, atContext(o, first, context));
    this.training = o.training !== undefined;
  }

  /** The context the request runs at: the first input's length in prefill, --context in decode. */
  get context(): number {
    return this.request.options.phase === 'decode' ? this.base.phase.context : this.base.inputs[0].shape[0];
  }

  get batch(): number {
    return this.base.batch;
  }

  /** The request's options at its own context. */
  get options(): AnalyzeOptions {
    const o = this.request.options;
    return this.request.context === undefined ? o : atContext(o, this.base, this.request.context);
  }

  expanded(context: number): ExpandedSpec {
    if (context === this.context) return this.base;
    let expanded = this.graphs.get(context);
    if (!expanded) {
      expanded = expandSpec(this.source, atContext(this.options, this.base, context));
      this.graphs.set(context, expanded);
    }
    return expanded;
  }

  /** One exact analysis, with the changes and the parallelism given; with `timed`, its roofline time on the device too (decode throughput reads it, memory does not). */
  deployment(batch: number, context: number, { changes = {}, parallel = this.parallel, timed = false }: DeploymentChoices = {}): Deployment {
    this.analyses += 1;
    const e = this.expanded(context);
    const o = { ...this.options, ...changes };
    return deploy(e.graph, parallel, {
      batch,
      dtype: e.dtype,
      weights: o.weights,
      kvDtype: o.kvDtype,
      training: o.training,
      context: { cached: e.phase.context },
      tokens: e.phase.tokens,
      device: timed ? this.request.device : undefined,
      file: o.file,
    });
  }

  /** The memory terms of one exact analysis, with the changes and the parallelism given (the request's when none). */
  point(batch: number, context: number, { changes = {}, parallel = this.parallel }: Omit<DeploymentChoices, 'timed'> = {}): FitPoint {
    const d = this.deployment(batch, context, { changes, parallel });
    if (Object.keys(changes).length === 0 && parallel === this.parallel) {
      this.weights = d.weights;
      this.trainingSetup = d.trainingSetup;
    }
    const t = d.training;
    if (t) {
      const terms = Object.fromEntries(TRAINING_TERMS.map((k) => [k, t[k]])) as FitPoint['terms'];
      return { batch, context, terms, totalBytes: t.totalBytes };
    }
    const terms = Object.fromEntries(INFERENCE_TERMS.map((k) => [k, d.perDevice[k]])) as FitPoint['terms'];
    return { batch, context, terms, totalBytes: d.perDevice.inferenceBytes };
  }
}

