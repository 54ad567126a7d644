import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ArchcostError, analyze } from '../src/index.js';
import { importHuggingFace, specFromHuggingFace } from '../src/importers/huggingface.js';
import { cli } from './cli.js';

const fixture = (name: string) => readFileSync(`specs/fixtures/hf/${name}.json`);

/** A config.json analyzed as `archcost analyze config.json --input L` does. */
function analyzeConfig(name: string, input?: number[], options: Parameters<typeof analyze>[1] = {}) {
  const { spec } = importHuggingFace(fixture(name), { file: `${name}.json`, input });
  return analyze(spec, { file: `${name}.json`, ...options });
}

/** Params of one Llama-family decoder layer: q, k, v, o (no biases), a gated MLP, two RMSNorms. */
function llamaLayer(hidden: number, heads: number, kvHeads: number, headDim: number, intermediate: number): number {
  return hidden * heads * headDim * 2 + hidden * kvHeads * headDim * 2 + 3 * hidden * intermediate + 2 * hidden;
}

describe('parameter counts equal the published sum(p.numel()) of the model class', () => {
  test('Llama-2-7B (LlamaForCausalLM): 6,738,415,616', () => {
    // 2·32000·4096 (embedding and untied head) + 32·(4·4096² + 3·4096·11008 + 2·4096) + 4096 (final norm)
    expect(2 * 32000 * 4096 + 32 * (4 * 4096 ** 2 + 3 * 4096 * 11008 + 2 * 4096) + 4096).toBe(6_738_415_616);
    expect(analyzeConfig('llama-2-7b', [128]).totals.params).toBe(6_738_415_616n);
  });

  test('Llama-3-70B (LlamaForCausalLM, 64 heads over 8 KV heads, hidden 8192, MLP 28672, 80 layers): 70,553,706,496', () => {
    expect(2 * 128256 * 8192 + 80 * llamaLayer(8192, 64, 8, 128, 28672) + 8192).toBe(70_553_706_496);
    expect(analyzeConfig('llama-3-70b', [128]).totals.params).toBe(70_553_706_496n);
  });

  test('Llama-3-8B (LlamaForCausalLM, 8 KV heads): 8,030,261,248', () => {
    expect(2 * 128256 * 4096 + 32 * llamaLayer(4096, 32, 8, 128, 14336) + 4096).toBe(8_030_261_248);
    expect(analyzeConfig('llama-3-8b', [128]).totals.params).toBe(8_030_261_248n);
  });

  test('Mistral-7B-v0.1 (MistralForCausalLM): 7,241,732,096', () => {
    expect(2 * 32000 * 4096 + 32 * llamaLayer(4096, 32, 8, 128, 14336) + 4096).toBe(7_241_732_096);
    expect(analyzeConfig('mistral-7b-v0.1', [128]).totals.params).toBe(7_241_732_096n);
  });

  test('Mixtral-8x7B-v0.1 (MixtralForCausalLM): 46,702,792,704 in all, 12,879,925,248 active', () => {
    // A layer: attention 2·4096² + 2·4096·1024, router 4096·8, 8 experts of 3·4096·14336, two norms.
    const attention = 2 * 4096 ** 2 + 2 * 4096 * 1024;
    const expert = 3 * 4096 * 14336;
    expect(2 * 32000 * 4096 + 32 * (attention + 4096 * 8 + 8 * expert + 2 * 4096) + 4096).toBe(46_702_792_704);
    // Active per token: 2 of the 8 experts.
    expect(2 * 32000 * 4096 + 32 * (attention + 4096 * 8 + 2 * expert + 2 * 4096) + 4096).toBe(12_879_925_248);
    const r = analyzeConfig('mixtral-8x7b-v0.1', [128]);
    expect([r.totals.params, r.totals.activeParams]).toEqual([46_702_792_704n, 12_879_925_248n]);
  });

  test('Qwen2-0.5B (Qwen2ForCausalLM: biases on q, k, v only; tied head): 494,032,768', () => {
    // head_dim 896/14 = 64; KV width 2·64 = 128
    const layer = 896 * 896 + 896 + 2 * (896 * 128 + 128) + 896 * 896 + 3 * 896 * 4864 + 2 * 896;
    expect(151936 * 896 + 24 * layer + 896).toBe(494_032_768);
    expect(analyzeConfig('qwen2-0.5b', [128]).totals.params).toBe(494_032_768n);
  });

  test('Gemma-2B (GemmaForCausalLM: head_dim 256 with 8 heads on 2048 channels, multi-query, tied): 2,506,172,416', () => {
    expect(256000 * 2048 + 18 * llamaLayer(2048, 8, 1, 256, 16384) + 2048).toBe(2_506_172_416);
    expect(analyzeConfig('gemma-2b', [128]).totals.params).toBe(2_506_172_416n);
  });

  test('Phi-3-mini-4k (Phi3ForCausalLM: fused qkv and gate_up, the same weights): 3,821,079,552', () => {
    expect(2 * 32064 * 3072 + 32 * llamaLayer(3072, 32, 32, 96, 8192) + 3072).toBe(3_821_079_552);
    expect(analyzeConfig('phi-3-mini-4k-instruct', [128]).totals.params).toBe(3_821_079_552n);
  });

  test('GPT-2 (GPT2LMHeadModel, head tied to wte): 124,439,808', () => {
    // wte 50257·768, wpe 1024·768 (whatever the sequence), 12 blocks, ln_f; the head owns nothing.
    const block = 2 * 768 + (768 * 2304 + 2304) + (768 * 768 + 768) + 2 * 768 + (768 * 3072 + 3072) + (3072 * 768 + 768);
    expect(50257 * 768 + 1024 * 768 + 12 * block + 2 * 768).toBe(124_439_808);
    const r = analyzeConfig('gpt2', [128]);
    expect(r.totals.params).toBe(124_439_808n);
    // The tied head still multiplies: 128 positions · 768 · 50257 MACs, and reads the embedding's matrix.
    const head = r.layers.find((l) => l.name === 'lm_head')!;
    expect([head.params, head.macs, head.weightBytes]).toEqual([0n, 128n * 768n * 50257n, 50257n * 768n * 4n]);
  });

  test('BERT-base-uncased (BertModel with its pooler): 109,482,240', () => {
    const embeddings = 30522 * 768 + 512 * 768 + 2 * 768 + 2 * 768;
    const layer = 4 * (768 * 768 + 768) + 2 * 768 + (768 * 3072 + 3072) + (3072 * 768 + 768) + 2 * 768;
    expect(embeddings + 12 * layer + 768 * 768 + 768).toBe(109_482_240);
    const r = analyzeConfig('bert-base-uncased', [128]);
    expect(r.totals.params).toBe(109_482_240n);
    // Two outputs: the last hidden state and the pooled first token.
    expect(r.outputs.map((o) => o.shape)).toEqual([[128, 768], [768]]);
  });
});

