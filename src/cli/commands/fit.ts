import { ArchcostError } from '../../core/errors.js';
import { parsePercent, parseQuantity } from '../../core/quantity.js';
import type { FitResult, FitSolve, Reserve } from '../../explore/fit.js';
import type { FitSweep } from '../../explore/fit-sweep.js';
import type { SweepAxis } from '../../explore/sweep.js';
import type { Locale } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { loadDevice } from '../device.js';
import { countingOptionsFrom, type CountingFlags } from '../deploy-options.js';
import { loadSpec } from '../io.js';
import { warn } from '../notes.js';
import { writeOutput } from '../output.js';

export interface FitFlags extends CountingFlags {
  format: 'table' | 'json' | 'markdown';
  device?: string;
  deviceFile?: string;
  devices?: number;
  solve: FitSolve;
  reserve?: string;
  sweep?: SweepAxis[];
  output?: string;
  lang?: Locale;
}

/** `--reserve 10%` of each device, or `--reserve 2GiB`. */
function reserveOf(text: string | undefined): Reserve | undefined {
  if (text === undefined) return undefined;
  if (text.trim().endsWith('%')) {
    const percent = parsePercent(text);
    if (typeof percent === 'string') throw new ArchcostError({ message: `--reserve: ${percent}` });
    return { percent };
  }
  const bytes = parseQuantity(text, 'bytes');
  if (typeof bytes === 'string') throw new ArchcostError({ message: `--reserve: ${bytes}, or a share such as 10%` });
  return { bytes, text: text.trim() };
}

/** `archcost fit`: exit 0 when it fits, 1 when even the smallest batch (or context) does not. */
export async function runFit(file: string, flags: FitFlags): Promise<number> {
  const device = await loadDevice(flags);
  if (!device) throw new ArchcostError({ message: 'fit needs the device to fit into: --device NAME (archcost devices) or --device-file FILE with its memory:' });
  const spec = await loadSpec(file);
  const source = spec.source(flags.input);
  for (const note of spec.notes()) warn(`${file}: ${note}`);
  const request = {
    device,
    devices: flags.devices,
    dataParallel: flags.dataParallel,
    tensorParallel: flags.tensorParallel,
    pipelineParallel: flags.pipelineParallel,
    zero: flags.zero,
    reserve: reserveOf(flags.reserve),
    solve: flags.solve,
    options: { ...countingOptionsFrom(flags), file },
  };
  const result = flags.sweep ? (await import('../../explore/fit-sweep.js')).fitSweep(source, request, flags.sweep) : (await import('../../explore/fit.js')).fit(source, request);
  const fits = 'points' in result ? result.points.some((p) => p.fits) : result.fits;
  await writeOutput(await render(result, flags), flags.output);
  return fits ? 0 : 1;
}

/** Each format loads only its own renderer (and colour only for the table), as analyze's do. */
async function render(result: FitResult | FitSweep, flags: FitFlags): Promise<string> {
  if (flags.format === 'json') return (await import('../../report/json.js')).toJson(result) + '\n';
  if (flags.format === 'table') (await import('../colour.js')).configureColour(flags.output);
  const { renderFit, renderFitSweep } = await import('../../report/fit.js');
  const m = messages(flags.lang);
  return 'points' in result ? renderFitSweep(result, m, flags.format) : renderFit(result, m, flags.format);
}
