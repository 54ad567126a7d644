import type { Catalogue } from './messages.js';

export const es: Catalogue = {
  compare: {
    totalsTitle: (baseline) =>
      `Totales frente a ${baseline} (cociente = modelo / ${baseline}, diferencia = modelo - ${baseline})`,
    metric: {
      params: 'parámetros',
      buffers: 'buffers',
      macs: 'MACs',
      flops: 'FLOPs',
      weightBytes: 'pesos',
      activationBytes: 'activaciones (suma)',
      peakActivationBytes: 'activaciones (pico)',
    },
    total: 'Total',
    ratio: 'cociente',
    difference: 'diferencia',
    layersTitle: (blocks) => (blocks ? 'Bloques emparejados por nombre' : 'Capas emparejadas por nombre'),
    layer: 'Capa',
    absent: '-',
  },
};
