import { ArchcostError } from '../core/errors.js';
import type { SpecObject } from './assemble.js';
import { MAX_TEXT_BYTES, type ImportOptions } from './model-graph.js';

/**
 * A Hugging Face `config.json` as an archcost spec with vars and a block per layer, written the way
 * the model's modeling_*.py builds it (docs/importers/huggingface.md). Every count then comes from
 * the op table, so the parameter count equals `sum(p.numel())` of the model class named below.
 */

type Config = Record<string, unknown>;
type Item = Record<string, unknown> | string;
type Spec = Record<string, unknown>;

interface Family {
  /** The model class whose parameters the spec counts. */
  model: string;
  build(c: Reader): Spec;
}

/** Reads config fields with the config class's defaults, and says which field is wrong. */
class Reader {
  constructor(
    readonly config: Config,
    private readonly file: string | undefined,
    private readonly defaults: Config,
  ) {}

  private raw(key: string): unknown {
    return Object.hasOwn(this.config, key) && this.config[key] !== null ? this.config[key] : this.defaults[key];
  }

  has(key: string): boolean {
    return Object.hasOwn(this.config, key) && this.config[key] !== null;
  }

  int(key: string, ...fallbacks: string[]): number {
    for (const k of [key, ...fallbacks]) {
      const value = this.raw(k);
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) this.fail(`"${k}" must be a positive integer, got ${JSON.stringify(value)}`);
      return value as number;
    }
    return this.fail(`"${key}" is missing and has no default`);
  }

  bool(key: string): boolean {
    const value = this.raw(key);
    if (value === undefined) return false;
    if (typeof value !== 'boolean') this.fail(`"${key}" must be true or false, got ${JSON.stringify(value)}`);
    return value as boolean;
  }

  text(key: string, fallback: string): string {
    const value = this.raw(key) ?? fallback;
    if (typeof value !== 'string') this.fail(`"${key}" must be a string, got ${JSON.stringify(value)}`);
    return value as string;
  }

  fail(message: string): never {
    throw new ArchcostError({ file: this.file, message: `Hugging Face config: ${message}` });
  }
}

/** The activation a config names, as an archcost op (the gelu variants count alike; docs/ops.md). */
function activation(c: Reader, key: string, fallback: string): string {
  const name = c.text(key, fallback);
  const ops: Record<string, string> = { silu: 'silu', swish: 'silu', gelu: 'gelu', gelu_new: 'gelu', gelu_pytorch_tanh: 'gelu', gelu_fast: 'gelu', relu: 'relu', tanh: 'tanh' };
  return ops[name] ?? c.fail(`the activation "${name}" is not one archcost maps (${Object.keys(ops).join(', ')})`);
}

const ref = (name: string) => `\${${name}}`;
const residual = (...body: Item[]): Item => ({ add: { branches: [body, []] } });

/** A gated MLP (SwiGLU / GeGLU): down(act(gate(x)) * up(x)), as Llama, Mistral, Qwen2, Gemma and Phi-3 write it. */
function gatedMlp(act: string, names = { gate: 'gate_proj', up: 'up_proj', down: 'down_proj' }, width = 'intermediate', bias = false): Item[] {
  return [
    {
      multiply: {
        name: 'mlp',
        branches: [
          [{ dense: { name: names.gate, units: ref(width), bias } }, { [act]: { name: 'act_fn' } }],
          [{ dense: { name: names.up, units: ref(width), bias } }],
        ],
      },
    },
    { dense: { name: names.down, units: ref('hidden'), bias } },
  ];
}

