/**
 * Keras's recurrent layers (LSTM, GRU, SimpleRNN, the old CuDNNLSTM / CuDNNGRU, and the
 * Bidirectional wrapper) → archcost's lstm, gru and rnn. Keras's bias convention is one vector per
 * gate set (LSTM 4·(H·(I+H) + H)), except GRU with reset_after=True (TF2's default) and the cuDNN
 * layers, which keep two like PyTorch; archcost's `bias` arg says which.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface RecurrentLayer {
  op: 'lstm' | 'gru' | 'rnn';
  args: Record<string, unknown>;
}

const OPS: Record<string, 'lstm' | 'gru' | 'rnn'> = { LSTM: 'lstm', CuDNNLSTM: 'lstm', GRU: 'gru', CuDNNGRU: 'gru', SimpleRNN: 'rnn' };

/** The archcost `bias` arg of a Keras recurrent layer's config; undefined is the op's default, two. */
function bias(cls: string, config: Json): 'one' | 'none' | undefined {
  if (config.use_bias === false) return 'none';
  if (cls.startsWith('CuDNN')) return undefined;
  // Keras 3 and TF2 write reset_after; absent, it is their default (true).
  if (cls === 'GRU' && config.reset_after !== false) return undefined;
  return 'one';
}

function activations(cls: string, config: Json, fail: (m: string) => never): 'relu' | undefined {
  const name = (v: unknown, fallback: string) => (typeof v === 'string' ? v : isObject(v) ? String(v.class_name ?? fallback) : fallback);
  const activation = name(config.activation, 'tanh');
  if (cls === 'SimpleRNN') {
    if (activation !== 'tanh' && activation !== 'relu') fail(`activation '${activation}' has no archcost form; archcost's rnn takes tanh or relu`);
    return activation === 'relu' ? 'relu' : undefined;
  }
  if (activation !== 'tanh') fail(`activation '${activation}' is not the tanh archcost's ${OPS[cls]} counts`);
  const gate = name(config.recurrent_activation, 'sigmoid');
  if (gate !== 'sigmoid' && gate !== 'hard_sigmoid') fail(`recurrent_activation '${gate}' is not the sigmoid archcost's ${OPS[cls]} counts`);
  return undefined;
}

/** One recurrent layer's op and args; `bidirectional` from a wrapper. */
export function recurrentLayer(cls: string, config: Json, fail: (m: string) => never, bidirectional = false): RecurrentLayer {
  const op = OPS[cls];
  if (!op) fail(`Bidirectional wraps a ${cls}; archcost's bidirectional layers are LSTM, GRU and SimpleRNN`);
  if (config.return_state === true) fail('return_state gives the final states as extra outputs; archcost follows one output per layer (return_sequences: false gives the last state)');
  if (config.time_major === true) fail('time_major input [L, N, C] is not read; archcost sequences are batch-first [N, L, C] as Keras writes them by default');
  const units = Number(config.units);
  if (!Number.isInteger(units) || units < 1) fail(`units ${JSON.stringify(config.units)} is not a positive integer`);
  const nonlinearity = activations(cls, config, fail);
  const args = {
    units,
    bidirectional: bidirectional || undefined,
    // Keras's default is false (the last state); archcost's is true.
    return_sequences: config.return_sequences === true,
    bias: bias(cls, config),
    nonlinearity,
  };
  return { op, args: Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) };
}

/** Bidirectional(layer): both directions' outputs joined (merge_mode concat), as archcost's bidirectional op gives them. */
export function bidirectionalLayer(config: Json, fail: (m: string) => never): RecurrentLayer {
  const mode = config.merge_mode === undefined ? 'concat' : config.merge_mode;
  if (mode !== 'concat') {
    fail(`merge_mode ${JSON.stringify(mode)} has no archcost form: archcost's bidirectional layers join both directions (merge_mode concat, 2·units features)`);
  }
  const inner = config.layer;
  if (!isObject(inner) || !isObject(inner.config)) return fail('Bidirectional has no wrapped layer');
  const forward = recurrentLayer(String(inner.class_name), inner.config, fail, true);
  const back = config.backward_layer;
  if (isObject(back) && isObject(back.config)) {
    const backward = recurrentLayer(String(back.class_name), back.config, fail, true);
    if (JSON.stringify(backward) !== JSON.stringify(forward)) fail('its backward_layer differs from the forward layer; archcost\'s bidirectional layers run the same cell both ways');
  }
  return forward;
}
