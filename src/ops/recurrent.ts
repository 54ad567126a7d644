import { RuleError } from '../core/errors.js';
import { defineOp } from './define.js';
import { formatShape, type ArgKit, type ArgSpec, type Op } from './types.js';

type Bias = boolean | 'two' | 'one' | 'none';

interface RecurrentArgs {
  units: number;
  bidirectional: boolean;
  return_sequences: boolean;
  layers: number;
  bias: Bias;
}

/** One recurrent cell: what differs between LSTM, GRU and the plain RNN. */
interface Cell {
  name: string;
  summary: string;
  /** Gate sets: weight matrices per input (LSTM i, f, g, o; GRU r, z, n; RNN one). */
  gates: number;
  /** Elementwise FLOPs per hidden unit and step, bias adds aside, and how they are reached. */
  elementwise: number;
  elementwiseWhy: string;
  /** Elements kept for backward per layer and direction, over L steps of H units. */
  kept: string;
  keptWhy: string;
  extraArgs?: (k: ArgKit) => Record<string, ArgSpec>;
}

/** Gate sets per op: LSTM i, f, g, o; GRU r, z, n; the plain RNN one (importers check weight dims by them). */
export const GATES = { lstm: 4, gru: 3, rnn: 1 } as const;

const times = (n: number, term: string) => (n === 1 ? term : `${n} * ${term}`);
const dotted = (n: number, term: string) => (n === 1 ? term : `${n}·${term}`);

/** Arg docs shared by the three ops; `bias` takes PyTorch's booleans too. */
const recurrentArgs = (k: ArgKit): Record<string, ArgSpec> => ({
  units: { schema: k.positiveInt(), doc: 'hidden size H (PyTorch hidden_size, Keras units)' },
  bidirectional: { schema: k.bool().default(false), doc: 'a second pass from the last step back; the output joins both (D = 2)' },
  return_sequences: {
    schema: k.bool().default(true),
    doc: "true: every step's output [L, D·H]; false: the final state [D·H], as Keras returns it (for D = 2 both directions' final states, PyTorch's h_n)",
  },
  layers: { schema: k.positiveInt().default(1), doc: 'stacked layers (PyTorch num_layers); each one above the first reads D·H features' },
  bias: {
    schema: k
      .oneOf(k.bool(), k.choice(['two', 'one', 'none']))
      .default('two')
      .describe('two, one or none (true = two, false = none)'),
    doc: "bias vectors per gate set: two (b_ih and b_hh: PyTorch, cuDNN, Keras GRU with reset_after=True), one (Keras LSTM and SimpleRNN, Keras GRU with reset_after=False), none (PyTorch bias=False, Keras use_bias=False)",
  },
});

const recurrent = (cell: Cell): Op =>
  defineOp<RecurrentArgs>({
    name: cell.name,
    summary: cell.summary,
    args: (k) => ({ ...recurrentArgs(k), ...cell.extraArgs?.(k) }),
    accepts: ([input]) => {
      if (input.length !== 2) {
        throw new RuleError(`${cell.name} needs a sequence [L, C] (time steps, features), got ${formatShape(input)}${input.length > 2 ? ': reshape a map to [L, C] first' : ''}`);
      }
    },
    quantities: {
      L: { doc: 'time steps (the sequence length)', formula: 'in.length' },
      H: { doc: 'hidden units per direction', formula: 'units' },
      D: { doc: 'directions: 2 if bidirectional, else 1', formula: '2 if bidirectional else 1' },
      biases: {
        doc: 'bias vectors per gate set: 2, 1 or 0',
        formula: "0 if bias == 'none' or bias == false else (1 if bias == 'one' else 2)",
      },
      weights: {
        doc: 'weights of one gate set in one direction, summed over the layers: H·(C + H) for the first (input and recurrent matrices), H·(D·H + H) for each one above',
        formula: 'H * (in.channels + H) + (layers - 1) * H * (D * H + H)',
      },
    },
    checks: [
      {
        holds: 'cached == 0 or not bidirectional',
        message: `a bidirectional ${cell.name} cannot decode one token at a time: its backward direction starts from the last token (analyze it in prefill)`,
        arg: 'bidirectional',
      },
    ],
    shape: '[L, D * H] if return_sequences else [D * H]',
    params: times(cell.gates, 'D * (weights + layers * biases * H)'),
    macs: times(cell.gates, 'L * D * weights'),
    flops: `2 * macs + L * D * layers * H * (${cell.elementwise} + ${times(cell.gates, 'biases')})`,
    notes: {
      params: `per layer and direction ${dotted(cell.gates, '(H·I + H·H + biases·H)')} for I input features, as PyTorch's weight_ih, weight_hh, bias_ih, bias_hh`,
      macs: `per step and direction ${dotted(cell.gates, '(I·H + H·H)')}; both directions and every layer run every step; in decode, one step on the carried state`,
      flops: `2 per MAC; per unit and step ${cell.elementwise}: ${cell.elementwiseWhy}; one add per bias element`,
    },
    backward: {
      input: true,
      factor: 2,
      saved: `layers * D * ${cell.kept} + (layers - 1) * L * D * H`,
      saves: `its input; per layer and direction ${cell.keptWhy}; each upper layer's input sequence (L·D·H): what PyTorch's own cell keeps (torch 1.13 CPU, measured)`,
    },
    // Step t has read steps 0..t: a causal window of L steps (the last one sees the whole sequence).
    // Both directions, or the last state alone, see every step.
    receptive: (a, [input]) =>
      a.bidirectional || !a.return_sequences ? { kind: 'global' } : { kind: 'window', kernel: [input[0]], stride: [1], dilation: [1] },
  });

export const lstm = recurrent({
  name: 'lstm',
  summary: 'Long short-term memory over a sequence [L, C] (PyTorch nn.LSTM, Keras LSTM): gates i, f, g, o',
  gates: GATES.lstm,
  elementwise: 18,
  elementwiseWhy: 'sigmoid on i, f, o (4 each), tanh on g (1), c = f·c + i·g (3), h = o·tanh(c) (2)',
  kept: '7 * L * H',
  keptWhy: 'h and c before each step, the four activated gates and tanh(c) after it (7·L·H)',
});

export const gru = recurrent({
  name: 'gru',
  summary: 'Gated recurrent unit over a sequence [L, C] (PyTorch nn.GRU, Keras GRU): gates r, z, n',
  gates: GATES.gru,
  elementwise: 14,
  elementwiseWhy: "sigmoid on r, z (4 each), n = tanh(x-part + r·h-part) (multiply, add, tanh: 3), h = n + z·(h - n) (3)",
  kept: '6 * L * H',
  keptWhy: 'h before each step, r, z, n, the recurrent part of n and h - n (6·L·H)',
});

export const rnn = recurrent({
  name: 'rnn',
  summary: "Elman RNN over a sequence [L, C] (PyTorch nn.RNN, Keras SimpleRNN): h = tanh(W·x + U·h + b)",
  gates: GATES.rnn,
  elementwise: 1,
  elementwiseWhy: 'the nonlinearity (tanh or relu, 1 either way)',
  kept: '(L + 1) * H',
  keptWhy: 'the initial state and every step\'s output ((L + 1)·H)',
  extraArgs: (k) => ({ nonlinearity: { schema: k.choice(['tanh', 'relu']).default('tanh'), doc: 'the activation (PyTorch nonlinearity, Keras activation); both count 1 FLOP and keep their output' } }),
});

export const recurrentOps = [lstm, gru, rnn];
