import { InvalidArgumentError } from 'commander';
import type { SweepAxis } from '../explore/sweep.js';
import { shapeArg } from './io.js';

/** Collects repeated `--sweep name=v1,v2,...`; `input=200x200x3,400x400x3` sweeps the input shape. */
export function collectSweep(text: string, previous: SweepAxis[] = []): SweepAxis[] {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError(`expected name=v1,v2,... (or input=HxWxC,HxWxC), got '${text}'`);
  const [, name, list] = match;
  const items = list.split(',').map((v) => v.trim());
  if (name === 'input') return [...previous, { name, values: items.map(shapeArg) }];
  const values = items.map((raw) => {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    const n = Number(raw);
    if (raw === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name}: expected numbers or true/false, got '${raw}'`);
    return n;
  });
  return [...previous, { name, values }];
}
