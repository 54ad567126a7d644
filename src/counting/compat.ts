import { elements, type Shape } from '../ops/types.js';
import type { LayerReport, Report } from './analyze.js';
import { DTYPE_BYTES } from '../core/dtype.js';
import { markedAs } from '../core/same-as.js';
import type { Conventions, Preset } from './conventions.js';

/**
 * `--compat`: recount a report the way another tool does, so its numbers can be checked against
 * that tool's output. Each preset follows the tool's source (cited in docs/conventions.md); the
 * per-layer facts it needs (bias, heads, interpolation) are read back from archcost's own exact
 * counts, whose rules are fixed in src/ops (e.g. conv flops = 2·MACs + bias adds).
 */

/** A tool's own headline figures, named as the tool prints them. */
export interface CompatSummary {
  tool: Exclude<Preset, 'archcost'>;
  figures: Record<string, bigint>;
}

interface LayerFacts {
  layer: LayerReport;
  /** Input shapes without the batch. */
  inputs: Shape[];
  batch: bigint;
}

interface PresetRule {
  /** The tool's count for one layer, batch included. */
  count(facts: LayerFacts): bigint;
  /** The tool's count expressed as archcost's two fields. */
  macs(count: bigint, facts: LayerFacts): bigint;
  flops(count: bigint, facts: LayerFacts): bigint;
  conventions: Pick<Conventions, 'macs' | 'flops' | 'elementwiseInFlops'>;
  figures?(report: Report, layers: LayerReport[], counted: LayerFacts[]): Record<string, bigint>;
}

const CONV_FAMILY = new Set(['conv', 'depthwise', 'separable', 'conv_transpose']);
const MAC_OPS = new Set([...CONV_FAMILY, 'dense', 'attention']);

/** Bias adds of a conv-family or dense layer: its flop rule is exactly 2·MACs + bias adds. */
const biasAdds = (l: LayerReport) => l.flops - 2n * l.macs;
const positions = (shape: Shape) => elements(shape.slice(0, -1));
const lastAxis = (shape: Shape) => BigInt(shape[shape.length - 1]);
const inputElements = (f: LayerFacts) => elements(f.inputs[0]) * f.batch;
const outputElements = (f: LayerFacts) => elements(f.layer.outputShape) * f.batch;

/** Attention's tokens L, width C, whether it has biases and its heads, from its exact counts. */
function attentionFacts(f: LayerFacts) {
  const L = positions(f.inputs[0]);
  const C = lastAxis(f.inputs[0]);
  const bias = f.layer.params > 4n * C * C;
  // flops = 2·MACs + (bias ? 4·L·C : 0) + 6·heads·L² per sample (src/ops/dense.ts)
  const heads = ((f.layer.flops - 2n * f.layer.macs) / f.batch - (bias ? 4n * L * C : 0n)) / (6n * L * L);
  return { L, C, bias, heads };
}

/** ptflops, pytorch backend (ptflops/pytorch_ops.py, MODULES_MAPPING): module hooks only. */
function ptflopsCount(f: LayerFacts): bigint {
  const { layer } = f;
  switch (layer.op) {
    case 'conv':
    case 'depthwise':
    case 'separable':
      return layer.macs + biasAdds(layer);
    case 'conv_transpose': {
      // conv_flops_counter_hook: weights · output positions, even for a transposed conv.
      const bias = biasAdds(layer) > 0n ? lastAxis(layer.outputShape) : 0n;
      return (layer.params - bias) * positions(layer.outputShape) * f.batch + biasAdds(layer);
    }
    case 'dense':
      // linear_flops_counter_hook adds out_features once for the bias, not per row or sample.
      return layer.macs + (biasAdds(layer) > 0n ? lastAxis(layer.outputShape) : 0n);
    case 'batchnorm':
    case 'groupnorm':
      return 2n * inputElements(f); // bn_flops_counter_hook: numel, x2 when `affine`
    case 'layernorm':
      return inputElements(f); // LayerNorm's flag is `elementwise_affine`, so no x2
    case 'relu':
    case 'relu6':
    case 'leakyrelu':
    case 'elu':
    case 'prelu':
    case 'gelu':
      return outputElements(f);
    case 'maxpool':
    case 'avgpool':
    case 'adaptiveavgpool':
    case 'adaptivemaxpool':
    case 'globalavgpool':
    case 'globalmaxpool':
      return inputElements(f); // pool_flops_counter_hook counts the input
    case 'upsample':
      return outputElements(f);
    case 'attention': {
      // multihead_attention_counter_hook, self-attention (q = k = v)
      const { L, C, bias, heads } = attentionFacts(f);
      const perSample =
        L * C + 3n * L * C * C + (bias ? 3n * L * C : 0n) + heads * (2n * L * L * (C / heads) + L * L) + L * C * (C + 1n);
      return perSample * f.batch;
    }
    default:
      return layer.macs; // ops newer than the v1 table (window_attention): their MACs, see docs/conventions.md
  }
}

