import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Report } from '../src/index.js';
import { importModel } from '../src/importers/import-model.js';
import { errorOf, layer } from './helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures/importers');
const bytes = (json: unknown) => new TextEncoder().encode(typeof json === 'string' ? json : JSON.stringify(json));
const imported = (json: unknown, input?: number[]) => importModel(bytes(json), 'keras', { file: 'model.json', input });
const model = (json: unknown, input?: number[]): Report => analyze(imported(json, input).spec, { file: 'model.json' });

const fails = (json: unknown) => errorOf(() => imported(json));

/** A Keras 2 Sequential model.to_json() of the given layers. */
const sequential = (...layers: { class_name: string; config: Record<string, unknown> }[]) => ({ class_name: 'Sequential', config: { name: 'sequential', layers }, keras_version: '2.13.1', backend: 'tensorflow' });
const input = (shape: (number | null)[]) => ({ class_name: 'InputLayer', config: { batch_input_shape: [null, ...shape], name: 'input_1' } });

describe('a public Keras file: keras.applications MobileNet (alpha 1.0, 224) as model.to_json() writes it', () => {
  // Keras's model.summary() for MobileNet(weights=None): Total params 4,253,864; trainable 4,231,976; non-trainable 21,888.
  test('params are Keras\'s trainable weights, buffers its non-trainable BatchNormalization statistics', () => {
    const r = model(readFileSync(join(FIXTURES, 'keras_mobilenet_1.00_224.json'), 'utf8'));
    expect(r.totals.params).toBe(4_231_976n);
    expect(r.totals.buffers).toBe(21_888n);
    expect(r.totals.params + r.totals.buffers).toBe(4_253_864n);
    // MobileNet paper Table 1: 569 M mult-adds (its classifier is a 1x1 conv here, the paper's FC 1024 x 1000)
    expect(Math.round(Number(r.totals.macs) / 1e6)).toBe(569);
    expect(layer(r, 'conv_dw_1').op).toBe('depthwise');
    expect(layer(r, 'conv1_pad').outputShape).toEqual([226, 226, 3]);
    expect(r.output.shape).toEqual([1000]);
  });
});

