import { isObject, recurrentArgs, type Json, type RecurrentOp } from './model-graph.js';

/**
 * Keras's recurrent layers (LSTM, GRU, SimpleRNN, the old CuDNNLSTM / CuDNNGRU, and the
 * Bidirectional wrapper) → archcost's lstm, gru and rnn. Keras's bias convention is one vector per
 * gate set (LSTM 4·(H·(I+H) + H)), except GRU with reset_after=True (TF2's default) and the cuDNN
 * layers, which keep two like PyTorch; archcost's `bias` arg says which.
 */

interface RecurrentLayer {
  op: RecurrentOp;
  args: Record<string, unknown>;
}

const OPS: Record<string, RecurrentOp> = { LSTM: 'lstm', CuDNNLSTM: 'lstm', GRU: 'gru', CuDNNGRU: 'gru', SimpleRNN: 'rnn' };

/** The archcost `bias` arg of a Keras recurrent layer's config; undefined is the op's default, two. */
function bias(cls: string, config: Json): 'one' | 'none' | undefined {
  if (config.use_bias === false) return 'none';
  if (cls.startsWith('CuDNN')) return undefined;
  // Keras 3 and TF2 write reset_after; absent, it is their default (true).
  if (cls === 'GRU' && config.reset_after !== false) return undefined;
  return 'one';
}

/**
 * The name of an activation as a Keras config writes it: a string (`"relu"`); Keras 3's form of a
 * function, `{"class_name": "function", "config": "relu"}`; or a layer, `{"class_name": "ReLU", ...}`.
 * `fallback` when absent; null is Keras's None, linear. Anything else is shown as written, so the caller's refusal names it.
 */
export function activationName(value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (value === null) return 'linear';
  if (typeof value === 'string') return value;
  if (isObject(value) && value.class_name === 'function' && typeof value.config === 'string') return value.config;
  if (isObject(value) && typeof value.class_name === 'string') return value.class_name;
  return JSON.stringify(value);
}

function activations(cls: string, config: Json, fail: (m: string) => never): 'relu' | undefined {
  const activation = activationName(config.activation, 'tanh');
  if (cls === 'SimpleRNN') {
    if (activation !== 'tanh' && activation !== 'relu') fail(`activation '${activation}' has no archcost form; archcost's rnn takes tanh or relu`);
    return activation === 'relu' ? 'relu' : undefined;
  }
  if (activation !== 'tanh') fail(`activation '${activation}' is not the tanh archcost's ${OPS[cls]} counts`);
  const gate = activationName(config.recurrent_activation, 'sigmoid');
  if (gate !== 'sigmoid' && gate !== 'hard_sigmoid') fail(`recurrent_activation '${gate}' is not the sigmoid archcost's ${OPS[cls]} counts`);
  return undefined;
}

/** One recurrent layer's op and args, for a class of OPS; `bidirectional` from a wrapper. */
export function recurrentLayer(cls: string, config: Json, fail: (m: string) => never, bidirectional = false): RecurrentLayer {
  if (config.return_state === true) fail('return_state gives the final states as extra outputs; archcost follows one output per layer (return_sequences: false gives the last state)');
  if (config.time_major === true) fail('time_major input [L, N, C] is not read; archcost sequences are batch-first [N, L, C] as Keras writes them by default');
  const nonlinearity = activations(cls, config, fail);
  // Keras's default return_sequences is false (the last state); archcost's is true, so it is always written.
  return { op: OPS[cls], args: recurrentArgs(config.units, { bidirectional, returnSequences: config.return_sequences === true, bias: bias(cls, config), nonlinearity }) };
}

/** Bidirectional(layer): both directions' outputs joined (merge_mode concat), as archcost's bidirectional op gives them. */
export function bidirectionalLayer(config: Json, fail: (m: string) => never): RecurrentLayer {
  const mode = config.merge_mode === undefined ? 'concat' : config.merge_mode;
  if (mode !== 'concat') {
    fail(`merge_mode ${JSON.stringify(mode)} has no archcost form: archcost's bidirectional layers join both directions (merge_mode concat, 2·units features)`);
  }
  const wrapped = (cls: string, layerConfig: Json) => {
    if (!Object.hasOwn(OPS, cls)) fail(`Bidirectional wraps a ${cls}; archcost's bidirectional layers are LSTM, GRU and SimpleRNN`);
    return recurrentLayer(cls, layerConfig, fail, true);
  };
  const inner = config.layer;
  if (!isObject(inner) || !isObject(inner.config)) return fail('Bidirectional has no wrapped layer');
  const forward = wrapped(String(inner.class_name), inner.config);
  const back = config.backward_layer;
  if (isObject(back) && isObject(back.config)) {
    const backward = wrapped(String(back.class_name), back.config);
    if (JSON.stringify(backward) !== JSON.stringify(forward)) fail('its backward_layer differs from the forward layer; archcost\'s bidirectional layers run the same cell both ways');
  }
  return forward;
}
