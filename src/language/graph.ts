import { argNames, argProblem, findOp, opNames, OPS, parseArgs } from '../ops/registry.js';
import { type Cost, type LayerContext, type LayerMemory, type Op, type Shape } from '../ops/types.js';
import { ArchcostError, didYouMean, RuleError, showValue as show } from '../core/errors.js';
import { grouped } from '../core/numbers.js';
import { ExprError, hasTemplate, resolveTemplate, type ExprScope, type HostValue, type Value } from '../expr/expr.js';
import type { SpecPath, SpecSource } from './source.js';
import type { SpecFile } from './spec.js';
import { userOps } from './user-ops.js';
import { joined, listOfLength, sameNumbers } from '../core/values.js';

/** One computed layer of the expanded graph, in execution order. */
export interface LayerNode {
  /** Dotted path, like a PyTorch module name: `layer1.0.conv_2`. */
  name: string;
  op: string;
  /** Names of the tensors it reads: model inputs or earlier layers. */
  inputs: string[];
  /** The same tensors by position (Tensor `source`), so counting walks arrays instead of looking names up. */
  sources: number[];
  /** The sources whose data it reads: all but those its op reads for their shape only (crop's reference). */
  reads: number[];
  outputShape: Shape;
  cost: Cost;
  /** The op's resolved args (expressions evaluated, defaults applied), for explain, receptive fields and training rules. */
  args: Readonly<Record<string, unknown>>;
  /** The op itself (a spec's own ops are not in the registry). */
  definition: Op;
  specPath: SpecPath;
  /** Memory besides its input and output, elements per sample: score workspace, K/V cache (ops/types.ts). */
  memory: LayerMemory;
  /** Params that work on each token: all of them, but in a mixture of experts' body only the active experts'. */
  activeParams: bigint;
  /** Weights the layer reads but another layer holds: a tied head reads the embedding's matrix. */
  sharedWeights: bigint;
  /** The position of the layer holding them (`tie:`). */
  tiedTo?: number;
  /**
   * Inside a mixture of experts' body, the layer stands for several copies: `stored` (experts + shared)
   * hold params, `active` (top_k + shared) work on each token. Its cost is already multiplied; its output
   * tensor stands for `active` copies.
   */
  copies?: { stored: number; active: number };
  /** It reads, directly or not, the first input: the sequence being processed (a decoder's, not an encoder's). */
  onSequence: boolean;
  /** In decode, a layer off the sequence (an encoder) ran in prefill: its output is kept, it computes nothing now. */
  precomputed: boolean;
  /**
   * The position of an earlier layer this one copies (a later copy of a repeat): the same op, args,
   * output shape, cost and memory, reading tensors of the same shapes. Counting may reuse its figures.
   */
  twin?: number;
}

export interface Tensor {
  id: string;
  shape: Shape;
  /** Its layer's position in `Graph.layers`, or -1 - k for the k-th model input (absent only on a name being claimed). */
  source?: number;
}

/** How the graph is built; the default is what analyze does. */
export interface BuildSettings {
  /**
   * Expand every copy of a repeat on its own, none from a template copy: slower, the same graph
   * but for `twin` (specs/repeat-copies.test.ts holds the two to it).
   */
  everyCopy?: boolean;
}

/** A named group of layers: a block instance, a sequence, a named branch or a repeated item. */
export interface ScopeInfo {
  name: string;
  /** The block or op it expands (`bottleneck`, `sequence`, `branch`), with `xN` for repeats. */
  kind: string;
  /** A repeated item's copies (`repeat: N`): its children `<name>.0` to `<name>.N-1`. */
  repeat?: number;
}

export interface Graph {
  inputs: Tensor[];
  layers: LayerNode[];
  scopes: ScopeInfo[];
  /** The model's output: the first of `outputs:`, else the last item's output. */
  output: Tensor;
  /** Every output: those `outputs:` names, else the one above. All stay live to the end. */
  outputs: Tensor[];
}

/** A tensor's shape by its source (LayerNode `sources`: a layer's index, or -1 - a model input's). */
export function shapeOfSource(graph: Pick<Graph, 'inputs' | 'layers'>, source: number): Shape {
  return source >= 0 ? graph.layers[source].outputShape : graph.inputs[-1 - source].shape;
}

/**
 * A list a layer long of `make(layer, i)`, but a copy (LayerNode `twin`) takes its twin's value, the
 * same object: a repeat's copies share their twins' bytes and windows, and 100,000 layers make no
 * new bigint or list a copy for them.
 */
export function perLayer<T>(layers: readonly LayerNode[], make: (layer: LayerNode, i: number) => T): T[] {
  const list = listOfLength<T>(layers.length);
  for (let i = 0; i < layers.length; i++) {
    const twin = layers[i].twin;
    list[i] = twin === undefined ? made(make, layers[i], i) : list[twin];
  }
  return list;
}

/**
 * `make(layer, i)`, called from perLayer's loop through this one function: a call to `make` in the
 * loop itself had V8 compile the loop for the first caller's `make` and throw that away at the next
 * caller's, five compiles a run of 100,000 layers.
 */
function made<T>(make: (layer: LayerNode, i: number) => T, layer: LayerNode, i: number): T {
  return make(layer, i);
}

/** The shapes a layer reads, by source. */
export function inputShapes(graph: Pick<Graph, 'inputs' | 'layers'>, layer: LayerNode): Shape[] {
  return layer.sources.map((s) => shapeOfSource(graph, s));
}

const ITEM_ARGS = new Set(['name', 'from', 'repeat', 'if']);
const NOTHING_CACHED: LayerContext = { cached: 0 };

/** The built-in ops that take several tensors, for messages. */
const mergeOps = () => OPS.filter((op) => op.merge).map((op) => op.name).join(', ');

/** Items the builder expands itself rather than an op or block. */
const STRUCTURAL = new Set(['sequence', 'moe']);
const LAYER_NAME = /^[A-Za-z0-9_-]+$/;
const TENSOR_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
/** Expansion limit: repeats and blocks multiply, so a short spec could otherwise ask for billions of layers. */
export const MAX_LAYERS = 100_000;
// Not toLocaleString: loading the locale data at start-up costs more than analysing a ResNet.
const LAYER_LIMIT = grouped(MAX_LAYERS);
/**
 * How deep blocks, sequences and branches may nest. Expansion recurses once per level, so without a
 * cap a chain of a few hundred blocks overflows the stack; no real network nests past a dozen.
 */
export const MAX_NESTING = 100;

