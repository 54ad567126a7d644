import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Report } from '../src/index.js';
import { importModel } from '../src/importers/import-model.js';
import { errorOf, layer } from './helpers.js';
import { onnxBytes, type ModelSpec, type NodeSpec } from './onnx-builder.js';

/**
 * ONNX LSTM, GRU and RNN nodes as PyTorch exports them (opset 14, one node per layer, W/R/B
 * initializers), with params checked against PyTorch's formula per layer and direction:
 * G·H·I (weight_ih) + G·H·H (weight_hh) + 2·G·H (bias_ih, bias_hh), for G = 4, 3, 1.
 */

const imported = (bytes: Uint8Array, input?: number[]) => importModel(bytes, 'onnx', { file: 'test.onnx', input });
const report = (spec: ModelSpec, input?: number[]): Report => analyze(imported(onnxBytes(spec), input).spec, { file: 'test.onnx' });
const fails = (spec: ModelSpec) => errorOf(() => imported(onnxBytes(spec)));
const i64 = (name: string, values: number[]) => ({ name, dims: [values.length], values, int64: true });

/** W, R and (unless `bias: false`) B of a G-gate node of hidden size H on I features, D directions. */
function weights(prefix: string, gates: number, hidden: number, features: number, dirs = 1, bias = true) {
  const w = [
    { name: `${prefix}.W`, dims: [dirs, gates * hidden, features] },
    { name: `${prefix}.R`, dims: [dirs, gates * hidden, hidden] },
    ...(bias ? [{ name: `${prefix}.B`, dims: [dirs, 2 * gates * hidden] }] : []),
  ];
  return { initializers: w, inputs: w.map((t) => t.name) };
}

function node(op: string, name: string, x: string, outputs: string[], hidden: number, features: number, extra: { dirs?: number; bias?: boolean; attrs?: NodeSpec['attrs']; inputs?: string[] } = {}) {
  const gates = { LSTM: 4, GRU: 3, RNN: 1 }[op] ?? 1;
  const w = weights(name, gates, hidden, features, extra.dirs, extra.bias);
  const attrs = { hidden_size: hidden, ...(extra.dirs === 2 ? { direction: 'bidirectional' } : {}), ...extra.attrs };
  return { initializers: w.initializers, node: { op, name: `/${name}/${op}`, inputs: [x, ...w.inputs, ...(extra.inputs ?? [])], outputs, attrs } };
}

/** nn.LSTM(5, 3, num_layers=2) on X [steps, 1, 5] as PyTorch exports it: layer 0's Y squeezed into layer 1, whose `outputs` the node `last` reads into 'out'. */
function stackedLstm(outputs: string[], last: NodeSpec, stated?: number[], steps = 7): ModelSpec {
  const first = node('LSTM', 'lstm0', 'x', ['y0', 'h0', 'c0'], 3, 5);
  const second = node('LSTM', 'lstm1', 's0', outputs, 3, 3);
  return {
    inputs: [{ name: 'x', dims: [steps, 1, 5] }],
    initializers: [...first.initializers, ...second.initializers, i64('axes', [1])],
    nodes: [first.node, { op: 'Squeeze', name: 'sq0', inputs: ['y0', 'axes'], outputs: ['s0'] }, second.node, last],
    outputs: [{ name: 'out', ...(stated ? { dims: stated } : {}) }],
    opset: 14,
  };
}

