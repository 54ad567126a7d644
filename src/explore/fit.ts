import { modelNameFrom, type AnalyzeOptions } from '../counting/analyze.js';
import { deviceCount, type Parallelism } from '../counting/deployment.js';
import type { Device } from '../counting/devices.js';
import type { WeightSetup } from '../counting/storage.js';
import type { TrainingSetup } from '../counting/training.js';
import { STORAGE_BITS, type Dtype, type StorageDtype } from '../core/dtype.js';
import { ArchcostError } from '../core/errors.js';
import type { SpecSource } from '../language/source.js';
import { decodeThroughput, type DecodeThroughput } from './fit-decode.js';
import { FitModel, MAX_BATCH, MAX_CONTEXT, type FitPoint, type FitRequest, type FitSolve, type Reserve } from './fit-model.js';
import type { FitTerm } from './fit-terms.js';
import { largestFitting, type Probe } from './fit-search.js';

export type { FitRequest, FitSolve, Reserve } from './fit-model.js';

export interface Suggestion {
  /** The flags that make it fit, as typed. */
  flags: string[];
  /** One device's memory with them, at the point that does not fit without them (batch or context 1). */
  totalBytes: bigint;
  /** The largest batch (or context) that fits with them. */
  largest: number;
}

/** What `archcost fit --format json` prints (schema: `archcost schema fit`). */
export interface FitResult {
  schemaVersion: 1;
  model: { name: string; file?: string };
  device: { name: string; memoryBytes: bigint; linksBytesPerSecond?: bigint };
  parallel: Parallelism & { devices: number };
  mode: 'inference' | 'training';
  phase: 'prefill' | 'decode';
  dtype: Dtype;
  weights?: WeightSetup;
  kvDtype?: StorageDtype;
  training?: TrainingSetup;
  /** Per device: the capacity, what --reserve holds back, and what is left to fit into. */
  capacityBytes: bigint;
  reserveBytes: bigint;
  usableBytes: bigint;
  solve: FitSolve;
  fits: boolean;
  /** The answer where it fits (the largest batch or context), else the smallest: batch (or context) 1. */
  point: FitPoint;
  /** usableBytes - point.totalBytes: left over at the answer (negative: the shortfall). */
  headroomBytes: bigint;
  /** The largest term at the point. */
  binding: FitTerm;
  /** The first point past the answer, and what it needs; absent when nothing larger was tried (the search limit). */
  next?: { value: number; totalBytes?: bigint; reason?: string };
  /** How much each further sequence (batch) or position (context) adds, from the two points around the answer. */
  perStep?: bigint;
  /** When it does not fit: what would, each checked with an exact analysis. */
  suggestions?: Suggestion[];
  decode?: DecodeThroughput;
  /** Exact analyses made. */
  analyses: number;
}

/** The degrees of N x T x P: those given, the rest 1, except that --devices fills T for inference and N for training. */
function resolveParallelism(request: FitRequest, training: boolean): Parallelism {
  const given = { dataParallel: request.dataParallel, tensorParallel: request.tensorParallel, pipelineParallel: request.pipelineParallel };
  const fill: keyof typeof given = training ? 'dataParallel' : 'tensorParallel';
  const D = request.devices;
  const others = (Object.keys(given) as (keyof typeof given)[]).filter((k) => k !== fill).reduce((n, k) => n * (given[k] ?? 1), 1);
  const filled = given[fill] ?? (D === undefined ? 1 : D / others);
  const p: Parallelism = {
    dataParallel: given.dataParallel ?? 1,
    tensorParallel: given.tensorParallel ?? 1,
    pipelineParallel: given.pipelineParallel ?? 1,
    zero: request.zero ?? 0,
    [fill]: filled,
  };
  const product = deviceCount(p);
  if (!Number.isInteger(filled) || (D !== undefined && product !== D)) {
    throw new ArchcostError({
      file: request.options.file,
      message: `--devices ${D}: the data-parallel x tensor-parallel x pipeline-parallel degrees must multiply to it, but ${p.dataParallel} x ${p.tensorParallel} x ${p.pipelineParallel}${Number.isInteger(filled) ? ` = ${product}` : ` does not (${D} / ${others} is not whole)`}`,
    });
  }
  return p;
}