/** An op item's args as written: `branches`, its own args, and the spec's defaults for its op under them. */
interface OpItemArgs {
  branches: unknown;
  given: Record<string, unknown>;
  defaults: Record<string, unknown>;
  defaultsPath: SpecPath;
  rawArgs: Record<string, unknown>;
  /** No expression in them: every copy resolves to the same args, checked once and kept in `checked`. */
  fixed: boolean;
  checked?: Readonly<Record<string, unknown>>;
}

/** Expression bindings: block params, vars and `i`, looked up innermost first. */
class Env {
  constructor(
    private readonly values: ReadonlyMap<string, HostValue>,
    private readonly parent?: Env,
    /** Names declared here but not bound yet (a block's later params, while its defaults are evaluated). */
    private readonly pending?: (name: string) => boolean,
    /** Told when an expression reads a value bound here (a repeat's `i`: its copies then differ). */
    private readonly onRead?: () => void,
  ) {}

  lookup(name: string): HostValue | undefined {
    if (!this.values.has(name)) return this.parent?.lookup(name);
    this.onRead?.();
    return this.values.get(name);
  }

  *names(): Iterable<string> {
    yield* this.values.keys();
    if (this.parent) yield* this.parent.names();
  }

  with(name: string, value: Value, onRead?: () => void): Env {
    return new Env(new Map([[name, value]]), this, undefined, onRead);
  }

  /** The view the expression evaluator gets. */
  scope(input?: Shape): ExprScope {
    return {
      lookup: (name) => {
        const bound = this.lookup(name);
        if (bound === undefined && this.pending?.(name)) {
          throw new ExprError(`'${name}' is a param declared after this one, and a default can use only the params before it (plus in and vars): declare '${name}' first`);
        }
        return bound;
      },
      names: () => this.names(),
      input,
    };
  }
}

/** Where names live: a block instance, a sequence or a named branch has its own; plain branches share. */
interface Scope {
  prefix: string;
  names: Map<string, Tensor>;
  counters: Map<string, number>;
  /**
   * Items skipped by `if`, each name with the tensor it passes on (what it would have read): `from`
   * may name a skipped item. A later item may take the name; auto names avoid it, so they do not
   * shift when a condition changes.
   */
  skipped: Map<string, Tensor>;
  input: Tensor;
  parent?: Scope;
}

interface Item {
  key: string;
  args: Record<string, unknown>;
  /** Path of the item's args map in the spec document. */
  argsPath: SpecPath;
}

type Block = NonNullable<SpecFile['blocks']>[string];

/**
 * A repeat's copy being expanded, watched for what would make the next copy differ from it: reading
 * the repeat's `i`, or naming a tensor outside the copy that is not fixed for every copy.
 */
interface CopyWatch {
  /** The copy's full name (`stage.3`): every layer, scope and tensor inside starts with it. */
  id: string;
  input: Tensor;
  firstLayer: number;
  firstScope: number;
  same: boolean;
}

/** A copy whose successors are the same layers under other names, reading the copy before them. */
interface CopyTemplate extends Omit<CopyWatch, 'same'> {
  output: Tensor;
  endLayer: number;
  endScope: number;
  /** Its layers' and scopes' names without its own name in front, made when the first copy is. */
  suffixes?: { layers: string[]; scopes: string[] };
}

/** A copy made from a template: its layers are the template's moved by `offset`, reading `input`. */
interface MadeCopy {
  template: CopyTemplate;
  offset: number;
  input: Tensor;
}

/**
 * The copies of a repeat made from its template, `first` to `first + made - 1`, one after another:
 * copy j's layers are the template's moved by `offset + (j - first) x` the template's layer count.
 * One for the repeat, where a map entry, a name and a tensor for each copy took ~20% of expanding
 * 100,000 layers: a copy's tensors are found through it when a later item names one (tensorNamed).
 */
interface CopyRun {
  template: CopyTemplate;
  /** The repeat's scope and name there: copy j is `<name>.<j>`. */
  scope: Scope;
  name: string;
  first: number;
  made: number;
  offset: number;
}

/** Expands a validated spec into layers with shapes and costs: blocks, repeat, if, branches, from. */
export class GraphBuilder {
  private readonly layers: LayerNode[] = [];
  private readonly scopes: ScopeInfo[] = [];
  private readonly tensors = new Map<string, Tensor>();
  private readonly blocks: Map<string, Block>;
  /** The ops the spec defines under `ops:`. */
  private readonly ops: Map<string, Op>;
  private readonly blockStack: string[] = [];
  private readonly globals: Env;
  /** Dotted path of the item being expanded, so every error names its layer. */
  private at: string | undefined;
  /** The first input's shape, for the channels-last hint. */
  private modelInput: Shape | undefined;
  /** opArgs's split of each op item's args, by the item's args object. */
  private readonly splitArgs = new WeakMap<object, OpItemArgs>();
  /** One args object for each bare item (`- relu`), so its copies share one entry in splitArgs. */
  private readonly bareArgs = new Map<string, Record<string, unknown>>();
  /** Blocks, sequences and branches being expanded, innermost last (see MAX_NESTING). */
  private nesting = 0;
  /** The model inputs, by position (Tensor `source` -1 - k). */
  private modelInputs: Tensor[] = [];
  /** The copies each repeat made from a template (copyOf), by the repeat's full name. */
  private readonly copyRuns = new Map<string, CopyRun>();
  /** The repeat copies being expanded, outermost first. */
  private readonly watches: CopyWatch[] = [];
  /** Copies the layers being expanded stand for, inside a mixture of experts' body. */
  private copies: { stored: number; active: number } | undefined;

  constructor(
    private readonly spec: SpecFile,
    private readonly source: SpecSource,
    vars: ReadonlyMap<string, Value>,
    private readonly context: LayerContext & { decode?: boolean } = { cached: 0 },
    private readonly settings: BuildSettings = {},
  ) {
    this.blocks = new Map(Object.entries(spec.blocks ?? {}));
    this.ops = userOps(spec, source);
    this.globals = new Env(vars);
    for (const name of this.blocks.keys()) {
      if (findOp(name) || STRUCTURAL.has(name)) {
        this.fail(['blocks', name], `block '${name}' has the name of a built-in op; choose another name`);
      }
    }
    for (const name of Object.keys(spec.defaults ?? {})) {
      if (!this.opNamed(name)) {
        this.fail(['defaults', name], `defaults: unknown op '${name}'${didYouMean(name, [...opNames(), ...this.ops.keys()])}; defaults apply to ops, not blocks`);
      }
    }
  }

  /** A spec's own op of that name, else the built-in one. */
  private opNamed(name: string): Op | undefined {
    return this.ops.get(name) ?? findOp(name);
  }

