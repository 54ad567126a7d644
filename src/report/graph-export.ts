import type { Report } from '../counting/analyze.js';
import { shapeText } from '../core/numbers.js';
import { messages, type Messages } from '../i18n/messages.js';
import { graphView, type GraphNode } from './graph-view.js';

export interface GraphExportOptions {
  /** One node per block of the first `depth` name segments. */
  depth?: number;
  messages?: Messages;
}

/** The lines of a node's label: its name, then op and output shape, then MACs (none for an input). */
export function nodeLabel(node: GraphNode, m: Messages): string[] {
  const op = node.kind === 'block' ? m.analyze.layersOf(node.op, node.layers) : node.op;
  const lines = [node.name, `${op} · ${shapeText(node.outputShape)}`];
  if (node.kind !== 'input') lines.push(`${m.n.int(node.macs)} ${m.compare.metric.macs}`);
  return lines;
}

const dotString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Graphviz: one digraph per report, rendered with `dot -Tsvg`. */
export function renderDot(reports: Report[], options: GraphExportOptions = {}): string {
  const m = options.messages ?? messages('en');
  return reports
    .map((report) => {
      const { nodes, edges } = graphView(report, { depth: options.depth });
      const lines = [
        `digraph ${dotString(report.model.name)} {`,
        '  graph [rankdir=TB, nodesep=0.25, ranksep=0.35, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef2f8", color="#7b8aa3", fontname="Helvetica", fontsize=10];',
        '  edge [color="#7b8aa3", arrowsize=0.6];',
        ...nodes.map((n) => {
          const label = nodeLabel(n, m).map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n');
          const style = n.kind === 'input' ? ', shape=ellipse, fillcolor="#ffffff"' : n.kind === 'layer' ? '' : ', fillcolor="#dde6f3"';
          return `  ${dotString(n.id)} [label="${label}"${style}];`;
        }),
        ...edges.map((e) => `  ${dotString(e.from)} -> ${dotString(e.to)};`),
        '}',
      ];
      return lines.join('\n') + '\n';
    })
    .join('\n');
}

/** Mermaid text is HTML: entities keep quotes and angle brackets literal. */
const mermaidText = (text: string) => text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

/** Mermaid flowchart (GitHub renders it in a ```mermaid block); several reports become subgraphs of one chart. */
export function renderMermaid(reports: Report[], options: GraphExportOptions = {}): string {
  const m = options.messages ?? messages('en');
  const lines = ['flowchart TD'];
  reports.forEach((report, r) => {
    const { nodes, edges } = graphView(report, { depth: options.depth });
    // Mermaid ids are bare words: number the nodes, and keep the names in the labels.
    const ids = new Map(nodes.map((n, i) => [n.id, reports.length > 1 ? `m${r}n${i}` : `n${i}`]));
    const indent = reports.length > 1 ? '    ' : '  ';
    if (reports.length > 1) lines.push(`  subgraph m${r} ["${mermaidText(report.model.name)}"]`);
    for (const n of nodes) {
      const label = nodeLabel(n, m).map(mermaidText).join('<br/>');
      lines.push(n.kind === 'input' ? `${indent}${ids.get(n.id)}(["${label}"])` : `${indent}${ids.get(n.id)}["${label}"]`);
    }
    for (const e of edges) lines.push(`${indent}${ids.get(e.from)} --> ${ids.get(e.to)}`);
    if (reports.length > 1) lines.push('  end');
  });
  return lines.join('\n') + '\n';
}
