import { exploreBottleneck } from '../../engine/bottleneck.js';
import type { Dtype } from '../../engine/dtype.js';
import type { Lang } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { bottleneckJson, renderBottleneck } from '../../report/bottleneck.js';
import { configureColour } from '../colour.js';

export interface BottleneckFlags {
  input: number[];
  kernel: number;
  out: number;
  mid?: number;
  stride: number;
  expand?: boolean;
  bias?: boolean;
  dtype?: Dtype;
  format: 'table' | 'json' | 'markdown';
  lang: Lang;
}

export function runBottleneck(flags: BottleneckFlags): number {
  const result = exploreBottleneck({
    input: flags.input,
    kernel: flags.kernel,
    out: flags.out,
    mid: flags.mid,
    stride: flags.stride,
    expand: flags.expand ?? false,
    bias: flags.bias ?? false,
    dtype: flags.dtype,
  });
  if (flags.format === 'json') {
    process.stdout.write(bottleneckJson(result) + '\n');
    return 0;
  }
  if (flags.format === 'table') configureColour();
  process.stdout.write(renderBottleneck(result, messages(flags.lang), flags.format));
  return 0;
}