describe('ONNX recurrent nodes: PyTorch nn.LSTM, nn.GRU, nn.RNN exports', () => {
  test('LSTM, batch_first=False: time-major X [L, N, I], Y [L, 1, N, H] squeezed; two layers stacked', () => {
    const r = report(stackedLstm(['y1'], { op: 'Squeeze', name: 'sq1', inputs: ['y1', 'axes'], outputs: ['out'] }, [7, 1, 3]));
    // nn.LSTM(5, 3, num_layers=2): 4·3·5 + 4·3·3 + 2·4·3 = 120, then 4·3·3 + 4·3·3 + 2·4·3 = 96.
    expect(layer(r, 'lstm0').params).toBe(120n);
    expect(layer(r, 'lstm1').params).toBe(96n);
    expect(r.totals.params).toBe(216n);
    // Squeeze back to the op's own [L, H] costs no layer.
    expect(r.layers.map((l) => [l.name, l.op])).toEqual([['lstm0', 'lstm'], ['lstm1', 'lstm']]);
    // 7 steps of 4·(I·H + H·H).
    expect(layer(r, 'lstm0').macs).toBe(7n * 4n * (5n * 3n + 3n * 3n));
    expect(r.inputs[0].shape).toEqual([7, 5]);
    expect(r.output.shape).toEqual([7, 3]);
    // Exported with a one-step dummy input (L = N = 1): Squeeze says where the batch goes, which sizes alone cannot.
    const one = report(stackedLstm(['y1'], { op: 'Squeeze', name: 'sq1', inputs: ['y1', 'axes'], outputs: ['out'] }, [1, 1, 3], 1));
    expect(one.layers.map((l) => [l.name, l.params])).toEqual([['lstm0', 120n], ['lstm1', 96n]]);
    expect(one.output.shape).toEqual([1, 3]);
    // A Squeeze of every axis of size 1 takes the batch of 1 away too: refused, not guessed.
    const all = stackedLstm(['y1'], { op: 'Squeeze', name: 'sq1', inputs: ['y1'], outputs: ['out'] });
    expect(fails(all)).toBe("test.onnx: ONNX node 'sq1' (Squeeze): squeezes axis 2, the batch (dims [7, 1, 1, 3]); archcost keeps the batch apart");
  });

  test('a time-major output whose stated sequence length disagrees is refused: axis 0 is L there, the batch is axis 1', () => {
    const lstm = node('LSTM', 'lstm', 'x', ['y'], 3, 5);
    const model = (stated: number[]) => ({
      inputs: [{ name: 'x', dims: [6, 1, 5] }],
      initializers: [...lstm.initializers, i64('axes', [1])],
      nodes: [lstm.node, { op: 'Squeeze', name: 'sq', inputs: ['y', 'axes'], outputs: ['out'] }],
      outputs: [{ name: 'out', dims: stated }],
      opset: 14,
    });
    // Y [L, D, N, H] = [6, 1, 1, 3] squeezed on axis 1: [6, 1, 3], L = 6 steps of the input.
    expect(fails(model([99, 1, 3]))).toBe("test.onnx: ONNX node 'sq' (Squeeze): the file gives output 'out' the shape [99, 1, 3], archcost computes [6, 1, 3]");
    // The batch (axis 1 here) is not compared: the file may state another batch than the one analysed.
    expect(report(model([6, 4, 3])).output.shape).toEqual([6, 3]);
  });

  test('bidirectional GRU, batch_first=True: Transpose in, Y [L, 2, N, H] transposed and reshaped to [N, L, 2H], then a Linear', () => {
    const gru = node('GRU', 'gru', 't', ['y'], 3, 5, { dirs: 2, attrs: { linear_before_reset: 1 } });
    const r = report({
      inputs: [{ name: 'x', dims: [2, 7, 5] }],
      initializers: [...gru.initializers, i64('shape', [2, 7, 6]), { name: 'fc.weight', dims: [6, 4] }, { name: 'fc.bias', dims: [4] }],
      nodes: [
        { op: 'Transpose', name: 'in_t', inputs: ['x'], outputs: ['t'], attrs: { perm: [1, 0, 2] } },
        gru.node,
        { op: 'Transpose', name: 'out_t', inputs: ['y'], outputs: ['yt'], attrs: { perm: [2, 0, 1, 3] } },
        { op: 'Reshape', name: 'flat', inputs: ['yt', 'shape'], outputs: ['seq'] },
        { op: 'MatMul', name: '/fc/MatMul', inputs: ['seq', 'fc.weight'], outputs: ['m'] },
        { op: 'Add', name: '/fc/Add', inputs: ['m', 'fc.bias'], outputs: ['out'] },
      ],
      outputs: [{ name: 'out', dims: [2, 7, 4] }],
      opset: 14,
    });
    // nn.GRU(5, 3, bidirectional=True): per direction 3·3·5 + 3·3·3 + 2·3·3 = 90.
    expect(layer(r, 'gru').params).toBe(2n * 90n);
    // Two sequences in the batch, 7 steps, 2 directions of 3·(I·H + H·H).
    expect(layer(r, 'gru').macs).toBe(2n * 7n * 2n * 3n * (5n * 3n + 3n * 3n));
    expect(r.totals.params).toBe(180n + 6n * 4n + 4n);
    expect(r.batch).toBe(2);
    expect(r.layers.map((l) => [l.name, l.op, l.outputShape])).toEqual([['gru', 'gru', [7, 6]], ['fc', 'dense', [7, 4]]]);
    expect(r.output.shape).toEqual([7, 4]);
  });

  test('RNN with Relu and no bias, only Y_h read: the last state, [D, N, H]', () => {
    const rnn = node('RNN', 'rnn', 'x', ['', 'h'], 3, 5, { bias: false, attrs: { activations: { strings: ['Relu'] } } });
    const r = report({
      inputs: [{ name: 'x', dims: ['seq', 1, 5] }],
      initializers: [...rnn.initializers, i64('axes', [0])],
      nodes: [rnn.node, { op: 'Squeeze', name: 'sq', inputs: ['h', 'axes'], outputs: ['out'] }],
      outputs: [{ name: 'out' }],
      opset: 14,
    }, [9, 5]);
    expect(layer(r, 'rnn').params).toBe(3n * (5n + 3n));
    expect(layer(r, 'rnn').macs).toBe(9n * (5n * 3n + 3n * 3n));
    expect(r.output.shape).toEqual([3]);
    const spec = imported(onnxBytes({ inputs: [{ name: 'x', dims: [9, 1, 5] }], initializers: rnn.initializers, nodes: [rnn.node], outputs: [{ name: 'h' }], opset: 14 })).spec;
    expect(JSON.stringify(spec.layers)).toContain('"return_sequences":false,"bias":"none","nonlinearity":"relu"');
  });

  test('layout 1 (batch first) and weights as graph inputs (export_params=False)', () => {
    const lstm = node('LSTM', 'lstm', 'x', ['y'], 4, 2, { attrs: { layout: 1 } });
    const r = report({
      inputs: [{ name: 'x', dims: [1, 6, 2] }],
      weights: lstm.initializers,
      nodes: [lstm.node],
      outputs: [{ name: 'y', dims: [1, 6, 1, 4] }],
      opset: 14,
    });
    // 4·4·2 + 4·4·4 + 2·4·4 = 32 + 64 + 32.
    expect(r.totals.params).toBe(128n);
    // Y [N, L, 1, H] is the op's own [L, H].
    expect(r.output.shape).toEqual([6, 4]);
  });

  test('layout-1 Y transposed to [N, H, L] and squeezed, then a Conv1d: the op\'s [L, H] is already channels last, no reshape', () => {
    const lstm = node('LSTM', 'lstm', 'x', ['y'], 3, 5, { attrs: { layout: 1 } });
    const r = report({
      inputs: [{ name: 'x', dims: [1, 6, 5] }],
      initializers: [...lstm.initializers, i64('axes', [3]), { name: 'conv.weight', dims: [4, 3, 1] }],
      nodes: [
        lstm.node,
        { op: 'Transpose', name: 't', inputs: ['y'], outputs: ['yt'], attrs: { perm: [0, 3, 1, 2] } },
        { op: 'Squeeze', name: 'sq', inputs: ['yt', 'axes'], outputs: ['s'] },
        { op: 'Conv', name: 'conv', inputs: ['s', 'conv.weight'], outputs: ['out'], attrs: { kernel_shape: [1] } },
      ],
      outputs: [{ name: 'out', dims: [1, 4, 6] }],
      opset: 14,
    });
    // Y [N, L, D, H] = [1, 6, 1, 3] → [N, H, L, D] = [1, 3, 6, 1] → [1, 3, 6]: channels H = 3 over L = 6, the op's own [6, 3].
    expect(r.layers.map((l) => [l.op, l.outputShape])).toEqual([['lstm', [6, 3]], ['conv', [6, 4]]]);
    // nn.LSTM(5, 3): 4·3·5 + 4·3·3 + 2·4·3 = 120; Conv1d(3, 4, 1) without bias: 4·3.
    expect(r.totals.params).toBe(120n + 12n);
  });

  test('what has no archcost form is refused, naming the node', () => {
    const refused = (extra: Parameters<typeof node>[6], outputs = ['y']) => {
      const n = node('LSTM', 'lstm', 'x', outputs, 3, 5, extra);
      return fails({ inputs: [{ name: 'x', dims: [7, 1, 5] }], initializers: [...n.initializers, { name: 'P', dims: [1, 9] }], nodes: [n.node], outputs: outputs.filter(Boolean).map((name) => ({ name })), opset: 14 });
    };
    expect(refused({ inputs: ['', '', '', 'P'] })).toBe("test.onnx: ONNX node '/lstm/LSTM' (LSTM): has peephole weights P; archcost's lstm has none (PyTorch's and Keras's LSTMs have none)");
    expect(refused({ attrs: { clip: 1.5 } })).toMatch(/clips the cell input/);
    expect(refused({ attrs: { activations: { strings: ['Sigmoid', 'Relu', 'Tanh'] } } })).toMatch(/activations \[Sigmoid, Relu, Tanh\] are not ONNX's defaults/);
    expect(refused({}, ['', '', 'c'])).toMatch(/its cell state Y_c is read/);
    expect(refused({ inputs: ['P'] })).toMatch(/sequence_lens is given \(packed sequences/);
    // An encoder's final state as a decoder's initial_h: an edge the op has no input for (not dropped silently).
    const encoder = node('GRU', 'enc', 'x', ['', 'h'], 3, 5);
    const decoder = node('GRU', 'dec', 'x', ['y'], 3, 5, { inputs: ['', 'h'] });
    expect(fails({ inputs: [{ name: 'x', dims: [7, 1, 5] }], initializers: [...encoder.initializers, ...decoder.initializers], nodes: [encoder.node, decoder.node], outputs: [{ name: 'y' }], opset: 14 })).toBe(
      "test.onnx: ONNX node '/dec/GRU' (GRU): initial_h (input 5) is computed by the graph or given as an input (a state carried in, as an encoder's into a decoder); archcost's gru starts from zeros and reads only its sequence: export it without the initial state",
    );
    // A constant one (PyTorch's zeros) changes no count.
    const zeros = node('GRU', 'gru', 'x', ['y'], 3, 5, { inputs: ['', 'h0'] });
    const r = report({ inputs: [{ name: 'x', dims: [7, 1, 5] }], initializers: [...zeros.initializers, { name: 'h0', dims: [1, 1, 3] }], nodes: [zeros.node], outputs: [{ name: 'y' }], opset: 14 });
    // nn.GRU(5, 3): 3·3·5 + 3·3·3 + 2·3·3 = 90.
    expect(r.totals.params).toBe(90n);
    const wrong = node('GRU', 'gru', 'x', ['y'], 3, 4);
    expect(fails({ inputs: [{ name: 'x', dims: [7, 1, 5] }], initializers: wrong.initializers, nodes: [wrong.node], outputs: [{ name: 'y' }], opset: 14 })).toMatch(/the input weights W has dims \[1, 9, 4\]; hidden_size and the input give \[1, 9, 5\]/);
  });
});

describe('torch 1.13 exports (specs/fixtures/importers/README.md): torch\'s own parameter counts', () => {
  const fixture = (name: string) => analyze(imported(readFileSync(join(import.meta.dirname, 'fixtures/importers', `${name}.onnx`))).spec, { file: `${name}.onnx` });

  test('LSTM language model, batch_first=True, num_layers=2: 424,424 params', () => {
    const r = fixture('lstm_lm');
    // Embedding 1000·64; layer 0: 4·128·64 + 4·128·128 + 2·4·128 = 99,328; layer 1: 4·128·128 · 2 + 2·4·128 = 132,096; head 128·1000 + 1000.
    expect(r.layers.map((l) => [l.op, l.params])).toEqual([['embedding', 64_000n], ['lstm', 99_328n], ['lstm', 132_096n], ['dense', 129_000n]]);
    expect(r.totals.params).toBe(424_424n);
    // 35 steps of 4·(I·H + H·H) per layer.
    expect(r.layers[1].macs).toBe(35n * 4n * (64n * 128n + 128n * 128n));
    expect(r.output.shape).toEqual([35, 1000]);
  });

  test('bidirectional GRU on a time-major input, a Linear on every step: 24,586 params', () => {
    const r = fixture('bigru');
    // Per direction 3·48·32 + 3·48·48 + 2·3·48 = 11,808; the Linear 96·10 + 10.
    expect(r.layers.map((l) => [l.op, l.params, l.outputShape])).toEqual([['gru', 2n * 11_808n, [20, 96]], ['dense', 970n, [20, 10]]]);
    expect(r.totals.params).toBe(24_586n);
    expect(r.batch).toBe(2);
  });

  test('RNN (relu) whose h_n[-1] feeds a Linear: 1,083 params', () => {
    const r = fixture('rnn_last');
    // 24·16 + 24·24 + 2·24 = 1,008; the Linear 24·3 + 3.
    expect(r.layers.map((l) => [l.op, l.params, l.outputShape])).toEqual([['rnn', 1_008n, [24]], ['dense', 75n, [3]]]);
    expect(r.totals.params).toBe(1_083n);
  });

  test('2-layer bidirectional LSTM whose h_n[-2] and h_n[-1] feed a Linear: 15,122 params', () => {
    const r = fixture('bilstm_cls');
    // Layer 0: 2·(4·20·10 + 4·20·20 + 2·4·20) = 5,120; layer 1 reads 40: 2·(4·20·40 + 4·20·20 + 2·4·20) = 9,920; Linear 40·2 + 2.
    // Layer 0's Y [15, 2, N, 20] feeds layer 1 and its Y_h [2, N, 20] goes into h_n: the sequence [15, 2·20] and a slice of
    // its last step [1, 40]. Only layer 1's Y_h is read: its last state [2·20]. Each Y_h in ONNX's dims [2, 20] (a reshape),
    // joined into h_n [2·2, 20]; h_n[-2] and h_n[-1] are rows 2 and 3, [20] each, joined into [40] for the Linear.
    expect(r.layers.map((l) => [l.name, l.op, l.params, l.outputShape])).toEqual([
      ['lstm.lstm', 'lstm', 5_120n, [15, 40]],
      ['lstm.lstm_state', 'slice', 0n, [1, 40]],
      ['lstm.lstm_1', 'lstm', 9_920n, [40]],
      ['lstm.concat_4_layout', 'reshape', 0n, [2, 20]],
      ['lstm.concat_4_layout_1', 'reshape', 0n, [2, 20]],
      ['lstm.concat_4', 'concat', 0n, [4, 20]],
      ['gather', 'select', 0n, [20]],
      ['gather_1', 'select', 0n, [20]],
      ['concat', 'concat', 0n, [40]],
      ['fc', 'dense', 82n, [2]],
    ]);
    expect(r.totals.params).toBe(15_122n);
    // Layer 1: 15 steps, 2 directions of 4·(40·20 + 20·20).
    expect(r.totals.macs).toBe(15n * 2n * 4n * (10n * 20n + 400n) + 15n * 2n * 4n * (40n * 20n + 400n) + 80n);
  });

  test('GRU whose output[-1] feeds a Linear: 302 params', () => {
    const r = fixture('gru_last_step');
    // 3·6·8 + 3·6·6 + 2·3·6 = 288; Linear 6·2 + 2.
    expect(r.totals.params).toBe(302n);
    expect(r.layers.map((l) => l.op)).toEqual(['gru', 'select', 'dense']);
  });
});

describe('Gather after a recurrent node', () => {
  test.each([
    [0, 0, 3],
    [1, 3, 6],
  ])("Gather along the direction axis of a bidirectional Y [L, D, N, H], index %i: that direction's [L, H], features %i..%i of the op's [L, 2H]", (index, start, end) => {
    const lstm = node('LSTM', 'lstm', 'x', ['y'], 3, 5, { dirs: 2 });
    const model = onnxBytes({
      inputs: [{ name: 'x', dims: [6, 1, 5] }],
      initializers: [...lstm.initializers, { name: 'index', dims: [], values: [index], int64: true }],
      nodes: [lstm.node, { op: 'Gather', name: 'pick', inputs: ['y', 'index'], outputs: ['out'], attrs: { axis: 1 } }],
      outputs: [{ name: 'out' }],
      opset: 14,
    });
    const spec = imported(model).spec;
    expect(spec.layers).toEqual([{ lstm: { name: 'lstm', units: 3, bidirectional: true } }, { slice: { name: 'pick', start, end, axis: 1 } }]);
    const r = analyze(spec, { file: 'test.onnx' });
    // nn.LSTM(5, 3, bidirectional=True): per direction 4·3·5 + 4·3·3 + 2·4·3 = 60 + 36 + 24 = 120; the slice has none.
    expect(r.totals.params).toBe(2n * 120n);
    // Y[:, index] is [L, N, H] = [6, 1, 3]: all 6 steps, one direction's 3 features.
    expect(r.layers.map((l) => [l.op, l.outputShape])).toEqual([['lstm', [6, 6]], ['slice', [6, 3]]]);
  });

  test("an axis or index outside the tensor is refused in ONNX's numbering, naming the axis and its size", () => {
    // A bidirectional LSTM's Y [L, D, N, H] = [6, 2, 1, 3] (batch on axis 2) and Y_h [D, N, H] = [2, 1, 3] (batch on axis 1).
    const lstm = node('LSTM', 'lstm', 'x', ['y', 'h'], 3, 5, { dirs: 2 });
    const pick = (from: string, axis: number, index: number) =>
      fails({
        inputs: [{ name: 'x', dims: [6, 1, 5] }],
        initializers: [...lstm.initializers, { name: 'index', dims: [], values: [index], int64: true }],
        nodes: [lstm.node, { op: 'Gather', name: 'pick', inputs: [from, 'index'], outputs: ['out'], attrs: { axis } }],
        outputs: [{ name: 'out' }],
        opset: 14,
      });
    const at = "test.onnx: ONNX node 'pick' (Gather): ";
    // D = 2 directions: indices -2..1.
    expect(pick('y', 1, 5)).toBe(`${at}index 5 is out of range for axis 1, of size 2 (indices -2 to 1)`);
    expect(pick('y', 1, -3)).toBe(`${at}index -3 is out of range for axis 1, of size 2 (indices -2 to 1)`);
    // Y has 4 axes: -4..3.
    expect(pick('y', -9, 0)).toBe(`${at}axis -9 is out of range for rank 4`);
    expect(pick('y', 2, 0)).toBe(`${at}axis 2 is the batch axis; archcost shapes have no batch axis to work on`);
    expect(pick('y', 3, 0)).toBe(`${at}Gather along axis 3 of a tensor whose batch is on axis 2; archcost picks only along the axes before it`);
    // A size-1 axis: an LSTM in one direction, Y_h [1, N, H]; only 0 and -1 pick its one entry.
    const forward = node('LSTM', 'lstm', 'x', ['', 'h'], 3, 5);
    expect(fails({
      inputs: [{ name: 'x', dims: [6, 1, 5] }],
      initializers: [...forward.initializers, { name: 'index', dims: [], values: [1], int64: true }],
      nodes: [forward.node, { op: 'Gather', name: 'pick', inputs: ['h', 'index'], outputs: ['out'], attrs: { axis: 0 } }],
      outputs: [{ name: 'out' }],
      opset: 14,
    })).toBe(`${at}index 1 is out of range for axis 0, of size 1 (indices -1 to 0)`);
  });

  test("Concat of time-major tensors along an axis they lack is refused in ONNX's numbering", () => {
    // Two one-direction LSTMs' Y_h [1, N, 3] joined into h_n, as PyTorch's num_layers=2 does along axis 0.
    const joined = (axis: number) => stackedLstm(['', 'h1'], { op: 'Concat', name: 'hn', inputs: ['h0', 'h1'], outputs: ['out'], attrs: { axis } });
    const at = "test.onnx: ONNX node 'hn' (Concat): ";
    expect(fails(joined(7))).toBe(`${at}axis 7 is out of range for rank 3`);
    expect(fails(joined(-4))).toBe(`${at}axis -4 is out of range for rank 3`);
    expect(fails(joined(1))).toBe(`${at}axis 1 is the batch axis; archcost shapes have no batch axis to work on`);
    // Axis -3 is axis 0: h_n [2, N, 3], the two states [3] each (from the op's [D·H]) one after another.
    const r = report(joined(-3));
    expect(r.output.shape).toEqual([2, 3]);
    // Layer 0's state, a slice of its sequence's last step, already is ONNX's [1, 3] without the batch: joined as it
    // is, with no reshape to itself. Layer 1 gives only its state, [3]: reshaped to [1, 3] first.
    expect(r.layers.map((l) => [l.name, l.op, l.outputShape])).toEqual([
      ['lstm0_lstm', 'lstm', [7, 3]],
      ['lstm0_lstm_state', 'slice', [1, 3]],
      ['lstm1', 'lstm', [3]],
      ['hn_layout', 'reshape', [1, 3]],
      ['hn', 'concat', [2, 3]],
    ]);
  });

  test('Gather(axis 1, -1) after a layout-1 LSTM: Y [N, L, D, H] read as a plain tensor, the last step [D, H]', () => {
    const lstm = node('LSTM', 'lstm', 'x', ['y'], 3, 5, { attrs: { layout: 1 } });
    const r = report({
      inputs: [{ name: 'x', dims: [1, 6, 5] }],
      initializers: [...lstm.initializers, { name: 'last', dims: [], values: [-1], int64: true }],
      nodes: [lstm.node, { op: 'Gather', name: 'pick', inputs: ['y', 'last'], outputs: ['out'], attrs: { axis: 1 } }],
      outputs: [{ name: 'out' }],
      opset: 14,
    });
    // nn.LSTM(5, 3): 4·3·5 + 4·3·3 + 2·4·3 = 120; the pick has none.
    expect(r.totals.params).toBe(120n);
    expect(layer(r, 'lstm').macs).toBe(6n * 4n * (5n * 3n + 3n * 3n));
    // Y[:, -1] of Y [1, 6, 1, 3] is [N, D, H] = [1, 1, 3]: [1, 3] without the batch.
    expect(r.output.shape).toEqual([1, 3]);
  });
});