/** fvcore FlopCountAnalysis defaults (fvcore/nn/flop_count.py, jit_handles.py), model in eval mode. */
function fvcoreCount(f: LayerFacts): bigint {
  const { layer } = f;
  if (layer.macs > 0n) return layer.macs; // conv, linear, matmul, einsum: one flop per MAC, no bias
  switch (layer.op) {
    case 'batchnorm':
      return 2n * inputElements(f); // batchnorm_flop_jit, eval: numel x (affine ? 2 : 1)
    case 'layernorm':
    case 'groupnorm':
      return 5n * inputElements(f); // norm_flop_counter: numel x 5 with affine
    case 'adaptiveavgpool':
    case 'globalavgpool':
      return f.inputs[0].length === 3 ? inputElements(f) : 0n; // only aten::adaptive_avg_pool2d
    case 'upsample':
      if (layer.flops === 0n) return outputElements(f); // nearest: 1 per output element
      return f.inputs[0].length === 3 ? 4n * outputElements(f) : 0n; // bilinear: 4
    default:
      return 0n; // activations, max pooling, merges: not among fvcore's default handles
  }
}

/** torchinfo's mult-adds (torchinfo/layer_info.py, calculate_macs), summed over leaf modules. */
function torchinfoCount(f: LayerFacts): bigint {
  const { layer } = f;
  // "Conv" modules: every weight and bias times the output positions.
  if (CONV_FAMILY.has(layer.op)) return layer.params * positions(layer.outputShape) * f.batch;
  if (layer.op === 'attention') {
    // MultiheadAttention is not a leaf (it holds out_proj); only out_proj, a Linear, is counted.
    const { C, bias } = attentionFacts(f);
    return (C * C + (bias ? C : 0n)) * f.batch;
  }
  // Other leaf modules with a weight or bias (Linear, norms, PReLU, Embedding): batch · params.
  if (TORCHINFO_LEAF_WITH_PARAMS.has(layer.op)) return layer.params * f.batch;
  return layer.macs; // ops newer than the v1 table (window_attention): their MACs, see docs/conventions.md
}

/** Ops that are leaf modules with parameters in PyTorch; `scale`, tokens and position embeddings live on parent modules. */
const TORCHINFO_LEAF_WITH_PARAMS = new Set([...MAC_OPS, 'batchnorm', 'layernorm', 'groupnorm', 'prelu', 'embedding']);

function torchinfoFigures(report: Report, layers: LayerReport[]): Record<string, bigint> {
  const bytes = BigInt(DTYPE_BYTES[report.dtype]);
  const B = BigInt(report.batch);
  const inputBytes = report.inputs.reduce((sum, t) => sum + elements(t.shape) * B * bytes, 0n);
  // total_output_bytes: x2 "for gradients", over leaf modules that have parameters.
  const forwardBackwardBytes = 2n * layers.filter((l) => TORCHINFO_LEAF_WITH_PARAMS.has(l.op)).reduce((sum, l) => sum + l.activationBytes, 0n);
  const paramsBytes = report.totals.params * bytes; // parameters only, no buffers
  return {
    totalMultAdds: layers.reduce((sum, l) => sum + l.macs, 0n),
    inputBytes,
    forwardBackwardBytes,
    paramsBytes,
    estimatedTotalBytes: inputBytes + forwardBackwardBytes + paramsBytes,
  };
}

const DARKNET_CONV = new Set(['conv', 'depthwise', 'separable']);

/** AlexeyAB/darknet's l.bflops (convolutional_layer, maxpool_layer, shortcut_layer): summed into Total BFLOPS. */
function darknetCount(f: LayerFacts): bigint {
  const { layer } = f;
  if (DARKNET_CONV.has(layer.op)) return 2n * layer.macs;
  // archcost's window pools count prod(kernel) per output element and add (inputs - 1) per output element: darknet's rules exactly.
  if (layer.op === 'maxpool' || layer.op === 'avgpool' || layer.op === 'add') return layer.flops;
  return 0n;
}

const same = (n: bigint) => n;
const twice = (n: bigint) => 2n * n;