  build(declared: Tensor[]): Graph {
    const inputs = declared.map((t, k) => ({ ...t, source: -1 - k }));
    this.modelInputs = inputs;
    this.modelInput = inputs[0]?.shape;
    const scope: Scope = { prefix: '', names: new Map(), counters: new Map(), skipped: new Map(), input: inputs[0] };
    for (const t of inputs) {
      // An override (`--input`) has not been through inputShape.
      const problem = shapeProblem(t.shape);
      if (problem) this.fail([this.spec.inputs ? 'inputs' : 'input'], `the input '${t.id}' is ${problem}`);
      scope.names.set(t.id, t);
      this.tensors.set(t.id, t);
    }
    const last = this.list(this.spec.layers, ['layers'], scope, this.globals, inputs[0]);
    if (this.layers.length === 0) {
      this.fail(['layers'], 'every layer item is skipped (its if is false), so the model has no layer to count; a spec needs at least one layer', undefined);
    }
    const outputs = (this.spec.outputs ?? []).map((name, i) => this.lookup(this.layerName(name, ['outputs', i], this.globals, last.shape, TENSOR_NAME), scope, ['outputs', i], 'outputs'));
    return { inputs, layers: this.layers, scopes: this.scopes, output: outputs[0] ?? last, outputs: outputs.length ? outputs : [last] };
  }

  private list(items: readonly unknown[], path: SpecPath, scope: Scope, env: Env, current: Tensor): Tensor {
    items.forEach((raw, i) => (current = this.item(raw, [...path, i], scope, env, current)));
    return current;
  }

  /** A nested list (a block body, a sequence, a branch): expanded one level deeper, up to MAX_NESTING. */
  private nestedList(items: readonly unknown[], path: SpecPath, scope: Scope, env: Env, current: Tensor): Tensor {
    if (this.nesting >= MAX_NESTING) {
      const chain = this.blockStack.length ? ` (blocks ${this.blockStack.slice(0, 5).join(' -> ')}${this.blockStack.length > 5 ? ' -> …' : ''})` : '';
      this.fail(path, `blocks, sequences and branches nest more than ${MAX_NESTING} levels deep${chain}; flatten the structure or use repeat`);
    }
    this.nesting++;
    try {
      return this.list(items, path, scope, env, current);
    } finally {
      this.nesting--;
    }
  }

