import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { estimateTime, findDevice } from '../src/index.js';
import { errorOf, layer, run, single } from './helpers.js';

describe('attention', () => {
  test('grouped-query: q and o are C x heads·d, k and v C x kv_heads·d', () => {
    // C 512, 8 heads of 64, 2 KV heads: q 512·512, k and v 512·128 each, o 512·512; no biases
    const l = single([100, 512], 'attention: {heads: 8, kv_heads: 2, bias: false}');
    expect(l.params).toBe(2n * 512n * 512n + 2n * 512n * 128n);
    // MACs: projections 100·(512·512 + 2·512·128 + 512·512), then QKᵀ and AV: 2·8 heads·64·100² pairs
    expect(l.macs).toBe(100n * (2n * 512n * 512n + 2n * 512n * 128n) + 2n * 8n * 64n * 100n * 100n);
    // multi-query is kv_heads 1
    expect(single([100, 512], 'attention: {heads: 8, kv_heads: 1, bias: false}').params).toBe(2n * 512n * 512n + 2n * 512n * 64n);
  });

  test('head_dim apart from C / heads (Gemma): 8 heads of 256 on 2,048 channels', () => {
    const l = single([16, 2048], 'attention: {heads: 8, kv_heads: 1, head_dim: 256, bias: false}');
    expect(l.params).toBe(2n * 2048n * 8n * 256n + 2n * 2048n * 256n);
    expect(errorOf(() => single([16, 100], 'attention: {heads: 8}'))).toContain('heads 8 does not divide the 100 channels (give head_dim');
    expect(errorOf(() => single([16, 512], 'attention: {heads: 8, kv_heads: 3}'))).toContain('kv_heads 3 must divide the 8 query heads');
  });

  test('causal: the lower triangle with its diagonal, L(L+1)/2 pairs per head, for QKᵀ and AV alike', () => {
    const full = single([100, 64], 'attention: {heads: 4, bias: false}');
    const causal = single([100, 64], 'attention: {heads: 4, bias: false, causal: true}');
    // 100·101/2 = 5,050 pairs against 10,000: the score MACs are 2·4·16·pairs
    expect(full.macs - causal.macs).toBe(2n * 4n * 16n * (10_000n - 5_050n));
  });

  test('a sliding window: each query sees at most W keys', () => {
    // L 10, W 4: queries 1..4 see 1, 2, 3, 4 keys, the other six 4 each: 10 + 24 = 34 pairs
    const windowed = single([10, 64], 'attention: {heads: 4, bias: false, causal: true, window: 4}');
    const causal = single([10, 64], 'attention: {heads: 4, bias: false, causal: true}');
    expect(causal.macs - windowed.macs).toBe(2n * 4n * 16n * (55n - 34n));
  });

  test('qkv_bias and out_bias apart (Qwen2: on q, k and v only)', () => {
    const l = single([8, 64], 'attention: {heads: 4, qkv_bias: true, out_bias: false}');
    expect(l.params).toBe(4n * 64n * 64n + 3n * 64n);
  });

  test('cross-attention from [query, memory]: params and shapes as torch.nn.MultiheadAttention(64, 4, kdim=32, vdim=32)', () => {
    // torch 1.13: sum(p.numel()) = 12,544 = q 64·64 + k, v 32·64 each + out 64·64 + in_proj_bias 3·64 + out bias 64
    const r = run(`inputs: {query: [10, 64], memory: [7, 32]}
layers:
  - attention: {name: x, from: [query, memory], heads: 4}
`);
    expect(64 * 64 + 2 * 32 * 64 + 64 * 64 + 3 * 64 + 64).toBe(12_544);
    expect(r.layers[0].params).toBe(12_544n);
    expect(r.layers[0].outputShape).toEqual([10, 64]);
    // k and v projected from the 7 memory tokens; 10·7 pairs per head
    expect(r.layers[0].macs).toBe(10n * 64n * 64n + 2n * 7n * 32n * 64n + 2n * 4n * 16n * 70n + 10n * 64n * 64n);
  });

  test('torch.nn.TransformerDecoderLayer(64, 4, 128) as a spec: 50,240 params, as torch counts them', () => {
    const r = run(`inputs: {x: [10, 64], memory: [7, 64]}
layers:
  - add: {branches: [[{attention: {name: self_attn, heads: 4, causal: true}}], []]}
  - layernorm: {name: norm1}
  - add: {branches: [[{attention: {name: cross, from: [norm1, memory], heads: 4}}], []]}
  - layernorm: {name: norm2}
  - add: {branches: [[{dense: {units: 128}}, relu, {dense: {units: 64}}], []]}
  - layernorm: {name: norm3}
`);
    // self and cross attention 4·64² + 4·64 each; the MLP 64·128 + 128 + 128·64 + 64; three norms 2·64
    expect(r.totals.params).toBe(2n * (4n * 64n * 64n + 4n * 64n) + (64n * 128n + 128n + 128n * 64n + 64n) + 3n * 128n);
    expect(r.totals.params).toBe(50_240n);
  });

  test('without flash the scores and probabilities are live while the layer runs: BERT-base at 512 tokens', () => {
    const r = run(readFileSync('examples/llm/bert-base-uncased.yaml', 'utf8'), { vars: { seq: 512 } });
    // 12 heads · 512 · 512 scores and as many probabilities, 4 bytes each: 25,165,824 bytes
    const attention = layer(r, 'encoder.0.attention');
    expect(attention.workspaceBytes).toBe(2n * 12n * 512n * 512n * 4n);
    // In the peak with the layer's input and output (512·768 floats each) and the model's two inputs
    expect(r.totals.peakActivationBytes).toBeGreaterThan(25_165_824n);
    expect(r.peak.tensors.map((t) => t.name)).toContain('encoder.0.attention (workspace)');
    // and moved: written once and read once
    expect(attention.bytesWritten).toBe(512n * 768n * 4n + 25_165_824n);
  });

  test('with flash they are never stored; backward keeps the float32 log-sum-exp instead of the probabilities', () => {
    const eager = single([512, 768], 'attention: {heads: 12}');
    const flash = single([512, 768], 'attention: {heads: 12, flash: true}');
    expect([eager.workspaceBytes, flash.workspaceBytes]).toEqual([25_165_824n, 0n]);
    const train = (flashArg: string) => run(`input: [512, 768]\nlayers:\n  - attention: {heads: 12${flashArg}}\n`, { training: { optimizer: 'sgd' } }).layers[0].training!;
    // kept: input 512·768, Q and context 2·512·768, K and V 2·512·768, then probabilities 12·512² or log-sum-exp 12·512 floats
    const kept = 5n * 512n * 768n * 4n;
    expect(train('').savedActivationBytes).toBe(kept + 12n * 512n * 512n * 4n);
    expect(train(', flash: true').savedActivationBytes).toBe(kept + 12n * 512n * 4n);
  });
});