/** Capacity less the reserve, per device. */
function usableBytes(device: Device, reserve: Reserve | undefined): { capacity: bigint; reserve: bigint; usable: bigint } {
  if (device.memory === undefined) {
    throw new ArchcostError({ message: `${device.name} has no memory figure: give its capacity with memory: in a device file (--device-file), e.g. memory: 40GiB` });
  }
  const held = !reserve ? 0n : 'percent' in reserve ? (device.memory * reserve.percent.numerator) / reserve.percent.denominator : reserve.bytes;
  if (reserve && held >= device.memory) {
    throw new ArchcostError({ message: `--reserve ${'percent' in reserve ? reserve.percent.text : reserve.text} holds back all of the ${device.memory} bytes of ${device.name}` });
  }
  return { capacity: device.memory, reserve: held, usable: device.memory - held };
}

/**
 * The largest batch (or context) for a model with its changes; the search's probes as exact analyses.
 * `first` is its first probe, batch (or context) 1, which is counted whether or not the search ends on it.
 */
function solveWith(model: FitModel, usable: bigint, solve: FitSolve, changes: Partial<AnalyzeOptions> = {}, parallel = model.parallel) {
  const at = (n: number): Probe & { point?: FitPoint } => {
    try {
      const point = solve === 'batch' ? model.point(n, model.context, { changes, parallel }) : model.point(model.batch, n, { changes, parallel });
      return { n, fits: point.totalBytes <= usable, bytes: point.totalBytes, point };
    } catch (e) {
      // Past the first point, a context the model cannot take (a position table's rows) is a limit of its own.
      if (!(e instanceof ArchcostError) || n === 1) throw e;
      return { n, fits: false, reason: e.diagnostics[0].message };
    }
  };
  const first = at(1);
  return { ...largestFitting((n) => (n === 1 ? first : at(n)), usable, solve === 'batch' ? MAX_BATCH : MAX_CONTEXT), first };
}

const largestTerm = (point: FitPoint): FitTerm =>
  (Object.entries(point.terms) as [FitTerm, bigint][]).reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];

/**
 * The answer for one request: the largest batch or context, its terms, and (unless `answerOnly`,
 * as for a point of a sweep, which shows neither) what would fit when nothing does and the decode throughput.
 */
export function fit(source: SpecSource, request: FitRequest, { answerOnly = false }: { answerOnly?: boolean } = {}): FitResult {
  const training = request.options.training !== undefined;
  const parallel = resolveParallelism(request, training);
  const model = new FitModel(source, request, parallel);
  const { capacity, reserve, usable } = usableBytes(request.device, request.reserve);
  const found = solveWith(model, usable, request.solve);
  const fits = found.best !== undefined;
  // Nothing fits: the point is the smallest, batch (or context) 1, the search's first probe.
  const point = fits ? found.best!.point! : found.next!.point!;
  const next = found.next && found.best ? { value: found.next.n, ...(found.next.bytes !== undefined ? { totalBytes: found.next.bytes } : {}), ...(found.next.reason ? { reason: found.next.reason } : {}) } : undefined;
  const perStep = found.next?.bytes !== undefined && fits ? found.next.bytes - point.totalBytes : undefined;
  const e = model.base;
  const result: FitResult = {
    schemaVersion: 1,
    model: { name: e.file.name ?? modelNameFrom(request.options.file), file: request.options.file },
    device: {
      name: request.device.name,
      memoryBytes: capacity,
      ...(request.device.links ? { linksBytesPerSecond: request.device.links } : {}),
    },
    parallel: { ...parallel, devices: deviceCount(parallel) },
    mode: training ? 'training' : 'inference',
    phase: e.phase.name,
    dtype: e.dtype,
    capacityBytes: capacity,
    reserveBytes: reserve,
    usableBytes: usable,
    solve: request.solve,
    fits,
    point,
    headroomBytes: usable - point.totalBytes,
    binding: largestTerm(point),
    ...(next ? { next } : {}),
    ...(perStep !== undefined ? { perStep } : {}),
    analyses: 0,
  };
  if (model.weights) result.weights = model.weights;
  if (request.options.kvDtype) result.kvDtype = request.options.kvDtype;
  if (model.trainingSetup) result.training = model.trainingSetup;
  if (!answerOnly && !fits) result.suggestions = suggestions(model, usable, point);
  if (!answerOnly && fits && !training && (point.terms.kvCacheBytes ?? 0n) > 0n) {
    const decode = decodeThroughput(model, point.batch, point.context);
    if (decode) result.decode = decode;
  }
  result.analyses = model.analyses;
  return result;
}