  private item(raw: unknown, path: SpecPath, scope: Scope, env: Env, previous: Tensor): Tensor {
    const item = this.split(raw, path);
    const { key, args, argsPath } = item;
    const op = this.opNamed(key);
    const block = this.blocks.get(key);
    if (!op && !block && !STRUCTURAL.has(key)) {
      const known = [...opNames(), ...this.ops.keys(), ...this.blocks.keys(), ...STRUCTURAL];
      this.fail([...path, key], `unknown op or block '${key}'${didYouMean(key, known)}`);
    }
    const base = op?.name ?? key;
    const count = (scope.counters.get(base) ?? 0) + 1;
    scope.counters.set(base, count);
    const outer = this.at;
    const autoName = this.autoName(base, count, scope);
    this.at = scope.prefix + (typeof args.name === 'string' && LAYER_NAME.test(args.name) ? args.name : autoName);

    const input = this.itemInput(item, op, scope, env, previous);
    const inShape = input[0].shape;
    const name = args.name === undefined ? autoName : this.layerName(args.name, [...argsPath, 'name'], env, inShape);
    this.at = scope.prefix + name;
    const done = (output: Tensor): Tensor => {
      this.at = outer;
      return output;
    };
    if (args.if !== undefined) {
      const keep = this.value(args.if, [...argsPath, 'if'], env, inShape);
      if (typeof keep !== 'boolean' && typeof keep !== 'number') this.fail([...argsPath, 'if'], `if: expected true or false, got ${show(keep)}`);
      if (!keep) {
        // A skipped item is the identity on what it reads; its other args are not evaluated (they
        // may only make sense when it is kept), but they must be args it takes.
        this.checkArgNames(item, op);
        scope.skipped.set(name, input[0]);
        return done(input[0]);
      }
    }
    this.claim(name, scope, [...argsPath, 'name']);

    if (args.repeat === undefined) return done(this.register(name, scope, this.body(item, op, name, scope, env, input)));
    const times = this.value(args.repeat, [...argsPath, 'repeat'], env, inShape);
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) {
      this.fail([...argsPath, 'repeat'], `repeat: expected a positive integer, got ${show(times)}`);
    }
    if (times > MAX_LAYERS) this.fail([...argsPath, 'repeat'], `repeat: ${times} copies exceed the limit of ${LAYER_LIMIT} layers`);
    this.scopes.push({ name: scope.prefix + name, kind: `${base} x${times}`, repeat: times });
    let current = input;
    const before = this.layers.length;
    // Plain branches name their layers in the enclosing scope, by counts that go on from copy to copy.
    const ownNames = !op || this.opArgs(item, op).branches === undefined;
    let template: CopyTemplate | undefined;
    let run: CopyRun | undefined;
    const templated = !this.settings.everyCopy;
    for (let i = 0; i < times; i++) {
      const copy = `${name}.${i}`;
      const id = scope.prefix + copy;
      this.at = id;
      if (template) {
        const offset = this.layers.length - template.firstLayer;
        const copied = this.copyOf({ template, offset, input: current[0] }, id);
        if (copied) {
          if (!run) this.copyRuns.set(scope.prefix + name, (run = { template, scope, name, first: i, made: 0, offset }));
          run.made++;
          current = [copied];
          continue;
        }
        // Past the layer limit: this copy is expanded, and fails where it passes it. No later copy is
        // made from the template, so the run's copies stay one after another, as madeCopy counts them.
        template = undefined;
      }
      // A copy reading several tensors (the first, with `from:`) reads more than the one its successor reads: no template.
      const watch: CopyWatch = { id, input: current[0], firstLayer: this.layers.length, firstScope: this.scopes.length, same: ownNames && current.length === 1 };
      let output: Tensor;
      this.watches.push(watch);
      try {
        output = this.body(item, op, copy, scope, env.with('i', i, () => (watch.same = false)), current);
      } finally {
        this.watches.pop();
      }
      current = [this.register(copy, scope, output)];
      // The first copy tells how many layers each adds (nearly: an if inside may differ per copy),
      // so a repeat that would pass the limit is refused now rather than after 100,000 layers.
      const expected = before + (this.layers.length - before) * times;
      if (i === 0 && expected > MAX_LAYERS) {
        this.fail([...argsPath, 'repeat'], `repeat: ${times} copies of ${this.layers.length - before} layers would pass the limit of ${LAYER_LIMIT} layers (check repeat counts and nested blocks)`);
      }
      if (templated && watch.same && sameNumbers(current[0].shape, watch.input.shape) && this.onSequence(current[0]) === this.onSequence(watch.input)) {
        template = { ...watch, output: current[0], endLayer: this.layers.length, endScope: this.scopes.length };
      }
    }
    return done(this.register(name, scope, current[0]));
  }

  /**
   * The next copy of a repeat from the template copy before it, without expanding it again. The
   * template read nothing that differs between copies (not `i`; no tensor outside it but fixed ones)
   * and reads a tensor like the one it makes, so every later copy expands to the same layers: those
   * inside it are renamed and moved, reading the copy before. Undefined where the copies would pass
   * the layer limit: expanded, that copy fails where it would have.
   */
  private copyOf(made: MadeCopy, id: string): Tensor | undefined {
    const { template: t, input } = made;
    const count = t.endLayer - t.firstLayer;
    if (this.layers.length + count > MAX_LAYERS) return undefined;
    const suffix = (name: string) => name.slice(t.id.length);
    t.suffixes ??= { layers: this.layers.slice(t.firstLayer, t.endLayer).map((l) => suffix(l.name)), scopes: this.scopes.slice(t.firstScope, t.endScope).map((c) => suffix(c.name)) };
    const { layers: layerSuffixes, scopes: scopeSuffixes } = t.suffixes;
    const moved = (s: number) => (s >= t.firstLayer && s < t.endLayer ? s + made.offset : s === t.input.source ? input.source! : s);
    const idOf = (s: number) => (s >= 0 ? this.layers[s].name : this.modelInputs[-1 - s].id);
    for (let k = t.firstLayer; k < t.endLayer; k++) {
      const node = this.layers[k];
      // Loops, not map: under --no-turbo-inlining each callback is a call of its own.
      const sources = listOfLength<number>(node.sources.length);
      const inputs = listOfLength<string>(node.sources.length);
      for (let r = 0; r < sources.length; r++) {
        sources[r] = moved(node.sources[r]);
        inputs[r] = idOf(sources[r]);
      }
      // Written field by field: `{ ...node, name, ... }` made 100,000 layers 1.37x slower and 50 MB larger (farm-bench).
      // A field added to LayerNode must be added here too (specs/repeat-copies.test.ts compares both ways).
      const copy: LayerNode = {
        name: joined(id, layerSuffixes[k - t.firstLayer]),
        op: node.op,
        inputs,
        sources,
        reads: node.reads === node.sources ? sources : node.reads.map(moved),
        outputShape: node.outputShape,
        cost: node.cost,
        args: node.args,
        definition: node.definition,
        specPath: node.specPath,
        memory: node.memory,
        activeParams: node.activeParams,
        sharedWeights: node.sharedWeights,
        onSequence: node.onSequence,
        precomputed: node.precomputed,
        twin: node.twin ?? k,
      };
      if (node.tiedTo !== undefined) copy.tiedTo = moved(node.tiedTo);
      if (node.copies) copy.copies = node.copies;
      this.layers.push(copy);
    }
    for (let k = t.firstScope; k < t.endScope; k++) this.scopes.push({ ...this.scopes[k], name: joined(id, scopeSuffixes[k - t.firstScope]) });
    // The copy and the names inside are found through its run when a later item asks (tensorNamed).
    return this.movedTensor(made, t.output);
  }

  /** A tensor of a template copy as the made copy has it: its own layer's, its input, or the same tensor outside. */
  private movedTensor(made: MadeCopy, tensor: Tensor): Tensor {
    const t = made.template;
    const s = tensor.source!;
    if (s === t.input.source) return made.input;
    if (s < t.firstLayer || s >= t.endLayer) return tensor;
    return this.outputOf(s + made.offset);
  }

  /** The tensor layer `i` makes. */
  private outputOf(i: number): Tensor {
    const layer = this.layers[i];
    return { id: layer.name, shape: layer.outputShape, source: i };
  }

  /**
   * The tensor registered under a full name; a copy made from a template (`<repeat>.<j>`) is its
   * output, and a name inside it the template's tensor of the same name, moved into the copy (the
   * outermost made copy first: the template may hold made copies of its own).
   */
  private tensorNamed(key: string): Tensor | undefined {
    const hit = this.tensors.get(key);
    if (hit || this.copyRuns.size === 0) return hit;
    for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1)) {
      const run = this.copyRuns.get(key.slice(0, dot));
      if (!run) continue;
      const end = key.indexOf('.', dot + 1);
      const j = copyNumber(key.slice(dot + 1, end === -1 ? undefined : end));
      if (j === undefined || j < run.first || j >= run.first + run.made) continue;
      const made = this.madeCopy(run, j);
      if (end === -1) return this.movedTensor(made, run.template.output);
      const inTemplate = this.tensorNamed(run.template.id + key.slice(end));
      return inTemplate && this.movedTensor(made, inTemplate);
    }
    return undefined;
  }

  /** Copy j of a run, as copyOf made it: it read the copy before's output (the first, the template's). */
  private madeCopy(run: CopyRun, j: number): MadeCopy {
    const t = run.template;
    const offset = run.offset + (j - run.first) * (t.endLayer - t.firstLayer);
    const s = t.output.source!;
    // The copy before made its output as the template made t.output, one step earlier; a template
    // whose output is not one of its own layers passes the same tensor on from copy to copy.
    const ownOutput = s >= t.firstLayer && s < t.endLayer;
    const input = j > run.first && ownOutput ? this.outputOf(s + offset - (t.endLayer - t.firstLayer)) : t.output;
    return { template: t, offset, input };
  }

  /** The names of the copies made from templates in a scope (a plain branch's too: it names into its scope's map), for messages: `<name>.<j>`. */
  private madeCopyNames(scope: Scope): string[] {
    const names: string[] = [];
    for (const run of this.copyRuns.values()) {
      if (run.scope.names === scope.names) for (let j = run.first; j < run.first + run.made; j++) names.push(`${run.name}.${j}`);
    }
    return names;
  }

  /** Whether a tensor carries the sequence being processed: the first input, or a layer reading it. */
  private onSequence(t: Tensor): boolean {
    return t.source === -1 || (t.source! >= 0 && this.layers[t.source!].onSequence);
  }

  /**
   * A name a copy being watched looked up: found in a scope inside the copy it is the copy's own
   * (or its input), and later copies find theirs; found outside, it must be a tensor made before the
   * copy and not its input (a full path like `stage.0.conv_1` names the same tensor from every copy).
   */
  private noteLookup(found: Scope, tensor: Tensor): void {
    for (const w of this.watches) {
      if (found.prefix.startsWith(`${w.id}.`)) continue;
      const s = tensor.source!;
      if (s === w.input.source || s >= w.firstLayer) w.same = false;
    }
  }

  /** The tensors an item reads: `from`, else the previous item's output. */
  private itemInput(item: Item, op: Op | undefined, scope: Scope, env: Env, previous: Tensor): Tensor[] {
    const from = item.args.from;
    if (from === undefined) return [previous];
    const path = [...item.argsPath, 'from'];
    const names = Array.isArray(from) ? from : [from];
    if (names.length === 0 || names.some((n) => typeof n !== 'string')) {
      this.fail(path, `from: expected a tensor name or a list of names, got ${show(from)}`);
    }
    if (names.length > 1 && !(op?.merge && item.args.branches === undefined)) {
      this.fail(path, `from: only ops that take several tensors (${mergeOps()}, or an op of ops: with merge: true; without branches) take a list; '${item.key}' takes one`);
    }
    return (names as string[]).map((n) => this.lookup(this.layerName(n, path, env, previous.shape, TENSOR_NAME), scope, path));
  }

  private body(item: Item, op: Op | undefined, name: string, scope: Scope, env: Env, input: Tensor[]): Tensor {
    if (op) return this.opLayer(item, op, name, scope, env, input);
    const child: Scope = { prefix: `${scope.prefix}${name}.`, names: new Map(), counters: new Map(), skipped: new Map(), input: input[0], parent: scope };
    this.scopes.push({ name: scope.prefix + name, kind: item.key });
    if (item.key === 'sequence') {
      const { layers, ...rest } = item.args;
      this.rejectUnknown(rest, [], item, SEQUENCE_TAKES);
      if (!Array.isArray(layers) || layers.length === 0) {
        this.fail([...item.argsPath, 'layers'], 'sequence: expected layers, a non-empty list of layer items');
      }
      return this.nestedList(layers, [...item.argsPath, 'layers'], child, env, input[0]);
    }
    if (item.key === 'moe') return this.mixture(item, child, env, input[0]);
    return this.blockInstance(item, child, env, input[0]);
  }

  /**
   * A mixture of experts (docs/transformers.md): a router (`NAME.router`), one expert body whose layers
   * stand for every expert (`NAME.experts`), and the weighted sum of the top_k outputs (`NAME.combine`).
   */
  private mixture(item: Item, scope: Scope, env: Env, input: Tensor): Tensor {
    const { layers, experts, top_k: topK, shared_experts: shared = 0, router_bias: bias = false, ...rest } = item.args;
    this.rejectUnknown(rest, [], item, MOE_TAKES);
    const count = (raw: unknown, arg: string, min: number): number => {
      const value = this.value(raw, [...item.argsPath, arg], env, input.shape);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
        this.fail(raw === undefined ? item.argsPath : [...item.argsPath, arg], `moe ${raw === undefined ? 'needs' : 'arg'} '${arg}': expected an integer >= ${min}${raw === undefined ? '' : `, got ${show(value)}`}`);
      }
      return value;
    };
    const [e, k, s] = [count(experts, 'experts', 1), count(topK, 'top_k', 1), count(shared, 'shared_experts', 0)];
    if (k > e) this.fail([...item.argsPath, 'top_k'], `moe top_k ${k} is more than its ${e} experts`);
    if (!Array.isArray(layers) || layers.length === 0) this.fail([...item.argsPath, 'layers'], 'moe: expected layers, the expert body: a non-empty list of layer items');
    const part = (key: string, args: Record<string, unknown>): Item => ({ key, args, argsPath: item.argsPath });
    const router = this.register('router', scope, this.opLayer(part('router', { experts: e, top_k: k, bias }), findOp('router')!, 'router', scope, env, [input]));
    scope.names.set('router', router);
    const outer = this.copies;
    this.copies = { stored: (outer?.stored ?? 1) * (e + s), active: (outer?.active ?? 1) * (k + s) };
    const body: Scope = { prefix: `${scope.prefix}experts.`, names: new Map(), counters: new Map(), skipped: new Map(), input, parent: scope };
    this.scopes.push({ name: `${scope.prefix}experts`, kind: `experts x${e} (top ${k}${s ? `, ${s} shared` : ''})` });
    const out = this.list(layers, [...item.argsPath, 'layers'], body, env, input);
    this.copies = outer;
    return this.opLayer(part('moe_combine', { top_k: k, shared_experts: s }), findOp('moe_combine')!, 'combine', scope, env, [out, router]);
  }

  private blockInstance(item: Item, scope: Scope, callerEnv: Env, input: Tensor): Tensor {
    const { key, args, argsPath } = item;
    if (this.blockStack.includes(key)) {
      this.fail(argsPath, `block '${key}' uses itself: ${[...this.blockStack, key].join(' -> ')}`);
    }
    const block = this.blocks.get(key)!;
    const declared = block.params ?? {};
    const given = Object.fromEntries(Object.entries(args).filter(([k]) => !ITEM_ARGS.has(k)));
    this.rejectUnknown(given, Object.keys(declared), item, `block '${key}' takes`);
    const values = new Map<string, HostValue>();
    const env = new Env(values, this.globals, (name) => Object.hasOwn(declared, name) && !values.has(name));
    for (const [param, fallback] of Object.entries(declared)) {
      const fromCaller = Object.hasOwn(given, param);
      if (!fromCaller && fallback === null) {
        this.fail(argsPath, `block '${key}' needs param '${param}' (it has no default)`);
      }
      const path = fromCaller ? [...argsPath, param] : ['blocks', key, 'params', param];
      const value = this.value(fromCaller ? given[param] : fallback, path, fromCaller ? callerEnv : env, input.shape);
      if (!isBound(value)) {
        this.fail(path, `block param '${param}': expected a number, a boolean, a string or a list of these, got ${show(value)}`);
      }
      values.set(param, value);
    }
    this.blockStack.push(key);
    const output = this.nestedList(block.layers, ['blocks', key, 'layers'], scope, env, input);
    this.blockStack.pop();
    return output;
  }

  /** An op item's own args apart from branches, and with the spec's defaults under them: the same for every copy of the item. */
  private opArgs(item: Item, op: Op): OpItemArgs {
    let split = this.splitArgs.get(item.args);
    if (!split) {
      const { branches, ...given } = Object.fromEntries(Object.entries(item.args).filter(([k]) => !ITEM_ARGS.has(k)));
      const defaults = this.spec.defaults?.[item.key] ?? this.spec.defaults?.[op.name] ?? {};
      const defaultsPath = ['defaults', this.spec.defaults?.[item.key] ? item.key : op.name];
      const rawArgs: Record<string, unknown> = { ...defaults, ...given };
      split = { branches, given, defaults, defaultsPath, rawArgs, fixed: !holdsTemplate(rawArgs) };
      this.splitArgs.set(item.args, split);
    }
    return split;
  }

  private opLayer(item: Item, op: Op, name: string, scope: Scope, env: Env, input: Tensor[]): Tensor {
    const split = this.opArgs(item, op);
    const { branches, given, defaults, defaultsPath, rawArgs } = split;
    let inputs = input;
    if (branches !== undefined) {
      if (!op.merge) this.fail([...item.argsPath, 'branches'], `${op.name} takes no branches; ops that take several tensors do (${mergeOps()})`);
      inputs = this.branches(branches, [...item.argsPath, 'branches'], scope, env, input[0]);
    }
    // A missing arg has no text of its own: point at the item.
    const where = (arg: string): SpecPath =>
      Object.hasOwn(given, arg) ? [...item.argsPath, arg] : Object.hasOwn(defaults, arg) ? [...defaultsPath, arg] : item.argsPath;
    // An item without expressions resolves to the same args every time: a repeated one is checked once.
    let args = split.checked;
    if (!args) {
      const resolved: Record<string, unknown> = {};
      for (const [arg, raw] of Object.entries(rawArgs)) {
        resolved[arg] = this.value(raw, where(arg), env, inputs[0].shape);
      }
      args = this.validate(op, resolved, rawArgs, where, scope.prefix + name) as Readonly<Record<string, unknown>>;
      if (split.fixed) split.checked = args;
    }
    const shapes = inputs.map((t) => t.shape);
    const fullName = joined(scope.prefix, name);
    // Only layers on the sequence see the cache; an encoder's attention has none.
    const onSequence = inputs.some((t) => this.onSequence(t));
    let outputShape: Shape;
    let cost: Cost;
    let memory: LayerMemory;
    try {
      ({ output: outputShape, cost, memory } = op.evaluate(args, shapes, onSequence ? this.context : NOTHING_CACHED));
      const problem = shapeProblem(outputShape);
      if (problem) throw new RuleError(`${op.name} gives an output of ${problem}`);
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      const arg = e.argPath[0];
      const path = e.at ?? (typeof arg === 'string' && Object.hasOwn(args, arg) ? where(arg) : item.argsPath);
      this.fail(path, `${e.message} (input ${shapes.map((s) => s.join('x')).join(', ')})${this.channelsFirstHint(e.message)}`, fullName);
    }
    checkCost(op.name, cost);
    if (this.layers.length >= MAX_LAYERS) {
      this.fail(item.argsPath, `the spec expands to more than ${LAYER_LIMIT} layers (check repeat counts and nested blocks); refusing to go on`, fullName);
    }
    // `tie` is the built-in dense layer's (an op of the spec's own may have an arg of that name).
    const tied = !op.user && typeof args.tie === 'string' ? this.tiedWeights(args.tie, ownMatrix(op.name, args, inputs[0].shape, outputShape), scope, where('tie')) : undefined;
    const sources = inputs.map((t) => t.source!);
    const node: LayerNode = {
      name: fullName,
      op: op.name,
      inputs: inputs.map((t) => t.id),
      sources,
      reads: op.shapeOnly.length ? sources.filter((_, i) => !op.shapeOnly.includes(i)) : sources,
      outputShape,
      cost,
      args,
      definition: op,
      specPath: item.argsPath,
      memory,
      activeParams: cost.params,
      sharedWeights: tied?.weights ?? 0n,
      ...(tied ? { tiedTo: tied.owner } : {}),
      onSequence,
      precomputed: Boolean(this.context.decode) && !onSequence,
    };
    if (this.copies) scaleCopies(node, this.copies);
    this.layers.push(node);
    return { id: fullName, shape: outputShape, source: this.layers.length - 1 };
  }

  /** The weight matrix a tied layer reads: the embedding's or dense layer's `name`, which must have its shape. */
  private tiedWeights(name: string, [rows, cols]: [bigint, bigint], scope: Scope, path: SpecPath): { weights: bigint; owner: number } {
    const tensor = this.lookup(name, scope, path, 'tie');
    const target = tensor.source! >= 0 ? this.layers[tensor.source!] : undefined;
    const matrix = target && weightMatrix(target, { inputs: this.modelInputs, layers: this.layers });
    if (!target || !matrix) this.fail(path, `tie: '${name}' is not an untied embedding or dense layer, so there is no weight matrix to share`);
    const [a, b] = matrix!;
    if (!((a === rows && b === cols) || (a === cols && b === rows))) {
      this.fail(path, `tie: '${name}' holds a ${a} x ${b} matrix, but this layer's is ${rows} x ${cols}; a tied matrix must be the same (or transposed)`);
    }
    return { weights: rows * cols, owner: tensor.source! };
  }

  private branches(raw: unknown, path: SpecPath, scope: Scope, env: Env, input: Tensor): Tensor[] {
    if (!Array.isArray(raw) || raw.length === 0) {
      this.fail(path, 'branches: expected a list of branches, each a list of layer items ([] is the identity)');
    }
    return raw.map((branch, b) => {
      if (Array.isArray(branch)) {
        // A plain branch names its layers in the enclosing scope; only its `input` differs.
        return this.nestedList(branch, [...path, b], { ...scope, input }, env, input);
      }
      const named = branch as { name?: unknown; layers?: unknown } | null;
      if (!named || typeof named !== 'object' || typeof named.name !== 'string' || !Array.isArray(named.layers)) {
        this.fail([...path, b], 'a branch is a list of layer items, or {name: ..., layers: [...]}');
      }
      const label = this.layerName(named.name, [...path, b, 'name'], env, input.shape);
      this.claim(label, scope, [...path, b, 'name']);
      const child: Scope = { prefix: `${scope.prefix}${label}.`, names: new Map(), counters: new Map(), skipped: new Map(), input, parent: scope };
      this.scopes.push({ name: scope.prefix + label, kind: 'branch' });
      return this.register(label, scope, this.nestedList(named.layers, [...path, b, 'layers'], child, env, input));
    });
  }

  private validate(
    op: Op,
    resolved: Record<string, unknown>,
    raw: Record<string, unknown>,
    where: (arg: string) => SpecPath,
    layer: string,
  ) {
    const result = parseArgs(op, resolved);
    if (result.success) return result.data;
    // An unknown arg is usually a typo of a missing one: report it first, with the suggestion.
    const issues = result.error.issues;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    if (issue.code === 'unrecognized_keys') {
      const arg = issue.keys[0];
      this.fail(where(arg), unknownArgMessage(op.name, arg, argNames(op)), layer);
    }
    const arg = String(issue.path[0]);
    const from = typeof raw[arg] === 'string' && hasTemplate(raw[arg]) ? ` (from "${raw[arg]}")` : '';
    this.fail(where(arg), argProblem(op, resolved, issue, from) ?? `${op.name} arg '${arg}': ${issue.message}`, layer);
  }

  /** The shape of a declared input; its sizes may be expressions over `vars`. */
  inputShape(raw: readonly unknown[], path: SpecPath): number[] {
    const shape = raw.map((size, axis) => {
      const value = this.value(size, [...path, axis], this.globals);
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
        this.fail([...path, axis], `input sizes must be positive integers (at most 2^53 - 1), got ${show(value)}`);
      }
      return value;
    });
    const problem = shapeProblem(shape);
    if (problem) this.fail(path, `the input is ${problem}`);
    return shape;
  }

  /** Evaluates `${...}` anywhere inside a value (`"${k}"` of a list param yields the list). */
  private value(raw: unknown, path: SpecPath, env: Env, inShape?: Shape): unknown {
    if (typeof raw === 'string' && hasTemplate(raw)) {
      try {
        return resolveTemplate(raw, env.scope(inShape));
      } catch (e) {
        // A very long expression is quoted by its start: the column in the message still counts from its first character.
        const quoted = raw.length > 100 ? `"${raw.slice(0, 60)}…" (${raw.length} characters)` : `"${raw}"`;
        if (e instanceof ExprError) this.fail(path, `in ${quoted}: ${e.message}`);
        throw e;
      }
    }
    if (Array.isArray(raw)) return raw.map((v, i) => this.value(v, [...path, i], env, inShape));
    return raw;
  }

  /** A name an item gives itself (`pattern` LAYER_NAME), or one `from` refers to (TENSOR_NAME: a dotted path may reach into a scope). */
  private layerName(raw: unknown, path: SpecPath, env: Env, inShape: Shape, pattern = LAYER_NAME): string {
    const value = this.value(raw, path, env, inShape);
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !pattern.test(text)) {
      const what = pattern === LAYER_NAME ? 'a name of letters, digits, _ and - (dots join scopes and are added for you)' : 'a layer name, or a dotted path like stage1.conv_2';
      this.fail(path, `expected ${what}, got ${show(value)}`);
    }
    return text;
  }

  /**
   * A window too big for the map, in a model whose input looks channels-first ([3, 32, 32]: a small
   * first axis, a large last one): say that shapes are channels-last.
   */
  private channelsFirstHint(message: string): string {
    const s = this.modelInput;
    if (!s || s.length < 3 || !/larger than the padded input/.test(message) || s[0] > 4 || s[s.length - 1] < 16) return '';
    const channelsLast = [...s.slice(1), s[0]].join('x');
    return `; shapes are channels-last ([H, W, C]): if the input ${s.join('x')} is channels-first, write it as ${channelsLast}`;
  }

  /**
   * `<op>_<n>` for the item's count n of that op in its scope (skipped items count too), or, when an
   * earlier item already took that name, the next free n, as Keras does: `conv_2` then an unnamed
   * second conv gives `conv_3`.
   */
  private autoName(base: string, count: number, scope: Scope): string {
    let n = count;
    while (scope.names.has(`${base}_${n}`) || scope.skipped.has(`${base}_${n}`)) n++;
    return `${base}_${n}`;
  }

  private claim(name: string, scope: Scope, path: SpecPath): void {
    if (name === 'input' || scope.names.has(name)) {
      const where = scope.prefix ? ` in ${scope.prefix.slice(0, -1)}` : '';
      this.fail(path, `the name '${name}' is already taken${where}; names must be unique in their scope`);
    }
    scope.names.set(name, { id: '', shape: [] });
  }

  private register(name: string, scope: Scope, tensor: Tensor): Tensor {
    scope.names.set(name, tensor);
    this.tensors.set(scope.prefix + name, tensor);
    return tensor;
  }

  /** The tensor an earlier item named `name` made; `what` names the key in messages (from, tie, outputs). */
  private lookup(name: string, scope: Scope, path: SpecPath, what = 'from'): Tensor {
    if (name === 'input') {
      this.noteLookup(scope, scope.input);
      return scope.input;
    }
    const visible: string[] = ['input'];
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const hit = s.names.get(name) ?? this.tensorNamed(s.prefix + name) ?? s.skipped.get(name);
      if (hit && hit.id) {
        this.noteLookup(s, hit);
        return hit;
      }
      visible.push(...s.names.keys(), ...this.madeCopyNames(s), ...s.skipped.keys());
      if (hit) this.fail(path, `'${name}' is the item being defined; ${what} names an earlier layer`);
    }
    const skippedScope = this.skippedScope(name, scope);
    const why = skippedScope ? `; '${skippedScope}' is skipped (its if is false), so nothing inside it exists` : didYouMean(name, visible);
    this.fail(path, `${what}: no earlier layer or input is named ${show(name)}${why}`);
  }

  /** For `stage1.conv_2` where `stage1` was skipped: the skipped scope's name. */
  private skippedScope(name: string, scope: Scope): string | undefined {
    const parts = name.split('.');
    for (let i = parts.length - 1; i > 0; i--) {
      const head = parts.slice(0, i).join('.');
      for (let s: Scope | undefined = scope; s; s = s.parent) if (s.skipped.has(head) && !s.names.has(head)) return head;
    }
    return undefined;
  }

  /** A skipped item's arg names (not values): a misspelt arg is a mistake whichever way its condition goes. */
  private checkArgNames(item: Item, op: Op | undefined): void {
    const given = Object.fromEntries(Object.entries(item.args).filter(([k]) => !ITEM_ARGS.has(k)));
    if (op) {
      const known = [...argNames(op), ...(op.merge ? ['branches'] : [])];
      const unknown = Object.keys(given).find((k) => !known.includes(k));
      if (unknown !== undefined) this.fail([...item.argsPath, unknown], unknownArgMessage(op.name, unknown, known));
    } else if (item.key === 'sequence') {
      this.rejectUnknown(given, ['layers'], item, SEQUENCE_TAKES);
    } else if (item.key === 'moe') {
      this.rejectUnknown(given, MOE_ARGS, item, MOE_TAKES);
    } else {
      this.rejectUnknown(given, Object.keys(this.blocks.get(item.key)?.params ?? {}), item, `block '${item.key}' takes`);
    }
  }

  private split(raw: unknown, path: SpecPath): Item {
    if (typeof raw === 'string') {
      let args = this.bareArgs.get(raw);
      if (!args) this.bareArgs.set(raw, (args = {}));
      return { key: raw, args, argsPath: path };
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      this.fail(path, `a layer item is an op name or a one-key map {op: {args}}, got ${show(raw)}`);
    }
    const keys = Object.keys(raw);
    if (keys.length !== 1) {
      this.fail(path, `a layer item is a one-key map {op: {args}}; this one has ${keys.length ? `keys ${keys.join(', ')}` : 'no key'}`);
    }
    const key = keys[0];
    const args = (raw as Record<string, unknown>)[key] ?? {};
    if (typeof args !== 'object' || Array.isArray(args)) {
      this.fail([...path, key], `the args of '${key}' must be a map like {name: value}, got ${show(args)}`);
    }
    return { key, args: args as Record<string, unknown>, argsPath: [...path, key] };
  }

  private rejectUnknown(given: Record<string, unknown>, known: string[], item: Item, what: string): void {
    for (const arg of Object.keys(given)) {
      if (!known.includes(arg) && !ITEM_ARGS.has(arg)) {
        const list = known.length ? `: ${known.join(', ')}` : ' no params';
        this.fail([...item.argsPath, arg], `unknown param '${arg}'${didYouMean(arg, known)}; ${what}${list}`);
      }
    }
  }

  private fail(path: SpecPath, message: string, layer = this.at): never {
    throw new ArchcostError({ file: this.source.file, ...this.source.locate(path), specPath: path, layer, message });
  }
}

