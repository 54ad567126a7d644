import { elements, type Shape } from '../ops/types.js';
import { DTYPE_BYTES, type Dtype } from './dtype.js';
import { ArchcostError, didYouMean } from './errors.js';
import type { Value } from './expr.js';
import { GraphBuilder, type Graph, type ScopeInfo, type Tensor } from './graph.js';
import { peakActivations, type LiveTensor } from './memory.js';
import { receptiveFields } from './receptive.js';
import { objectSource, parseSpecText, type SpecPath, type SpecSource } from './source.js';
import { specSchema, type SpecFile } from './spec.js';

export interface AnalyzeOptions {
  /** Shown in messages and in the report; also decides YAML vs JSON wording. */
  file?: string;
  /** Overrides the spec's batch (default 1). */
  batch?: number;
  /** Overrides the spec's dtype (default float32). */
  dtype?: Dtype;
  /** Overrides of the spec's vars (`--set width=32`). */
  vars?: Record<string, Value>;
  /** Replaces the shape of the first input (`--input 224x224x3`). */
  input?: number[];
}

export interface LayerReport {
  name: string;
  op: string;
  inputs: string[];
  outputShape: number[];
  params: bigint;
  buffers: bigint;
  macs: bigint;
  flops: bigint;
  activationBytes: bigint;
  /** Input pixels one output position depends on, per spatial axis of the first input (absent when not tracked). */
  receptiveField?: number[];
  /** Input pixels between neighbouring output positions: the product of the strides so far. */
  cumulativeStride?: number[];
}

export interface Totals {
  params: bigint;
  buffers: bigint;
  macs: bigint;
  flops: bigint;
  weightBytes: bigint;
  activationBytes: bigint;
  peakActivationBytes: bigint;
}

export interface NamedShape {
  name: string;
  shape: number[];
}

/** What `analyze --format json` prints; every count is an exact integer (bigint). */
export interface Report {
  schemaVersion: 1;
  model: { name: string; file?: string; description?: string };
  input: NamedShape;
  inputs: NamedShape[];
  /** The spec's own input shapes, before any `input` override. */
  designInputs: NamedShape[];
  output: { shape: number[] };
  batch: number;
  dtype: Dtype;
  layers: LayerReport[];
  totals: Totals;
  peak: { layer: string; tensors: { name: string; bytes: bigint }[] };
  /** Named groups of layers (block instances, sequences, named branches, repeats), for `--depth`. */
  scopes: ScopeInfo[];
}

/** Spec text (YAML or JSON) or an already-parsed spec object → the full cost report. Throws ArchcostError. */
export function analyze(spec: string | object, options: AnalyzeOptions = {}): Report {
  const source = typeof spec === 'string' ? parseSpecText(spec, options.file) : objectSource(spec, options.file);
  return analyzeSource(source, options);
}

export function analyzeSource(source: SpecSource, options: AnalyzeOptions = {}): Report {
  return expandAndCount(source, options).report;
}

/** The report plus the expanded graph (each layer's resolved args), for `explain`. */
export function analyzeWithGraph(spec: string | object, options: AnalyzeOptions = {}): { report: Report; graph: Graph } {
  const source = typeof spec === 'string' ? parseSpecText(spec, options.file) : objectSource(spec, options.file);
  return expandAndCount(source, options);
}