/** A decoder-only LLM of the Llama family: embedding, N x (RMSNorm, attention, RMSNorm, MLP), RMSNorm, head. */
function llamaLike(c: Reader, options: { qkvBias?: boolean; outBias?: boolean; window?: number; moe?: boolean; mlpBias?: boolean; tie: boolean }): Spec {
  const hidden = c.int('hidden_size');
  const heads = c.int('num_attention_heads');
  const vars: Record<string, number> = {
    seq: c.int('max_position_embeddings'),
    hidden,
    layers: c.int('num_hidden_layers'),
    heads,
    kv_heads: c.has('num_key_value_heads') ? c.int('num_key_value_heads') : heads,
    head_dim: c.has('head_dim') ? c.int('head_dim') : hidden / heads,
    intermediate: c.int('intermediate_size'),
    vocab: c.int('vocab_size'),
  };
  if (!Number.isInteger(vars.head_dim)) c.fail(`num_attention_heads ${heads} does not divide hidden_size ${hidden}, and there is no head_dim`);
  if (options.window) vars.window = options.window;
  const attention = {
    name: 'self_attn',
    heads: ref('heads'),
    kv_heads: ref('kv_heads'),
    head_dim: ref('head_dim'),
    causal: true,
    rope: true,
    ...(options.qkvBias === options.outBias ? { bias: options.qkvBias ?? false } : { qkv_bias: options.qkvBias ?? false, out_bias: options.outBias ?? false }),
    ...(options.window ? { window: ref('window') } : {}),
  };
  const act = activation(c, c.has('hidden_activation') ? 'hidden_activation' : 'hidden_act', 'silu');
  let mlp: Item[];
  if (options.moe) {
    vars.experts = c.int('num_local_experts');
    vars.top_k = c.int('num_experts_per_tok');
    mlp = [{ moe: { name: 'block_sparse_moe', experts: ref('experts'), top_k: ref('top_k'), layers: gatedMlp(act, { gate: 'w1', up: 'w3', down: 'w2' }) } }];
  } else {
    mlp = gatedMlp(act, undefined, 'intermediate', options.mlpBias);
  }
  return {
    input: { shape: [ref('seq')], name: 'input_ids' },
    vars,
    blocks: {
      decoder_layer: {
        layers: [residual({ rmsnorm: { name: 'input_layernorm' } }, { attention }), residual({ rmsnorm: { name: 'post_attention_layernorm' } }, ...mlp)],
      },
    },
    layers: [
      { embedding: { name: 'embed_tokens', vocab: ref('vocab'), dim: ref('hidden') } },
      { decoder_layer: { name: 'layers', repeat: ref('layers') } },
      { rmsnorm: { name: 'norm' } },
      { dense: { name: 'lm_head', units: ref('vocab'), bias: false, ...(options.tie ? { tie: 'embed_tokens' } : {}) } },
    ],
  };
}

/** A sliding window the config turns on (Mistral's and Phi-3's `sliding_window`; Qwen2's only with use_sliding_window). */
function windowOf(c: Reader, needsSwitch = false): number | undefined {
  if (!c.has('sliding_window') || (needsSwitch && !c.bool('use_sliding_window'))) return undefined;
  const window = c.int('sliding_window');
  return window < c.int('max_position_embeddings') ? window : undefined;
}

const LLAMA_DEFAULTS = { vocab_size: 32000, hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, max_position_embeddings: 2048, hidden_act: 'silu' };

