import type { Report } from '../counting/analyze.js';
import { withCompat } from '../counting/compat.js';
import type { Preset } from '../counting/conventions.js';
import { parseDeviceFile } from '../counting/device-file.js';
import { findDevice, type Device } from '../counting/devices.js';
import { estimateTime, withRoofline } from '../counting/roofline.js';
import { readSpec } from './io.js';

/**
 * A report as `--device` and `--compat` ask, the same in every command: the time from archcost's
 * own counts (the work the device really does), then the numbers recounted as the tool counts them.
 */
export function withModelOptions(report: Report, device: Device | undefined, compat: Preset | undefined): Report {
  return withCompat(device ? withRoofline(report, estimateTime(report, device)) : report, compat ?? 'archcost');
}

/** The device of `--device NAME` or `--device-file FILE`, if either was given. */
export async function loadDevice(flags: { device?: string; deviceFile?: string }): Promise<Device | undefined> {
  if (flags.device) return findDevice(flags.device);
  if (!flags.deviceFile) return undefined;
  return parseDeviceFile(await readSpec(flags.deviceFile, 'the device file'), flags.deviceFile);
}
