import { RuleError } from '../core/errors.js';
import { channelsOf, perAxis } from './geometry.js';
import { axisSymbols, dot, formula, free } from './explain-kit.js';
import { defineOp, formatShape, type Shape } from './types.js';

interface WindowAttentionArgs {
  heads: number;
  window: number | readonly number[];
  shift: number | readonly number[];
  bias: boolean;
  proj_bias: boolean;
}

function mapOf(input: Shape, op: string): [number, number, number] {
  if (input.length !== 3) throw new RuleError(`${op} needs a feature map [H, W, C], got ${formatShape(input)}`);
  return [input[0], input[1], input[2]];
}

/** Windows as torchvision's shifted_window_attention makes them: the map is padded at the end to whole windows. */
function windows(input: Shape, a: WindowAttentionArgs) {
  const [H, W, C] = mapOf(input, 'window_attention');
  if (C % a.heads !== 0) throw new RuleError(`heads ${a.heads} does not divide the ${C} channels`, ['heads']);
  const [wh, ww] = perAxis(a.window, 2, 'window');
  const [sh, sw] = perAxis(a.shift, 2, 'shift');
  const padded = [Math.ceil(H / wh) * wh, Math.ceil(W / ww) * ww];
  // torchvision drops the shift on an axis the window already covers.
  const shifted = (padded[0] > wh && sh > 0) || (padded[1] > ww && sw > 0);
  const count = BigInt((padded[0] / wh) * (padded[1] / ww));
  const tokens = BigInt(wh * ww);
  return { C: BigInt(C), wh, ww, count, tokens, shifted };
}

export const windowAttention = defineOp<WindowAttentionArgs>({
  name: 'window_attention',
  summary: 'Shifted-window self-attention with relative position bias (Swin; torchvision ShiftedWindowAttention)',
  args: (k) => ({
    heads: { schema: k.positiveInt(), doc: 'attention heads; must divide C' },
    window: { schema: k.positiveIntOrList(), doc: 'window size [h, w]' },
    shift: { schema: k.nonNegativeIntOrList().default(0), doc: 'cyclic shift [h, w] (cost-free; adds the mask)' },
    bias: { schema: k.bool().default(true), doc: 'bias on the qkv projection' },
    proj_bias: { schema: k.bool().default(true), doc: 'bias on the output projection' },
  }),
  shape: (a, [input]) => {
    windows(input, a);
    return input;
  },
  cost: (a, [input]) => {
    const { C, wh, ww, count, tokens: N, shifted } = windows(input, a);
    const T = count * N; // tokens including the padding
    const H = BigInt(a.heads);
    const macs = 3n * T * C * C + 2n * count * N * N * C + T * C * C;
    const scores = count * H * N * N;
    const biasAdds = (a.bias ? 3n * T * C : 0n) + (a.proj_bias ? T * C : 0n);
    // q scaling 1 per q element; per score: position-bias add 1, mask add 1 when shifted, softmax 5.
    const flops = 2n * macs + biasAdds + T * C + scores * (shifted ? 7n : 6n);
    return {
      params: 4n * C * C + (a.bias ? 3n * C : 0n) + (a.proj_bias ? C : 0n) + BigInt((2 * wh - 1) * (2 * ww - 1)) * H,
      // torchvision keeps relative_position_index, N·N entries, as a (non-learnable) buffer.
      buffers: N * N,
      macs,
      flops,
    };
  },
  rules: {
    shape: 'kept; internally the map is padded at the end to whole windows (nW windows of N = h·w tokens, T = nW·N)',
    params: '4·C² + (bias ? 3·C : 0) + (proj_bias ? C : 0) + (2h-1)·(2w-1)·heads (bias table); buffers N² (position index)',
    macs: '4·T·C² (qkv and output projections) + 2·nW·N²·C (QKᵀ and AV per window)',
    flops: '2 · MACs + bias adds + T·C (q scaling) + nW·heads·N² · (6, or 7 when shifted: position bias 1, mask 1, softmax 5)',
  },
  explain: (a, [input]) => {
    const { C, wh, ww, count, tokens: N, shifted } = windows(input, a);
    const T = count * N;
    const macs = 3n * T * C * C + 2n * count * N * N * C + T * C * C;
    const biases = [a.bias ? ['3·C', `3·${C}`] : [], a.proj_bias ? ['C', `${C}`] : []].filter((b) => b.length);
    const plus = (i: number) => biases.map((b) => ` + ${b[i]}`).join('');
    const perScore = shifted ? 7 : 6;
    const adds = [a.bias ? ['3·T·C', `3·${T}·${C}`] : [], a.proj_bias ? ['T·C', `${T}·${C}`] : []].filter((b) => b.length);
    const addsText = (i: number) => adds.map((b) => ` + ${b[i]}`).join('');
    return {
      // The output keeps the input's shape; T is the padded token count the counts below use.
      shape: [],
      terms: [formula('T = nW·N = (ceil(H/h)·ceil(W/w))·(h·w)', `${count}·${N}`, `${T}`)],
      params: formula(`4·C·C${plus(0)} + (2h-1)·(2w-1)·heads`, `4·${C}·${C}${plus(1)} + ${2 * wh - 1}·${2 * ww - 1}·${a.heads}`),
      buffers: formula('N·N', `${N}·${N}`),
      macs: formula('4·T·C·C + 2·nW·N·N·C', `4·${T}·${C}·${C} + 2·${count}·${N}·${N}·${C}`),
      flops: formula(`2·MACs${addsText(0)} + T·C + ${perScore}·nW·heads·N·N`, ['2·', macs, `${addsText(1)} + ${T}·${C} + ${perScore}·${count}·${a.heads}·${N}·${N}`]),
    };
  },
  // A token attends to its window: treated as a window of that size, stride 1 (shifts move it, not its size).
  receptive: (a) => ({ kind: 'window', kernel: perAxis(a.window, 2, 'window'), stride: [1, 1], dilation: [1, 1] }),
});

