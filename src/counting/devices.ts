import type { Dtype } from '../core/dtype.js';
import { ArchcostError, didYouMean } from '../core/errors.js';

/** A machine for the roofline: peak arithmetic per dtype and memory bandwidth. */
export interface Device {
  name: string;
  /** Peak FLOP/s (integer ops/s for int8) per dtype; a dtype left out is one the device has no figure for. */
  peakFlops: Partial<Record<Dtype, bigint>>;
  /** Bytes per second between memory and the chip. */
  memoryBandwidth: bigint;
  /** Memory capacity in bytes: what `archcost fit` fits a model into (absent: the device file gave none). */
  memory?: bigint;
  /**
   * Bytes per second of the device's links to its peers (NVLink, else PCIe), both directions together as
   * vendors print it; a collective sends at half of it (docs/parallelism.md). Absent: a single chip.
   */
  links?: bigint;
}

const T = 10n ** 12n;
const G = 10n ** 9n;
/** Decimal figures as printed by vendors (989.4 T) without floating point. */
const tera = (text: string) => decimal(text, T);
const giga = (text: string) => decimal(text, G);
/** Memory sizes: DRAM and HBM come in powers of two, so a card sold as 80 GB holds 80 GiB. */
const gib = (n: number) => BigInt(n) * 2n ** 30n;

function decimal(text: string, unit: bigint): bigint {
  const [whole, fraction = ''] = text.split('.');
  return (BigInt(whole + fraction) * unit) / 10n ** BigInt(fraction.length);
}

/**
 * Built-in devices. Every figure and its source is in docs/devices.md: dense (not 2:4 sparse) peaks,
 * float32 on the CUDA cores (not TF32), 16-bit and int8 on tensor cores where the chip has them;
 * memory as sold (binary units), links the NVLink or PCIe figure (both directions).
 */
export const DEVICES: Readonly<Record<string, Device>> = {
  'h100-sxm': {
    name: 'NVIDIA H100 SXM',
    peakFlops: { float64: tera('34'), float32: tera('67'), float16: tera('989.4'), bfloat16: tera('989.4'), int8: tera('1979') },
    memoryBandwidth: giga('3350'),
    memory: gib(80),
    links: giga('900'),
  },
  'a100-80gb': {
    name: 'NVIDIA A100 80GB SXM',
    peakFlops: { float64: tera('9.7'), float32: tera('19.5'), float16: tera('312'), bfloat16: tera('312'), int8: tera('624') },
    memoryBandwidth: giga('2039'),
    memory: gib(80),
    links: giga('600'),
  },
  v100: {
    name: 'NVIDIA V100 SXM2 32GB',
    peakFlops: { float64: tera('7.8'), float32: tera('15.7'), float16: tera('125') },
    memoryBandwidth: giga('900'),
    memory: gib(32),
    links: giga('300'),
  },
  t4: {
    name: 'NVIDIA T4',
    peakFlops: { float32: tera('8.1'), float16: tera('65'), int8: tera('130') },
    memoryBandwidth: giga('320'),
    memory: gib(16),
    links: giga('32'),
  },
  l4: {
    name: 'NVIDIA L4',
    peakFlops: { float32: tera('30.3'), float16: tera('121'), bfloat16: tera('121'), int8: tera('242.5') },
    memoryBandwidth: giga('300'),
    memory: gib(24),
    links: giga('64'),
  },
  'rtx-4090': {
    name: 'NVIDIA GeForce RTX 4090',
    peakFlops: { float32: tera('82.6'), float16: tera('165.2'), bfloat16: tera('165.2'), int8: tera('660.6') },
    memoryBandwidth: giga('1008'),
    memory: gib(24),
    links: giga('64'),
  },
  'apple-m2': {
    name: 'Apple M2 (10-core GPU, 8 GB)',
    peakFlops: { float32: tera('3.6'), float16: tera('3.6') },
    memoryBandwidth: giga('100'),
    memory: gib(8),
  },
  'raspberry-pi-4': {
    name: 'Raspberry Pi 4 Model B 4GB (4x Cortex-A72, 1.5 GHz)',
    peakFlops: { float64: giga('24'), float32: giga('48') },
    memoryBandwidth: giga('12.8'),
    memory: gib(4),
  },
};

/** Other spellings people type; keys are compared without case, spaces, dots, dashes or underscores. */
const ALIASES: Readonly<Record<string, string>> = {
  h100: 'h100-sxm',
  h100sxm5: 'h100-sxm',
  a100: 'a100-80gb',
  a10080gbsxm: 'a100-80gb',
  v100sxm2: 'v100',
  teslav100: 'v100',
  teslat4: 't4',
  '4090': 'rtx-4090',
  geforcertx4090: 'rtx-4090',
  m2: 'apple-m2',
  rpi4: 'raspberry-pi-4',
  pi4: 'raspberry-pi-4',
  raspberrypi4modelb: 'raspberry-pi-4',
};

const squash = (name: string) => name.toLowerCase().replace(/[\s._-]/g, '');

/** The built-in device for a name as a user types it (`T4`, `h100`, `RTX 4090`). Throws ArchcostError. */
export function findDevice(name: string): Device {
  const key = squash(name);
  const id = Object.keys(DEVICES).find((k) => squash(k) === key) ?? ALIASES[key];
  if (id) return DEVICES[id];
  const known = Object.keys(DEVICES);
  throw new ArchcostError({
    message: `--device: no built-in device '${name}'${didYouMean(name, [...known, ...Object.keys(ALIASES)])}; built-in devices: ${known.join(', ')} (or describe one with --device-file)`,
  });
}
