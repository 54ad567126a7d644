import type { ExplainedLayer, ExplainResult } from '../explore/explain.js';
import type { Field, ReceptiveInfo } from '../counting/receptive.js';
import type { Messages } from '../i18n/messages.js';
import type { Formula, Part } from '../ops/types.js';
import { toJson } from './json.js';

type Label = keyof Messages['explain']['label'];

/** `symbols = numbers = value`, leaving out a step that repeats the one before it. */
function chain(f: Formula, value: string, part: (p: Part) => string): string {
  const steps = [f.symbols];
  const numbers = f.numbers.map(part).join('');
  if (numbers && numbers !== f.symbols) steps.push(numbers);
  if (value && value !== steps[steps.length - 1]) steps.push(value);
  return steps.join(' = ');
}

const size = (m: Messages, values: number[]) => values.map(m.n.plain).join('x');

/** The receptive-field and cumulative-stride lines: the recurrence with the numbers in, per axis when they differ. */
function receptiveLines(info: ReceptiveInfo | undefined, layer: ExplainedLayer, m: Messages): [string, string][] {
  const e = m.explain;
  if (!info) return [];
  const { before, step, after } = info;
  if (after?.global) return [[e.label.receptiveField, e.rfGlobal(size(m, after.size))]];
  if (!after) return [[e.label.receptiveField, e.rfUntracked]];
  const kept = (note: string): [string, string][] => [
    [e.label.receptiveField, `${size(m, after.size)} (${note})`],
    [e.label.cumulativeStride, `${size(m, after.jump)} (${note})`],
  ];
  if (!step || !before) return kept(layer.inputs.length > 1 ? e.rfMerge : e.rfUnchanged);
  if (step.kind === 'global' || step.kind === 'untracked') return [];
  const p = m.n.plain;
  const perAxis = (text: (i: number) => string, result: number[]) => {
    const texts = result.map((value, i) => `${text(i)} = ${p(value)}`);
    const body = texts.every((t) => t === texts[0]) ? texts[0] : texts.join('; ');
    return `${body} -> ${size(m, result)}`;
  };
  const { size: r, jump: j } = before as Field;
  let rf: string;
  let stride: string;
  switch (step.kind) {
    case 'window': {
      const { kernel: k, dilation: d, stride: s } = step;
      rf = perAxis(
        (i) => (d[i] === 1 ? `r' = r + (k-1)·j = ${p(r[i])} + (${k[i]}-1)·${p(j[i])}` : `r' = r + d·(k-1)·j = ${p(r[i])} + ${d[i]}·(${k[i]}-1)·${p(j[i])}`),
        after.size,
      );
      stride = perAxis((i) => `j' = j·s = ${p(j[i])}·${p(s[i])}`, after.jump);
      if (k.every((x) => x === 1)) rf += ` (${e.rfOneByOne})`;
      break;
    }
    case 'transposed': {
      const { kernel: k, dilation: d, stride: s } = step;
      rf = perAxis((i) => `r' = r + (ceil((d·(k-1)+1)/s) - 1)·j = ${p(r[i])} + (ceil((${d[i]}·(${k[i]}-1)+1)/${s[i]}) - 1)·${p(j[i])}`, after.size);
      stride = perAxis((i) => `j' = j/s = ${p(j[i])}/${s[i]}`, after.jump);
      break;
    }
    case 'upsample':
      rf = step.interpolates ? perAxis((i) => `r' = r + j = ${p(r[i])} + ${p(j[i])}`, after.size) : `${size(m, after.size)} (${e.rfUnchanged})`;
      stride = perAxis((i) => `j' = j/scale = ${p(j[i])}/${step.scale[i]}`, after.jump);
      break;
  }
  return [
    [e.label.receptiveField, rf],
    [e.label.cumulativeStride, stride],
  ];
}

