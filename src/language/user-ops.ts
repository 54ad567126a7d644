import { ArchcostError, RuleError, type SpecPath } from '../core/errors.js';
import { defineOp } from '../ops/define.js';
import { findOp } from '../ops/registry.js';
import type { ArgKit, ArgSpec, BackwardSpec, Op } from '../ops/types.js';
import type { SpecSource } from './source.js';
import type { SpecFile, UserOpSpec } from './spec.js';

/** Names a formula gives its own meaning: an arg or quantity of that name would hide it (a function's name is free: `max(...)` calls, `max` reads the arg). */
const RESERVED = new Set(['in', 'out', 'ins', 'cached', 'params', 'buffers', 'macs', 'flops']);
/** Args every item takes: an op cannot have its own of that name. */
const ITEM_ARGS = new Set(['name', 'from', 'repeat', 'if', 'branches']);

/** The schema of one arg of a spec's op: required (null) takes any value; a default fixes the type. */
function argSchema(k: ArgKit, op: string, fallback: unknown): ArgSpec {
  if (fallback === null) return { schema: k.anyValue(), doc: `an arg of ${op} (required)` };
  // "None": optional; the formulas read None when the item does not give it.
  if (fallback === 'None') return { schema: k.anyValue().optional(), doc: `an arg of ${op} (optional)` };
  const doc = `an arg of ${op} (default ${JSON.stringify(fallback)})`;
  if (typeof fallback === 'number') return { schema: k.number().default(fallback), doc };
  if (typeof fallback === 'boolean') return { schema: k.bool().default(fallback), doc };
  if (typeof fallback === 'string') return { schema: k.text().default(fallback), doc };
  return { schema: k.list().default(fallback as unknown[]), doc };
}

const text = (formula: string | number | undefined) => (formula === undefined ? undefined : String(formula));

function backwardOf(spec: UserOpSpec): BackwardSpec {
  const keeps = spec.backward?.keeps ?? 'input';
  const hasMacs = text(spec.macs)!.trim() !== '0';
  return {
    input: keeps === 'input' || keeps === 'both',
    output: keeps === 'output' || keeps === 'both',
    saved: text(spec.backward?.saved),
    factor: spec.backward?.factor ?? (hasMacs ? 2 : 1),
    saves: `${keeps === 'none' ? 'nothing' : keeps === 'both' ? 'its input and output' : `its ${keeps}`}${spec.backward?.saved ? ' and the tensors of backward.saved' : ''} (ops: section)`,
  };
}

/** The ops a spec defines under `ops:`, checked when the spec is read. Throws ArchcostError. */
export function userOps(spec: SpecFile, source: SpecSource): Map<string, Op> {
  const ops = new Map<string, Op>();
  const fail = (path: SpecPath, message: string): never => {
    throw new ArchcostError({ file: source.file, ...source.locate(path), specPath: path, message });
  };
  for (const [name, def] of Object.entries(spec.ops ?? {})) {
    const at = ['ops', name];
    if (findOp(name) || name === 'sequence' || name === 'moe') fail(at, `ops: '${name}' is a built-in op; give your op another name (the built-in: archcost ops)`);
    if (spec.blocks && Object.hasOwn(spec.blocks, name)) fail(at, `ops: '${name}' is also a block; an op and a block need different names`);
    const args = def.args ?? {};
    const quantities = def.quantities ?? {};
    for (const [kind, names] of [
      ['args', Object.keys(args)],
      ['quantities', Object.keys(quantities)],
    ] as const) {
      for (const arg of names) {
        if (RESERVED.has(arg) || ITEM_ARGS.has(arg)) fail([...at, kind, arg], `ops: ${kind === 'args' ? 'an arg' : 'a quantity'} cannot be named '${arg}': the formulas use that name for ${ITEM_ARGS.has(arg) ? 'an item arg every item takes' : 'their own meaning'}`);
        if (kind === 'quantities' && Object.hasOwn(args, arg)) fail([...at, kind, arg], `ops: the quantity '${arg}' has the name of an arg of ${name}`);
      }
    }
    const origin = {
      path: (part: string) => [...at, ...part.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))],
    };
    try {
      ops.set(
        name,
        defineOp<Record<string, unknown>>(
          {
            name,
            summary: def.summary ?? `defined in the spec's ops: section`,
            merge: def.merge,
            args: (k) => Object.fromEntries(Object.entries(args).map(([arg, fallback]) => [arg, argSchema(k, name, fallback)])),
            quantities: Object.fromEntries(
              Object.entries(quantities).map(([q, formula]) => [q, { doc: `a quantity of ${name}: ${formula}`, formula: String(formula) }]),
            ),
            checks: def.checks?.map((c) => ({ holds: String(c.holds), message: c.message, arg: c.arg })),
            shape: text(def.shape) ?? 'in.shape',
            params: text(def.params),
            buffers: text(def.buffers),
            macs: text(def.macs),
            flops: text(def.flops),
            backward: backwardOf(def),
            // Positions the op keeps (only the channels change) keep their field; any other change is not tracked.
            receptive: (args, inputs) => {
              const output = ops.get(name)!.evaluate(args, inputs).output;
              const same = output.length === inputs[0].length && output.slice(0, -1).every((d, i) => d === inputs[0][i]);
              return same ? undefined : { kind: 'untracked' };
            },
          },
          origin,
        ),
      );
    } catch (e) {
      if (e instanceof RuleError) fail(e.at ?? at, e.message);
      throw e;
    }
  }
  return ops;
}