/**
 * What is wrong with a shape an op computed (or an input), or undefined. Every size must be a
 * positive safe integer and the element count at most 2^53 - 1: then every product an op forms
 * over a tensor's sizes is exact in floating point too, and counts stay exact integers. Checked
 * here, where every op's shape rule is called, so no op can hand on a size like 1e+24.
 */
export function shapeProblem(shape: Shape): string | undefined {
  const text = () => shape.map((d) => (Number.isSafeInteger(d) ? String(d) : `${d}`)).join('x');
  const bad = shape.find((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1);
  if (bad !== undefined) return `${text()}: sizes must be positive integers of at most 2^53 - 1, and ${bad} is not`;
  // Partial products below 2^53 are exact in floating point, and rounding never takes one at or past 2^53 back below: no bigint is needed to compare with the limit.
  let product = 1;
  for (const d of shape) product *= d;
  if (product <= Number.MAX_SAFE_INTEGER) return undefined;
  let count = 1n;
  for (const d of shape) count *= BigInt(d);
  if (count > MAX_ELEMENTS) return `${text()} = ${count} elements: archcost counts tensors of at most 2^53 - 1 (about 9.0e15) elements exactly`;
  return undefined;
}

const MAX_ELEMENTS = BigInt(Number.MAX_SAFE_INTEGER);

/** Costs already checked: an op's memo hands the same object to every copy of a repeated layer. */
const checkedCosts = new WeakSet<Cost>();

/** An op's cost rule must give exact, non-negative counts; anything else is a bug in the op table, not in the spec. */
function checkCost(op: string, cost: Cost): void {
  if (checkedCosts.has(cost)) return;
  for (const [what, value] of Object.entries(cost)) {
    if (typeof value !== 'bigint' || value < 0n) throw new Error(`the cost rule of ${op} gave ${what} = ${String(value)}, not a count`);
  }
  checkedCosts.add(cost);
}

/** A copy's number as its name writes it (`stage.3`), or undefined. */
function copyNumber(text: string): number | undefined {
  return /^(0|[1-9]\d*)$/.test(text) ? Number(text) : undefined;
}

const SEQUENCE_TAKES = 'sequence takes layers plus name, from, repeat and if';
const MOE_ARGS = ['experts', 'top_k', 'shared_experts', 'router_bias', 'layers'];
const MOE_TAKES = 'moe takes experts, top_k, shared_experts, router_bias and layers plus name, from, repeat and if';

function unknownArgMessage(op: string, arg: string, known: string[]): string {
  return `${op} has no arg ${show(arg)}${didYouMean(arg, known)}; its args are: ${known.join(', ') || 'none'}`;
}

/** The matrix a layer of `op` would hold: an embedding's vocab x dim, a dense layer's C x units. */
function ownMatrix(op: string, args: Readonly<Record<string, unknown>>, input: Shape, output: Shape): [bigint, bigint] {
  if (op === 'embedding') return [BigInt(args.vocab as number), BigInt(args.dim as number)];
  return [BigInt(input[input.length - 1]), BigInt(output[output.length - 1])];
}

/** The matrix of an untied embedding (vocab x dim) or dense layer (C x units), if the layer is one. */
function weightMatrix(node: LayerNode, graph: Pick<Graph, 'inputs' | 'layers'>): [bigint, bigint] | undefined {
  if (typeof node.args.tie === 'string') return undefined;
  if (node.op === 'embedding') return [BigInt(node.args.vocab as number), BigInt(node.args.dim as number)];
  if (node.op !== 'dense') return undefined;
  const input = shapeOfSource(graph, node.sources[0]);
  return [BigInt(input[input.length - 1]), BigInt(node.args.units as number)];
}

/** A layer of a mixture of experts' body: params for every stored copy, work for every active one. */
export function scaleCopies(node: LayerNode, copies: { stored: number; active: number }): void {
  const [stored, active] = [BigInt(copies.stored), BigInt(copies.active)];
  const one = node.cost;
  node.cost = { params: one.params * stored, buffers: one.buffers * stored, macs: one.macs * active, flops: one.flops * active };
  node.activeParams = one.params * active;
  node.memory = Object.fromEntries(Object.entries(node.memory).map(([k, v]) => [k, v * active])) as LayerMemory;
  node.copies = copies;
}

/** Whether a spec value holds a `${...}` anywhere (its value may then differ from one use to the next). */
function holdsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return hasTemplate(value);
  if (Array.isArray(value)) return value.some(holdsTemplate);
  if (value && typeof value === 'object') return Object.values(value).some(holdsTemplate);
  return false;
}

/** A value a block param may hold: a number, a boolean, a string, or a list of these (lists nest). */
function isBound(value: unknown): value is HostValue {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return true;
  return Array.isArray(value) && value.every(isBound);
}
