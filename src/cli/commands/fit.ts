import type { PhaseFlags } from '../../counting/analyze.js';
import type { Dtype } from '../../core/dtype.js';
import { ArchcostError } from '../../core/errors.js';
import { parsePercent, parseQuantity } from '../../core/quantity.js';
import type { FitSolve, Reserve } from '../../explore/fit.js';
import type { SweepAxis } from '../../explore/sweep.js';
import type { Locale } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { loadDevice } from '../device.js';
import { trainingFrom, weightsFrom, type DeployFlags } from '../deploy-options.js';
import { loadSpec } from '../io.js';
import { warn } from '../notes.js';
import { writeOutput } from '../output.js';

export interface FitFlags extends PhaseFlags, DeployFlags {
  format: 'table' | 'json' | 'markdown';
  device?: string;
  deviceFile?: string;
  devices?: number;
  solve: FitSolve;
  reserve?: string;
  batch?: number;
  dtype?: Dtype;
  set?: Record<string, number | boolean>;
  input?: number[];
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
  const training = trainingFrom(flags);
  if (training && flags.phase === 'decode') throw new ArchcostError({ message: '--phase decode is inference: fit a training run in prefill (the whole sequence at once)' });
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
    options: {
      file,
      batch: flags.batch,
      dtype: flags.dtype,
      vars: flags.set,
      input: flags.input,
      training,
      phase: flags.phase,
      context: flags.context,
      weights: weightsFrom(flags),
      kvDtype: flags.kvDtype,
    },
  };
  const m = messages(flags.lang);
  const { toJson } = await import('../../report/json.js');
  const { configureColour } = await import('../colour.js');
  if (flags.format === 'table') configureColour(flags.output);
  const { renderFit, renderFitSweep } = await import('../../report/fit.js');
  if (flags.sweep) {
    const { fitSweep } = await import('../../explore/fit-sweep.js');
    const result = fitSweep(source, request, flags.sweep);
    await writeOutput(flags.format === 'json' ? toJson(result) + '\n' : renderFitSweep(result, m, flags.format), flags.output);
    return result.points.some((p) => p.fits) ? 0 : 1;
  }
  const { fit } = await import('../../explore/fit.js');
  const result = fit(source, request);
  await writeOutput(flags.format === 'json' ? toJson(result) + '\n' : renderFit(result, m, flags.format), flags.output);
  return result.fits ? 0 : 1;
}