const RULES: Record<Exclude<Preset, 'archcost'>, PresetRule> = {
  ptflops: {
    count: ptflopsCount,
    macs: same,
    flops: twice,
    conventions: {
      macs: "ptflops' MACs (pytorch backend): conv and linear MACs + bias adds (linear: once per feature) + BatchNorm/GroupNorm 2 and LayerNorm 1 per element + ReLU-family and GELU 1 per element + pooling 1 per input element + upsample 1 per output element + MultiheadAttention by its hook",
      flops: '2 x the ptflops MACs (ptflops reports MACs only)',
      elementwiseInFlops: ['bias', 'batchnorm', 'groupnorm', 'layernorm', 'relu', 'relu6', 'leakyrelu', 'elu', 'prelu', 'gelu', 'maxpool', 'avgpool', 'adaptiveavgpool', 'adaptivemaxpool', 'globalavgpool', 'globalmaxpool', 'upsample', 'attention'],
    },
  },
  fvcore: {
    count: fvcoreCount,
    macs: same,
    flops: same,
    conventions: {
      macs: "fvcore's flops: one per multiply-accumulate of conv, linear and matmul (no bias), + BatchNorm 2 (eval), LayerNorm/GroupNorm 5 per element, adaptive_avg_pool2d 1 per input element, upsample nearest 1 / bilinear 4 per output element",
      flops: "the same number: fvcore calls one multiply-add one flop",
      elementwiseInFlops: ['batchnorm', 'layernorm', 'groupnorm', 'adaptiveavgpool', 'globalavgpool', 'upsample'],
    },
  },
  torchinfo: {
    count: torchinfoCount,
    macs: same,
    flops: twice,
    conventions: {
      macs: "torchinfo's Total mult-adds: conv (weights + bias) x output positions; other leaf modules with parameters (Linear, norms, Embedding) batch x params",
      flops: '2 x the torchinfo mult-adds',
      elementwiseInFlops: ['bias', 'batchnorm', 'layernorm', 'groupnorm', 'prelu'],
    },
    figures: (report, layers) => torchinfoFigures(report, layers),
  },
  darknet: {
    count: darknetCount,
    macs: (_count, f) => (DARKNET_CONV.has(f.layer.op) ? f.layer.macs : 0n),
    flops: same,
    conventions: {
      macs: 'MACs of [convolutional] layers (conv, depthwise, separable) only; connected (dense) layers are not counted',
      flops:
        "darknet's BFLOPs x 1e9 as its Total BFLOPS adds them (AlexeyAB/darknet): 2 x convolutional MACs (l.bflops = 2 · nweights · out_h · out_w), + maxpool/local avgpool size² · c · out_h · out_w, + shortcut out_w · out_h · out_c per added input",
      elementwiseInFlops: ['maxpool', 'avgpool', 'add'],
    },
  },
};

/** The report recounted as `preset` counts it; `archcost` returns it unchanged. */
export function withCompat(report: Report, preset: Preset): Report {
  if (preset === 'archcost') return report;
  const rule = RULES[preset];
  const B = BigInt(report.batch);
  const shapes = new Map<string, Shape>([...report.inputs.map((t) => [t.name, t.shape] as const), ...report.layers.map((l) => [l.name, l.outputShape] as const)]);
  const facts = report.layers.map((layer): LayerFacts => ({ layer, inputs: layer.inputs.map((n) => shapes.get(n)!), batch: B }));
  const recounted = facts.map((f): LayerReport => {
    const count = rule.count(f);
    const flops = rule.flops(count, f);
    // The training estimate follows the preset too: each layer's backward is its op's factor times the preset's forward.
    const training = f.layer.training && { ...f.layer.training, backwardFlops: flops * BigInt(f.layer.training.backwardFactor) };
    return { ...f.layer, macs: rule.macs(count, f), flops, ...(training ? { training } : {}) };
  });
  // A copy recounted is its twin recounted: the list keeps its marks for the JSON writer (core/same-as.ts).
  const layers = markedAs(recounted, report.layers);
  const sum = (pick: (l: LayerReport) => bigint) => layers.reduce((total, l) => total + pick(l), 0n);
  const compat: CompatSummary = { tool: preset, figures: rule.figures?.(report, layers, facts) ?? {} };
  const flops = sum((l) => l.flops);
  const trained = report.totals.training;
  const backwardFlops = sum((l) => l.training?.backwardFlops ?? 0n);
  return {
    ...report,
    conventions: { ...report.conventions, preset, ...rule.conventions },
    layers,
    totals: {
      ...report.totals,
      macs: sum((l) => l.macs),
      flops,
      ...(trained ? { training: { ...trained, forwardFlops: flops, backwardFlops, flops: flops + backwardFlops } } : {}),
    },
    compat,
  };
}
