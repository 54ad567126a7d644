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
};
