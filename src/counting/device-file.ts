import * as z from 'zod';
import type { Device } from './devices.js';
import { DTYPES, dtypeIdiom, dtypeProblem, type Dtype } from '../core/dtype.js';
import { ArchcostError, didYouMean, pathText, showValue } from '../core/errors.js';
import { once } from '../core/once.js';
import { label } from '../core/printable.js';
import { parseQuantity, type QuantityKind } from '../core/quantity.js';
import { issueDiagnostics, WORDED } from '../language/schema-errors.js';
import { parseSpecText } from '../language/source.js';

/** A number, or a string with an SI suffix; rates may end in `/s` (`3.35TB/s`, `989.4T`). */
const quantity = (kind: QuantityKind) =>
  z.union([z.number().positive(), z.string()]).transform((value, ctx) => {
    const parsed = parseQuantity(typeof value === 'string' ? value.replace(/\/s$/, '') : value, kind);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    if (parsed <= 0n) {
      ctx.addIssue({ code: 'custom', message: 'expected a figure above zero' });
      return z.NEVER;
    }
    return parsed;
  });

const deviceFileSchema = once(() =>
  z.strictObject({
    name: z.string().min(1),
    /** Bytes per second. */
    memoryBandwidth: quantity('bytes'),
    /** FLOP/s per dtype (ops/s for int8); at least one. */
    peakFlops: z
      .strictObject(Object.fromEntries(DTYPES.map((d) => [d, quantity('count').optional()])) as Record<Dtype, z.ZodOptional<ReturnType<typeof quantity>>>)
      .refine((peaks) => Object.values(peaks).some((v) => v !== undefined), `peakFlops needs at least one of ${DTYPES.join(', ')}`),
    /** Capacity in bytes (`archcost fit`). */
    memory: quantity('bytes').optional(),
    /** Bytes per second to the device's peers, both directions together (communication time). */
    links: quantity('bytes').optional(),
  }),
);

const EXPECTED = {
  name: 'a name for the reports',
  memoryBandwidth: 'bytes per second, like 900GB/s',
  peakFlops: `FLOP/s per dtype, like {float32: 15.7T, float16: 125T}`,
  memory: 'the capacity in bytes, like 40GiB',
  links: 'bytes per second to its peers, both directions together, like 600GB/s',
};

function valueAt(data: unknown, key: string | number): unknown {
  return data !== null && typeof data === 'object' && Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined;
}

/**
 * A device described in YAML or JSON:
 * `{name: My NPU, memoryBandwidth: 68GB/s, peakFlops: {float16: 20T, int8: 40T}, memory: 16GiB, links: 64GB/s}`.
 * Throws ArchcostError with file:line:col.
 */
export function parseDeviceFile(text: string, file?: string): Device {
  const source = parseSpecText(text, file);
  const result = deviceFileSchema().safeParse(source.data, WORDED);
  if (result.success) {
    const peakFlops: Partial<Record<Dtype, bigint>> = {};
    for (const [dtype, peak] of Object.entries(result.data.peakFlops)) if (peak !== undefined) peakFlops[dtype as Dtype] = peak;
    const { memory, links } = result.data;
    return {
      name: label(result.data.name),
      memoryBandwidth: result.data.memoryBandwidth,
      peakFlops,
      ...(memory === undefined ? {} : { memory }),
      ...(links === undefined ? {} : { links }),
    };
  }
  // A refused peakFlops key also leaves its "needs at least one": an echo of the same mistake.
  const inPeaks = (issue: z.core.$ZodIssue) => issue.path[0] === 'peakFlops';
  const echo = (issue: z.core.$ZodIssue, all: z.core.$ZodIssue[]) => issue.code === 'custom' && issue.path.length === 1 && inPeaks(issue) && all.some((other) => other !== issue && inPeaks(other));
  const issues = result.error.issues.filter((issue, _, all) => !echo(issue, all));
  throw new ArchcostError(issueDiagnostics(issues, (issue, path) => issueText(issue, path, source.data), source));
}

/** What a device file got wrong, in words; another tool's dtype name and a flat peakFlops get the archcost way. */
function issueText(issue: z.core.$ZodIssue, path: (string | number)[], data: unknown): string {
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const inPeaks = path.length === 1 && path[0] === 'peakFlops';
  if (issue.code === 'unrecognized_keys') {
    if (!inPeaks) return `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => showValue(k)).join(', ')}; a device file has name, memoryBandwidth, peakFlops (${DTYPES.join(', ')}), and optionally memory and links`;
    const each = keys.map((k) => (dtypeIdiom(k) ? dtypeProblem(k) : `unknown dtype ${showValue(k)}${didYouMean(k, DTYPES)}`));
    return `peakFlops: ${each.join('; ')}; the keys are ${DTYPES.join(', ')}`;
  }
  const expected = path.length === 1 ? EXPECTED[path[0] as keyof typeof EXPECTED] : undefined;
  if (expected && valueAt(data, path[0]) === undefined) return `the device file needs '${path[0]}': ${expected}`;
  // A figure that is neither a number nor a string: what the field holds, in its own words.
  if (expected && issue.code === 'invalid_union') return `${path[0]}: expected ${expected}, got ${showValue(valueAt(data, path[0]))}`;
  if (inPeaks && issue.code === 'invalid_type') {
    return `peakFlops is a map with one peak per dtype, like {float32: 15.7T, float16: 125T}, not one value (got ${showValue(valueAt(data, 'peakFlops'))})`;
  }
  return `${path.length ? `${pathText(path)}: ` : ''}${issue.message}`;
}
