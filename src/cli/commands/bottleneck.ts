import { exploreBottleneck } from '../../explore/bottleneck.js';
import type { Dtype } from '../../core/dtype.js';
import type { Lang } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { bottleneckJson, renderBottleneck } from '../../report/bottleneck.js';
import { configureColour } from '../colour.js';
import { loadDevice } from '../device.js';
import { writeOutput } from '../output.js';

export interface BottleneckFlags {
  input: number[];
  kernel: number;
  out: number;
  mid?: number;
  stride: number;
  expand?: boolean;
  bias?: boolean;
  dtype?: Dtype;
  device?: string;
  deviceFile?: string;
  format: 'table' | 'json' | 'markdown' | 'html';
  output?: string;
  lang: Lang;
}

export async function runBottleneck(flags: BottleneckFlags): Promise<number> {
  const result = exploreBottleneck({
    input: flags.input,
    kernel: flags.kernel,
    out: flags.out,
    mid: flags.mid,
    stride: flags.stride,
    expand: flags.expand ?? false,
    bias: flags.bias ?? false,
    dtype: flags.dtype,
    device: await loadDevice(flags),
  });
  if (flags.format === 'json') {
    await writeOutput(bottleneckJson(result) + '\n', flags.output);
    return 0;
  }
  if (flags.format === 'html') {
    const { renderBottleneckHtml } = await import('../../report/html/bottleneck-page.js');
    await writeOutput(renderBottleneckHtml(result, messages(flags.lang)), flags.output);
    return 0;
  }
  if (flags.format === 'table') configureColour(flags.output);
  await writeOutput(renderBottleneck(result, messages(flags.lang), flags.format), flags.output);
  return 0;
}
