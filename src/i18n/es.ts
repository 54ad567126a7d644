import { copyList, inputList } from './lists.js';
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
    inference: (bytes, withCache) => `inferencia    ${bytes} = pesos + pico de activaciones${withCache ? ' + caché KV' : ''}`,
    activeParams: (exact, short) => `activos      ${exact} (${short}) parámetros por token (los expertos elegidos, no todos)`,
    kvCache: (bytes, sequences, perPosition, passes) =>
      `caché KV     ${bytes} para ${sequences} ${sequences === 1 ? 'secuencia' : 'secuencias'} tras esta pasada; ${perPosition} más por posición${passes ? `, tanto como los pesos a las ${passes} posiciones` : ' (todas las ventanas están llenas)'}`,
    outputs: (list) => `salidas      ${list}`,
    decode: (context) => `decodificación: un token nuevo por secuencia tras ${context} en caché`,
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
      activeParams: 'parámetros activos',
      kvCacheBytes: 'caché KV',
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
  deploy: {
    quantized: (layers, dtype, group, activation, kept) =>
      `almacenado  matrices de ${layers} ${layers === 1 ? 'capa' : 'capas'} en ${dtype}${group ? ` con una escala float16 cada ${group} pesos` : ''}; sesgos, normalizaciones y buffers en ${activation}` +
      (kept ? `; en ${activation} por --keep: ${kept}` : ''),
    kvStored: (dtype) => `caché KV almacenada en ${dtype}`,
    devices: (total, data, tensor, pipeline, zero) =>
      `dispositivos ${total} = ${data} en paralelo de datos x ${tensor} en paralelo de tensores x ${pipeline} ${pipeline === 1 ? 'etapa' : 'etapas'} de pipeline${zero ? `, ZeRO-${zero}` : ''}`,
    splits: (c, params) =>
      `reparto      atención por cabezas ${c.heads}, densas por columnas ${c.columns} y por filas ${c.rows}, embedding por vocabulario ${c.vocab}, elemento a elemento ${c.elementwise}; ` +
      `replicadas ${c.replicated} capas con ${params} parámetros`,
    stages: (list) => `etapas       ${list.join('; ')}`,
    stage: (first, last, weights) => `${first} .. ${last} ${weights}`,
    perDevice: (weights, peak, kv, total, stage, stages) =>
      `por dispositivo ${total} = pesos ${weights} + pico de activaciones ${peak} + caché KV ${kv}${stages > 1 ? ` (etapa ${stage} de ${stages}, la mayor)` : ''}`,
    perDeviceTraining: (total, weights, master, gradients, state, kept, recompute, stage, stages) =>
      `por dispositivo entrenamiento ${total} = pesos ${weights}${master ? ` + copia maestra ${master}` : ''} + gradientes ${gradients} + estado del optimizador ${state} + activaciones guardadas ${kept}` +
      (recompute ? ` + recalculado ${recompute}` : '') +
      (stages > 1 ? ` (etapa ${stage} de ${stages}, la mayor)` : ''),
    communication: (total, parts, seconds, links) =>
      `comunicación ${total} enviados por paso por ese dispositivo: ${parts.join(', ') || 'nada'}` + (seconds ? `; ${seconds} en enlaces de ${links}` : ''),
    part: (kind, what, group, bytes, seconds) => `${kind} de ${what} (${group}) ${bytes}${seconds ? ` (${seconds})` : ''}`,
    deployment: (seconds, tokens, perDevice) => `despliegue   ${seconds} por pasada; ${tokens} tokens/s en total, ${perDevice} por dispositivo`,
    group: { tensor: 'paralelo de tensores', data: 'paralelo de datos', pipeline: 'pipeline' },
    kind: { 'all-reduce': 'all-reduce', 'all-gather': 'all-gather', 'reduce-scatter': 'reduce-scatter', send: 'envío' },
    what: { activations: 'activaciones', 'activation gradients': 'gradientes de activaciones', gradients: 'gradientes', parameters: 'parámetros' },
  },
  fit: {
    title: (model, devices, device, capacity, setup) => `${model} en ${devices} x ${device} (${capacity} cada uno)${setup.length ? `: ${setup.join('; ')}` : ''}`,
    parallel: (data, tensor, pipeline, zero) => [
      ...(data > 1 ? [`paralelo de datos ${data}${zero ? ` con ZeRO-${zero}` : ''}`] : zero ? [`ZeRO-${zero}`] : []),
      ...(tensor > 1 ? [`paralelo de tensores ${tensor}`] : []),
      ...(pipeline > 1 ? [`${pipeline} etapas de pipeline`] : []),
    ],
    training: (optimizer, precision, recompute) =>
      `entrenamiento con ${optimizer}, ${precision}${recompute === 'none' ? '' : `, recálculo ${recompute === 'full' ? 'completo' : 'selectivo'}`}`,
    inference: (decode, context, dtype) =>
      context === undefined
        ? `${decode ? 'decodificación' : 'prellenado'}, ${dtype}`
        : decode
          ? `decodificación tras ${context} posiciones en caché, ${dtype}`
          : `prellenado de ${context} tokens, ${dtype}`,
    stored: (weights, kv) => [weights && `pesos ${weights}`, kv && `caché KV ${kv}`].filter(Boolean).join(', '),
    reserve: (reserve, usable) => `reserva de ${reserve} para el entorno de ejecución: quedan ${usable} por dispositivo`,
    largestBatch: (batch, unit, perReplica, total, usable, headroom) =>
      `lote máximo: ${batch} ${unit === 'sample' ? 'muestra' : 'secuencia'}${batch === '1' ? '' : 's'}${perReplica ? ' por réplica' : ''}, que ${batch === '1' ? 'usa' : 'usan'} ${total} de ${usable} por dispositivo (${headroom} libres)`,
    largestContext: (context, decode, batch, perReplica, total, usable, headroom) =>
      `contexto máximo: ${context} ${decode ? 'posiciones en caché' : 'tokens'} con lote ${batch}${perReplica ? ' por réplica' : ''}, que usan ${total} de ${usable} por dispositivo (${headroom} libres)`,
    limitless: (limit) => `no se probó nada mayor: la búsqueda se detiene en ${limit}`,
    noFit: (solve, value, need, usable, short) =>
      `no cabe: ${solve === 'batch' ? `un lote de ${value}` : `un contexto de ${value}`} necesita ${need} por dispositivo, ${short} más de los ${usable} disponibles`,
    termsHeaders: (at) => ['Por dispositivo', at, 'Proporción'],
    term: {
      weightBytes: 'pesos',
      peakActivationBytes: 'activaciones (pico)',
      kvCacheBytes: 'caché KV',
      masterWeightBytes: 'copia maestra',
      gradientBytes: 'gradientes',
      optimizerStateBytes: 'estado del optimizador',
      savedActivationBytes: 'activaciones guardadas',
      recomputeBytes: 'recalculado hacia atrás',
    },
    total: 'total',
    binding: (term, perStep, unit, next) =>
      `límite: ${term}, el término mayor` +
      (perStep ? `; ${{ sample: 'cada muestra', sequence: 'cada secuencia', token: 'cada token', position: 'cada posición' }[unit]} más añade ${perStep}` : '') +
      (next ? (next.reason ? `; ${next.value} no se puede contar: ${next.reason}` : `; ${next.value} necesita ${next.need}, ${next.over} de más`) : ''),
    rule: (training, reserve) =>
      training
        ? `regla: por dispositivo, estados del modelo (pesos, copia maestra, gradientes, estado del optimizador; repartidos por ZeRO) + activaciones guardadas para el paso hacia atrás (x lote) <= capacidad${reserve ? ' - reserva' : ''} (docs/fit.es.md)`
        : `regla: por dispositivo, pesos + pico de activaciones + caché KV (ambos x lote) <= capacidad${reserve ? ' - reserva' : ''} (docs/fit.es.md)`,
    analyses: (n) => `${n} ${n === 1 ? 'análisis exacto' : 'análisis exactos'}`,
    suggestionsTitle: 'qué haría que quepa (cada opción comprobada con un análisis exacto):',
    suggestion: (flags, total, largest, solve) => `  ${flags}: ${total} por dispositivo; ${solve === 'batch' ? 'lote' : 'contexto'} máximo ${largest}`,
    noSuggestion: '  nada de lo probado cabe: más dispositivos, un dtype menor o un modelo más pequeño',
    decodeTitle: (context, device) => `Rendimiento de decodificación tras ${context} posiciones en caché en ${device} (roofline, colectivas por los enlaces)`,
    decodeHeaders: ['Lote', 'Paso', 'tokens/s', 'por dispositivo', 'Límite'],
    ceiling: (tokens, limitedBy, knee, largest, share) =>
      `techo de ${tokens} tokens/s por grande que sea el lote (${limitedBy === 'memory' ? 'la caché KV y las activaciones que mueve cada secuencia' : limitedBy === 'compute' ? 'la aritmética de cada secuencia' : 'las colectivas de cada secuencia'}); ` +
      `un lote de ${knee} llegaría al 90 %, la memoria se acaba en ${largest} (${share} del techo)`,
    sweepTitle: (model, solve, device, capacity, decode) => `${model}: ${solve === 'batch' ? 'lote' : 'contexto'} máximo en ${device} (${capacity} cada uno)${decode ? ', decodificación' : ''}`,
    sweepLegend: '0: no cabe ni con el menor; x: no se puede contar así (abajo)',
    sweepError: (values, message) => `x ${values}: ${message}`,
    axis: (name, value) => `${name === 'devices' ? 'dispositivos' : name === 'context' ? 'contexto' : name === 'batch' ? 'lote' : name} ${value}`,
  },
  memory: {
    headers: { weights: 'Pesos', moved: 'Tráfico', intensity: 'FLOP/B', keptForBackward: 'Guardado (retroprop.)', time: 'Tiempo', bound: 'Límite' },
    bound: { compute: 'cómputo', memory: 'memoria', mixed: 'mixto' },
    memoryBound: (layers, of) => `${layers}/${of} memoria`,
    livePeak: (tensors) => `en el pico    viven ${tensors}`,
    traffic: (read, written, intensity) => `tráfico       ${read} leídos, ${written} escritos: ${intensity} FLOP/B en total`,
    precision: (dtype, stateDtype) =>
      stateDtype ? `precisión mixta (${dtype}; copia maestra de los pesos y estado en ${stateDtype})` : dtype,
    training: (total, optimizer, precision, weights, master, gradients, state, kept, recompute) =>
      `entrenamiento ${total} con ${optimizer}, ${precision}: pesos ${weights}` +
      (master ? ` + copia maestra ${master}` : '') +
      ` + gradientes ${gradients} + estado del optimizador ${state} + activaciones guardadas ${kept}` +
      (recompute ? ` (recálculo ${recompute.mode === 'full' ? 'completo' : 'selectivo'}) + recalculado en el paso hacia atrás ${recompute.bytes}` : ''),
    trainFlops: (exact, short, forward, backward, tool) =>
      `FLOPs (entr.) ${exact} (${short}) = ${forward} hacia adelante + ${backward} hacia atrás, por iteración` +
      (tool ? `, contados como ${tool} (hacia atrás: 2x el de adelante en capas con MACs, 1x en las demás)` : ''),
    tokens: (perSecond, batch, tokens) => `tokens/s     ${perSecond} (${batch} ${batch === 1 ? 'secuencia' : 'secuencias'} x ${tokens} ${tokens === 1 ? 'token' : 'tokens'} por pasada)`,
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
  html: {
    pageTitle: (model) => `${model}: informe de archcost`,
    cards: { params: 'Parámetros', macs: 'MACs', flops: 'FLOPs', weights: 'Pesos', peak: 'Pico de activaciones', inference: 'Memoria de inferencia', time: 'Tiempo estimado' },
    costTitle: 'Dónde están los MACs y los parámetros',
    costNote: (depth, auto, shown, rows) =>
      (depth === undefined ? 'una barra por capa' : `una barra por ${depth === 1 ? 'bloque o capa de primer nivel' : `bloque de los ${depth} primeros niveles del nombre`}${auto ? ' (elegido para que quepa; --depth lo fija)' : ' (--depth)'}`) +
      (shown < rows ? `; las ${shown} mayores de ${rows} por MACs, en orden de ejecución` : ''),
    memoryTitle: 'Memoria de activaciones viva a lo largo de la ejecución',
    memoryNote: (peak, layer) => `Pico de ${peak} mientras corre ${layer}. Cada paso suma los tensores vivos mientras corre esa capa (sus entradas y su salida a la vez).`,
    step: 'paso de ejecución',
    liveAtPeak: 'Vivos en el pico',
    more: (count) => `y ${count} más`,
    rooflineTitle: (device, dtype) => `Roofline en ${device} (${dtype})`,
    intensityAxis: 'intensidad aritmética (FLOP por byte movido)',
    attainedAxis: 'FLOP/s alcanzados',
    ridge: (intensity) => `cresta ${intensity} FLOP/B`,
    roof: (peak, bandwidth) => `techo: min(${peak}FLOP/s, ${bandwidth}B/s × intensidad)`,
    noFlops: (layers) => `${layers} capa${layers === 1 ? '' : 's'} sin FLOPs (cambios de forma, concatenaciones) no dibujada${layers === 1 ? '' : 's'}.`,
    graphTitle: 'Arquitectura',
    graphNote: (collapsed, depth) =>
      (depth === undefined ? 'Un nodo por capa' : depth === 1 ? 'Un nodo por bloque o capa de primer nivel' : `Un nodo por bloque de los ${depth} primeros niveles del nombre`) +
      (collapsed ? '; un bloque repetido muestra su primera instancia y un nodo para las que la repiten.' : '.'),
    graphTooLarge: (nodes, limit) => `El grafo tiene ${nodes} nodos, más de los ${limit} que se dibujan aquí: elija bloques con --depth o expórtelo con --format dot.`,
    tableTitle: 'Capas',
    depth: 'Profundidad',
    allLayers: 'todas las capas',
    sortHint: 'Pulse en la cabecera de una columna para ordenar; otra vez para invertir; una tercera para el orden de ejecución.',
    rules: 'Cómo se contó',
    compareChart: 'Totales lado a lado (cada métrica a escala de su mayor valor)',
    widthsChart: 'MACs del cuello de botella para cada anchura M, frente a la convolución directa',
    directLine: (macs) => `convolución directa: ${macs} MACs`,
    workings: 'Formas cerradas y punto de equilibrio, con los números',
  },
  playground: {
    title: 'archcost: zona de pruebas',
    editor: 'Especificación (YAML o JSON)',
    examples: 'Ejemplos',
    openExample: 'Abrir un ejemplo…',
    device: 'Dispositivo',
    noDevice: 'ninguno (sin roofline)',
    share: 'Copiar enlace',
    copied: 'Enlace copiado: lleva la especificación',
    errors: (count) => (count === 1 ? '1 error' : `${count} errores`),
    at: (line, column) => `línea ${line}, columna ${column}`,
    stale: 'Las cifras de abajo son de la última especificación que se pudo contar.',
    intro: 'Edite la especificación: las cifras, los gráficos y el grafo cambian al escribir, calculados en esta página (no se envía nada). El enlace lleva la especificación.',
  },
  explain: {
    title: (model, inputs) => `${model}, ${inputList(inputs, 'entrada', 'entradas', ' y ')}: las reglas de cada capa con sus números`,
    counting:
      'MACs (multiplicaciones-acumulaciones): las de convoluciones, capas densas, de atención y recurrentes; FLOPs = 2·MACs + el trabajo elemento a elemento. Cuentas por muestra.',
    namesHeading: 'Nombres en las fórmulas:',
    nameDoc: (name, doc) => spanishName(name) ?? doc,
    windowLegend:
      "Formas de ventana: H, W (L, D): los tamaños de la entrada, con prima (H', W'): los de la salida; k: kernel; s: paso (stride); d: dilatación; pad: relleno total.",
    receptiveLegend: 'r: campo receptivo y j: paso acumulado, en píxeles de la entrada.',
    folded: (copies, of) => `${copyList(copies)}: igual que ${of} (ops, argumentos, formas y cuentas)`,
    layerHeading: (name, op, inputs, output) => `capa ${name} (${op}): ${inputs} -> ${output}`,
    label: {
      shape: 'forma',
      terms: 'donde',
      params: 'parámetros',
      buffers: 'buffers',
      macs: 'MACs',
      flops: 'FLOPs',
      copies: 'expertos',
      workspace: 'trabajo',
      cache: 'caché K/V',
      receptiveField: 'campo receptivo',
      cumulativeStride: 'paso acumulado',
    },
    elements: (n) => `${n} elementos`,
    copies: (stored, active, params, macs) => `un experto arriba; x${stored} almacenados (parámetros), x${active} activos por token (MACs, FLOPs): ${params} parámetros y ${macs} MACs en total`,
    shapeKept: 'igual que la entrada',
    free: 'sin parámetros, sin MACs y sin FLOPs (solo mueve datos)',
    rfUnchanged: 'sin cambios',
    rfMerge: 'el máximo entre las entradas',
    rfOneByOne: 'una ventana 1x1 no cambia el campo receptivo',
    rfGlobal: (size) => `toda la entrada (${size})`,
    rfUntracked: 'sin seguimiento (un reshape, o un op del spec con fórmula de forma, movió las posiciones)',
  },
};

