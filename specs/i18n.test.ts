import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { en } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';
import { detectLang, detectLocale } from '../src/i18n/lang.js';
import { numberFormat } from '../src/i18n/numbers.js';
import { cli } from './cli.js';

describe('language from the locale', () => {
  test('LC_ALL, then LC_MESSAGES, then LANG; empty values are skipped', () => {
    expect(detectLang({})).toBe('en');
    expect(detectLang({ LANG: 'es_ES.UTF-8' })).toBe('es');
    expect(detectLang({ LANG: 'es_MX' })).toBe('es');
    expect(detectLang({ LANG: 'es' })).toBe('es');
    expect(detectLang({ LC_ALL: 'C', LANG: 'es_ES.UTF-8' })).toBe('en');
    expect(detectLang({ LC_ALL: '', LC_MESSAGES: 'es_AR.UTF-8', LANG: 'en_GB' })).toBe('es');
    expect(detectLang({ LANG: 'est_EE' })).toBe('en'); // Estonian, not Spanish
  });

  test('the region of the numbers: LC_ALL, then LC_NUMERIC, then LANG, when in the same language', () => {
    expect(detectLocale({ LANG: 'es_MX.UTF-8' })).toBe('es-MX');
    expect(detectLocale({ LANG: 'es_ES@euro' })).toBe('es-ES');
    expect(detectLocale({ LANG: 'es' })).toBe('es');
    expect(detectLocale({ LANG: 'es_ES.UTF-8', LC_NUMERIC: 'es_MX.UTF-8' })).toBe('es-MX');
    expect(detectLocale({ LANG: 'es_ES.UTF-8', LC_NUMERIC: 'de_DE.UTF-8' })).toBe('es');
    expect(detectLocale({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(detectLocale({})).toBe('en');
  });

  const saved = { LC_ALL: process.env.LC_ALL, LC_MESSAGES: process.env.LC_MESSAGES, LC_NUMERIC: process.env.LC_NUMERIC, LANG: process.env.LANG };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  test('the CLI default follows LANG; --lang overrides it', async () => {
    delete process.env.LC_ALL;
    delete process.env.LC_MESSAGES;
    process.env.LANG = 'es_ES.UTF-8';
    const spanish = await cli('analyze', 'examples/seed-direct.yaml');
    expect(spanish.stdout).toContain('Parámetros');
    const english = await cli('analyze', 'examples/seed-direct.yaml', '--lang', 'en');
    expect(english.stdout).toContain('Params');
  });

  test('es_MX: Spanish text with Mexican numbers (1,234.5); --lang es-MX says the same', async () => {
    delete process.env.LC_ALL;
    delete process.env.LC_NUMERIC;
    process.env.LANG = 'es_MX.UTF-8';
    // seed-direct: 28·28·256·(256·16) = 822,083,584 MACs, 256·256·16 = 1,048,576 params, 4 MiB of weights
    for (const run of [await cli('analyze', 'examples/seed-direct.yaml'), await cli('analyze', 'examples/seed-direct.yaml', '--lang', 'es-MX')]) {
      expect(run.stdout).toContain('Parámetros');
      expect(run.stdout).toContain('822,083,584');
      expect(run.stdout).toContain('4.00 MiB');
    }
  });

  test('--lang takes a locale, and refuses what is not one', async () => {
    expect((await cli('analyze', 'examples/seed-direct.yaml', '--lang', 'es_AR')).stdout).toContain('822.083.584');
    const bad = await cli('analyze', 'examples/seed-direct.yaml', '--lang', 'fr');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected en or es, or a locale such as es-MX or en-GB, got 'fr'");
  });
});

describe('the analyze table in Spanish', () => {
  test('headers, summary lines and number separators', async () => {
    const r = await cli('analyze', 'examples/seed-bottleneck.yaml', '--lang', 'es', '--format', 'markdown');
    expect(r.stdout).toContain('| Capa | Op | Salida | Parámetros | MACs | FLOPs | Activaciones | % MACs | Campo receptivo / paso |');
    // 28·28·64·256 = 12,845,056 MACs, 256·64 = 16,384 params; 12,845,056 / 218,365,952 = 5.88 %
    expect(r.stdout).toContain('| reduce | conv | 28x28x64 | 16.384 | 12.845.056 | 25.690.112 | 196 KiB | 5,9% | 1x1 /1 |');
    expect(r.stdout).toContain('### seed-bottleneck: entrada 28x28x256, lote 1, float32');
    expect(r.stdout).toContain('MACs          218.365.952 (218 M) multiplicaciones-acumulaciones');
    expect(r.stdout).toContain('mapas de activaciones');
  });

  test('--memory, --training and --device columns and lines (seed-bottleneck on a T4)', async () => {
    const r = await cli('analyze', 'examples/seed-bottleneck.yaml', '--memory', '--training', '--device', 't4', '--lang', 'es');
    expect(r.stdout).toMatch(/Pesos +│ +Tráfico │ FLOP\/B │ Guardado \(retroprop\.\) │ +Tiempo │ Límite/);
    // reduce: 256·64·4 = 65,536 weight bytes; 1,069,056 bytes moved; 25,690,112 / 1,069,056 = 24.0 FLOP/B; memory-bound on a T4
    expect(r.stdout).toMatch(/│ reduce .*│ 64,0 KiB │ 1,02 MiB │ +24,0 │ .*│ memoria +│/);
    expect(r.stdout).toMatch(/│ spatial .*│ cómputo +│/);
    expect(r.stdout).toContain('2/3 memoria');
    // read 2,318,336 B, written 1,204,224 B; 436,782,080 / 3,522,560 = 124 FLOP/B
    expect(r.stdout).toContain('en el pico    viven input 784 KiB, reduce 196 KiB');
    expect(r.stdout).toContain('tráfico       2,21 MiB leídos, 1,15 MiB escritos: 124 FLOP/B en total');
    // Adam: weights 1,114,112 B + gradients as many + two states 2,228,224 B
    expect(r.stdout).toContain('con adam, float32: pesos 1,06 MiB + gradientes 1,06 MiB + estado del optimizador 2,13 MiB');
    expect(r.stdout).toContain('hacia adelante');
    expect(r.stdout).toMatch(/tiempo {8}55,3 µs en NVIDIA T4 con float32 \(estimación roofline: .*2 de 3 capas limitadas por memoria/);
    for (const english of ['Weights', 'Moved', 'Bound', 'live at peak', 'traffic', 'memory-bound', 'with adam', 'per step']) {
      expect([english, r.stdout.includes(english)]).toEqual([english, false]);
    }
    const html = await cli('analyze', 'examples/seed-bottleneck.yaml', '--device', 't4', '--lang', 'es', '--format', 'html');
    expect(html.stdout).toContain('<td class="memory" data-v="memoria">memoria</td>');
    expect(html.stdout).toContain('<h2>Dónde están los MACs y los parámetros</h2>');
  });

  test('mixed precision in Spanish', async () => {
    const r = await cli('analyze', 'examples/seed-bottleneck.yaml', '--mixed-precision', '--dtype', 'float16', '--lang', 'es');
    expect(r.stdout).toContain('precisión mixta (float16; copia maestra de los pesos y estado en float32)');
    expect(r.stdout).toContain('+ copia maestra 1,06 MiB');
  });

  test('the time row of compare and bottleneck', async () => {
    const compare = await cli('compare', 'examples/seed-direct.yaml', 'examples/seed-bottleneck.yaml', '--device', 't4', '--lang', 'es');
    expect(compare.stdout).toMatch(/tiempo \(estimado\) +│ +203 µs │ +55,3 µs │ +0,273x │/);
    expect(compare.stdout).toContain('tiempo: estimación roofline en NVIDIA T4 con float32');
    const bottleneck = await cli('bottleneck', '--input', '28x28x256', '--kernel', '4', '--out', '256', '--device', 't4', '--lang', 'es');
    expect(bottleneck.stdout).toMatch(/cociente de MACs │ tiempo \(estimado\) │ cociente de tiempo │/);
    expect(bottleneck.stdout).toContain('convolución directa: 203 µs estimados');
  });

  test('JSON and CSV do not change with the language', async () => {
    const a = await cli('analyze', 'examples/seed-bottleneck.yaml', '--format', 'json', '--lang', 'es');
    const b = await cli('analyze', 'examples/seed-bottleneck.yaml', '--format', 'json', '--lang', 'en');
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('check and diff in Spanish', () => {
  test('check: the verdict, each budget and the Markdown table', async () => {
    const r = await cli('check', 'examples/seed-bottleneck.yaml', '--max-macs', '200M', '--max-params', '1M', '--lang', 'es');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('seed-bottleneck: 1 de 2 presupuestos superado');
    // 218,365,952 - 200,000,000 = 18,365,952 over, 9.18% of the limit; 1,000,000 - 278,528 = 721,472 under
    expect(r.stdout).toContain('FALLO macs    218.365.952 (218 M) >  200M = 200.000.000: lo supera en 18.365.952 (9,18%)');
    expect(r.stdout).toContain('ok    params  278.528 (279 K) <= 1M = 1.000.000: 721.472 por debajo (72,14%)');
    const md = await cli('check', 'examples/seed-bottleneck.yaml', '--max-macs', '1G', '--format', 'markdown', '--lang', 'es');
    expect(md.stdout).toContain('### ✅ archcost check: seed-bottleneck: se cumple el presupuesto');
    expect(md.stdout).toContain('|  | Métrica | Valor | Presupuesto | Diferencia | Capa que más aporta | Fijado por |');
    expect(md.stdout).toContain('_convenciones de archcost, lote 1, float32; memoria = pesos + pico de activaciones._');
  });

  test('diff: what grew, by how much, and the layers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archcost-i18n-'));
    try {
      const baseline = join(dir, 'baseline.json');
      await cli('analyze', 'examples/seed-bottleneck.yaml', '--format', 'json', '--output', baseline);
      const wider = join(dir, 'wider.yaml');
      writeFileSync(wider, readFileSync('examples/seed-bottleneck.yaml', 'utf8').replace('mid: 64', 'mid: 72'));
      const r = await cli('diff', baseline, wider, '--metric', 'macs', '--lang', 'es');
      expect(r.code).toBe(1);
      // MACs 28·28·(256·72 + 72·256·16) = 245,661,696 against 218,365,952: +27,295,744, +12.5%
      expect(r.stdout).toContain('macs creció más de un 0%; capas: 0 añadidas, 0 eliminadas, 3 modificadas');
      expect(r.stdout).toContain('FALLO macs  218.365.952 (218 M) -> 245.661.696 (246 M): +27.295.744 (+12,50%)');
      expect(r.stdout).toContain('~ reduce: salida 28x28x64 -> 28x28x72');
      const md = await cli('diff', baseline, wider, '--format', 'markdown', '--lang', 'es');
      expect(md.stdout).toContain('macs, flops, params, memory crecieron más de un 0%');
      expect(md.stdout).toContain('|  | Métrica | Referencia | Actual | Cambio |');
      expect(md.stdout).toContain('<details><summary>Cambios por capa</summary>');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('the Spanish catalogue', () => {
  test('numbers: 1.234.567 and 3,76', () => {
    const n = numberFormat('es');
    expect(n.int(822_083_584n)).toBe('822.083.584');
    expect(n.times(822_083_584 / 218_365_952)).toBe('3,76x');
    expect(n.bytes(3_211_264n)).toBe('3,06 MiB'); // 3,211,264 / 1,048,576 = 3.0625
    expect(n.plain(0.5)).toBe('0,5');
  });

  test('numbers follow the region: es-MX and es-US write 1,234.5, es-AR and es-CO 1.234,5 (CLDR)', () => {
    for (const locale of ['es-MX', 'es-US'] as const) {
      const n = numberFormat(locale);
      expect([n.int(1234n), n.times(3.7619), n.bytes(3_211_264n)]).toEqual(['1,234', '3.76x', '3.06 MiB']);
    }
    for (const locale of ['es-AR', 'es-CO', 'es-ES'] as const) {
      const n = numberFormat(locale);
      expect([n.int(1234n), n.times(3.7619), n.bytes(3_211_264n)]).toEqual(['1.234', '3,76x', '3,06 MiB']);
    }
  });

  /** Every plain string of the catalogue, with its path. */
  function strings(value: unknown, path = ''): [string, string][] {
    if (typeof value === 'string') return [[path, value]];
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
    return [];
  }

  test('every sentence is translated (the same text only for symbols and loanwords)', () => {
    const english = new Map(strings(en));
    const same = strings(es).filter(([path, text]) => english.get(path) === text).map(([, text]) => text);
    // '' heads the ✅/❌ column of check and diff tables.
    // Collectives keep their NCCL names in Spanish (all-reduce, ...), as do pipeline and tokens/s; total is Spanish too.
    const loanwords = new Set(['MACs', 'FLOPs', 'buffers', 'Op', '% MACs', 'Total', 'total', '-', 'no', 'FLOP/B', 'ok', '', 'pipeline', 'all-reduce', 'all-gather', 'reduce-scatter', 'tokens/s']);
    expect(same.filter((t) => !loanwords.has(t))).toEqual([]);
  });

  test('the terms a Spanish-speaking ML student expects', () => {
    const text = [
      ...strings(es).map(([, t]) => t),
      es.analyze.activations('1,92 MiB', '784 KiB', '1,15 MiB', '980 KiB', 'reduce'),
      es.bottleneck.bottleneckLayers(4, 256, 64, 256, false),
      es.explain.layerHeading('reduce', 'conv', '28x28x256', '28x28x64'),
    ].join('\n');
    for (const term of ['capa', 'convolución 1x1', 'parámetros', 'MACs (multiplicaciones-acumulaciones)', 'campo receptivo', 'mapas de activaciones']) {
      expect(text).toContain(term);
    }
  });
});