describe('Sequential and functional models', () => {
  test('Sequential: a fused activation is a scope with the op and the activation; padding same', () => {
    const r = model(
      sequential(
        input([28, 28, 1]),
        { class_name: 'Conv2D', config: { name: 'conv', filters: 8, kernel_size: [3, 3], strides: [2, 2], padding: 'same', activation: 'relu', use_bias: true } },
        { class_name: 'BatchNormalization', config: { name: 'bn', axis: -1, center: true, scale: true } },
        { class_name: 'Flatten', config: { name: 'flatten' } },
        { class_name: 'Dense', config: { name: 'out', units: 10, activation: 'softmax' } },
      ),
    );
    expect(r.layers.map((l) => [l.name, l.op, l.outputShape])).toEqual([
      ['conv.conv', 'conv', [14, 14, 8]], // same: ceil(28 / 2)
      ['conv.relu', 'relu', [14, 14, 8]],
      ['bn', 'batchnorm', [14, 14, 8]],
      ['flatten', 'flatten', [1568]],
      ['out.dense', 'dense', [10]],
      ['out.softmax', 'softmax', [10]],
    ]);
    expect(layer(r, 'conv.conv').params).toBe(8n * 9n + 8n);
    expect([layer(r, 'bn').params, layer(r, 'bn').buffers]).toEqual([16n, 16n]);
    expect(layer(r, 'out.dense').params).toBe(1568n * 10n + 10n);
  });

  test('the old Sequential form: a list of layers, the first with batch_input_shape', () => {
    const r = model({ class_name: 'Sequential', config: [{ class_name: 'Dense', config: { name: 'd', units: 4, batch_input_shape: [null, 3] } }] });
    expect(r.inputs[0].shape).toEqual([3]);
    expect(layer(r, 'd').params).toBe(16n);
  });

  test('Keras 3 functional: inbound nodes by keras_history; Add, Concatenate, separable and depthwise convs', () => {
    const tensor = (name: string) => ({ class_name: '__keras_tensor__', config: { shape: [null, 8, 8, 4], dtype: 'float32', keras_history: [name, 0, 0] } });
    const node = (...names: string[]) => [{ args: names.length > 1 ? [names.map(tensor)] : [tensor(names[0])], kwargs: {} }];
    const json = {
      module: 'keras',
      class_name: 'Functional',
      config: {
        name: 'functional',
        layers: [
          { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 8, 8, 4], name: 'image' }, name: 'image', inbound_nodes: [] },
          { class_name: 'SeparableConv2D', config: { name: 'sep', filters: 4, kernel_size: [3, 3], padding: 'same', activation: 'linear', use_bias: true }, name: 'sep', inbound_nodes: node('image') },
          { class_name: 'DepthwiseConv2D', config: { name: 'dw', kernel_size: [3, 3], padding: 'same', depth_multiplier: 1, use_bias: false, activation: 'relu6' }, name: 'dw', inbound_nodes: node('image') },
          { class_name: 'Add', config: { name: 'add' }, name: 'add', inbound_nodes: node('sep', 'dw') },
          { class_name: 'Concatenate', config: { name: 'cat', axis: -1 }, name: 'cat', inbound_nodes: node('add', 'image') },
          { class_name: 'GlobalAveragePooling2D', config: { name: 'gap' }, name: 'gap', inbound_nodes: node('cat') },
        ],
        input_layers: [['image', 0, 0]],
        output_layers: [['gap', 0, 0]],
      },
    };
    const r = model(json);
    expect(r.layers.map((l) => [l.name, l.op])).toEqual([
      ['sep', 'separable'],
      ['dw.depthwise', 'depthwise'],
      ['dw.relu6', 'relu6'],
      ['add', 'add'],
      ['cat', 'concat'],
      ['gap', 'globalavgpool'],
    ]);
    // separable: depthwise 3x3 per channel without bias, then 1x1 4 -> 4 with bias
    expect(layer(r, 'sep').params).toBe(4n * 9n + 4n * 4n + 4n);
    expect(layer(r, 'dw.depthwise').params).toBe(4n * 9n);
    expect(layer(r, 'cat').outputShape).toEqual([8, 8, 8]);
    expect(layer(r, 'cat').inputs).toEqual(['add', 'image']);
  });

  test('a TensorFlow.js model.json: modelTopology.model_config, and its weights manifest checked against the counts', () => {
    const topology = sequential(input([4]), { class_name: 'Dense', config: { name: 'dense', units: 3, activation: 'linear', use_bias: true } });
    const tfjs = (weights: number[][]) => ({
      format: 'layers-model',
      modelTopology: { keras_version: '2.13.1', model_config: topology },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: weights.map((shape, i) => ({ name: `w${i}`, shape, dtype: 'float32' })) }],
    });
    expect(imported(tfjs([[4, 3], [3]])).notes).toEqual([]);
    expect(imported(tfjs([[4, 3], [3], [7]])).notes).toEqual([
      "the weights manifest holds 22 values (Keras's total params, trainable and not) but the layers read here have 15 params + buffers",
    ]);
  });

  test('a nested model is a scope of its own', () => {
    const inner = { class_name: 'Sequential', config: { name: 'features', layers: [{ class_name: 'Dense', config: { name: 'hidden', units: 5 } }] } };
    const r = model(sequential(input([3]), inner, { class_name: 'Dense', config: { name: 'head', units: 2 } }));
    expect(r.layers.map((l) => l.name)).toEqual(['features.hidden', 'head']);
  });

  test('unknown input sizes need --input', () => {
    const json = sequential(input([null, null, 3]), { class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: 1 } });
    expect(fails(json)).toMatch(/input 'input_1' has an unknown size on axis 1 \(None\); give the size with --input/);
    expect(model(json, [32, 32, 3]).output.shape).toEqual([32, 32, 2]);
  });

  test('pools, padding, upsampling, cropping, reshape and embedding', () => {
    const r = model(
      sequential(
        input([10, 10, 2]),
        { class_name: 'ZeroPadding2D', config: { name: 'pad', padding: [[1, 1], [2, 2]] } },
        { class_name: 'MaxPooling2D', config: { name: 'pool', pool_size: [2, 2], strides: null, padding: 'valid' } },
        { class_name: 'UpSampling2D', config: { name: 'up', size: [2, 2], interpolation: 'bilinear' } },
        { class_name: 'Cropping2D', config: { name: 'crop', cropping: [[1, 1], [2, 2]] } },
        { class_name: 'Reshape', config: { name: 'rs', target_shape: [100, 2] } },
      ),
    );
    expect(r.layers.map((l) => [l.name, l.outputShape])).toEqual([
      ['pad', [12, 14, 2]],
      ['pool', [6, 7, 2]],
      ['up', [12, 14, 2]],
      ['crop.crop_0', [10, 14, 2]],
      ['crop.crop_1', [10, 10, 2]],
      ['rs', [100, 2]],
    ]);
    const text = model(sequential(input([20]), { class_name: 'Embedding', config: { name: 'embed', input_dim: 1000, output_dim: 16 } }));
    expect([text.layers[0].params, text.layers[0].outputShape]).toEqual([16_000n, [20, 16]]);
  });
});