interface SpaceToDepthArgs {
  block: number;
  pad: boolean;
}

export const spaceToDepth = defineOp<SpaceToDepthArgs>({
  name: 'space_to_depth',
  summary: 'Moves each block x block patch into channels (ONNX SpaceToDepth, pixel_unshuffle, Swin patch merging)',
  args: (k) => ({
    block: { schema: k.positiveInt(), doc: 'patch size' },
    pad: { schema: k.bool().default(false), doc: 'zero-pad the end of odd sizes first (torchvision PatchMerging)' },
  }),
  shape: (a, [input]) => {
    const spatial = input.slice(0, -1);
    if (spatial.length === 0) throw new RuleError(`space_to_depth needs spatial axes, got ${formatShape(input)}`);
    const out = spatial.map((size) => {
      if (size % a.block !== 0 && !a.pad) {
        throw new RuleError(`space_to_depth block ${a.block} does not divide the size ${size}; set pad: true to pad the end`, ['block']);
      }
      return Math.ceil(size / a.block);
    });
    return [...out, channelsOf(input) * a.block ** spatial.length];
  },
  cost: () => ({ params: 0n, buffers: 0n, macs: 0n, flops: 0n }),
  rules: {
    shape: '[H, W, C] -> [H/b, W/b, b²·C] (with pad: ceil)',
    params: '0',
    macs: '0',
    flops: '0 (data movement only)',
  },
  explain: (a, [input], output) => {
    const names = axisSymbols(input.length - 1);
    const n = names.length;
    return free([
      ...names.map((s, i) => formula(`${s}' = ceil(${s}/b)`, `ceil(${input[i]}/${a.block})`, `${output[i]}`)),
      formula(`C' = b^${n}·C`, dot(...names.map(() => a.block), channelsOf(input)), `${output[n]}`),
    ]);
  },
  receptive: (a, [input]) => {
    const rank = input.length - 1;
    return { kind: 'window', kernel: perAxis(a.block, rank, 'block'), stride: perAxis(a.block, rank, 'block'), dilation: perAxis(1, rank, 'block') };
  },
});