function layerLines(layer: ExplainedLayer, m: Messages): string[] {
  const e = m.explain;
  const part = (x: Part) => (typeof x === 'bigint' ? m.n.int(x) : x);
  const rows: [string, string][] = [];
  const x = layer.explanation;
  if (x.shape.length === 0) rows.push([e.label.shape, e.shapeKept]);
  for (const f of x.shape) rows.push([e.label.shape, chain(f, part(f.value ?? ''), part)]);
  for (const f of x.terms ?? []) rows.push([e.label.terms, chain(f, part(f.value ?? ''), part)]);
  const counts: [Label, Formula | undefined, bigint][] = [
    ['params', x.params, layer.cost.params],
    ['buffers', x.buffers, layer.cost.buffers],
    ['macs', x.macs, layer.cost.macs],
    ['flops', x.flops, layer.cost.flops],
  ];
  const shown = counts.filter(([, f, value]) => f && value !== 0n);
  for (const [label, f, value] of shown) rows.push([e.label[label], chain(f!, m.n.int(value), part)]);
  if (!shown.length) rows.push(['', e.free]);
  if (layer.copies) {
    const { stored, active, total } = layer.copies;
    rows.push([e.label.copies, e.copies(stored, active, m.n.int(total.params), m.n.int(total.macs))]);
  }
  for (const kind of ['workspace', 'cache'] as const) {
    const f = x.memory?.[kind];
    if (f && layer.memory[kind]) rows.push([e.label[kind], chain(f, e.elements(m.n.int(layer.memory[kind])), part)]);
  }
  rows.push(...receptiveLines(layer.receptive, layer, m));
  const width = Math.max(...Object.values(e.label).map((l) => l.length)) + 2;
  const inputs = layer.inputShapes.map((s) => s.join('x')).join(' + ');
  // A label is written once for its run of lines (the shape has one line per axis).
  const lines = rows.map(([label, text], i) => `  ${(i > 0 && rows[i - 1][0] === label ? '' : label).padEnd(width)}${text}`);
  return [e.layerHeading(layer.name, layer.op, inputs, layer.outputShape.join('x')), ...lines];
}

/** The names the explained formulas use, each once, with what it means in the reader's language. */
function legendLines(layers: readonly ExplainedLayer[], m: Messages): string[] {
  const docs = new Map<string, string>();
  for (const l of layers) for (const { name, doc } of l.explanation.legend) if (!docs.has(name)) docs.set(name, m.explain.nameDoc(name, doc));
  const width = Math.max(0, ...[...docs.keys()].map((n) => n.length)) + 2;
  const lines = [...docs].map(([name, doc]) => `  ${name.padEnd(width)}${doc}`);
  // Window shape rules (conv, pools) are written in H, W, k, s; receptive fields in r and j.
  const windows = layers.some((l) => l.explanation.shape.some((f) => f.symbols.includes("'")));
  const fields = layers.some((l) => l.receptive?.step && l.receptive.after && !l.receptive.after.global);
  return [
    ...(lines.length ? [m.explain.namesHeading, ...lines] : []),
    ...(windows ? [m.explain.windowLegend] : []),
    ...(fields ? [m.explain.receptiveLegend] : []),
  ];
}

/** The layers as text, each copy of a repeated item that is the same as one shown before in one line. */
function bodyLines(layers: readonly ExplainedLayer[], m: Messages): string[] {
  const out: string[] = [];
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    if (!l.sameAs) {
      out.push(...layerLines(l, m), '');
      continue;
    }
    // Consecutive folded copies of the same shown copy make one line.
    const copies = [l.sameAs.copy];
    while (i + 1 < layers.length && layers[i + 1].sameAs?.of === l.sameAs.of) {
      i++;
      const copy = layers[i].sameAs!.copy;
      if (copies[copies.length - 1] !== copy) copies.push(copy);
    }
    out.push(m.explain.folded(copies, l.sameAs.of), '');
  }
  return out;
}

export function renderExplain(result: ExplainResult, m: Messages): string {
  const r = result.report;
  const inputs = r.inputs.map((i) => ({ name: i.name, shape: i.shape.join('x') }));
  const head = [m.explain.title(r.model.name, inputs), m.explain.counting, ...legendLines(result.layers, m), ''];
  return [...head, ...bodyLines(result.layers, m)].join('\n');
}

/** Formulas as plain strings (exact integers without separators), for tools. */
export function explainJson(result: ExplainResult): string {
  const text = (f: Formula | undefined, value: bigint | string = '') => f && chain(f, String(value), String);
  return toJson({
    schemaVersion: 1,
    // explain counts per sample, whatever batch the spec sets.
    conventions: { ...result.report.conventions, batch: 1 },
    model: { name: result.report.model.name, file: result.report.model.file },
    input: { shape: result.report.input.shape },
    layers: result.layers.map((l) => ({
      name: l.name,
      ...(l.sameAs ? { sameAs: l.sameAs.of } : {}),
      op: l.op,
      inputs: l.inputs,
      inputShapes: l.inputShapes,
      outputShape: l.outputShape,
      ...l.cost,
      formulas: {
        shape: l.explanation.shape.map((f) => text(f, f.value)),
        terms: l.explanation.terms?.map((f) => text(f, f.value)),
        params: text(l.explanation.params, l.cost.params),
        buffers: text(l.explanation.buffers, l.cost.buffers),
        macs: text(l.explanation.macs, l.cost.macs),
        flops: text(l.explanation.flops, l.cost.flops),
      },
      receptiveField: l.receptive?.after?.size,
      cumulativeStride: l.receptive?.after?.jump,
    })),
  });
}
