import type { InputCheck } from '../explore/input-check.js';
import type { Messages } from '../i18n/messages.js';

/** The input-size check in sentences, for the lines under the analyze table. */
export function inputCheckLines(c: InputCheck, m: Messages): string[] {
  const t = m.inputCheck;
  const shape = (s: number[]) => s.join('x');
  const lines = [t.heading(shape(c.designInput), shape(c.input))];
  if (c.channels) {
    const s = c.channels.scaledBy;
    const scaled = s && { layer: s.name, op: s.op, designParams: m.n.int(s.designParams), params: m.n.int(s.params) };
    lines.push(t.channels(c.channels.design, c.channels.input, scaled));
    if (!c.sizeChanged) lines.push(t.sizeUnchanged);
  }
  if (!c.sizeChanged || (c.channels && !c.sizeCheckedAt)) return lines;
  // With the channels changed too, the size was checked at the new size with the design's channels.
  const at = c.sizeCheckedAt;
  if (at) lines.push(t.sizeCheckedAt(shape(at.input)));
  const params = at?.params ?? c.params;
  const output = at?.output ?? c.output;
  if (c.sizeFixed) {
    lines.push(t.paramsChanged(m.n.int(c.designParams), m.n.int(params), at && shape(at.input)));
    const f = c.fixedBy;
    if (f) lines.push(t.fixedBy(f.name, f.op, shape(f.designInput), shape(f.input), m.n.int(f.designParams), m.n.int(f.params)));
    if (c.flattenedBy) lines.push(t.flattenedBy(c.flattenedBy.name, shape(c.flattenedBy.designInput), shape(c.flattenedBy.input)));
  } else if (c.fullyConvolutional) {
    lines.push(t.fullyConvolutional(shape(c.designOutput), shape(output), output[output.length - 1]));
  } else if (c.pooledBy) {
    const p = c.pooledBy;
    lines.push(t.pooled(p.name, p.op, shape(p.designInput), shape(p.input), shape(output)));
  } else {
    lines.push(t.unchanged(m.n.int(params), shape(c.designOutput), shape(output)));
  }
  return lines;
}
