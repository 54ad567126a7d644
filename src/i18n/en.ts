import type { Catalogue } from './messages.js';

export const en: Catalogue = {
  compare: {
    totalsTitle: (baseline) => `Totals against ${baseline} (ratio = model / ${baseline}, difference = model - ${baseline})`,
    metric: {
      params: 'params',
      buffers: 'buffers',
      macs: 'MACs',
      flops: 'FLOPs',
      weightBytes: 'weights',
      activationBytes: 'activations (sum)',
      peakActivationBytes: 'activations (peak)',
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
      activationBytes: 'activations (sum)',
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
};
