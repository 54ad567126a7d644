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
  bottleneck: {
    title: (k, input, output, stride, bias, expand) =>
      `Convolución ${k}x${k} directa frente a un cuello de botella 1x1${expand ? ' (la forma de ResNet: 1x1, kxk, 1x1)' : ''}: ` +
      `${input} -> ${output}, paso ${stride}, relleno same, ${bias ? 'con sesgo' : 'sin sesgo'}`,
    direct: 'directa',
    bottleneck: 'cuello de botella',
    ratio: 'cociente',
    ratioMeaning: 'cociente = directa / cuello de botella: por encima de 1x, el cuello de botella es el más barato',
    metric: {
      params: 'parámetros',
      macs: 'MACs',
      flops: 'FLOPs',
      activationBytes: 'activaciones (suma)',
      peakActivationBytes: 'activaciones (pico)',
    },
    convLayer: (k, from, to) => `convolución ${k}x${k}, ${from} -> ${to} canales`,
    bottleneckLayers: (k, c, mid, out, expand) => {
      const m = mid ?? 'M';
      const tail = expand
        ? `convolución ${k}x${k}, ${m} -> ${m}; ReLU; convolución 1x1, ${m} -> ${out}`
        : `convolución ${k}x${k}, ${m} -> ${out}`;
      return `convolución 1x1, ${c} -> ${m}; ReLU; ${tail} canales`;
    },
    paramsRatio: 'cociente de parámetros',
    macsRatio: 'cociente de MACs',
    savesMacs: '¿ahorra MACs?',
    yes: 'sí',
    no: 'no',
    directTotals: (params, macs) => `convolución directa: ${params} parámetros, ${macs} MACs; cociente = directa / cuello de botella`,
    legend: (s) =>
      `H, W, C: la entrada; k: el kernel; C2: canales de salida (--out); M: el ancho reducido (--mid); ` +
      (s === 1 ? "H', W': el tamaño de salida (= H, W con paso 1)" : `H', W' = ceil(H/${s}), ceil(W/${s}): el tamaño de salida`),
    closedFormTitle: 'MACs (multiplicaciones-acumulaciones) en forma cerrada:',
    strideOne: 'con paso 1 queda',
    nonLinearity: (c, mid, weights) =>
      `La convolución 1x1 es una capa más: ${c}·${mid} = ${weights} pesos propios y una ReLU, es decir, una no linealidad más.`,
    breakEvenTitle: (expand) =>
      `Punto de equilibrio: el cuello de botella ahorra MACs mientras ${expand ? 'a·M² + b·M' : 'b·M'} < N, los MACs de la convolución directa`,
    widest: (mid) => (mid > 0 ? `el cuello de botella más ancho que aún ahorra MACs es M = ${mid}` : 'aquí ningún ancho M ahorra MACs'),
    check: (points, direct) =>
      points.map((p) => `comprobado con analyze: con M = ${p.mid} cuesta ${p.macs} MACs, ${p.saves ? 'menos que' : 'no menos que'} ${direct}`),
    paramsBreakEven: (mid) =>
      mid > 0 ? `Parámetros: el cuello de botella tiene menos parámetros hasta M = ${mid}.` : 'Parámetros: ningún ancho M tiene menos parámetros.',
  },
};