const bits = (dtype: StorageDtype | Dtype) => STORAGE_BITS[dtype];

/**
 * What would make batch 1 (or context 1 at the batch asked) fit, each checked with an exact analysis: for inference a
 * smaller weight dtype, more tensor-parallel devices (then pipeline stages) and an 8-bit KV cache; for
 * training a higher ZeRO stage, more data-parallel devices with ZeRO-3, recomputation and mixed precision.
 */
function suggestions(model: FitModel, usable: bigint, at: FitPoint): Suggestion[] {
  const found: Suggestion[] = [];
  const o = model.request.options;
  const p = model.parallel;
  const solve = model.request.solve;
  const attempt = (flags: string[], changes: Partial<AnalyzeOptions>, parallel = p): boolean => {
    try {
      // `at` with the change is the search's first probe: it fits, or nothing does.
      const { best, first } = solveWith(model, usable, solve, changes, parallel);
      if (!best) return false;
      found.push({ flags, totalBytes: first.bytes!, largest: best.n });
      return true;
    } catch (e) {
      if (e instanceof ArchcostError) return false;
      throw e;
    }
  };
  const devices = deviceCount(p);
  if (!model.training) {
    const current = o.weights?.dtype ?? model.base.dtype;
    for (const dtype of ['int8', 'int4'] as const) {
      if (bits(dtype) < bits(current) && attempt([`--weight-dtype`, dtype], { weights: { ...o.weights, dtype } })) break;
    }
    // More devices: tensor parallelism first (within a node), else pipeline stages.
    let spread = false;
    for (let T = p.tensorParallel * 2; T <= 64 && !spread; T *= 2) {
      spread = attempt(['--devices', String(devices * (T / p.tensorParallel)), '--tensor-parallel', String(T)], {}, { ...p, tensorParallel: T });
    }
    for (let P = p.pipelineParallel * 2; P <= 64 && !spread; P *= 2) {
      spread = attempt(['--devices', String(devices * (P / p.pipelineParallel)), '--pipeline-parallel', String(P)], {}, { ...p, pipelineParallel: P });
    }
    if (at.terms.kvCacheBytes && bits(o.kvDtype ?? model.base.dtype) > 8) attempt(['--kv-dtype', 'int8'], { kvDtype: 'int8' });
    return found;
  }
  for (const zero of [1, 2, 3] as const) {
    if (p.dataParallel > 1 && zero > p.zero && attempt(['--zero', String(zero)], {}, { ...p, zero })) break;
  }
  for (let N = Math.max(2, p.dataParallel * 2); N <= 4096; N *= 2) {
    if (attempt(['--devices', String(devices * (N / p.dataParallel)), '--data-parallel', String(N), '--zero', '3'], {}, { ...p, dataParallel: N, zero: 3 })) break;
  }
  const training = o.training!;
  for (const recompute of ['selective', 'full'] as const) {
    if ((training.recompute ?? 'none') === 'none' && attempt(['--recompute', recompute], { training: { ...training, recompute } })) break;
  }
  if (!training.mixedPrecision) attempt(['--mixed-precision'], { training: { ...training, mixedPrecision: true } });
  return found;
}
