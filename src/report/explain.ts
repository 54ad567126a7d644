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
  if (x) {
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
  } else {
    rows.push([e.label.shape, e.rule(layer.rules.shape)]);
    for (const label of ['params', 'macs', 'flops'] as const) rows.push([e.label[label], `${m.n.int(layer.cost[label])} (${e.rule(layer.rules[label])})`]);
  }
  rows.push(...receptiveLines(layer.receptive, layer, m));
  const width = Math.max(...Object.values(e.label).map((l) => l.length)) + 2;
  const inputs = layer.inputShapes.map((s) => s.join('x')).join(' + ');
  // A label is written once for its run of lines (the shape has one line per axis).
  const lines = rows.map(([label, text], i) => `  ${(i > 0 && rows[i - 1][0] === label ? '' : label).padEnd(width)}${text}`);
  return [e.layerHeading(layer.name, layer.op, inputs, layer.outputShape.join('x')), ...lines];
}

export function renderExplain(result: ExplainResult, m: Messages): string {
  const r = result.report;
  const head = [m.explain.title(r.model.name, r.inputs.map((i) => i.shape.join('x')).join(', ')), ...m.explain.legend, ''];
  return [...head, ...result.layers.flatMap((l) => [...layerLines(l, m), ''])].join('\n');
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
      op: l.op,
      inputs: l.inputs,
      inputShapes: l.inputShapes,
      outputShape: l.outputShape,
      ...l.cost,
      formulas: l.explanation && {
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
