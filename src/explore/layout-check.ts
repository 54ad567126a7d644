import type { Report } from '../counting/analyze.js';
import type { Diagnostic } from '../core/errors.js';
import type { SpecSource } from '../language/source.js';

/** Ops that read the input as a map of positions with channels last: a channels-first shape goes wrong here first. */
const SPATIAL_OPS = new Set(['conv', 'depthwise', 'separable', 'conv_transpose', 'maxpool', 'avgpool']);

/** Channels-first as PyTorch writes it: a few channels (1 to 4: grey, RGB, RGBA) first, every other axis 16 or more. */
export function looksChannelsFirst(shape: readonly number[]): boolean {
  return shape.length >= 3 && shape[0] <= 4 && shape.slice(1).every((d) => d >= 16);
}

/**
 * Warnings for inputs that look channels-first ([3, 224, 224]) and feed a conv or a pool, which would
 * see a 3x224 map with 224 channels. `layout: channels_last` in the spec says the shape is
 * meant as written. Warnings, not errors: such a shape is valid, only unlikely.
 */
export function layoutWarnings(source: SpecSource, report: Report): Diagnostic[] {
  if ((source.data as { layout?: unknown } | null)?.layout !== undefined) return [];
  return report.inputs.flatMap((input, i): Diagnostic[] => {
    const reader = report.layers.find((l) => l.inputs.includes(input.name) && SPATIAL_OPS.has(l.op));
    if (!reader || !looksChannelsFirst(input.shape)) return [];
    const [channels, ...spatial] = input.shape;
    const intended = [...spatial, channels];
    const declared = source.data && typeof source.data === 'object' && 'inputs' in source.data ? ['inputs', input.name] : ['input'];
    // An --input override is the user's own shape on the command line, not a line of the spec.
    const overridden = i === 0 && report.designInputs[0].shape.join('x') !== input.shape.join('x');
    return [
      {
        file: source.file,
        ...(overridden ? {} : source.locate(declared)),
        message:
          `input ${input.name === 'input' ? '' : `${input.name} `}${input.shape.join('x')} looks channels-first (C, H, W as PyTorch writes it), but archcost reads shapes ` +
          `channels last: ${reader.name} (${reader.op}) sees a ${input.shape.slice(0, -1).join('x')} map with ${input.shape[input.shape.length - 1]} channels. ` +
          `For ${channels} channels write [${intended.join(', ')}]` +
          `${overridden ? ` (--input ${intended.join('x')})` : ''}; if the shape is meant as written, add \`layout: channels_last\` to the spec`,
      },
    ];
  });
}
