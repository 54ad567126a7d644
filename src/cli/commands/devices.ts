import Table from 'cli-table3';
import chalk from 'chalk';
import { DEVICES } from '../../counting/devices.js';
import { DTYPES } from '../../core/dtype.js';
import { bytes } from '../../core/numbers.js';
import { toJson } from '../../report/json.js';
import { markdownTable } from '../../report/markdown.js';
import { configureColour } from '../colour.js';
import { writeOutput } from '../output.js';

/** A rate with an SI prefix and no rounding past what the figure has: 989.4 T, 48 G. */
function rate(value: bigint | undefined, unit: string): string {
  if (value === undefined) return '-';
  const [scale, prefix] = value >= 10n ** 12n ? [1e12, 'T'] : [1e9, 'G'];
  return `${Number(value) / scale} ${prefix}${unit}`;
}

export async function runDevices(flags: { format: 'table' | 'json' | 'markdown'; output?: string }): Promise<number> {
  configureColour(flags.output);
  await writeOutput(render(flags.format), flags.output);
  return 0;
}

function render(format: 'table' | 'json' | 'markdown'): string {
  const entries = Object.entries(DEVICES);
  if (format === 'json') return toJson({ schemaVersion: 1, devices: entries.map(([id, d]) => ({ id, ...d })) }) + '\n';
  const headers = ['device', 'name', ...DTYPES.map((d) => `${d} FLOP/s`), 'memory B/s', 'memory', 'links B/s'];
  const rows = entries.map(([id, d]) => [
    id,
    d.name,
    ...DTYPES.map((t) => rate(d.peakFlops[t], '')),
    rate(d.memoryBandwidth, 'B/s'),
    d.memory === undefined ? '-' : bytes(d.memory),
    rate(d.links, 'B/s'),
  ]);
  if (format === 'markdown') return markdownTable(headers, rows, new Set(headers.map((_, i) => i).filter((i) => i > 1))) + '\n';
  const table = new Table({
    head: headers.map((h) => chalk.bold(h)),
    style: chalk.level > 0 ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  table.push(...rows);
  return `${table.toString()}\nDense peaks; memory as sold (binary units); links to peers, both directions together. Sources of every figure: docs/devices.md. Your own device: --device-file.\n`;
}
