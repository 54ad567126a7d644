import { recurrentArgs, type RecurrentOp, type Tensor } from './model-graph.js';
import { isPlain, plainLayout, viewMark, type Act, type OnnxImport, type Value } from './onnx.js';
import { sameNumbers } from '../core/values.js';
import { GATES } from '../ops/recurrent.js';

/**
 * ONNX LSTM, GRU and RNN nodes → archcost's lstm, gru and rnn. One node is one layer (PyTorch
 * exports each of num_layers as its own node). W [D, G·H, I] and R [D, G·H, H] are the input and
 * recurrent weights, B [D, 2·G·H] PyTorch's two bias vectors, so archcost's default `bias: two`
 * (none without B). With the default layout 0 the sequence is time-major: X [L, N, I],
 * Y [L, D, N, H], Y_h [D, N, H]; layout 1 puts the batch first. The node gives Y or Y_h as
 * archcost's op gives the sequence (`return_sequences`) or the last state, in ONNX's dims.
 */

/** The ONNX op types read here, with archcost's op for each. */
export const RECURRENT_OPS = { LSTM: 'lstm', GRU: 'gru', RNN: 'rnn' } as const satisfies Record<string, RecurrentOp>;
type Kind = keyof typeof RECURRENT_OPS;
/** ONNX's default activations per direction (f, g, h). */
const DEFAULT_ACTIVATIONS: Record<Kind, string[]> = { LSTM: ['Sigmoid', 'Tanh', 'Tanh'], GRU: ['Sigmoid', 'Tanh'], RNN: ['Tanh'] };

function nonlinearity(c: OnnxImport, kind: Kind, directions: number): 'relu' | undefined {
  const raw = c.attrs.strings('activations');
  if (!raw) return undefined;
  const given = raw.map((a) => a.toLowerCase());
  const expected = DEFAULT_ACTIVATIONS[kind];
  const perDirection = Array.from({ length: directions }, (_, d) => given.slice(d * expected.length, (d + 1) * expected.length).join());
  if (kind === 'RNN' && perDirection.every((a) => a === 'relu')) return 'relu';
  if (perDirection.every((a) => a === expected.join().toLowerCase())) return undefined;
  return c.fail(`activations [${raw.join(', ')}] are not ONNX's defaults (${expected.join(', ')} per direction${kind === 'RNN' ? ', or Relu' : ''}), which archcost's ${RECURRENT_OPS[kind]} counts`);
}

function checkDims(c: OnnxImport, what: string, dims: number[], expected: number[]): void {
  if (!sameNumbers(dims, expected)) c.fail(`${what} has dims [${dims.join(', ')}]; hidden_size and the input give [${expected.join(', ')}]`);
}

const checkWeight = (c: OnnxImport, slot: number, what: string, expected: number[]) => checkDims(c, what, c.weight(slot, what).dims, expected);

