import type { Catalogue } from './messages.js';

export const es: Catalogue = {
  analyze: {
    headers: ['Capa', 'Op', 'Salida', 'Parámetros', 'MACs', 'FLOPs', 'Activaciones', '% MACs', 'Campo receptivo / paso'],
    layersOf: (op, n) => `${op} (${n} capas)`,
    total: 'Total',
    title: (model, inputs, batch, dtype) => `${model}: entrada ${inputs}, lote ${batch}, ${dtype}`,
    params: (exact, short, buffers) => `parámetros    ${exact} (${short})${buffers ? ` + ${buffers} buffers` : ''}`,
    macs: (exact, short) => `MACs          ${exact} (${short}) multiplicaciones-acumulaciones`,
    flops: (exact, short, rule) => `FLOPs         ${exact} (${short})${rule ? ' = 2 x MACs + trabajo elemento a elemento' : ''}`,
    weights: (bytes) => `pesos         ${bytes} (parámetros + buffers)`,
    activations: (sum, input, outputs, peak, layer) =>
      `activaciones  ${sum} = entrada ${input} + mapas de activaciones de todas las capas ${outputs}; pico de ${peak} a la vez (entrada incluida), en ${layer}`,
    inference: (bytes) => `inferencia    ${bytes} = pesos + pico de activaciones`,
  },
  compare: {
    totalsTitle: (baseline) =>
      `Totales frente a ${baseline} (cociente = modelo / ${baseline}, diferencia = modelo - ${baseline})`,
    metric: {
      params: 'parámetros',
      buffers: 'buffers',
      macs: 'MACs',
      flops: 'FLOPs',
      weightBytes: 'pesos',
      activationBytes: 'salidas de capa (suma)',
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
      activationBytes: 'salidas de capa (suma)',
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
    directTime: (time) => `convolución directa: ${time} estimados`,
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
  sweep: {
    title: (model, axes, points) => `${model}: ${points} punto${points === 1 ? '' : 's'}, variando ${axes}`,
  },
  memory: {
    headers: { weights: 'Pesos', moved: 'Tráfico', intensity: 'FLOP/B', keptForBackward: 'Guardado (retroprop.)', time: 'Tiempo', bound: 'Límite' },
    bound: { compute: 'cómputo', memory: 'memoria', mixed: 'mixto' },
    memoryBound: (layers, of) => `${layers}/${of} memoria`,
    livePeak: (tensors) => `en el pico    viven ${tensors}`,
    traffic: (read, written, intensity) => `tráfico       ${read} leídos, ${written} escritos: ${intensity} FLOP/B en total`,
    precision: (dtype, stateDtype) =>
      stateDtype ? `precisión mixta (${dtype}; copia maestra de los pesos y estado en ${stateDtype})` : dtype,
    training: (total, optimizer, precision, weights, master, gradients, state, kept) =>
      `entrenamiento ${total} con ${optimizer}, ${precision}: pesos ${weights}` +
      (master ? ` + copia maestra ${master}` : '') +
      ` + gradientes ${gradients} + estado del optimizador ${state} + activaciones guardadas ${kept}`,
    trainFlops: (exact, short, forward, backward, tool) =>
      `FLOPs (entr.) ${exact} (${short}) = ${forward} hacia adelante + ${backward} hacia atrás, por iteración` +
      (tool ? `, contados como ${tool} (hacia atrás: 2x el de adelante en capas con MACs, 1x en las demás)` : ''),
    time: (total, device, dtype, compute, memory, bound, layers, ridge, boundTime) =>
      `tiempo        ${total} en ${device} con ${dtype} (estimación roofline: cómputo ${compute}, memoria ${memory}); ` +
      `${bound} de ${layers} capas limitadas por memoria (por debajo de ${ridge} FLOP/B), ${boundTime} del tiempo`,
    timeRow: 'tiempo (estimado)',
    timeRatio: 'cociente de tiempo',
    estimate: (device, dtype) =>
      `tiempo: estimación roofline en ${device} con ${dtype}; por capa, max(FLOPs / pico, bytes movidos / ancho de banda), una capa tras otra`,
  },
  gates: {
    ok: 'ok',
    fail: 'FALLO',
    checkHeadline: (model, failed, total) =>
      failed
        ? `${model}: ${failed} de ${total} presupuesto${total === 1 ? '' : 's'} superado${failed === 1 ? '' : 's'}`
        : `${model}: ${total === 1 ? 'se cumple el presupuesto' : `se cumplen los ${total} presupuestos`}`,
    under: (amount, percent) => `${amount} por debajo${percent}`,
    over: (amount, percent) => `lo supera en ${amount}${percent}`,
    largest: (layer, value) => `la capa que más aporta: ${layer} ${value}`,
    memoryParts: (weights, peak, layer) => `pesos ${weights} + pico de activaciones ${peak} en ${layer}`,
    specBudgets: 'presupuestos de la especificación',
    checkHeaders: ['', 'Métrica', 'Valor', 'Presupuesto', 'Diferencia', 'Capa que más aporta', 'Fijado por'],
    checkNote: (preset, batch, dtype) =>
      `convenciones de ${preset}, lote ${batch}, ${dtype}; memoria = pesos + pico de activaciones.`,
    budgetTitle: (metric) => `presupuesto de archcost: ${metric}`,
    exceeds: (metric, actual, limit, source, verdict) => `${metric} ${actual} supera el presupuesto ${limit} (${source}): ${verdict}`,
    layerCounts: (added, removed, changed) => `capas: ${added} añadidas, ${removed} eliminadas, ${changed} modificadas`,
    grew: (metrics, max, layers) => `${metrics.join(', ')} ${metrics.length > 1 ? 'crecieron' : 'creció'} más de un ${max}; ${layers}`,
    noGrowth: (max, layers) => `ninguna métrica creció más de un ${max}; ${layers}`,
    layers: 'capas:',
    noLayerChanges: 'capas: ninguna añadida, eliminada ni modificada',
    opChange: (before, after) => `operación ${before} -> ${after}`,
    outputChange: (before, after) => `salida ${before} -> ${after}`,
    layerSummary: (op, shape, params, macs) => `${op} ${shape}, ${params} parámetros, ${macs} MACs`,
    diffHeaders: ['', 'Métrica', 'Referencia', 'Actual', 'Cambio'],
    allowedIncrease: (max) => `aumento permitido ${max}`,
    change: { added: 'añadida', removed: 'eliminada', changed: 'modificada' },
    layerChanges: 'Cambios por capa',
    layerHeaders: ['', 'Capa', 'Qué'],
    grewFrom: (metric, before, after, delta, max, baseline) =>
      `${metric} pasó de ${before} a ${after}: ${delta}, más del ${max} permitido (referencia ${baseline})`,
    addedLayer: (summary) => `añadida: ${summary}`,
    moreChanges: (count) => `… y ${count} cambio${count === 1 ? '' : 's'} por capa más, menores que los de arriba: \`archcost diff --format json\` los lista todos.`,
    moreFromLine: (count, layers) => ` (y ${count} capa${count > 1 ? 's' : ''} más de esta línea: ${layers})`,
  },
  inputCheck: {
    heading: (design, input) => `Tamaño de entrada: la especificación está diseñada para ${design}; se analiza con ${input}.`,
    channels: (design, input, scaled) =>
      `El número de canales cambia (${design} con el tamaño de diseño, ${input} aquí)` +
      (scaled
        ? `: ${scaled.layer} (${scaled.op}) tiene pesos para cada canal de entrada, así que sus parámetros pasan de ${scaled.designParams} a ${scaled.params}.`
        : ', y los parámetros de ninguna capa dependen de él.'),
    sizeUnchanged:
      'Eso cambia las capas que leen los canales, no fija el tamaño de entrada: el tamaño espacial es otra cuestión ' +
      '(cambia H y W, con los mismos canales, para comprobarlo).',
    sizeCheckedAt: (input) => `El tamaño espacial, comprobado con ${input} (el tamaño nuevo con los canales de diseño):`,
    paramsChanged: (design, now, at) =>
      `El número de parámetros cambia (${design} con el tamaño de diseño, ${now} ${at ? `con ${at}` : 'aquí'}): esta red solo funciona con un tamaño de entrada.`,
    fixedBy: (layer, op, designInput, input, designParams, params) =>
      `${layer} (${op}) lo fija: tiene un peso por cada par de característica de entrada y unidad de salida, y su entrada es ` +
      `${designInput} con el tamaño de diseño pero ${input} aquí, así que sus parámetros pasarían de ${designParams} a ${params}.`,
    flattenedBy: (layer, designInput, input) =>
      `Sus características vienen de ${layer}, que aplana el mapa de activaciones ${designInput} (${input} aquí) en un solo vector: ` +
      'el tamaño del mapa se convierte en el ancho de la capa siguiente.',
    fullyConvolutional: (designOutput, output, channels) =>
      'El número de parámetros no cambia: la red es totalmente convolucional (cada peso se comparte entre todas las posiciones), ' +
      `así que acepta esta entrada y devuelve un mapa ${output} en lugar de ${designOutput}: ${channels} puntuaciones en cada posición.`,
    pooled: (layer, op, designInput, input, output) =>
      `El número de parámetros no cambia: ${layer} (${op}) reduce su entrada ${input} (${designInput} con el tamaño de diseño) ` +
      `a un tamaño fijo, así que las capas siguientes ven la misma forma y la salida sigue siendo ${output}.`,
    unchanged: (params, designOutput, output) =>
      `El número de parámetros no cambia (${params}); la salida es ${output} (${designOutput} con el tamaño de diseño).`,
  },
  explain: {
    title: (model, input) => `${model}, entrada ${input}: las reglas de cada capa con sus números`,
    legend: [
      'MACs (multiplicaciones-acumulaciones): las de convoluciones, capas densas y atención; FLOPs = 2·MACs + el trabajo elemento a elemento. Cuentas por muestra.',
      "Símbolos: H, W, C: alto, ancho y canales de la entrada de la capa; con prima (H', W', C'): los de su salida;",
      'k: kernel; s: paso (stride); pad: relleno total; g: grupos; r: campo receptivo y j: paso acumulado, en píxeles de la entrada.',
    ],
    layerHeading: (name, op, inputs, output) => `capa ${name} (${op}): ${inputs} -> ${output}`,
    label: {
      shape: 'forma',
      terms: 'donde',
      params: 'parámetros',
      buffers: 'buffers',
      macs: 'MACs',
      flops: 'FLOPs',
      receptiveField: 'campo receptivo',
      cumulativeStride: 'paso acumulado',
    },
    shapeKept: 'igual que la entrada',
    free: 'sin parámetros, sin MACs y sin FLOPs (solo mueve datos)',
    rfUnchanged: 'sin cambios',
    rfMerge: 'el máximo entre las entradas',
    rfOneByOne: 'una ventana 1x1 no cambia el campo receptivo',
    rfGlobal: (size) => `toda la entrada (${size})`,
    rfUntracked: 'sin seguimiento (un reshape movió las posiciones)',
    rule: (text) => `regla: ${text}`,
  },
};
