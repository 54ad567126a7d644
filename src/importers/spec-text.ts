import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SpecObject } from './assemble.js';

/**
 * An imported spec as YAML a person can edit: one line per layer (`- conv: {name: conv1, ...}`),
 * sequences in block style with their layers indented below, and the file it came from in a comment.
 */
export function specYaml(spec: SpecObject, comment: string[]): string {
  const doc = new Document(spec);
  doc.commentBefore = comment.map((line) => ` ${line}`).join('\n');
  const root = doc.contents;
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === 'layers') layerList(pair.value as Node);
      else if (key === 'blocks' && isMap(pair.value)) pair.value.items.forEach((block) => blockBody(block.value as Node));
      else if (key === 'ops' && isMap(pair.value)) pair.value.items.forEach((op) => isMap(op.value) && op.value.items.forEach((field) => flow(field.value as Node)));
      else flow(pair.value as Node);
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function layerList(node: Node): void {
  if (!isSeq(node)) return;
  for (const item of node.items) {
    if (!isMap(item)) continue;
    for (const pair of item.items) {
      const args = pair.value as Node;
      if (!isScalar(pair.key) || pair.key.value !== 'sequence' || !isMap(args)) {
        flow(args);
        continue;
      }
      for (const arg of args.items) {
        if (isScalar(arg.key) && arg.key.value === 'layers') layerList(arg.value as Node);
        else flow(arg.value as Node);
      }
    }
  }
}

/** A block: its params on one line, its layers as a layer list. */
function blockBody(node: Node): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    if (isScalar(pair.key) && pair.key.value === 'layers') layerList(pair.value as Node);
    else flow(pair.value as Node);
  }
}

function flow(node: Node | null): void {
  if (isMap(node) || isSeq(node)) node.flow = true;
}