const FAMILIES: Record<string, { defaults: Config; family: Family }> = {
  llama: {
    defaults: LLAMA_DEFAULTS,
    family: {
      model: 'LlamaForCausalLM',
      build: (c) => llamaLike(c, { qkvBias: c.bool('attention_bias'), outBias: c.bool('attention_bias'), mlpBias: c.bool('mlp_bias'), tie: c.bool('tie_word_embeddings') }),
    },
  },
  mistral: {
    defaults: { ...LLAMA_DEFAULTS, intermediate_size: 14336, num_key_value_heads: 8, max_position_embeddings: 131072 },
    family: { model: 'MistralForCausalLM', build: (c) => llamaLike(c, { window: windowOf(c), tie: c.bool('tie_word_embeddings') }) },
  },
  mixtral: {
    defaults: { ...LLAMA_DEFAULTS, intermediate_size: 14336, num_key_value_heads: 8, max_position_embeddings: 131072, num_local_experts: 8, num_experts_per_tok: 2 },
    family: { model: 'MixtralForCausalLM', build: (c) => llamaLike(c, { window: windowOf(c), moe: true, tie: c.bool('tie_word_embeddings') }) },
  },
  qwen2: {
    defaults: { vocab_size: 151936, hidden_size: 4096, intermediate_size: 22016, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, max_position_embeddings: 32768, hidden_act: 'silu' },
    // Qwen2 puts biases on q, k and v only.
    family: { model: 'Qwen2ForCausalLM', build: (c) => llamaLike(c, { qkvBias: true, outBias: false, window: windowOf(c, true), tie: c.bool('tie_word_embeddings') }) },
  },
  gemma: {
    defaults: { vocab_size: 256000, hidden_size: 3072, intermediate_size: 24576, num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 16, head_dim: 256, max_position_embeddings: 8192, hidden_act: 'gelu_pytorch_tanh', tie_word_embeddings: true },
    family: { model: 'GemmaForCausalLM', build: (c) => llamaLike(c, { qkvBias: c.bool('attention_bias'), outBias: c.bool('attention_bias'), tie: c.bool('tie_word_embeddings') }) },
  },
  phi3: {
    defaults: { vocab_size: 32064, hidden_size: 3072, intermediate_size: 8192, num_hidden_layers: 32, num_attention_heads: 32, max_position_embeddings: 4096, hidden_act: 'silu' },
    // Phi-3 fuses q, k, v into qkv_proj and gate, up into gate_up_proj: the same weights, counted the same.
    family: { model: 'Phi3ForCausalLM', build: (c) => llamaLike(c, { window: windowOf(c), tie: c.bool('tie_word_embeddings') }) },
  },
  gpt2: {
    defaults: { vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12, activation_function: 'gelu_new' },
    family: { model: 'GPT2LMHeadModel', build: gpt2 },
  },
  bert: {
    defaults: { vocab_size: 30522, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'gelu', max_position_embeddings: 512, type_vocab_size: 2 },
    family: { model: 'BertModel', build: bert },
  },
};

/** GPT-2 (GPT2LMHeadModel): learned positions, pre-LayerNorm blocks with biased projections, the head tied to wte. */
function gpt2(c: Reader): Spec {
  const hidden = c.int('n_embd');
  const vars = {
    seq: c.int('n_positions', 'n_ctx'),
    positions: c.int('n_positions', 'n_ctx'),
    hidden,
    layers: c.int('n_layer'),
    heads: c.int('n_head'),
    inner: c.has('n_inner') ? c.int('n_inner') : 4 * hidden,
    vocab: c.int('vocab_size'),
  };
  const act = activation(c, 'activation_function', 'gelu_new');
  return {
    input: { shape: [ref('seq')], name: 'input_ids' },
    vars,
    blocks: {
      block: {
        layers: [
          residual({ layernorm: { name: 'ln_1' } }, { attention: { name: 'attn', heads: ref('heads'), causal: true } }),
          residual({ layernorm: { name: 'ln_2' } }, { dense: { name: 'c_fc', units: ref('inner') } }, { [act]: { name: 'act' } }, { dense: { name: 'c_proj', units: ref('hidden') } }),
        ],
      },
    },
    layers: [
      { embedding: { name: 'wte', vocab: ref('vocab'), dim: ref('hidden') } },
      { position_embedding: { name: 'wpe', max: ref('positions') } },
      { block: { name: 'h', repeat: ref('layers') } },
      { layernorm: { name: 'ln_f' } },
      // GPT2LMHeadModel always ties its head to wte.
      { dense: { name: 'lm_head', units: ref('vocab'), bias: false, tie: 'wte' } },
    ],
  };
}

