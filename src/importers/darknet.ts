import { ModelGraph, importError, modelName, type FlatModel, type ImportOptions, type Tensor } from './model-graph.js';

/**
 * darknet `.cfg` → archcost layers. A cfg is a list of `[section]`s of `key=value` lines; the first
 * is `[net]` (the input size), each later one a layer, numbered from 0 as darknet prints them. Each
 * section's layers are a scope named by that number (`0.conv`, `0.bn`, `0.leaky`; a section of one
 * layer is that layer, `1`), so `--depth 1` shows darknet's own rows. Geometry follows darknet's
 * parser.c and layer sources (pjreddie/darknet and the AlexeyAB fork): a convolution pads
 * `size/2` with `pad=1`, a maxpool pads `size-1` in total (half before, as its forward pass offsets
 * by -pad/2), a route concatenates channels (or takes group `group_id` of `groups`), a shortcut adds.
 */

const FORMAT = 'darknet';

interface Section {
  type: string;
  line: number;
  /** darknet's layer number (-1 for [net]). */
  index: number;
  options: Map<string, { value: string; line: number }>;
}

/** Activations darknet names, as archcost ops (leaky is darknet's 0.1 slope). */
const ACTIVATIONS: Record<string, { op: string; args?: Record<string, unknown> } | null> = {
  linear: null,
  leaky: { op: 'leakyrelu', args: { negative_slope: 0.1 } },
  relu: { op: 'relu' },
  relu6: { op: 'relu6' },
  logistic: { op: 'sigmoid' },
  tanh: { op: 'tanh' },
  mish: { op: 'mish' },
  swish: { op: 'silu' },
  elu: { op: 'elu' },
  gelu: { op: 'gelu' },
};

/** Keys that change what a layer computes in ways archcost does not model. */
const UNSUPPORTED_KEYS: Record<string, string[]> = {
  convolutional: ['binary', 'xnor', 'antialiasing', 'share_index', 'deform', 'assisted_excitation'],
  maxpool: ['maxpool_depth', 'antialiasing'],
};

export function parseCfg(text: string, file?: string): Section[] {
  const sections: Section[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (!line) return;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const type = header[1].trim().toLowerCase();
      sections.push({ type, line: i + 1, index: sections.length - 1, options: new Map() });
      return;
    }
    const pair = /^([^=]+)=(.*)$/.exec(line);
    if (!pair) throw importError(file, FORMAT, { line: i + 1, column: 1 }, `expected [section] or key=value, got '${line.slice(0, 60)}'`);
    const current = sections[sections.length - 1];
    if (!current) throw importError(file, FORMAT, { line: i + 1, column: 1 }, 'key=value before the first [section]; a cfg starts with [net]');
    current.options.set(pair[1].trim().toLowerCase(), { value: pair[2].trim(), line: i + 1 });
  });
  return sections;
}

/** Normalised section names (darknet accepts short forms). */
const ALIASES: Record<string, string> = {
  conv: 'convolutional',
  max: 'maxpool',
  avg: 'avgpool',
  network: 'net',
  conn: 'connected',
  soft: 'softmax',
};

class CfgReader {
  readonly graph: ModelGraph;
  /** Each section's output, by darknet layer number. */
  private readonly outputs: Tensor[] = [];
  private readonly heads: { index: number; tensor: Tensor }[] = [];
  private section!: Section;

  constructor(readonly file: string | undefined) {
    this.graph = new ModelGraph(file, FORMAT);
  }

  fail(message: string, key?: string): never {
    const line = key ? this.section.options.get(key)?.line : this.section.line;
    throw importError(this.file, FORMAT, { line: line ?? this.section.line, column: 1, node: this.label() }, message);
  }

  /** The section as messages name it: `[convolutional] (layer 3)`, or `[net]`. */
  label(): string {
    return this.section.index < 0 ? `[${this.section.type}]` : `[${this.section.type}] (layer ${this.section.index})`;
  }

  int(key: string, fallback: number): number {
    return this.number(key, fallback, Number.isInteger, 'an integer');
  }

  float(key: string, fallback: number): number {
    return this.number(key, fallback, Number.isFinite, 'a number');
  }

  private number(key: string, fallback: number, valid: (n: number) => boolean, what: string): number {
    const entry = this.section.options.get(key);
    if (!entry) return fallback;
    const n = Number(entry.value);
    if (!valid(n) || entry.value === '') this.fail(`${key}: expected ${what}, got '${entry.value}'`, key);
    return n;
  }

  text(key: string, fallback: string): string {
    return this.section.options.get(key)?.value ?? fallback;
  }

  /** `layers=-1, 8`: relative (negative) or absolute darknet layer numbers. */
  layerRefs(key: string): number[] {
    const raw = this.section.options.get(key)?.value;
    if (raw === undefined) this.fail(`${key} is missing`, key);
    return raw.split(',').map((part) => {
      const n = Number(part.trim());
      if (!Number.isInteger(n)) this.fail(`${key}: expected layer numbers, got '${raw}'`, key);
      const index = n < 0 ? this.section.index + n : n;
      if (index < 0 || index >= this.section.index) this.fail(`${key}: layer ${n} is not an earlier layer (this is layer ${this.section.index})`, key);
      return index;
    });
  }

