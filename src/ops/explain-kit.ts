import type { Formula, Part, Shape } from './types.js';

/** Helpers for the shape rules written in code: formulas in symbols and with the layer's numbers. */

export function formula(symbols: string, numbers: Part[] | string, value?: Part): Formula {
  return { symbols, numbers: typeof numbers === 'string' ? [numbers] : numbers, ...(value === undefined ? {} : { value }) };
}

/** Factors joined with a centred dot: dot(28, 28, 64) = 28·28·64. */
export const dot = (...factors: (number | string)[]) => factors.join('·');

const AXES: Record<number, string[]> = { 0: [], 1: ['L'], 2: ['H', 'W'], 3: ['D', 'H', 'W'] };

/** Symbols of the spatial (or leading) axes of a shape: H, W for [H, W, C]. */
export function axisSymbols(rank: number): string[] {
  return AXES[rank] ?? Array.from({ length: rank }, (_, i) => `N${i}`);
}

/** The element count of a shape as a product: H·W·C and 28·28·64. */
export function elementsProduct(shape: Shape): { symbols: string; numbers: string } {
  return { symbols: [...axisSymbols(shape.length - 1), 'C'].join('·'), numbers: dot(...shape) };
}

/** Symbols of a shape's axes: [H, W, C] for a rank-3 shape, [L, C] for rank 2, [C] for rank 1. */
export function shapeSymbols(rank: number): string[] {
  return [...axisSymbols(rank - 1), 'C'];
}

/**
 * A shape change that is no arithmetic, as the axes in symbols and then in numbers:
 * `[H, W, C] -> [C] = 7x7x512 -> 512`. `to` names the output's axes.
 */
export function shapeChange(from: string[], to: (string | number)[], input: Shape, output: Shape): Formula {
  return formula(`[${from.join(', ')}] -> [${to.join(', ')}]`, `${input.join('x')} -> ${output.join('x')}`);
}

interface WindowGeometry {
  kernel: number[];
  stride: number[];
  dilation: number[];
  padding: [number, number][];
  output: number[];
}

/** Per spatial axis: H' = floor((H + pad - k) / s) + 1 with the numbers in (PyTorch's rule). */
export function windowShape(spatial: readonly number[], w: WindowGeometry, ceil = false): Formula[] {
  const names = axisSymbols(spatial.length);
  const round = ceil ? 'ceil' : 'floor';
  return spatial.map((size, i) => {
    const sub = spatial.length > 1 ? `_${names[i].toLowerCase()}` : '';
    const [k, s, d] = [w.kernel[i], w.stride[i], w.dilation[i]];
    const span = d === 1 ? { symbols: `k${sub}`, numbers: `${k}` } : { symbols: `d${sub}·(k${sub}-1) - 1`, numbers: `${d}·(${k}-1) - 1` };
    const pad = w.padding[i][0] + w.padding[i][1];
    return formula(
      `${names[i]}' = ${round}((${names[i]} + pad - ${span.symbols}) / s${sub}) + 1`,
      `${round}((${size} + ${pad} - ${span.numbers}) / ${s}) + 1`,
      `${w.output[i]}`,
    );
  });
}