/** BERT (BertModel, with its pooler): word, position and token-type embeddings; post-LayerNorm encoder blocks. */
function bert(c: Reader): Spec {
  const vars = {
    seq: c.int('max_position_embeddings'),
    positions: c.int('max_position_embeddings'),
    hidden: c.int('hidden_size'),
    layers: c.int('num_hidden_layers'),
    heads: c.int('num_attention_heads'),
    intermediate: c.int('intermediate_size'),
    vocab: c.int('vocab_size'),
    type_vocab: c.int('type_vocab_size'),
  };
  const act = activation(c, 'hidden_act', 'gelu');
  return {
    inputs: { input_ids: [ref('seq')], token_type_ids: [ref('seq')] },
    vars,
    blocks: {
      layer: {
        layers: [
          { add: { branches: [[{ attention: { name: 'attention', heads: ref('heads') } }], []] } },
          { layernorm: { name: 'attention_norm' } },
          { add: { branches: [[{ dense: { name: 'intermediate', units: ref('intermediate') } }, { [act]: { name: 'act' } }, { dense: { name: 'output', units: ref('hidden') } }], []] } },
          { layernorm: { name: 'output_norm' } },
        ],
      },
    },
    layers: [
      { embedding: { name: 'word_embeddings', from: 'input_ids', vocab: ref('vocab'), dim: ref('hidden') } },
      { position_embedding: { name: 'position_embeddings', max: ref('positions') } },
      { embedding: { name: 'token_type_embeddings', from: 'token_type_ids', vocab: ref('type_vocab'), dim: ref('hidden') } },
      { add: { name: 'embeddings', from: ['position_embeddings', 'token_type_embeddings'] } },
      { layernorm: { name: 'embeddings_norm' } },
      { layer: { name: 'encoder', repeat: ref('layers') } },
      { select: { name: 'first_token', index: 0 } },
      { dense: { name: 'pooler', units: ref('hidden') } },
      { tanh: { name: 'pooler_act' } },
    ],
    outputs: ['encoder', 'pooler_act'],
  };
}

export const HF_MODEL_TYPES = Object.keys(FAMILIES);

/**
 * A config.json file as a spec. `input` ([L]) sets the sequence length (the `seq` var), which every
 * input of the model shares (BERT's token types too).
 */
export function importHuggingFace(bytes: Uint8Array, options: ImportOptions = {}): { spec: SpecObject; notes: string[] } {
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new ArchcostError({ file: options.file, message: `Hugging Face config: the file is ${bytes.length} bytes; a config.json is read up to ${MAX_TEXT_BYTES / 2 ** 20} MiB` });
  }
  let config: unknown;
  try {
    config = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new ArchcostError({ file: options.file, message: `Hugging Face config: not valid JSON (${(e as Error).message})` });
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ArchcostError({ file: options.file, message: 'Hugging Face config: expected a JSON object with a model_type' });
  }
  const { spec, notes } = specFromHuggingFace(config as Config, options.file);
  if (options.input) {
    if (options.input.length !== 1) {
      throw new ArchcostError({ file: options.file, message: `--input ${options.input.join('x')}: a language model's input is a sequence length L, as in --input 1024` });
    }
    (spec.vars as Record<string, number>).seq = options.input[0];
  }
  return { spec: spec as unknown as SpecObject, notes };
}

/** The spec of a Hugging Face config (parsed JSON). Throws ArchcostError for an unsupported model_type or a bad field. */
export function specFromHuggingFace(config: Config, file?: string): { spec: Spec; notes: string[] } {
  const type = config.model_type;
  const entry = typeof type === 'string' && Object.hasOwn(FAMILIES, type) ? FAMILIES[type] : undefined;
  if (!entry) {
    throw new ArchcostError({
      file,
      message: `Hugging Face config: model_type ${JSON.stringify(type)} is not one archcost reads; it reads ${HF_MODEL_TYPES.join(', ')} (or write the model as a spec: docs/transformers.md)`,
    });
  }
  const reader = new Reader(config, file, entry.defaults);
  const built = entry.family.build(reader);
  const name = typeof config._name_or_path === 'string' && config._name_or_path ? config._name_or_path.replace(/^.*\//, '') : String(type);
  const notes = [
    `counts ${entry.family.model} (its sum(p.numel())); the sequence is the config's max_position_embeddings: ${(built.vars as Record<string, number>).seq} tokens (--input L or --set seq=L for another)`,
  ];
  // The dtype the weights are published in, where archcost has it.
  const dtype = typeof config.torch_dtype === 'string' && ['float32', 'float16', 'bfloat16'].includes(config.torch_dtype) ? config.torch_dtype : undefined;
  if (dtype) notes.push(`dtype ${dtype}: the config's torch_dtype (--dtype for another)`);
  return {
    spec: {
      name,
      description: `${entry.family.model} from a Hugging Face config.json (model_type ${type})`,
      ...(dtype ? { dtype } : {}),
      ...built,
    },
    notes,
  };
}