test('Rescaling and Average are counted with the elementwise op the spec defines', () => {
  const r = model(
    sequential(
      input([4, 4, 3]),
      { class_name: 'Rescaling', config: { name: 'rescale', scale: 1 / 127.5, offset: -1 } },
    ),
  );
  expect(r.layers.map((l) => [l.name, l.op, l.flops])).toEqual([['rescale.scale', 'elementwise', 48n], ['rescale.offset', 'elementwise', 48n]]);
  expect(Object.keys(imported(sequential(input([3]), { class_name: 'Rescaling', config: { name: 'r', scale: 2 } })).spec.ops ?? {})).toEqual(['elementwise']);
});

describe('recurrent layers: Keras\'s own parameter formulas (H units, I input features)', () => {
  const rnn = (class_name: string, config: Record<string, unknown>) => model(sequential(input([7, 5]), { class_name, config: { name: 'rnn', units: 3, ...config } }));

  test('LSTM: one bias, 4·(H·(I+H) + H); the last state unless return_sequences', () => {
    const r = rnn('LSTM', {});
    expect([layer(r, 'rnn').op, layer(r, 'rnn').outputShape]).toEqual(['lstm', [3]]);
    expect(r.totals.params).toBe(4n * (3n * (5n + 3n) + 3n)); // 108
    // Per step 4·(I·H + H·H), over 7 steps.
    expect(r.totals.macs).toBe(7n * 4n * (5n * 3n + 3n * 3n));
    expect(rnn('LSTM', { return_sequences: true }).output.shape).toEqual([7, 3]);
    expect(rnn('LSTM', { use_bias: false }).totals.params).toBe(4n * 3n * (5n + 3n));
  });

  test('GRU: reset_after true (TF2 and Keras 3, also when absent) has two biases, 3·(H·(I+H) + 2H); false has one', () => {
    expect(rnn('GRU', { reset_after: true }).totals.params).toBe(3n * (3n * (5n + 3n) + 2n * 3n)); // 90
    expect(rnn('GRU', {}).totals.params).toBe(90n);
    expect(rnn('GRU', { reset_after: false }).totals.params).toBe(3n * (3n * (5n + 3n) + 3n)); // 81
    expect(rnn('CuDNNGRU', {}).totals.params).toBe(90n);
    expect(rnn('CuDNNLSTM', {}).totals.params).toBe(4n * (3n * (5n + 3n) + 2n * 3n));
  });

  test('SimpleRNN: H·(I+H) + H; activation relu is the rnn\'s nonlinearity', () => {
    const r = rnn('SimpleRNN', { activation: 'relu', return_sequences: true });
    expect(r.totals.params).toBe(3n * (5n + 3n) + 3n); // 27
    expect(imported(sequential(input([7, 5]), { class_name: 'SimpleRNN', config: { name: 'rnn', units: 3, activation: 'relu' } })).spec.layers).toEqual([
      { rnn: { name: 'rnn', units: 3, return_sequences: false, bias: 'one', nonlinearity: 'relu' } },
    ]);
  });

  test('Bidirectional(LSTM) with merge_mode concat: twice the params, 2H features', () => {
    // The model of TensorFlow's "Text classification with an RNN" tutorial: Embedding(1000, 64), Bidirectional(LSTM(64)),
    // Dense(64, relu), Dense(1); by Keras's formulas 64,000 + 66,048 + 8,256 + 65 params.
    const r = model(
      sequential(
        input([null]),
        { class_name: 'Embedding', config: { name: 'embedding', input_dim: 1000, output_dim: 64 } },
        { class_name: 'Bidirectional', config: { name: 'bidirectional', merge_mode: 'concat', layer: { class_name: 'LSTM', config: { name: 'lstm', units: 64 } } } },
        { class_name: 'Dense', config: { name: 'dense', units: 64, activation: 'relu' } },
        { class_name: 'Dense', config: { name: 'dense_1', units: 1 } },
      ),
      [20],
    );
    expect(layer(r, 'bidirectional').params).toBe(2n * 4n * (64n * (64n + 64n) + 64n)); // 66,048
    expect(layer(r, 'bidirectional').outputShape).toEqual([128]);
    expect(layer(r, 'dense.dense').params).toBe(128n * 64n + 64n); // 8,256
    expect(r.totals.params).toBe(64_000n + 66_048n + 8_256n + 65n);
    const gru = model(sequential(input([7, 5]), { class_name: 'Bidirectional', config: { name: 'bi', layer: { class_name: 'GRU', config: { name: 'g', units: 3, return_sequences: true } } } }));
    expect(gru.totals.params).toBe(2n * 90n);
    expect(gru.output.shape).toEqual([7, 6]);
  });

  test('Bidirectional as Keras 3 writes it: a backward_layer configured as the forward one, with go_backwards true', () => {
    // Keras 3's Bidirectional.get_config always writes backward_layer: the same LSTM, renamed, running backwards.
    const lstm = (name: string, goBackwards: boolean) => ({
      module: 'keras.layers',
      class_name: 'LSTM',
      config: { name, units: 3, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, return_sequences: false, go_backwards: goBackwards },
      registered_name: null,
    });
    const r = model(sequential(input([7, 5]), { class_name: 'Bidirectional', config: { name: 'bi', merge_mode: 'concat', layer: lstm('forward_lstm', false), backward_layer: lstm('backward_lstm', true) } }));
    // Keras's LSTM per direction: 4·(H·(I+H) + H) = 4·(3·(5+3) + 3) = 108; two directions 216.
    expect(layer(r, 'bi').params).toBe(2n * 4n * (3n * (5n + 3n) + 3n));
    // Both final states joined: 2·3.
    expect(r.output.shape).toEqual([6]);
  });

  test("an activation in Keras 3's function form, {class_name: 'function', config: name}, is read by its name", () => {
    const fn = (name: string) => ({ module: 'keras.activations', class_name: 'function', config: name, registered_name: name });
    const dense = model(sequential(input([4]), { class_name: 'Dense', config: { name: 'dense', units: 3, activation: fn('relu') } }));
    expect(dense.layers.map((l) => [l.name, l.op])).toEqual([['dense.dense', 'dense'], ['dense.relu', 'relu']]);
    // LSTM's tanh and sigmoid in that form: Keras's 4·(3·(5+3) + 3) = 108 params.
    expect(rnn('LSTM', { activation: fn('tanh'), recurrent_activation: fn('sigmoid') }).totals.params).toBe(108n);
    expect(fails(sequential(input([4]), { class_name: 'Dense', config: { name: 'd', units: 3, activation: fn('selu') } }))).toBe("model.json: Keras layer 'd' (Dense): activation 'selu' has no archcost op");
    expect(fails(sequential(input([7, 5]), { class_name: 'SimpleRNN', config: { name: 'l', units: 3, activation: fn('sigmoid') } }))).toMatch(/activation 'sigmoid' has no archcost form/);
    // A value that names no activation is refused as written, not taken as linear.
    expect(fails(sequential(input([4]), { class_name: 'Dense', config: { name: 'd', units: 3, activation: 5 } }))).toBe("model.json: Keras layer 'd' (Dense): activation '5' has no archcost op");
  });

  test('what has no archcost form is refused, naming the layer', () => {
    const bi = (config: Record<string, unknown>) => fails(sequential(input([7, 5]), { class_name: 'Bidirectional', config: { name: 'bi', layer: { class_name: 'LSTM', config: { name: 'l', units: 3 } }, ...config } }));
    expect(bi({ merge_mode: 'sum' })).toBe(
      "model.json: Keras layer 'bi' (Bidirectional): merge_mode \"sum\" has no archcost form: archcost's bidirectional layers join both directions (merge_mode concat, 2·units features)",
    );
    expect(bi({ merge_mode: null })).toMatch(/merge_mode null has no archcost form/);
    expect(bi({ layer: { class_name: 'Dense', config: { name: 'd', units: 3 } } })).toMatch(/: Bidirectional wraps a Dense; archcost's bidirectional layers are LSTM, GRU and SimpleRNN$/);
    expect(bi({ backward_layer: { class_name: 'constructor', config: { name: 'b', units: 3 } } })).toMatch(/: Bidirectional wraps a constructor; /);
    expect(bi({ backward_layer: { class_name: 'LSTM', config: { name: 'b', units: 4, go_backwards: true } } })).toMatch(/backward_layer differs/);
    expect(fails(sequential(input([7, 5]), { class_name: 'LSTM', config: { name: 'l', units: 3, return_state: true } }))).toMatch(/return_state gives the final states/);
    expect(fails(sequential(input([7, 5]), { class_name: 'SimpleRNN', config: { name: 'l', units: 3, activation: 'sigmoid' } }))).toMatch(/activation 'sigmoid' has no archcost form/);
    expect(fails(sequential(input([7, 5, 2]), { class_name: 'LSTM', config: { name: 'l', units: 3 } }))).toMatch(/lstm needs a sequence \[L, C\]/);
    // units goes to the op's own arg check as Keras wrote it: true is not 1, nor "3" 3.
    expect(fails(sequential(input([7, 5]), { class_name: 'LSTM', config: { name: 'l', units: true } }))).toBe(
      "model.json: Keras layer 'l' (LSTM): cannot be read as archcost's lstm: lstm arg 'units': expected a positive integer, got true (input 7x5)",
    );
    expect(fails(sequential(input([7, 5]), { class_name: 'GRU', config: { name: 'g', units: '3' } }))).toMatch(/: gru arg 'units': expected a positive integer, got '3' /);
    expect(fails(sequential(input([7, 5]), { class_name: 'LSTM', config: { name: 'l' } }))).toMatch(/: lstm needs 'units': a positive integer /);
  });
});

describe('what the importer refuses', () => {
  test('unsupported layers, shared layers, BatchNormalization without scale, channels_first', () => {
    expect(fails(sequential(input([5, 3]), { class_name: 'TimeDistributed', config: { name: 'td' } }))).toBe("model.json: Keras layer 'td' (TimeDistributed): layer class TimeDistributed has no archcost mapping");
    expect(fails(sequential(input([4]), { class_name: 'BatchNormalization', config: { name: 'bn', axis: -1, scale: false } }))).toMatch(/without center or scale/);
    expect(fails(sequential(input([3, 8, 8]), { class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: 1, data_format: 'channels_first' } }))).toMatch(/channels_first is not read/);
    const shared = {
      class_name: 'Functional',
      config: {
        name: 'm',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 4], name: 'x' }, name: 'x', inbound_nodes: [] },
          { class_name: 'Dense', config: { name: 'd', units: 4 }, name: 'd', inbound_nodes: [[['x', 0, 0, {}]], [['d', 0, 0, {}]]] },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['d', 1, 0]],
      },
    };
    expect(fails(shared)).toMatch(/the layer is applied 2 times \(shared weights\)/);
  });

  test('invalid JSON with its position, a JSON that is no model, a tfjs graph model', () => {
    expect(fails('{"class_name": "Sequential",\n "config": }')).toMatch(/^model\.json:2:12: Keras: invalid JSON/);
    expect(fails({ layers: [] })).toMatch(/no Keras model here/);
    expect(fails({ format: 'graph-model', modelTopology: { node: [] } })).toMatch(/TensorFlow\.js graph model/);
  });
});