describe('rmsnorm and rope', () => {
  test('rmsnorm: C params; 4 FLOPs per element and 3 per row', () => {
    const l = single([10, 64], 'rmsnorm');
    expect([l.params, l.flops]).toEqual([64n, 4n * 640n + 3n * 10n]);
  });

  test('rope: no params, 3 FLOPs per element; inside attention on q and k', () => {
    expect(single([10, 64], 'rope').flops).toBe(3n * 640n);
    const plain = single([10, 64], 'attention: {heads: 4, kv_heads: 2, bias: false}');
    const rotary = single([10, 64], 'attention: {heads: 4, kv_heads: 2, bias: false, rope: true}');
    // q: 10·4·16 elements, k: 10·2·16
    expect(rotary.flops - plain.flops).toBe(3n * (10n * 4n * 16n + 10n * 2n * 16n));
  });
});

describe('weight tying and position tables', () => {
  const tied = (tie: string) => `input: [16]
layers:
  - embedding: {name: wte, vocab: 1000, dim: 64}
  - dense: {name: head, units: 1000, bias: false${tie}}
`;

  test('a tied head owns no weights but still multiplies, and reads the shared matrix', () => {
    const [, head] = run(tied(', tie: wte')).layers;
    expect([head.params, head.macs, head.weightBytes]).toEqual([0n, 16n * 64n * 1000n, 64_000n * 4n]);
    expect(run(tied(', tie: wte')).totals.params).toBe(64_000n);
    expect(run(tied('')).totals.params).toBe(128_000n);
  });

  test('a dense layer reading the model input has its C x units matrix to share', () => {
    // 64 x 64 weights and 64 biases in a; b ties them and keeps only its own 64 biases.
    const [a, b] = run('input: [10, 64]\nlayers:\n  - dense: {name: a, units: 64}\n  - dense: {name: b, units: 64, tie: a}\n').layers;
    expect([a.params, b.params]).toEqual([64n * 64n + 64n, 64n]);
  });

  test('training counts one gradient for the shared matrix', () => {
    const t = run(tied(', tie: wte'), { training: { optimizer: 'adam' } }).totals.training!;
    expect(t.gradientBytes).toBe(64_000n * 4n);
  });

  test('a tie to a matrix of another shape, or to a layer with none, is an error', () => {
    expect(errorOf(() => run(tied(', tie: wte').replace('units: 1000', 'units: 999')))).toContain("tie: 'wte' holds a 1000 x 64 matrix, but this layer's is 64 x 999");
    expect(errorOf(() => run(tied(', tie: wtf')))).toContain("tie: no earlier layer or input is named 'wtf' (did you mean 'wte'?)");
    expect(errorOf(() => run('input: [16, 64]\nlayers:\n  - relu: {name: r}\n  - dense: {units: 64, tie: r}\n'))).toContain("tie: 'r' is not an untied embedding or dense layer");
  });

  test('position_embedding {max: N}: N rows whatever the length, and no position past them', () => {
    expect(single([10, 64], 'position_embedding: {max: 1024}').params).toBe(1024n * 64n);
    expect(single([10, 64], 'position_embedding').params).toBe(10n * 64n);
    expect(errorOf(() => single([2000, 64], 'position_embedding: {max: 1024}'))).toContain('position_embedding has 1024 rows, but the sequence reaches position 2000');
  });
});