  layerOutput(index: number): Tensor {
    return this.outputs[index];
  }

  previous(): Tensor {
    return this.section.index === 0 ? this.input : this.outputs[this.section.index - 1];
  }

  input!: Tensor;

  add(op: string, args: Record<string, unknown>, inputs: Tensor[], name: string): Tensor {
    return this.graph.layer(op, args, inputs, {
      scope: [String(this.section.index)],
      name,
      generic: true,
      at: { line: this.section.line, column: 1, node: this.label() },
    });
  }

  activation(x: Tensor, fallback: string): Tensor {
    const name = this.text('activation', fallback).toLowerCase();
    if (!Object.hasOwn(ACTIVATIONS, name)) this.fail(`activation '${name}' has no archcost op`, 'activation');
    const act = ACTIVATIONS[name];
    return act ? this.add(act.op, act.args ?? {}, [x], name) : x;
  }

  read(sections: Section[]): FlatModel {
    const net = sections[0];
    if (!net || ALIASES[net.type] !== 'net' && net.type !== 'net') {
      throw importError(this.file, FORMAT, { line: net?.line ?? 1, column: 1 }, 'a darknet cfg starts with a [net] section (the input size)');
    }
    this.section = net;
    const [h, w, c] = [this.int('height', 0), this.int('width', 0), this.int('channels', 0)];
    if (h < 1 || w < 1 || c < 1) this.fail(`needs height, width and channels (got ${h} x ${w} x ${c})`);
    this.input = this.graph.input('input', [h, w, c]);
    const layers = sections.slice(1);
    if (layers.length === 0) this.fail('the cfg has no layers after [net]');
    rejectUnsupported(layers, this.file);
    for (const section of layers) {
      this.section = section;
      for (const key of UNSUPPORTED_KEYS[kind(section)] ?? []) {
        if (section.options.has(key)) this.fail(`${key} is not modelled by archcost`, key);
      }
      this.outputs.push(SECTIONS[kind(section)](this));
    }
    return this.graph.model(modelName(this.file), {
      description: `Imported from a darknet cfg (${h}x${w}x${c} input${this.heads.length ? `, ${this.heads.length} detection head${this.heads.length > 1 ? 's' : ''}` : ''})`,
      // Every detection head is an output (outputs:); a net without heads ends at its last layer.
      outputs: this.heads.length ? this.heads.map((hd) => hd.tensor.id) : [this.outputs[this.outputs.length - 1].id],
    });
  }

  head(x: Tensor): Tensor {
    const y = this.add('identity', {}, [x], this.section.type);
    this.heads.push({ index: this.section.index, tensor: y });
    return y;
  }
}

const kind = (s: Section) => ALIASES[s.type] ?? s.type;

type SectionReader = (r: CfgReader) => Tensor;