export function recurrent(c: OnnxImport): void {
  const kind = c.node.op_type as Kind;
  const gates = GATES[RECURRENT_OPS[kind]];
  const x = c.value(c.node.input[0], { timeMajor: true });
  if (x.kind !== 'act') return c.fail('input 0 (X) is a constant where archcost needs a computed sequence');
  const layout = c.attrs.int('layout', 0);
  if (layout !== 0 && layout !== 1) c.fail(`layout ${layout} is neither 0 (time-major) nor 1 (batch-major)`);
  if (x.dims.length !== 3) c.fail(`X has dims [${x.dims.join(', ')}]; a sequence is [L, N, I] (layout 0) or [N, L, I] (layout 1)`);
  if ((x.batch ?? 0) !== 1 - layout) {
    c.fail(layout === 0 ? 'X has its batch first but layout 0 reads [L, N, I]: the batch would be taken for time steps' : 'X is time-major but layout 1 reads [N, L, I]');
  }
  if (!isPlain(x.perm)) c.fail('X is a transposed view of another tensor; archcost reads the sequence as [L, C]');
  const direction = c.attrs.string('direction', 'forward');
  if (!['forward', 'reverse', 'bidirectional'].includes(direction)) c.fail(`direction '${direction}' is not forward, reverse or bidirectional`);
  const dirs = direction === 'bidirectional' ? 2 : 1;
  const r = c.weight(2, 'the recurrent weights R');
  const hidden = c.attrs.int('hidden_size', r.dims[2] ?? 0);
  if (hidden < 1) c.fail('hidden_size is missing');
  const features = x.t.shape[1];
  checkWeight(c, 1, 'the input weights W', [dirs, gates * hidden, features]);
  checkDims(c, 'the recurrent weights R', r.dims, [dirs, gates * hidden, hidden]);
  const bias = c.optional(3) !== undefined;
  if (bias) checkWeight(c, 3, 'the biases B', [dirs, 2 * gates * hidden]);
  if (c.optional(4)) c.fail('sequence_lens is given (packed sequences of several lengths); archcost counts every step of every sequence');
  // A constant initial state (PyTorch's zeros) changes no count; one the graph computes or takes in is an edge archcost's op has no input for.
  for (const [slot, what] of [[5, 'initial_h'], [6, 'initial_c']] as const) {
    const name = c.node.input[slot];
    if (name && c.value(name, { timeMajor: true, view: true }).kind === 'act') {
      c.fail(`${what} (input ${slot}) is computed by the graph or given as an input (a state carried in, as an encoder's into a decoder); archcost's ${RECURRENT_OPS[kind]} starts from zeros and reads only its sequence: export it without the initial state`);
    }
  }
  if (kind === 'LSTM' && c.optional(7)) c.fail("has peephole weights P; archcost's lstm has none (PyTorch's and Keras's LSTMs have none)");
  if (c.attrs.has('clip')) c.fail("clips the cell input (clip); archcost's ops count no clipping");
  if (c.attrs.has('activation_alpha') || c.attrs.has('activation_beta')) c.fail("sets activation_alpha or activation_beta; archcost's ops count ONNX's default activations");
  if (c.attrs.int('input_forget', 0) !== 0) c.fail('couples the input and forget gates (input_forget 1); archcost\'s lstm keeps them apart');
  const act = nonlinearity(c, kind, dirs);
  if (kind === 'LSTM' && c.used(2)) c.fail("its cell state Y_c is read; archcost's lstm gives the output sequence Y or the last hidden state Y_h");
  const sequence = c.used(0) || !c.used(1);
  const args = recurrentArgs(hidden, { bidirectional: dirs === 2, returnSequences: sequence ? undefined : false, bias: bias ? undefined : 'none', nonlinearity: act });
  // The op's output stands for Y or Y_h in ONNX's dims, the directions apart (a view: see Act).
  const op = RECURRENT_OPS[kind];
  const n = x.dims[1 - layout];
  if (sequence) {
    const y = c.emit(op, args, [x], [0, 1], undefined, 1 - layout);
    const [steps] = y.t.shape;
    c.set(0, outputView(y.t, [steps, dirs, hidden], n, layout));
    if (c.used(1)) {
      // Y_h too (PyTorch's h_n of a stacked or returned state): a slice of Y's last step, no FLOPs. For reverse and the
      // backward half of bidirectional the true h_n is Y at step 0, but it has the same D·H values and the same cost.
      const last = c.emit('slice', { start: steps - 1, end: steps, axis: 0 }, [y], [0, 1], 'state', 1 - layout);
      c.set(1, outputView(last.t, [dirs, hidden], n, layout));
    }
  } else {
    c.set(1, outputView(c.emit(op, args, [x], [0]).t, [dirs, hidden], n, layout));
  }
}

/** The op's output `t` as a view of ONNX's Y [L, D, H] or Y_h [D, H] with the batch N put back: before H (layout 0), first (layout 1). */
function outputView(t: Tensor, dims: number[], n: number, layout: number): Act {
  const batch = layout === 0 ? dims.length - 1 : 0;
  return { kind: 'act', t, dims: [...dims.slice(0, batch), n, ...dims.slice(batch)], perm: plainLayout(dims.length), ...viewMark(dims, t), ...(batch ? { batch } : {}) };
}

/**
 * Gather of one index before the batch axis of a time-major tensor: PyTorch's `h_n[-1]`, the last
 * layer's (or the backward direction's) final state [N, H] from Y_h [D, N, H]; a slice of the op's
 * [D·H] output, or no layer when D = 1.
 */
export function pickBeforeBatch(c: OnnxImport, data: Act, indices: Value): void {
  const batch = data.batch ?? 0;
  const at = c.axis(c.attrs.int('axis', 0), data.dims.length, 'axis', batch);
  if (indices.kind !== 'const' || indices.values?.length !== 1 || indices.dims.length !== 0) c.fail('Gather from a time-major tensor takes one index (PyTorch\'s h_n[-1])');
  if (at > batch || !isPlain(data.perm)) c.fail(`Gather along axis ${at} of a tensor whose batch is on axis ${batch}; archcost picks only along the axes before it`);
  const size = data.dims[at];
  const [given] = indices.values;
  if (given < -size || given >= size) c.fail(`index ${given} is out of range for axis ${at}, of size ${size} (indices ${-size} to ${size - 1})`);
  const index = given < 0 ? given + size : given;
  const dims = data.dims.filter((_, i) => i !== at);
  const rest = dims.filter((_, i) => i !== batch - 1);
  if (size === 1) return c.set(0, { kind: 'act', t: data.t, dims, perm: plainLayout(rest.length), ...(batch > 1 ? { batch: batch - 1 } : {}), ...viewMark(rest, data.t) });
  if (!data.view) return c.set(0, c.emit('select', { index, axis: at }, [data], plainLayout(rest.length), undefined, batch - 1));
  if (data.t.shape.length !== rest.length) c.fail(`Gather from [${data.dims.join(', ')}] has no archcost form`);
  // The op's output joins what ONNX keeps apart on this axis (Y's directions with its features): index i is the i-th of `size` equal parts of the same axis of the op's output.
  const part = data.t.shape[at] / size;
  const picked = c.emit('slice', { start: index * part, end: (index + 1) * part, axis: at }, [data], plainLayout(rest.length), undefined, batch - 1);
  c.set(0, { ...picked, dims, ...viewMark(rest, picked.t) });
}