describe('mixture of experts', () => {
  const MOE = `input: [10, 64]
layers:
  - moe:
      name: ffn
      experts: 8
      top_k: 2
      layers:
        - dense: {name: w1, units: 256, bias: false}
        - silu
        - dense: {name: w2, units: 64, bias: false}
`;

  test('params for every expert, MACs for the top_k each token goes to, a router and a weighted sum', () => {
    const r = run(MOE);
    const expert = 64n * 256n + 256n * 64n;
    // router 64·8; 8 experts stored, 2 active
    expect(r.totals.params).toBe(64n * 8n + 8n * expert);
    expect(r.totals.activeParams).toBe(64n * 8n + 2n * expert);
    expect(layer(r, 'ffn.router').macs).toBe(10n * 64n * 8n);
    expect(layer(r, 'ffn.experts.w1').macs).toBe(2n * 10n * 64n * 256n);
    expect(r.totals.macs).toBe(10n * 64n * 8n + 2n * 10n * expert);
    // combine: per element 2 multiplies by the router weights and 1 add
    expect(layer(r, 'ffn.combine').flops).toBe(3n * 10n * 64n);
    // each expert body tensor stands for the 2 active copies
    expect(layer(r, 'ffn.experts.w1').activationBytes).toBe(2n * 10n * 256n * 4n);
  });

  test('shared experts are stored and active once each', () => {
    const r = run(MOE.replace('top_k: 2', 'top_k: 2\n      shared_experts: 1'));
    const expert = 64n * 256n + 256n * 64n;
    expect([r.totals.params, r.totals.activeParams]).toEqual([64n * 8n + 9n * expert, 64n * 8n + 3n * expert]);
  });

  test('mistakes', () => {
    expect(errorOf(() => run(MOE.replace('top_k: 2', 'top_k: 9')))).toContain('moe top_k 9 is more than its 8 experts');
    expect(errorOf(() => run(MOE.replace('experts: 8', 'expert: 8')))).toContain("unknown param 'expert'");
  });
});

describe('several outputs', () => {
  test('each is reported and stays live to the end', () => {
    const r = run(`input: [8, 8, 16]
outputs: [head_a, head_b]
layers:
  - conv: {name: head_a, filters: 4, kernel: 1}
  - conv: {name: trunk, filters: 32, kernel: 3, padding: 1, from: input}
  - conv: {name: head_b, filters: 4, kernel: 1}
`);
    expect(r.outputs).toEqual([
      { name: 'head_a', shape: [8, 8, 4] },
      { name: 'head_b', shape: [8, 8, 4] },
    ]);
    // head_a (8·8·4 floats) is still live when head_b runs
    expect(r.peak.tensors.map((t) => t.name)).toEqual(expect.arrayContaining(['head_a']));
    expect(errorOf(() => run('input: [4]\noutputs: [nope]\nlayers: [relu]\n'))).toContain("outputs: no earlier layer or input is named 'nope'");
  });
});