describe('the examples archcost import wrote (examples/llm) count the same', () => {
  test.each([
    ['gpt2', 124_439_808n],
    ['bert-base-uncased', 109_482_240n],
    ['mixtral-8x7b-v0.1', 46_702_792_704n],
    ['llama-2-7b', 6_738_415_616n],
    ['llama-3-70b', 70_553_706_496n],
  ])('%s', (name, params) => {
    expect(analyze(readFileSync(`examples/llm/${name}.yaml`, 'utf8'), { vars: { seq: 64 } }).totals.params).toBe(params);
  });
});

describe('the KV cache', () => {
  test("Llama-3-8B-class (32 layers, 8 KV heads of 128) at 1,024 tokens in 16 bits: 134,217,728 bytes, Hugging Face's 0.125 GB", () => {
    // 2 (K and V) · 32 layers · 8 heads · 128 · 2 bytes = 131,072 bytes per token
    expect(2 * 32 * 8 * 128 * 2 * 1024).toBe(134_217_728);
    const r = analyzeConfig('llama-3-8b', [1024]);
    expect(r.dtype).toBe('bfloat16');
    expect(r.totals.kvCacheBytes).toBe(134_217_728n);
  });

  test('a sliding window caps it: Mistral-7B keeps 4,096 positions whatever the length', () => {
    // 2 · 32 · 8 · 128 · 2 bytes · 4096
    const at = (length: number) => analyzeConfig('mistral-7b-v0.1', [length]).totals.kvCacheBytes;
    expect(at(4096)).toBe(2n * 32n * 8n * 128n * 2n * 4096n);
    expect(at(8192)).toBe(at(4096));
    expect(at(1024)).toBe(2n * 32n * 8n * 128n * 2n * 1024n);
    // one position more: 2·32·8·128·2 bytes before the window is full, nothing after
    const growth = (length: number) => analyzeConfig('mistral-7b-v0.1', [length]).totals.kvCacheBytesPerPosition;
    expect([growth(1024), growth(8192)]).toEqual([131_072n, 0n]);
  });

  test('an encoder keeps none', () => {
    expect(analyzeConfig('bert-base-uncased', [128]).totals.kvCacheBytes).toBe(0n);
  });
});

describe('a config.json from the command line', () => {
  test('analyze reads it by its model_type; import writes the spec', async () => {
    const analyzed = await cli('analyze', 'specs/fixtures/hf/gpt2.json', '--input', '64', '--format', 'json');
    expect(analyzed.code).toBe(0);
    expect(JSON.parse(analyzed.stdout).totals.params).toBe(124_439_808);
    const imported = await cli('import', 'specs/fixtures/hf/llama-2-7b.json');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('decoder_layer: {name: layers, repeat: "${layers}"}');
    expect(imported.stdout).toContain('vars: {seq: 4096, hidden: 4096, layers: 32, heads: 32, kv_heads: 32, head_dim: 128, intermediate: 11008, vocab: 32000}');
    // The written spec counts the same.
    expect(analyze(imported.stdout.replace(/^#.*\n/gm, ''), { input: [128] }).totals.params).toBe(6_738_415_616n);
  });

  test('an unsupported model_type is exit 2 naming the supported ones', () => {
    expect(() => specFromHuggingFace({ model_type: 't5' }, 'config.json')).toThrow(
      'model_type "t5" is not one archcost reads; it reads llama, mistral, mixtral, qwen2, gemma, phi3, gpt2, bert',
    );
    expect(() => specFromHuggingFace({ model_type: 'llama', hidden_size: 'big' }, 'config.json')).toThrow(ArchcostError);
    expect(() => specFromHuggingFace({ model_type: 'llama', hidden_size: 'big' }, 'config.json')).toThrow('"hidden_size" must be a positive integer, got "big"');
  });
});
