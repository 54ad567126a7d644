import { copyList, inputList } from './lists.js';
import type { Catalogue } from './messages.js';

export const en: Catalogue = {
  analyze: {
    headers: ['Layer', 'Op', 'Output', 'Params', 'MACs', 'FLOPs', 'Activations', '% MACs', 'RF / stride'],
    layersOf: (op, n) => `${op} (${n} layers)`,
    total: 'Total',
    title: (model, inputs, batch, dtype) => `${model}: input ${inputs}, batch ${batch}, ${dtype}`,
    params: (exact, short, buffers) => `params       ${exact} (${short})${buffers ? ` + ${buffers} buffers` : ''}`,
    macs: (exact, short) => `MACs         ${exact} (${short})`,
    flops: (exact, short, rule) => `FLOPs        ${exact} (${short})${rule ? ' = 2 x MACs + elementwise work' : ''}`,
    weights: (bytes) => `weights      ${bytes} (params + buffers)`,
    activations: (sum, input, outputs, peak, layer) => `activations  ${sum} = input ${input} + layer outputs ${outputs}; peak ${peak} live at ${layer}, input included`,
    inference: (bytes, withCache) => `inference    ${bytes} = weights + peak activations${withCache ? ' + KV cache' : ''}`,
    activeParams: (exact, short) => `active       ${exact} (${short}) params per token (the experts chosen, not all)`,
    kvCache: (bytes, sequences, perPosition, passes) =>
      `KV cache     ${bytes} for ${sequences} ${sequences === 1 ? 'sequence' : 'sequences'} after this pass; ${perPosition} more per position${passes ? `, as much as the weights at ${passes} positions` : ' (every window is full)'}`,
    outputs: (list) => `outputs      ${list}`,
    decode: (context) => `decode: one new token per sequence after ${context} cached`,
  },
  compare: {
    totalsTitle: (baseline) => `Totals against ${baseline} (ratio = model / ${baseline}, difference = model - ${baseline})`,
    metric: {
      params: 'params',
      buffers: 'buffers',
      macs: 'MACs',
      flops: 'FLOPs',
      weightBytes: 'weights',
      activationBytes: 'layer outputs (sum)',
      peakActivationBytes: 'activations (peak)',
      activeParams: 'active params',
      kvCacheBytes: 'KV cache',
    },
    total: 'Total',
    ratio: 'ratio',
    difference: 'difference',
    layersTitle: (blocks) => (blocks ? 'Blocks matched by name' : 'Layers matched by name'),
    layer: 'Layer',
    absent: '-',
  },
  bottleneck: {
    title: (k, input, output, stride, bias, expand) =>
      `A direct ${k}x${k} conv against a 1x1 bottleneck${expand ? ' (ResNet form: 1x1, kxk, 1x1)' : ''}: ` +
      `${input} -> ${output}, stride ${stride}, padding same, ${bias ? 'with bias' : 'no bias'}`,
    direct: 'direct',
    bottleneck: 'bottleneck',
    ratio: 'ratio',
    ratioMeaning: 'ratio = direct / bottleneck: above 1x the bottleneck is the cheaper one',
    metric: {
      params: 'params',
      macs: 'MACs',
      flops: 'FLOPs',
      activationBytes: 'layer outputs (sum)',
      peakActivationBytes: 'activations (peak)',
    },
    convLayer: (k, from, to) => `conv ${k}x${k}, ${from} -> ${to} channels`,
    bottleneckLayers: (k, c, mid, out, expand) => {
      const m = mid ?? 'M';
      const tail = expand ? `conv ${k}x${k}, ${m} -> ${m}; ReLU; conv 1x1, ${m} -> ${out}` : `conv ${k}x${k}, ${m} -> ${out}`;
      return `conv 1x1, ${c} -> ${m}; ReLU; ${tail} channels`;
    },
    paramsRatio: 'params ratio',
    macsRatio: 'MACs ratio',
    savesMacs: 'saves MACs?',
    yes: 'yes',
    no: 'no',
    directTotals: (params, macs) => `direct conv: ${params} params, ${macs} MACs; ratio = direct / bottleneck`,
    directTime: (time) => `direct conv: ${time} estimated`,
    legend: (s) =>
      `H, W, C: the input; k: the kernel; C2: output channels (--out); M: the reduced width (--mid); ` +
      (s === 1 ? "H', W': the output size (= H, W at stride 1)" : `H', W' = ceil(H/${s}), ceil(W/${s}): the output size`),
    closedFormTitle: 'MACs (multiply-accumulates) in closed form:',
    strideOne: 'with stride 1 this is',
    nonLinearity: (c, mid, weights) =>
      `The 1x1 conv is a layer of its own: ${c}·${mid} = ${weights} more weights and a ReLU, one more non-linearity.`,
    breakEvenTitle: (expand) => `Break-even: the bottleneck saves MACs while ${expand ? 'a·M² + b·M' : 'b·M'} < N, the direct conv's MACs`,
    widest: (mid) => (mid > 0 ? `the widest bottleneck that still saves MACs is M = ${mid}` : 'no width M saves MACs here'),
    check: (points, direct) =>
      points.map((p) => `checked with analyze: M = ${p.mid} costs ${p.macs} MACs, ${p.saves ? 'less than' : 'not less than'} ${direct}`),
    paramsBreakEven: (mid) =>
      mid > 0 ? `Params: the bottleneck has fewer parameters up to M = ${mid}.` : 'Params: no width M has fewer parameters.',
  },
  sweep: {
    title: (model, axes, points) => `${model}: ${points} point${points === 1 ? '' : 's'} over ${axes}`,
  },
  deploy: {
    quantized: (layers, dtype, group, activation, kept) =>
      `stored       ${layers} ${layers === 1 ? "layer's" : "layers'"} matrices at ${dtype}${group ? ` with a float16 scale per ${group} weights` : ''}; biases, norms and buffers at ${activation}` +
      (kept ? `; kept at ${activation}: ${kept}` : ''),
    kvStored: (dtype) => `KV cache stored at ${dtype}`,
    devices: (total, data, tensor, pipeline, zero) =>
      `devices      ${total} = ${data} data-parallel x ${tensor} tensor-parallel x ${pipeline} pipeline ${pipeline === 1 ? 'stage' : 'stages'}${zero ? `, ZeRO-${zero}` : ''}`,
    splits: (c, params) =>
      `split        attention by heads ${c.heads}, dense by columns ${c.columns} and by rows ${c.rows}, embedding by vocabulary ${c.vocab}, elementwise ${c.elementwise}; ` +
      `replicated ${c.replicated} layers with ${params} params`,
    stages: (list) => `stages       ${list.join('; ')}`,
    stage: (first, last, weights) => `${first} .. ${last} ${weights}`,
    perDevice: (weights, peak, kv, total, stage, stages) =>
      `per device   ${total} = weights ${weights} + peak activations ${peak} + KV cache ${kv}${stages > 1 ? ` (stage ${stage} of ${stages}, the largest)` : ''}`,
    perDeviceTraining: (total, weights, master, gradients, state, kept, recompute, stage, stages) =>
      `per device   training ${total} = weights ${weights}${master ? ` + master ${master}` : ''} + gradients ${gradients} + optimizer state ${state} + kept activations ${kept}` +
      (recompute ? ` + recomputed ${recompute}` : '') +
      (stages > 1 ? ` (stage ${stage} of ${stages}, the largest)` : ''),
    communication: (total, parts, seconds, links) =>
      `comms        ${total} sent per step by that device: ${parts.join(', ') || 'none'}` + (seconds ? `; ${seconds} on ${links} links` : ''),
    part: (kind, what, group, bytes, seconds) => `${group} ${kind} of ${what} ${bytes}${seconds ? ` (${seconds})` : ''}`,
    deployment: (seconds, tokens, perDevice) => `deployment   ${seconds} per pass; ${tokens} tokens/s in all, ${perDevice} per device`,
    group: { tensor: 'tensor-parallel', data: 'data-parallel', pipeline: 'pipeline' },
    kind: { 'all-reduce': 'all-reduce', 'all-gather': 'all-gather', 'reduce-scatter': 'reduce-scatter', send: 'send' },
    what: { activations: 'activations', 'activation gradients': 'activation gradients', gradients: 'gradients', parameters: 'parameters' },
  },
  fit: {
    title: (model, devices, device, capacity, setup) => `${model} on ${devices} x ${device} (${capacity} each)${setup.length ? `: ${setup.join('; ')}` : ''}`,
    parallel: (data, tensor, pipeline, zero) => [
      ...(data > 1 ? [`data-parallel ${data}${zero ? ` with ZeRO-${zero}` : ''}`] : zero ? [`ZeRO-${zero}`] : []),
      ...(tensor > 1 ? [`tensor-parallel ${tensor}`] : []),
      ...(pipeline > 1 ? [`${pipeline} pipeline stages`] : []),
    ],
    training: (optimizer, precision, recompute) => `training with ${optimizer}, ${precision}${recompute === 'none' ? '' : `, ${recompute} recomputation`}`,
    inference: (decode, context, dtype) =>
      context === undefined ? `${decode ? 'decode' : 'prefill'}, ${dtype}` : decode ? `decode after ${context} cached positions, ${dtype}` : `prefill of ${context} tokens, ${dtype}`,
    stored: (weights, kv) => [weights && `weights ${weights}`, kv && `KV cache ${kv}`].filter(Boolean).join(', '),
    reserve: (reserve, usable) => `reserve ${reserve} for the runtime: ${usable} left per device`,
    largestBatch: (batch, unit, perReplica, total, usable, headroom) =>
      `largest batch: ${batch} ${unit}${batch === '1' ? '' : 's'}${perReplica ? ' per replica' : ''}, using ${total} of ${usable} per device (${headroom} free)`,
    largestContext: (context, decode, batch, perReplica, total, usable, headroom) =>
      `largest context: ${context} ${decode ? 'cached positions' : 'tokens'} at batch ${batch}${perReplica ? ' per replica' : ''}, using ${total} of ${usable} per device (${headroom} free)`,
    limitless: (limit) => `nothing larger was tried: the search stops at ${limit}`,
    noFit: (solve, value, need, usable, short) =>
      `does not fit: ${solve === 'batch' ? `batch ${value}` : `a context of ${value}`} needs ${need} per device, ${short} more than the ${usable} there is`,
    termsHeaders: (at) => ['Per device', at, 'Share'],
    term: {
      weightBytes: 'weights',
      peakActivationBytes: 'activations (peak)',
      kvCacheBytes: 'KV cache',
      masterWeightBytes: 'master weights',
      gradientBytes: 'gradients',
      optimizerStateBytes: 'optimizer state',
      savedActivationBytes: 'kept activations',
      recomputeBytes: 'recomputed in backward',
    },
    total: 'total',
    binding: (term, perStep, unit, next) =>
      `binding: ${term}, the largest term` +
      (perStep ? `; each ${unit} more adds ${perStep}` : '') +
      (next ? (next.reason ? `; ${next.value} cannot be counted: ${next.reason}` : `; ${next.value} needs ${next.need}, over by ${next.over}`) : ''),
    rule: (training, reserve) =>
      training
        ? `rule: per device, model states (weights, master weights, gradients, optimizer state; sharded by ZeRO) + activations kept for backward (x batch) <= capacity${reserve ? ' - reserve' : ''} (docs/fit.md)`
        : `rule: per device, weights + peak activations + KV cache (both x batch) <= capacity${reserve ? ' - reserve' : ''} (docs/fit.md)`,
    analyses: (n) => `${n} exact ${n === 1 ? 'analysis' : 'analyses'}`,
    suggestionsTitle: 'what would make it fit (each checked with an exact analysis):',
    suggestion: (flags, total, largest, solve) => `  ${flags}: ${total} per device; largest ${solve} ${largest}`,
    noSuggestion: '  nothing tried fits: more devices, a smaller dtype or a smaller model',
    decodeTitle: (context, device) => `Decode throughput after ${context} cached positions on ${device} (roofline, collectives on the links)`,
    decodeHeaders: ['Batch', 'Step', 'tokens/s', 'per device', 'Bound'],
    ceiling: (tokens, limitedBy, knee, largest, share) =>
      `ceiling ${tokens} tokens/s however large the batch (${limitedBy === 'memory' ? 'the KV cache and activations each sequence moves' : limitedBy === 'compute' ? "each sequence's arithmetic" : "each sequence's collectives"}); ` +
      `batch ${knee} would reach 90% of it, memory stops at batch ${largest} (${share} of it)`,
    sweepTitle: (model, solve, device, capacity, decode) => `${model}: largest ${solve} on ${device} (${capacity} each)${decode ? ', decode' : ''}`,
    sweepLegend: '0: does not fit even at the smallest; x: cannot be counted so (below)',
    sweepError: (values, message) => `x ${values}: ${message}`,
    axis: (name, value) => `${name} ${value}`,
  },
  memory: {
    headers: { weights: 'Weights', moved: 'Moved', intensity: 'FLOP/B', keptForBackward: 'Kept for bwd', time: 'Time', bound: 'Bound' },
    bound: { compute: 'compute', memory: 'memory', mixed: 'mixed' },
    memoryBound: (layers, of) => `${layers}/${of} memory`,
    livePeak: (tensors) => `live at peak ${tensors}`,
    traffic: (read, written, intensity) => `traffic      read ${read}, written ${written}: ${intensity} FLOP/B overall`,
    precision: (dtype, stateDtype) => (stateDtype ? `mixed precision (${dtype}, ${stateDtype} master weights and state)` : dtype),
    training: (total, optimizer, precision, weights, master, gradients, state, kept, recompute) =>
      `training     ${total} with ${optimizer}, ${precision}: weights ${weights}` +
      (master ? ` + master ${master}` : '') +
      ` + gradients ${gradients} + optimizer state ${state} + kept activations ${kept}` +
      (recompute ? ` (${recompute.mode} recomputation) + recomputed in backward ${recompute.bytes}` : ''),
    trainFlops: (exact, short, forward, backward, tool) =>
      `train FLOPs  ${exact} (${short}) = forward ${forward} + backward ${backward} per step` +
      (tool ? `, counted as ${tool} (backward: 2x forward for layers with MACs, 1x for others)` : ''),
    tokens: (perSecond, batch, tokens) => `tokens/s     ${perSecond} (${batch} ${batch === 1 ? 'sequence' : 'sequences'} x ${tokens} ${tokens === 1 ? 'token' : 'tokens'} per pass)`,
    time: (total, device, dtype, compute, memory, bound, layers, ridge, boundTime) =>
      `time         ${total} on ${device} at ${dtype} (roofline estimate: compute ${compute}, memory ${memory}); ` +
      `${bound} of ${layers} layers memory-bound (below ${ridge} FLOP/B), ${boundTime} of the time`,
    timeRow: 'time (estimate)',
    timeRatio: 'time ratio',
    estimate: (device, dtype) =>
      `time: roofline estimate on ${device} at ${dtype}, per layer max(FLOPs / peak, bytes moved / bandwidth), layers one after another`,
  },
  gates: {
    ok: 'ok',
    fail: 'FAIL',
    checkHeadline: (model, failed, total) =>
      failed
        ? `${model}: ${failed} of ${total} budget${total === 1 ? '' : 's'} exceeded`
        : `${model}: ${total === 1 ? 'the budget is met' : `all ${total} budgets are met`}`,
    under: (amount, percent) => `${amount} under${percent}`,
    over: (amount, percent) => `over by ${amount}${percent}`,
    largest: (layer, value) => `largest: ${layer} ${value}`,
    memoryParts: (weights, peak, layer) => `weights ${weights} + peak activations ${peak} at ${layer}`,
    specBudgets: 'budgets in the spec',
    checkHeaders: ['', 'Metric', 'Actual', 'Budget', 'Difference', 'Largest layer', 'Set by'],
    checkNote: (preset, batch, dtype) => `${preset} conventions, batch ${batch}, ${dtype}; memory = weights + peak activations.`,
    budgetTitle: (metric) => `archcost budget: ${metric}`,
    exceeds: (metric, actual, limit, source, verdict) => `${metric} ${actual} exceeds the budget ${limit} (${source}): ${verdict}`,
    layerCounts: (added, removed, changed) => `${added} layers added, ${removed} removed, ${changed} changed`,
    grew: (metrics, max, layers) => `${metrics.join(', ')} grew by more than ${max}; ${layers}`,
    noGrowth: (max, layers) => `no metric grew by more than ${max}; ${layers}`,
    layers: 'layers:',
    noLayerChanges: 'layers: no layer added, removed or changed',
    opChange: (before, after) => `op ${before} -> ${after}`,
    outputChange: (before, after) => `output ${before} -> ${after}`,
    layerSummary: (op, shape, params, macs) => `${op} ${shape}, ${params} params, ${macs} MACs`,
    diffHeaders: ['', 'Metric', 'Baseline', 'Current', 'Change'],
    allowedIncrease: (max) => `allowed increase ${max}`,
    change: { added: 'added', removed: 'removed', changed: 'changed' },
    layerChanges: 'Layer changes',
    layerHeaders: ['', 'Layer', 'What'],
    grewFrom: (metric, before, after, delta, max, baseline) =>
      `${metric} grew from ${before} to ${after}: ${delta}, more than the allowed ${max} (baseline ${baseline})`,
    addedLayer: (summary) => `added: ${summary}`,
    moreChanges: (count) => `… and ${count} more layer change${count === 1 ? '' : 's'}, smaller than those above: \`archcost diff --format json\` lists them all.`,
    moreFromLine: (count, layers) => ` (and ${count} more layer${count > 1 ? 's' : ''} from this line: ${layers})`,
  },
  inputCheck: {
    heading: (design, input) => `Input size: the spec is designed for ${design}; analyzed at ${input}.`,
    channels: (design, input, scaled) =>
      `The channel count changes (${design} at the design size, ${input} here)` +
      (scaled
        ? `: ${scaled.layer} (${scaled.op}) has weights for each input channel, so its params go from ${scaled.designParams} to ${scaled.params}.`
        : ', and no layer\'s params depend on it.'),
    sizeUnchanged:
      'That changes the layers that read the channels, it does not fix the input size: the spatial size is a separate ' +
      'question (change H and W, keeping the channels, to check it).',
    sizeCheckedAt: (input) => `The spatial size, checked at ${input} (the new size with the design's channels):`,
    paramsChanged: (design, now, at) =>
      `The parameter count changes (${design} at the design size, ${now} ${at ? `at ${at}` : 'here'}): this network works at one input size only.`,
    fixedBy: (layer, op, designInput, input, designParams, params) =>
      `${layer} (${op}) fixes it: it has a weight for every pair of input feature and output unit, and its input is ` +
      `${designInput} at the design size but ${input} here, so its params would go from ${designParams} to ${params}.`,
    flattenedBy: (layer, designInput, input) =>
      `Its features come from ${layer}, which flattens the ${designInput} map (${input} here) into one vector: ` +
      'the map size becomes the width of the layer after it.',
    fullyConvolutional: (designOutput, output, channels) =>
      'The parameter count is unchanged: the network is fully convolutional (every weight is shared over positions), ' +
      `so it takes this input and outputs a ${output} map instead of ${designOutput}: ${channels} scores at each position.`,
    pooled: (layer, op, designInput, input, output) =>
      `The parameter count is unchanged: ${layer} (${op}) pools its ${input} input (${designInput} at the design size) ` +
      `to a fixed size, so the layers after it see the same shape and the output stays ${output}.`,
    unchanged: (params, designOutput, output) =>
      `The parameter count is unchanged (${params}); the output is ${output} (${designOutput} at the design size).`,
  },
  html: {
    pageTitle: (model) => `${model}: archcost report`,
    cards: { params: 'Parameters', macs: 'MACs', flops: 'FLOPs', weights: 'Weights', peak: 'Peak activations', inference: 'Inference memory', time: 'Estimated time' },
    costTitle: 'Where the MACs and parameters are',
    costNote: (depth, auto, shown, rows) =>
      (depth === undefined ? 'one bar per layer' : `one bar per ${depth === 1 ? 'top-level block or layer' : `block of the first ${depth} name levels`}${auto ? ' (chosen to fit; --depth sets it)' : ' (--depth)'}`) +
      (shown < rows ? `; the ${shown} largest of ${rows} by MACs, in execution order` : ''),
    memoryTitle: 'Live activation memory over execution order',
    memoryNote: (peak, layer) => `Peak ${peak} while ${layer} runs. Each step counts the tensors live while that layer runs (its inputs and output together).`,
    step: 'execution step',
    liveAtPeak: 'Live at the peak',
    more: (count) => `and ${count} more`,
    rooflineTitle: (device, dtype) => `Roofline on ${device} (${dtype})`,
    intensityAxis: 'arithmetic intensity (FLOP per byte moved)',
    attainedAxis: 'attained FLOP/s',
    ridge: (intensity) => `ridge ${intensity} FLOP/B`,
    roof: (peak, bandwidth) => `roof: min(${peak}FLOP/s, ${bandwidth}B/s × intensity)`,
    noFlops: (layers) => `${layers} layer${layers === 1 ? '' : 's'} with no FLOPs (reshapes, concatenations) not drawn.`,
    graphTitle: 'Architecture',
    graphNote: (collapsed, depth) =>
      (depth === undefined ? 'One node per layer' : depth === 1 ? 'One node per top-level block or layer' : `One node per block of the first ${depth} name levels`) +
      (collapsed ? '; a repeated block shows its first instance, then one node for the instances that repeat it.' : '.'),
    graphTooLarge: (nodes, limit) => `The graph has ${nodes} nodes, more than the ${limit} drawn here: choose blocks with --depth, or export it with --format dot.`,
    tableTitle: 'Layers',
    depth: 'Depth',
    allLayers: 'all layers',
    sortHint: 'Click a column header to sort; again to reverse; a third time for execution order.',
    rules: 'How it was counted',
    compareChart: 'Totals side by side (each metric scaled to its largest)',
    widthsChart: 'MACs of the bottleneck at each width M, against the direct conv',
    directLine: (macs) => `direct conv: ${macs} MACs`,
    workings: 'Closed forms and break-even, with the numbers in',
  },
  playground: {
    title: 'archcost playground',
    editor: 'Spec (YAML or JSON)',
    examples: 'Examples',
    openExample: 'Open an example…',
    device: 'Device',
    noDevice: 'no device (no roofline)',
    share: 'Copy link',
    copied: 'Link copied: it carries the spec',
    errors: (count) => (count === 1 ? '1 error' : `${count} errors`),
    at: (line, column) => `line ${line}, column ${column}`,
    stale: 'The numbers below are from the last spec that counted.',
    intro: 'Edit the spec: the numbers, charts and graph follow as you type, counted in this page (nothing is sent anywhere). The link carries the spec.',
  },
  explain: {
    title: (model, inputs) => `${model}, ${inputList(inputs, 'input', 'inputs', ' and ')}: each layer's rules with its numbers in`,
    counting: 'MACs: multiply-accumulates of convs, dense, attention and recurrent layers; FLOPs = 2·MACs + elementwise work. Counts per sample.',
    namesHeading: 'Names in the formulas:',
    nameDoc: (_name, doc) => doc,
    windowLegend: "Window shapes: H, W (L, D): the input's sizes, primed (H', W'): the output's; k: kernel; s: stride; d: dilation; pad: total padding.",
    receptiveLegend: 'r: receptive field and j: cumulative stride, in input pixels.',
    folded: (copies, of) => `${copyList(copies)}: the same as ${of} (ops, args, shapes and counts)`,
    layerHeading: (name, op, inputs, output) => `${name} (${op}): ${inputs} -> ${output}`,
    label: {
      shape: 'shape',
      terms: 'where',
      params: 'params',
      buffers: 'buffers',
      macs: 'MACs',
      flops: 'FLOPs',
      copies: 'experts',
      workspace: 'workspace',
      cache: 'K/V cache',
      receptiveField: 'receptive field',
      cumulativeStride: 'cumulative stride',
    },
    elements: (n) => `${n} elements`,
    copies: (stored, active, params, macs) => `one expert above; x${stored} stored (params), x${active} active per token (MACs, FLOPs): ${params} params, ${macs} MACs in all`,
    shapeKept: 'as the input',
    free: 'no params, no MACs, no FLOPs (data movement only)',
    rfUnchanged: 'unchanged',
    rfMerge: 'the max over the inputs',
    rfOneByOne: 'a 1x1 window leaves the receptive field unchanged',
    rfGlobal: (size) => `the whole input (${size})`,
    rfUntracked: 'not tracked (a reshape, or an op of the spec with a shape formula, moved the positions)',
  },
};
