import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { analyze, type AnalyzeOptions } from '../src/index.js';
import { importHuggingFace } from '../src/importers/huggingface.js';
import { cli } from './cli.js';
import { errorOf, layer, run } from './helpers.js';

/** A config.json analyzed as `archcost analyze config.json --input L` does. */
function config(name: string, options: AnalyzeOptions = {}, input = [128]) {
  const { spec } = importHuggingFace(readFileSync(`specs/fixtures/hf/${name}.json`), { file: `${name}.json`, input });
  return analyze(spec, { file: `${name}.json`, ...options });
}

// Llama-2-7B: 6,738,415,616 params, of which 65 RMSNorm scales of 4096 (two per layer and the final
// norm) are vectors; every other param is a matrix (no biases), each a multiple of 128 weights.
const PARAMS = 6_738_415_616n;
const NORMS = 65n * 4096n;
const MATRICES = PARAMS - NORMS; // 6,738,149,376
const TABLE = 32000n * 4096n; // the embedding, and the untied head

describe('--weight-dtype: matrices stored apart from the activation dtype', () => {
  test('int4 with a float16 scale per 128 weights: Ψ/2 + 2Ψ/128 bytes, the norms at float16', () => {
    const r = config('llama-2-7b', { weights: { dtype: 'int4', groupSize: 128 } });
    expect(MATRICES / 2n + (2n * MATRICES) / 128n + NORMS * 2n).toBe(3_474_890_752n);
    expect(r.totals.weightBytes).toBe(3_474_890_752n);
    // int4 groups by 128 without being told (GPTQ's and AWQ's usual choice).
    expect(config('llama-2-7b', { weights: { dtype: 'int4' } }).totals.weightBytes).toBe(3_474_890_752n);
    expect(r.weights).toEqual({ dtype: 'int4', groupSize: 128, kept: [], quantizedLayers: 1 + 32 * 4 + 1 });
    // The per-layer figure is what the layer holds: q, k, v and o at 4 bits plus one scale per 128.
    expect(layer(r, 'layers.0.self_attn').weightBytes).toBe((4n * 4096n * 4096n) / 2n + ((4n * 4096n * 4096n) / 128n) * 2n);
    expect(layer(r, 'layers.0.input_layernorm').weightBytes).toBe(4096n * 2n);
  });

  test('--keep embedding,head leaves the token table and the LM head at float16; what each entry matched is reported', () => {
    const r = config('llama-2-7b', { weights: { dtype: 'int4', keep: ['embedding', 'head'] } });
    const quantized = MATRICES - 2n * TABLE;
    expect(quantized / 2n + quantized / 64n + 2n * TABLE * 2n + NORMS * 2n).toBe(3_864_010_752n);
    expect(r.totals.weightBytes).toBe(3_864_010_752n);
    expect(r.weights!.kept).toEqual(['embed_tokens', 'lm_head']);
    // A layer name, a block, or a name's last part match too.
    expect(config('llama-2-7b', { weights: { dtype: 'int4', keep: ['embed_tokens', 'lm_head'] } }).totals.weightBytes).toBe(3_864_010_752n);
    expect(config('llama-2-7b', { weights: { dtype: 'int8', keep: ['layers.31'] } }).weights!.kept).toEqual(['layers.31.self_attn', 'layers.31.gate_proj', 'layers.31.up_proj', 'layers.31.down_proj']);
    expect(config('llama-2-7b', { weights: { dtype: 'int8', keep: ['down_proj'] } }).weights!.kept).toHaveLength(32);
  });

  test('int8 and fp8 without groups: one byte per weight, no scales counted', () => {
    for (const dtype of ['int8', 'fp8'] as const) {
      expect(config('llama-2-7b', { weights: { dtype } }).totals.weightBytes).toBe(MATRICES + NORMS * 2n);
    }
    // With groups of 64: one float16 scale per 64 weights.
    expect(config('llama-2-7b', { weights: { dtype: 'int8', groupSize: 64 } }).totals.weightBytes).toBe(MATRICES + MATRICES / 32n + NORMS * 2n);
  });

  test('a bias stays at the activation dtype; a last group may be short', () => {
    // dense 64 -> 30 with bias at float32: 1,920 weights at 4 bits (960 bytes), ceil(1920 / 128) = 15 scales, 30 bias values x 4 bytes.
    const r = run('input: [64]\nlayers:\n  - dense: {units: 30}\n', { weights: { dtype: 'int4' } });
    expect(r.layers[0].weightBytes).toBe(960n + 15n * 2n + 30n * 4n);
    // An odd count of 4-bit weights fills its last byte: 3·5 = 15 weights -> 8 bytes.
    expect(run('input: [3]\nlayers:\n  - dense: {units: 5, bias: false}\n', { weights: { dtype: 'int4', groupSize: 1000 } }).layers[0].weightBytes).toBe(8n + 2n);
  });

  test("a tied head reads its owner's matrix as the owner stores it (GPT-2's lm_head and wte)", () => {
    const table = 50257n * 768n;
    const r = config('gpt2', { weights: { dtype: 'int8' } });
    expect(layer(r, 'wte').weightBytes).toBe(table);
    expect(layer(r, 'lm_head').weightBytes).toBe(table);
    const kept = config('gpt2', { weights: { dtype: 'int8', keep: ['wte'] } });
    expect(layer(kept, 'lm_head').weightBytes).toBe(table * 4n);
  });

  test("a decode step reads the weights at their storage: its bytes read fall by exactly the weight bytes int4 saves", () => {
    const half = config('llama-2-7b', { phase: 'decode', context: 1023 });
    const int4 = config('llama-2-7b', { phase: 'decode', context: 1023, weights: { dtype: 'int4' } });
    const saved = half.totals.bytesRead - int4.totals.bytesRead;
    expect(saved).toBe(half.totals.weightBytes - int4.totals.weightBytes);
  });

  test('mistakes are refused with the archcost way', () => {
    expect(errorOf(() => config('llama-2-7b', { weights: { dtype: 'int4', keep: ['lm_haed'] } }))).toMatch(/--keep lm_haed: no layer with weights is called that \(did you mean 'lm_head'\?\)/);
    expect(errorOf(() => config('llama-2-7b', { weights: { dtype: 'bfloat16', groupSize: 128 } }))).toMatch(/--group-size applies to int8, int4 and fp8 weights/);
    expect(errorOf(() => config('llama-2-7b', { weights: { dtype: 'int4' }, training: { optimizer: 'adam' } }))).toMatch(/--weight-dtype int4 is for inference/);
  });
});

