import { RuleError } from '../core/errors.js';
import { channelsOf, perAxis } from './geometry.js';
import { axisSymbols, dot, formula } from './explain-kit.js';
import { NOTHING } from './dense.js';
import { defineOp } from './define.js';
import { formatShape } from './types.js';

interface WindowAttentionArgs {
  heads: number;
  window: number | readonly number[];
  shift: number | readonly number[];
  bias: boolean;
  proj_bias: boolean;
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
  accepts: ([input]) => {
    if (input.length !== 3) throw new RuleError(`window_attention needs a feature map [H, W, C], got ${formatShape(input)}`);
  },
  // Windows as torchvision's shifted_window_attention makes them: the map is padded at the end to whole windows.
  quantities: {
    C: { doc: 'the channels', formula: 'in.channels' },
    win: { doc: 'the window [h, w]', formula: 'per_axis(window, 2)' },
    nW: { doc: 'windows: the map padded at the end to whole windows', formula: 'ceil(in.height / win[0]) * ceil(in.width / win[1])' },
    N: { doc: 'tokens in a window', formula: 'win[0] * win[1]' },
    T: { doc: 'tokens including the padding', formula: 'nW * N' },
    // torchvision drops the shift on an axis the window already covers.
    shifted: {
      doc: 'whether a shift remains (the mask is added)',
      formula: '(ceil(in.height / win[0]) > 1 and per_axis(shift, 2)[0] > 0) or (ceil(in.width / win[1]) > 1 and per_axis(shift, 2)[1] > 0)',
    },
  },
  checks: [{ holds: 'C % heads == 0', message: 'heads ${heads} does not divide the ${C} channels', arg: 'heads' }],
  shape: 'in.shape',
  params: '4 * C ** 2 + (3 * C if bias else 0) + (C if proj_bias else 0) + (2 * win[0] - 1) * (2 * win[1] - 1) * heads',
  // torchvision keeps relative_position_index, N·N entries, as a (non-learnable) buffer.
  buffers: 'N ** 2',
  macs: '4 * T * C ** 2 + 2 * nW * N ** 2 * C',
  flops: '2 * macs + (3 * T * C if bias else 0) + (T * C if proj_bias else 0) + T * C + nW * heads * N ** 2 * (7 if shifted else 6)',
  notes: {
    params: 'qkv and output projections, and the relative position bias table',
    buffers: 'the relative position index',
    macs: 'qkv and output projections over T tokens, QKᵀ and AV per window',
    flops: 'bias adds, q scaling T·C, and per score: position bias 1, mask 1 when shifted, softmax 5',
  },
  backward: {
    // The qkv projection reads a padded, shifted, windowed copy of the input (T tokens, T >= H·W), so
    // that copy is what is kept, not the layer input; then Q, K, V, the context and the probabilities.
    saved: '5 * T * C + nW * heads * N ** 2',
    selective: { saved: 'nW * heads * N ** 2' },
    factor: 2,
    saves: 'the windowed copy of its input, Q, K, V and the context (5·T·C for T padded tokens) and the softmax probabilities (windows·heads·N²), which selective recomputation drops',
  },
  // A token attends to its window: treated as a window of that size, stride 1 (shifts move it, not its size).
  receptive: (a) => ({ kind: 'window', kernel: perAxis(a.window, 2, 'window'), stride: [1, 1], dilation: [1, 1] }),
});

export const spaceToDepth = defineOp<{ block: number; pad: boolean }>({
  name: 'space_to_depth',
  summary: 'Moves each block x block patch into channels (ONNX SpaceToDepth, pixel_unshuffle, Swin patch merging)',
  args: (k) => ({
    block: { schema: k.positiveInt(), doc: 'patch size' },
    pad: { schema: k.bool().default(false), doc: 'zero-pad the end of odd sizes first (torchvision PatchMerging)' },
  }),
  shape: {
    rule: '[H, W, C] -> [H/b, W/b, b²·C] (with pad: ceil)',
    compute: (a, [input]) => {
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
    explain: (a, [input], output) => {
      const names = axisSymbols(input.length - 1);
      const n = names.length;
      return [
        ...names.map((s, i) => formula(`${s}' = ceil(${s}/b)`, `ceil(${input[i]}/${a.block})`, `${output[i]}`)),
        formula(`C' = b^${n}·C`, dot(...names.map(() => a.block), channelsOf(input)), `${output[n]}`),
      ];
    },
  },
  notes: { flops: 'data movement only' },
  backward: { saves: NOTHING },
  receptive: (a, [input]) => {
    const rank = input.length - 1;
    return { kind: 'window', kernel: perAxis(a.block, rank, 'block'), stride: perAxis(a.block, rank, 'block'), dilation: perAxis(1, rank, 'block') };
  },
});
