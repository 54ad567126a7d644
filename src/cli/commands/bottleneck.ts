import { ArchcostError } from '../../core/errors.js';
import { exploreBottleneck } from '../../explore/bottleneck.js';
import type { Dtype } from '../../core/dtype.js';
import type { Locale } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { bottleneckJson, renderBottleneck } from '../../report/bottleneck.js';
import { configureColour } from '../colour.js';
import { loadDevice } from '../device.js';
import { writeOutput } from '../output.js';

export interface BottleneckFlags {
  input: number[];
  kernel: number;
  out?: number;
  mid?: number;
  stride: number;
  expand?: boolean;
  bias?: boolean;
  dtype?: Dtype;
  device?: string;
  deviceFile?: string;
  format: 'table' | 'json' | 'markdown' | 'html';
  output?: string;
  lang: Locale;
}

export async function runBottleneck(flags: BottleneckFlags): Promise<number> {
  if (flags.out === undefined) throw new ArchcostError({ message: missingOut(flags.output) });
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

/**
 * `-o` is `--output` here as in every command; it was once `--out`. `-o 256` without `--out` is
 * that old form: refused with the new spelling rather than taken as a file named 256.
 */
function missingOut(output: string | undefined): string {
  if (output !== undefined && /^\d+$/.test(output)) {
    return `-o is --output (the file to write), as in every command; for ${output} output channels use --out ${output} (or -c ${output})`;
  }
  return "required option '-c, --out <channels>' not specified: the output channels C2, e.g. --out 256";
}