describe('--kv-dtype: the KV cache stored apart from the activation dtype', () => {
  test('Llama-3-8B-class at 1,024 tokens: 2·32·8·128·1024 values, 2 bytes each at float16, 1 at int8, half at int4', () => {
    const values = 2n * 32n * 8n * 128n * 1024n;
    expect(config('llama-3-8b', {}, [1024]).totals.kvCacheBytes).toBe(values * 2n);
    expect(config('llama-3-8b', { kvDtype: 'int8' }, [1024]).totals.kvCacheBytes).toBe(values);
    expect(config('llama-3-8b', { kvDtype: 'int4' }, [1024]).totals.kvCacheBytes).toBe(values / 2n);
  });

  test('a decode step reads and writes the cache at its storage', () => {
    const fp16 = config('llama-3-8b', { phase: 'decode', context: 1023 });
    const int8 = config('llama-3-8b', { phase: 'decode', context: 1023, kvDtype: 'int8' });
    const a = layer(fp16, 'layers.0.self_attn');
    const b = layer(int8, 'layers.0.self_attn');
    // Read: K and V of 1,023 positions, 2·8·128 values each, one byte less each; written: the new position's.
    expect(a.bytesRead - b.bytesRead).toBe(2n * 8n * 128n * 1023n);
    expect(a.bytesWritten - b.bytesWritten).toBe(2n * 8n * 128n);
  });
});

describe('the command line', () => {
  test('analyze prints what is stored how', async () => {
    const r = await cli('analyze', 'specs/fixtures/hf/llama-2-7b.json', '--input', '128', '--weight-dtype', 'int4', '--keep', 'embedding,head', '--kv-dtype', 'int8', '-q');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("stored       128 layers' matrices at int4 with a float16 scale per 128 weights; biases, norms and buffers at float16; kept at float16: embed_tokens, lm_head");
    expect(r.stdout).toContain('KV cache stored at int8');
    const es = await cli('analyze', 'specs/fixtures/hf/llama-2-7b.json', '--input', '128', '--weight-dtype', 'int4', '--lang', 'es', '-q');
    expect(es.stdout).toContain('almacenado  matrices de 130 capas en int4 con una escala float16 cada 128 pesos');
  });

  test('--keep and --group-size without --weight-dtype are refused', async () => {
    const r = await cli('analyze', 'examples/seed-direct.yaml', '--keep', 'head');
    expect([r.code, r.stderr]).toEqual([2, 'error: --group-size and --keep describe quantized weights: give --weight-dtype too\n']);
  });
});