const TENSORS: Record<string, string> = { in: 'la entrada', out: 'la salida', ins: 'las entradas' };
const ATTRIBUTES: Record<string, string> = {
  channels: 'el último eje (canales) de',
  height: 'el alto H de',
  width: 'el ancho W de',
  depth: 'la profundidad D de',
  length: 'la longitud L de',
  rank: 'el número de ejes de',
  shape: 'los tamaños, en una lista, de',
  elements: 'el producto de los tamaños de',
  positions: 'el producto de los tamaños anteriores a los canales de',
};
/** The op table's common names in Spanish; any other keeps its English doc. */
const NAMES: Record<string, string> = {
  params: 'los parámetros de esta capa',
  buffers: 'los buffers de esta capa',
  macs: 'los MACs de esta capa',
  flops: 'los FLOPs de esta capa',
  filters: 'canales de salida',
  kernel: 'tamaño del kernel',
  kernel_size: 'las tomas del kernel: su producto sobre los ejes espaciales',
  stride: 'paso entre ventanas',
  padding: 'relleno con ceros',
  dilation: 'separación entre las tomas del kernel',
  groups: 'grupos de canales',
  bias: 'sesgo (bias) aprendible',
  units: 'salidas de la capa densa',
  multiplier: 'filtros por canal de entrada',
  heads: 'cabezas de atención',
  L: 'tokens: el producto de los ejes anteriores a los canales',
  C: 'el ancho del modelo (canales)',
  vocab: 'tamaño del vocabulario',
  dim: 'ancho del embedding',
  count: 'tokens añadidos',
  size: 'canales de cada ventana',
};

function spanishName(name: string): string | undefined {
  const [base, attribute] = name.split('.');
  if (attribute && TENSORS[base] && ATTRIBUTES[attribute]) return `${ATTRIBUTES[attribute]} ${TENSORS[base]}`;
  return TENSORS[base] ?? NAMES[name];
}
