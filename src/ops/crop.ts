import { RuleError } from '../core/errors.js';
import { axisName, channelsOf, perAxis, spatialOf } from './geometry.js';
import { axisSymbols, formula } from './explain-kit.js';
import { NOTHING } from './dense.js';
import { defineOp } from './define.js';
import { formatShape, type Formula, type Shape } from './types.js';

type Align = 'center' | 'start' | 'end';

interface CropArgs {
  size?: number | readonly number[];
  align: Align;
}

/** Where each spatial axis is cut: the target size and the positions dropped before it. */
interface Cut {
  size: number;
  before: number;
}

/** round(spare / 2) as Python rounds (half to even), which is how torchvision's center_crop places its window. */
const roundHalfEven = (spare: number): number => {
  const half = Math.floor(spare / 2);
  return spare % 2 === 0 || half % 2 === 0 ? half : half + 1;
};

function cuts(a: CropArgs, inputs: readonly Shape[]): Cut[] {
  if (inputs.length > 2) throw new RuleError(`crop takes one tensor, or two (from: [x, ref]) to crop x to ref's size; got ${inputs.length}`);
  const spatial = spatialOf(inputs[0], 'crop');
  const ref = inputs[1];
  if (ref && a.size !== undefined) throw new RuleError('crop takes a size or a second tensor to match (from: [x, ref]), not both', ['size']);
  if (!ref && a.size === undefined) throw new RuleError('crop needs a size, or a second tensor whose size it takes: from: [x, ref]');
  let target: number[];
  if (ref) {
    target = spatialOf(ref, 'crop');
    if (target.length !== spatial.length) {
      throw new RuleError(`crop cannot match ${formatShape(inputs[0])} to ${formatShape(ref)}: they have different numbers of spatial axes`);
    }
  } else {
    target = perAxis(a.size!, spatial.length, 'size');
  }
  return spatial.map((size, i) => {
    if (target[i] > size) {
      const asked = ref ? `${formatShape(ref)}'s ${target[i]}` : `${target[i]}`;
      throw new RuleError(`crop to ${asked} is larger than the input's ${axisName(i, spatial.length)} ${size}: a crop only shrinks (pad grows a map)`, ref ? [] : ['size']);
    }
    const spare = size - target[i];
    const before = a.align === 'start' ? 0 : a.align === 'end' ? spare : roundHalfEven(spare);
    return { size: target[i], before };
  });
}

/** The rule that places the window on an axis, in symbols and with the numbers in. */
const PLACEMENT: Record<Align, (axis: string, size: number, out: number) => [string, string]> = {
  center: (n, size, out) => [`round((${n} - ${n}') / 2)`, `round((${size} - ${out}) / 2)`],
  start: () => ['', ''],
  end: (n, size, out) => [`${n} - ${n}'`, `${size} - ${out}`],
};

const explainCuts = (a: CropArgs, inputs: readonly Shape[]): Formula[] => {
  const spatial = inputs[0].slice(0, -1);
  const names = axisSymbols(spatial.length);
  const from = inputs.length > 1 ? 'ref' : 'size';
  return cuts(a, inputs).flatMap((cut, i) => {
    const [symbols, numbers] = PLACEMENT[a.align](names[i], spatial[i], cut.size);
    return [formula(`${names[i]}' = ${from} ${names[i]}`, [], `${cut.size}`), formula(`${names[i]} cut before${symbols ? ` = ${symbols}` : ''}`, numbers, `${cut.before}`)];
  });
};

export const crop = defineOp<CropArgs>({
  name: 'crop',
  summary: "Crops the spatial axes to a size, or to a second tensor's size (from: [x, ref], as U-Net crops its skip connections); centred by default",
  merge: true,
  // The reference gives its size only: no bytes are read from it and no receptive field comes through it.
  shapeOnly: [1],
  args: (k) => ({
    size: { schema: k.positiveIntOrList().optional(), doc: "target size per spatial axis; absent: the second tensor's (from: [x, ref])" },
    align: {
      schema: k.choice(['center', 'start', 'end']).default('center'),
      doc: 'which positions are kept: centred (torchvision CenterCrop), the first ones, or the last ones',
    },
  }),
  shape: {
    rule: "each spatial axis becomes size (or ref's); channels kept; centred: round((in - out) / 2) dropped before (Python's round, half to even, as torchvision's center_crop)",
    compute: (a, inputs) => [...cuts(a, inputs).map((c) => c.size), channelsOf(inputs[0])],
    explain: explainCuts,
  },
  notes: { flops: 'data movement only' },
  backward: { saves: NOTHING },
});