const SECTIONS: Record<string, SectionReader> = {
  convolutional: (r) => {
    const x = r.previous();
    const size = r.int('size', 1);
    const [strideY, strideX] = [r.int('stride_y', r.int('stride', 1)), r.int('stride_x', r.int('stride', 1))];
    const padding = r.int('pad', 0) ? Math.floor(size / 2) : r.int('padding', 0);
    const groups = r.int('groups', 1);
    const dilation = r.int('dilation', 1);
    const bn = r.int('batch_normalize', 0) === 1;
    const args: Record<string, unknown> = { filters: r.int('filters', 1), kernel: size };
    if (strideX !== 1 || strideY !== 1) args.stride = strideX === strideY ? strideX : [strideY, strideX];
    if (padding) args.padding = padding;
    if (dilation !== 1) args.dilation = dilation;
    if (groups !== 1) args.groups = groups;
    // With batch_normalize the conv's biases are the norm's shift: the conv itself has none.
    if (bn) args.bias = false;
    let y = r.add('conv', args, [x], 'conv');
    if (bn) y = r.add('batchnorm', {}, [y], 'bn');
    return r.activation(y, 'logistic');
  },
  maxpool: (r) => windowPool(r, 'maxpool'),
  local_avgpool: (r) => windowPool(r, 'avgpool'),
  avgpool: (r) => r.add('globalavgpool', { keepdims: true }, [r.previous()], 'avgpool'),
  route: (r) => {
    const sources = r.layerRefs('layers').map((i) => r.layerOutput(i));
    const groups = r.int('groups', 1);
    const id = r.int('group_id', 0);
    if (groups < 1 || id < 0 || id >= groups) r.fail(`group_id ${id} is not one of the ${groups} groups`, 'group_id');
    const parts = groups === 1 ? sources : sources.map((t, i) => {
      const channels = t.shape[t.shape.length - 1];
      if (channels % groups !== 0) r.fail(`groups=${groups} does not divide the ${channels} channels of its input`, 'groups');
      const size = channels / groups;
      return r.add('slice', { start: size * id, end: size * (id + 1) }, [t], sources.length > 1 ? `group_${i}` : 'group');
    });
    // One input and no groups: darknet copies the tensor; archcost reads the same one.
    return parts.length === 1 ? parts[0] : r.add('concat', {}, parts, 'concat');
  },
  shortcut: (r) => {
    const x = r.previous();
    const from = r.layerRefs('from').map((i) => r.layerOutput(i));
    if (r.text('weights_type', 'none') !== 'none') r.fail('weighted shortcuts (weights_type) are not modelled by archcost', 'weights_type');
    const y = r.add('add', {}, [x, ...from], 'add');
    return r.activation(y, 'linear');
  },
  upsample: (r) => {
    const stride = r.int('stride', 2);
    if (stride < 1) r.fail(`stride ${stride} downsamples; archcost's upsample takes whole factors of 1 or more`, 'stride');
    return r.add('upsample', { scale: stride }, [r.previous()], 'upsample');
  },
  reorg: (r) => r.add('space_to_depth', { block: r.int('stride', 1) }, [r.previous()], 'reorg'),
  connected: (r) => {
    let x = r.previous();
    if (x.shape.length > 1) x = r.add('flatten', {}, [x], 'flatten');
    const bn = r.int('batch_normalize', 0) === 1;
    let y = r.add('dense', { units: r.int('output', 1), ...(bn ? { bias: false } : {}) }, [x], 'dense');
    if (bn) y = r.add('batchnorm', {}, [y], 'bn');
    return r.activation(y, 'logistic');
  },
  batchnorm: (r) => r.add('batchnorm', {}, [r.previous()], 'bn'),
  dropout: (r) => r.add('dropout', { rate: r.float('probability', 0.5) }, [r.previous()], 'dropout'),
  softmax: (r) => {
    if (r.int('groups', 1) !== 1) r.fail('softmax over groups has no archcost op', 'groups');
    let x = r.previous();
    if (x.shape.length > 1) x = r.add('flatten', {}, [x], 'flatten');
    return r.add('softmax', {}, [x], 'softmax');
  },
  scale_channels: (r) => {
    const [from] = r.layerRefs('from').map((i) => r.layerOutput(i));
    const y = r.add('multiply', {}, [from, r.previous()], 'multiply');
    return r.activation(y, 'linear');
  },
  yolo: (r) => r.head(r.previous()),
  region: (r) => r.head(r.previous()),
  detection: (r) => r.head(r.previous()),
  // Training-only sections: no work at inference.
  cost: (r) => r.previous(),
};

function windowPool(r: CfgReader, op: 'maxpool' | 'avgpool'): Tensor {
  const strideX = r.int('stride_x', r.int('stride', 1));
  const strideY = r.int('stride_y', r.int('stride', 1));
  const size = r.int('size', strideX);
  const padding = r.int('padding', size - 1);
  // darknet's window starts -padding/2 before the input: the rest of the padding is at the end.
  const before = Math.floor(padding / 2);
  const pad = before === padding - before ? before : [[before, padding - before], [before, padding - before]];
  const stride = strideX === strideY ? strideX : [strideY, strideX];
  return r.add(op, { kernel: size, stride, ...(padding ? { padding: pad } : {}) }, [r.previous()], op === 'maxpool' ? 'max' : 'avg');
}

/** Every section type without a mapping, with its layer numbers, in one message. */
function rejectUnsupported(sections: Section[], file?: string): void {
  const unsupported = new Map<string, number[]>();
  for (const s of sections) {
    if (Object.hasOwn(SECTIONS, kind(s))) continue;
    if (!unsupported.has(s.type)) unsupported.set(s.type, []);
    unsupported.get(s.type)!.push(s.index);
  }
  if (unsupported.size === 0) return;
  const list = [...unsupported].map(([type, at]) => `[${type}] (layer${at.length > 1 ? 's' : ''} ${at.join(', ')})`);
  const first = sections.find((s) => unsupported.has(s.type))!;
  throw importError(file, FORMAT, { line: first.line, column: 1 }, `${unsupported.size} section type${unsupported.size === 1 ? ' has' : 's have'} no archcost mapping: ${list.join('; ')}. docs/importers/darknet.md lists the supported sections`);
}

export function importDarknet(bytes: Uint8Array, options: ImportOptions = {}): FlatModel {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const sections = parseCfg(text, options.file);
  if (sections.length - 1 > 100_000) throw importError(options.file, FORMAT, {}, `the cfg has ${sections.length - 1} layers; archcost reads at most 100,000`);
  if (options.input) {
    const net = sections[0];
    if (options.input.length !== 3) throw importError(options.file, FORMAT, {}, `--input ${options.input.join('x')}: a darknet network takes height x width x channels`);
    const [h, w, c] = options.input;
    for (const [key, value] of [['height', h], ['width', w], ['channels', c]] as const) net?.options.set(key, { value: String(value), line: net.line });
  }
  return new CfgReader(options.file).read(sections);
}
