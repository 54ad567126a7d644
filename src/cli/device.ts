import { readFile } from 'node:fs/promises';
import { parseDeviceFile } from '../engine/device-file.js';
import { findDevice, type Device } from '../engine/devices.js';
import { ArchcostError } from '../engine/errors.js';

/** The device of `--device NAME` or `--device-file FILE`, if either was given. */
export async function loadDevice(flags: { device?: string; deviceFile?: string }): Promise<Device | undefined> {
  if (flags.device) return findDevice(flags.device);
  if (!flags.deviceFile) return undefined;
  let text: string;
  try {
    text = await readFile(flags.deviceFile, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ArchcostError({ file: flags.deviceFile, message: `cannot read the device file: ${reason}` });
  }
  return parseDeviceFile(text, flags.deviceFile);
}