function expandAndCount(source: SpecSource, options: AnalyzeOptions): { report: Report; graph: Graph } {
  const file = validate(source);
  const batch = options.batch ?? file.batch ?? 1;
  const dtype = options.dtype ?? file.dtype ?? 'float32';
  const bytesPerElement = BigInt(DTYPE_BYTES[dtype]);
  const vars = mergeVars(file, options.vars, source);
  const builder = new GraphBuilder(file, source, vars);
  const designInputs = declaredInputs(file).map((t) => ({ name: t.name, shape: builder.inputShape(t.shape, t.path) }));
  const inputs = designInputs.map((t, i) => (i === 0 && options.input ? { ...t, shape: options.input } : t));
  const graph = builder.build(inputs.map((t) => ({ id: t.name, shape: t.shape })));
  const B = BigInt(batch);
  const bytes = (shape: Shape) => elements(shape) * B * bytesPerElement;
  const fields = receptiveFields(graph);
  const layers: LayerReport[] = graph.layers.map((l) => ({
    name: l.name,
    op: l.op,
    inputs: l.inputs,
    outputShape: [...l.outputShape],
    params: l.cost.params,
    buffers: l.cost.buffers,
    macs: l.cost.macs * B,
    flops: l.cost.flops * B,
    activationBytes: bytes(l.outputShape),
    receptiveField: fields.get(l.name)?.after?.size,
    cumulativeStride: fields.get(l.name)?.after?.jump,
  }));

  const shapes = new Map<string, Shape>([...graph.inputs, ...graph.layers.map((l): Tensor => ({ id: l.name, shape: l.outputShape }))].map((t) => [t.id, t.shape]));
  const peak = peakActivations(graph, (name) => bytes(shapes.get(name)!));
  const sum = (pick: (l: LayerReport) => bigint) => layers.reduce((total, l) => total + pick(l), 0n);
  const params = sum((l) => l.params);
  const buffers = sum((l) => l.buffers);
  const report: Report = {
    schemaVersion: 1,
    model: { name: file.name ?? modelNameFrom(source.file), file: source.file, description: file.description },
    input: inputs[0],
    inputs,
    designInputs,
    output: { shape: [...graph.output.shape] },
    batch,
    dtype,
    layers,
    totals: {
      params,
      buffers,
      macs: sum((l) => l.macs),
      flops: sum((l) => l.flops),
      weightBytes: (params + buffers) * bytesPerElement,
      activationBytes: sum((l) => l.activationBytes),
      peakActivationBytes: peak.bytes,
    },
    peak: { layer: peak.layer, tensors: peak.tensors.map((t: LiveTensor) => ({ name: t.name, bytes: t.bytes })) },
    scopes: graph.scopes,
  };
  return { report, graph };
}

function validate(source: SpecSource): SpecFile {
  const result = specSchema.safeParse(source.data);
  if (result.success) return result.data;
  throw new ArchcostError(
    result.error.issues.slice(0, 5).map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const at = keys.length ? [...path, keys[0]] : path;
      const where = path.length ? `${path.join('.')}: ` : '';
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}${path.length ? ` in ${path.join('.')}` : ' at the top level'}; expected ${TOP_LEVEL_HINT}`
          : `${where}${issue.message}`;
      return { file: source.file, ...source.locate(at), specPath: at, message };
    }),
  );
}

const TOP_LEVEL_HINT = 'name, description, input or inputs, batch, dtype, vars, defaults, blocks, layers, budgets';

function declaredInputs(file: SpecFile): { name: string; shape: unknown[]; path: SpecPath }[] {
  if (file.inputs) return Object.entries(file.inputs).map(([name, shape]) => ({ name, shape, path: ['inputs', name] }));
  const input = file.input!;
  return Array.isArray(input)
    ? [{ name: 'input', shape: input, path: ['input'] }]
    : [{ name: input.name ?? 'input', shape: input.shape, path: ['input', 'shape'] }];
}

function mergeVars(file: SpecFile, overrides: Record<string, Value> | undefined, source: SpecSource): Map<string, Value> {
  const vars = new Map<string, Value>(Object.entries(file.vars ?? {}));
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (!vars.has(name)) {
      const known = [...vars.keys()];
      throw new ArchcostError({
        file: source.file,
        message: `--set ${name}: the spec has no var '${name}'${didYouMean(name, known)}; its vars are: ${known.join(', ') || 'none'}`,
      });
    }
    vars.set(name, value);
  }
  return vars;
}

function modelNameFrom(file?: string): string {
  if (!file || file === '-') return 'model';
  return file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '');
}
