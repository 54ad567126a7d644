import type { InputCheck } from '../engine/input-check.js';
import type { Messages } from '../i18n/messages.js';

/** The input-size check in sentences, for the lines under the analyze table. */
export function inputCheckLines(c: InputCheck, m: Messages): string[] {
  const t = m.inputCheck;
  const shape = (s: number[]) => s.join('x');
  const lines = [t.heading(shape(c.designInput), shape(c.input))];
  if (c.paramsChanged) {
    lines.push(t.paramsChanged(m.n.int(c.designParams), m.n.int(c.params)));
    const f = c.fixedBy;
    if (f) lines.push(t.fixedBy(f.name, f.op, shape(f.designInput), shape(f.input), m.n.int(f.designParams), m.n.int(f.params)));
    if (c.flattenedBy) lines.push(t.flattenedBy(c.flattenedBy.name, shape(c.flattenedBy.designInput), shape(c.flattenedBy.input)));
  } else if (c.fullyConvolutional) {
    lines.push(t.fullyConvolutional(shape(c.designOutput), shape(c.output), c.output[c.output.length - 1]));
  } else if (c.pooledBy) {
    const p = c.pooledBy;
    lines.push(t.pooled(p.name, p.op, shape(p.designInput), shape(p.input), shape(c.output)));
  } else {
    lines.push(t.unchanged(m.n.int(c.params), shape(c.designOutput), shape(c.output)));
  }
  return lines;
}
