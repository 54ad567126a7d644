/** A tensor as expressions see it: `in`, `out`, `ins[k]`, with attributes derived from its shape. */
export class TensorValue {
  constructor(readonly shape: readonly number[]) {}
}

export const TENSOR_ATTRIBUTES = ['channels', 'height', 'width', 'depth', 'length', 'rank', 'shape', 'elements', 'positions'] as const;
export type TensorAttribute = (typeof TENSOR_ATTRIBUTES)[number];

/** What each attribute is, for messages and the legend of `archcost explain`. */
export const ATTRIBUTE_DOCS: Record<TensorAttribute, string> = {
  channels: 'last axis (the channels)',
  height: 'height H (of [H, W, C] or [D, H, W, C])',
  width: 'width W (of [H, W, C] or [D, H, W, C])',
  depth: 'depth D (of [D, H, W, C])',
  length: 'length L (of [L, C])',
  rank: 'number of axes',
  shape: 'sizes, as a list',
  elements: 'element count: the product of its sizes',
  positions: 'positions: the product of the sizes before the channels (1 for [C])',
};

export const LAYOUTS = ['[]', '[C]', '[L, C]', '[H, W, C]', '[D, H, W, C]'];

/** The axis an attribute names for a given rank, or undefined when that rank lacks it. */
export function axisOf(attribute: 'channels' | 'height' | 'width' | 'depth' | 'length', rank: number): number | undefined {
  switch (attribute) {
    case 'channels':
      return rank >= 1 ? rank - 1 : undefined;
    case 'length':
      return rank === 2 ? 0 : undefined;
    case 'height':
      return rank === 3 ? 0 : rank === 4 ? 1 : undefined;
    case 'width':
      return rank === 3 ? 1 : rank === 4 ? 2 : undefined;
    case 'depth':
      return rank === 4 ? 0 : undefined;
  }
}

export function product(sizes: readonly number[]): bigint {
  let n = 1n;
  for (const s of sizes) n *= BigInt(s);
  return n;
}