describe('prefill and decode', () => {
  const llama = readFileSync('examples/llm/llama-2-7b.yaml', 'utf8');

  test('Llama-2-7B decoding the 4,096th token: MACs by hand', () => {
    const r = run(llama, { phase: 'decode', context: 4095, dtype: 'float16' });
    expect(r.phase).toEqual({ name: 'decode', context: 4095, tokens: 1 });
    // Per layer: q, k, v, o 4·4096², the MLP 3·4096·11008, and QKᵀ, AV over 4,096 keys: 2·32·128·4096.
    // Then the head 4096·32000; the embedding is a lookup.
    const perLayer = 4n * 4096n ** 2n + 3n * 4096n * 11008n + 2n * 32n * 128n * 4096n;
    expect(r.totals.macs).toBe(32n * perLayer + 4096n * 32000n);
    // The cache after the step: 4,096 positions of K and V, 32 layers, 32 heads of 128, 2 bytes
    expect(r.totals.kvCacheBytes).toBe(2n * 32n * 32n * 128n * 4096n * 2n);
    // One position more adds 2·32·32·128·2 = 524,288 bytes: as much as the 13,476,831,232 bytes of weights at 25,705 positions
    expect(r.totals.kvCacheBytesPerPosition).toBe(524_288n);
    expect(r.totals.weightBytes / r.totals.kvCacheBytesPerPosition).toBe(25_705n);
  });

  test('a decode step reads the weights and the cache: on an H100 that is memory-bound', () => {
    const r = run(llama, { phase: 'decode', context: 4095, dtype: 'float16' });
    const t = estimateTime(r, findDevice('h100')!).totals;
    expect(t.memoryBoundLayers).toBe(r.layers.length);
    // ≥ (weights 6,738,415,616·2 + cache read 4,095 positions) / 3.35 TB/s
    const floor = (6_738_415_616 * 2 + 2 * 32 * 32 * 128 * 4095 * 2) / 3.35e12;
    expect(t.seconds).toBeGreaterThan(floor);
    expect(t.tokensPerSecond).toBeCloseTo(1 / t.seconds, 6);
  });

  test('decode needs --context; a window caps what the new token sees', () => {
    expect(errorOf(() => run(llama, { phase: 'decode' }))).toContain('--phase decode needs --context L');
    const step = (context: number, window = '') => run(`input: [8, 64]\nlayers:\n  - attention: {heads: 4, causal: true, bias: false${window}}\n`, { phase: 'decode', context });
    // 100 cached + the new one: 101 keys; with window 16 only 16
    expect(step(100).layers[0].macs - step(100, ', window: 16').layers[0].macs).toBe(2n * 4n * 16n * (101n - 16n));
  });

  test('an encoder ran in prefill: in decode it counts no work, only the decoder does (T5-small)', () => {
    const r = run(readFileSync('examples/llm/t5-small.yaml', 'utf8'), { phase: 'decode', context: 20 });
    const encoder = r.layers.filter((l) => l.name.startsWith('encoder'));
    expect(encoder.every((l) => l.precomputed && l.macs === 0n)).toBe(true);
    // The mark sits after activeParams in the record, as reports have always had it; a layer that runs has no such key.
    const keys = Object.keys(encoder[0]);
    expect(keys.slice(keys.indexOf('activeParams'), keys.indexOf('activeParams') + 3)).toEqual(['activeParams', 'precomputed', 'kvCacheBytes']);
    expect(r.layers.filter((l) => l.macs > 0n).every((l) => !('precomputed' in l))).toBe(true);
    // The cross-attention reads the cached memory K and V, 512 positions of 8·64, and projects nothing new
    const cross = layer(r, 'decoder.0.cross_attention');
    expect(cross.kvCacheBytes).toBe(2n * 8n * 64n * 512n * 4n);
    // Hugging Face's google-t5/t5-small (T5ForConditionalGeneration; its model card: "the checkpoint with 60 million
    // parameters"), exactly by hand from its config.json (d_model 512, d_ff 2048, 6 + 6 layers, 8 heads of 64, vocab 32128, 32 relative-position buckets,
    // head tied to the embedding): embedding 32128·512 = 16,449,536; an encoder layer 4·512² + 2·512·2048 + 2·512 = 3,146,752,
    // a decoder layer 8·512² + 2·512·2048 + 3·512 = 4,195,840; each stack's first layer adds 32·8 position biases and each
    // stack a final norm of 512: 16,449,536 + 6·3,146,752 + 6·4,195,840 + 2·(256 + 512) = 60,506,624.
    expect(r.totals.params).toBe(60_506_624n);
  });
});
