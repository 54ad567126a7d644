import type { ComparedTotal } from '../explore/compare.js';
import type { FitTerm } from '../explore/fit-terms.js';
import type { Bound } from '../counting/roofline.js';
import { en } from './en.js';
import { es } from './es.js';
import { langOf, type Lang, type Locale } from './lang.js';
import { numberFormat, type NumberFormat } from './numbers.js';

/**
 * Every human-readable sentence and header of the commands that explain things, per language.
 * The type makes a missing translation a compile error. Formulas stay in mathematical notation.
 */
export interface Catalogue {
  /** The analyze table (and its Markdown and HTML forms). */
  analyze: {
    headers: string[];
    layersOf(op: string, layers: number): string;
    total: string;
    title(model: string, inputs: string, batch: number, dtype: string): string;
    params(exact: string, short: string, buffers?: string): string;
    macs(exact: string, short: string): string;
    /** `rule` is false when a --compat preset counted FLOPs its own way. */
    flops(exact: string, short: string, rule: boolean): string;
    weights(bytes: string): string;
    /** `sum` = `input` + `outputs`, so it can never read smaller than the peak, which counts the input too. */
    activations(sum: string, input: string, outputs: string, peak: string, layer: string): string;
    inference(bytes: string, withCache: boolean): string;
    /** Params per token when a mixture of experts leaves some idle. */
    activeParams(exact: string, short: string): string;
    /** `passes`: the positions at which the cache would hold as many bytes as the weights (none once every window is full). */
    kvCache(bytes: string, sequences: number, perPosition: string, passes?: string): string;
    outputs(list: string): string;
    /** The decode phase: one new token after `context` cached ones. */
    decode(context: string): string;
  };
  compare: {
    /** Heading above the totals: what the ratio and difference columns mean. */
    totalsTitle(baseline: string): string;
    metric: Record<ComparedTotal, string>;
    total: string;
    ratio: string;
    difference: string;
    /** Heading above the aligned layers (or blocks with --depth). */
    layersTitle(blocks: boolean): string;
    layer: string;
    /** A model has no layer of that name. */
    absent: string;
  };
  bottleneck: {
    title(kernel: number, input: string, output: string, stride: number, bias: boolean, expand: boolean): string;
    direct: string;
    bottleneck: string;
    ratio: string;
    ratioMeaning: string;
    metric: Record<'params' | 'macs' | 'flops' | 'activationBytes' | 'peakActivationBytes', string>;
    convLayer(kernel: number, from: number, to: number): string;
    bottleneckLayers(kernel: number, channels: number, mid: number | undefined, out: number, expand: boolean): string;
    paramsRatio: string;
    macsRatio: string;
    savesMacs: string;
    yes: string;
    no: string;
    directTotals(params: string, macs: string): string;
    /** With --device and no --mid. */
    directTime(time: string): string;
    legend(stride: number): string;
    closedFormTitle: string;
    strideOne: string;
    nonLinearity(channels: number, mid: number, weights: string): string;
    breakEvenTitle(expand: boolean): string;
    widest(mid: number): string;
    check(points: { mid: number; macs: string; saves: boolean }[], direct: string): string[];
    paramsBreakEven(mid: number): string;
  };
  sweep: {
    title(model: string, axes: string, points: number): string;
  };
  /** analyze's lines for stored weights and KV cache, and for a model spread over devices (docs/parallelism.md). */
  deploy: {
    /** `kept`: the layers --keep left at the activation dtype, '' for none. */
    quantized(layers: number, dtype: string, group: number | undefined, activation: string, kept: string): string;
    kvStored(dtype: string): string;
    devices(total: number, data: number, tensor: number, pipeline: number, zero: number): string;
    splits(counts: Record<'heads' | 'columns' | 'rows' | 'vocab' | 'elementwise' | 'replicated', number>, replicatedParams: string): string;
    stages(list: string[]): string;
    stage(first: string, last: string, weights: string): string;
    /** `stage`: which of `stages` (1-based) needs the most, when there are several. */
    perDevice(weights: string, peak: string, kv: string, total: string, stage: number, stages: number): string;
    perDeviceTraining(total: string, weights: string, master: string | undefined, gradients: string, state: string, kept: string, recompute: string | undefined, stage: number, stages: number): string;
    communication(total: string, parts: string[], seconds: string | undefined, links: string | undefined): string;
    part(kind: string, what: string, group: string, bytes: string, seconds: string | undefined): string;
    deployment(seconds: string, tokens: string, perDevice: string): string;
    group: Record<'tensor' | 'data' | 'pipeline', string>;
    kind: Record<string, string>;
    what: Record<string, string>;
  };
  /** `archcost fit`: the answer, its terms, what would make a model fit, decode throughput and the sweep table. */
  fit: {
    title(model: string, devices: number, device: string, capacity: string, setup: string[]): string;
    parallel(data: number, tensor: number, pipeline: number, zero: number): string[];
    training(optimizer: string, precision: string, recompute: string): string;
    /** `context` is absent when it is what the fit solves. */
    inference(decode: boolean, context: string | undefined, dtype: string): string;
    stored(weights: string | undefined, kv: string | undefined): string;
    reserve(reserve: string, usable: string): string;
    /** `perReplica`: the batch is each data-parallel replica's (training's micro-batch, or inference over several replicas). */
    largestBatch(batch: string, unit: 'sample' | 'sequence', perReplica: boolean, total: string, usable: string, headroom: string): string;
    largestContext(context: string, decode: boolean, batch: string, perReplica: boolean, total: string, usable: string, headroom: string): string;
    /** Nothing larger was tried: the search's limit. */
    limitless(limit: string): string;
    noFit(solve: 'batch' | 'context', value: string, need: string, usable: string, short: string): string;
    termsHeaders(at: string): string[];
    term: Record<FitTerm, string>;
    total: string;
    /**
     * `unit`: what one step of the search adds: a sample (training, or a model without a sequence), a sequence, a token (prefill) or a cached position;
     * `next`: the first point that does not fit and what it needs (or why it cannot be counted).
     */
    binding(term: string, perStep: string | undefined, unit: 'sample' | 'sequence' | 'token' | 'position', next?: { value: string; need?: string; over?: string; reason?: string }): string;
    rule(training: boolean, reserve: boolean): string;
    analyses(n: number): string;
    suggestionsTitle: string;
    suggestion(flags: string, total: string, largest: string, solve: 'batch' | 'context'): string;
    noSuggestion: string;
    decodeTitle(context: string, device: string): string;
    decodeHeaders: string[];
    /** `largest`: the largest batch that fits, and its share of the ceiling. */
    ceiling(tokens: string, limitedBy: 'compute' | 'memory' | 'communication', knee: string, largest: string, share: string): string;
    sweepTitle(model: string, solve: 'batch' | 'context', device: string, capacity: string, decode: boolean): string;
    sweepLegend: string;
    sweepError(values: string, message: string): string;
    axis(name: string, value: string): string;
  };
  /** The memory and hardware model: analyze's --memory, --training and --device columns and lines; time in compare and bottleneck. */
  memory: {
    headers: Record<'weights' | 'moved' | 'intensity' | 'keptForBackward' | 'time' | 'bound', string>;
    /** A block of layers (--depth) is `mixed` when its layers' bounds differ. */
    bound: Record<Bound | 'mixed', string>;
    /** Total cell of the bound column. */
    memoryBound(layers: number, of: number): string;
    livePeak(tensors: string): string;
    traffic(read: string, written: string, intensity: string): string;
    /** `stateDtype` only with mixed precision. */
    precision(dtype: string, stateDtype?: string): string;
    /** `master` only with mixed precision. */
    /** `recompute`: with --recompute, its mode and what the recomputed segment holds again. */
    training(
      total: string,
      optimizer: string,
      precision: string,
      weights: string,
      master: string | undefined,
      gradients: string,
      state: string,
      kept: string,
      recompute?: { mode: string; bytes: string },
    ): string;
    /** `tool`: the --compat preset the forward (and so the backward) FLOPs were counted as. */
    trainFlops(exact: string, short: string, forward: string, backward: string, tool?: string): string;
    time(total: string, device: string, dtype: string, compute: string, memory: string, bound: number, layers: number, ridge: string, boundTime: string): string;
    tokens(perSecond: string, batch: number, tokens: number): string;
    /** The time row of compare and bottleneck, its ratio column, and the line naming the device. */
    timeRow: string;
    timeRatio: string;
    estimate(device: string, dtype: string): string;
  };
  /** check and diff: the verdicts for people (terminal, Markdown, GitHub annotations). Metric names and flags stay as typed. */
  gates: {
    ok: string;
    fail: string;
    checkHeadline(model: string, failed: number, total: number): string;
    under(amount: string, percent: string): string;
    over(amount: string, percent: string): string;
    largest(layer: string, value: string): string;
    /** The memory budget's figure in its parts: how much of it is weights. */
    memoryParts(weights: string, peak: string, layer: string): string;
    specBudgets: string;
    checkHeaders: string[];
    checkNote(preset: string, batch: number, dtype: string): string;
    budgetTitle(metric: string): string;
    exceeds(metric: string, actual: string, limit: string, source: string, verdict: string): string;
    layerCounts(added: number, removed: number, changed: number): string;
    grew(metrics: string[], maxIncrease: string, layers: string): string;
    noGrowth(maxIncrease: string, layers: string): string;
    layers: string;
    noLayerChanges: string;
    opChange(before: string, after: string): string;
    outputChange(before: string, after: string): string;
    layerSummary(op: string, shape: string, params: string, macs: string): string;
    diffHeaders: string[];
    allowedIncrease(maxIncrease: string): string;
    change: Record<'added' | 'removed' | 'changed', string>;
    layerChanges: string;
    layerHeaders: string[];
    grewFrom(metric: string, before: string, after: string, delta: string, maxIncrease: string, baseline: string): string;
    addedLayer(summary: string): string;
    moreFromLine(count: number, layers: string): string;
    /** Layer changes left out of a Markdown table to keep it under GitHub's comment limit. */
    moreChanges(count: number): string;
  };
  /** `analyze --input` at a size other than the spec's own. */
  inputCheck: {
    heading(design: string, input: string): string;
    /** The last axis changed; `scaled` is the first layer whose params follow it. */
    channels(design: number, input: number, scaled?: { layer: string; op: string; designParams: string; params: string }): string;
    /** After a change of channels alone. */
    sizeUnchanged: string;
    /** Channels and size both changed: the size lines that follow are at this input. */
    sizeCheckedAt(input: string): string;
    /** `at`: the input `now` was counted at, when it is not the one analyzed. */
    paramsChanged(design: string, now: string, at?: string): string;
    fixedBy(layer: string, op: string, designInput: string, input: string, designParams: string, params: string): string;
    flattenedBy(layer: string, designInput: string, input: string): string;
    fullyConvolutional(designOutput: string, output: string, channels: number): string;
    pooled(layer: string, op: string, designInput: string, input: string, output: string): string;
    unchanged(params: string, designOutput: string, output: string): string;
  };
  /** The HTML report and the playground: section titles, chart axes, notes and controls. */
  html: {
    pageTitle(model: string): string;
    /** The report's headline figures, as cards above the charts. */
    cards: Record<'params' | 'macs' | 'flops' | 'weights' | 'peak' | 'inference' | 'time', string>;
    costTitle: string;
    /** Which rows the bars are: `depth` given or chosen to fit; `shown` of `rows` when the largest were kept. */
    costNote(depth: number | undefined, auto: boolean, shown: number, rows: number): string;
    memoryTitle: string;
    memoryNote(peak: string, layer: string): string;
    step: string;
    liveAtPeak: string;
    more(count: number): string;
    rooflineTitle(device: string, dtype: string): string;
    intensityAxis: string;
    attainedAxis: string;
    ridge(intensity: string): string;
    roof(peak: string, bandwidth: string): string;
    noFlops(layers: number): string;
    graphTitle: string;
    graphNote(collapsed: boolean, depth?: number): string;
    graphTooLarge(nodes: number, limit: number): string;
    tableTitle: string;
    depth: string;
    allLayers: string;
    sortHint: string;
    rules: string;
    /** compare: the totals chart, each metric's bars scaled to its largest. */
    compareChart: string;
    /** bottleneck: MACs at each width against the direct conv. */
    widthsChart: string;
    directLine(macs: string): string;
    workings: string;
  };
  /** `archcost playground`: the page's own controls and messages. */
  playground: {
    title: string;
    editor: string;
    examples: string;
    openExample: string;
    device: string;
    noDevice: string;
    share: string;
    copied: string;
    errors(count: number): string;
    at(line: number, column: number): string;
    stale: string;
    intro: string;
  };
  explain: {
    title(model: string, inputs: { name: string; shape: string }[]): string;
    /** What MACs and FLOPs count. */
    counting: string;
    namesHeading: string;
    /** A name of the formulas in the reader's language (`doc` is the op table's English). */
    nameDoc(name: string, doc: string): string;
    windowLegend: string;
    receptiveLegend: string;
    /** Copies of a repeated item explained once: `copies` are the same as `of`. */
    folded(copies: string[], of: string): string;
    layerHeading(name: string, op: string, inputs: string, output: string): string;
    label: Record<'shape' | 'terms' | 'params' | 'buffers' | 'macs' | 'flops' | 'copies' | 'workspace' | 'cache' | 'receptiveField' | 'cumulativeStride', string>;
    /** A count of tensor elements, in a memory line. */
    elements(n: string): string;
    /** A mixture of experts' body layer: one expert above, in all below. */
    copies(stored: number, active: number, params: string, macs: string): string;
    shapeKept: string;
    free: string;
    rfUnchanged: string;
    rfMerge: string;
    rfOneByOne: string;
    rfGlobal(size: string): string;
    rfUntracked: string;
  };
}

export type Messages = Catalogue & { lang: Lang; n: NumberFormat };

/** The text of `locale`'s language, with its numbers written as the locale writes them (es-MX: 1,234.5). */
export function messages(locale: Locale = 'en'): Messages {
  const lang = langOf(locale);
  return { ...(lang === 'es' ? es : en), lang, n: numberFormat(locale) };
}

