import { Graph, layout } from '@dagrejs/dagre';
import type { Report } from '../../counting/analyze.js';
import type { Messages } from '../../i18n/messages.js';
import { nodeLabel } from '../graph-export.js';
import { graphView, type GraphNode } from '../graph-view.js';
import { clip, escapeHtml, px, title } from './svg.js';

/** Past this many nodes the layout takes seconds and the picture stops being readable. */
export const MAX_GRAPH_NODES = 1500;
const CHAR = 6.3;
const MAX_CHARS = 34;

/** Fill and border per family of op, so convs, norms, activations, pools and merges read apart. */
function palette(node: GraphNode): [string, string] {
  if (node.kind === 'input') return ['#ffffff', '#6b7585'];
  if (node.kind !== 'layer') return ['#e3e9f6', '#5a6f9c'];
  const op = node.op;
  if (/conv|dense|attention|linear|embedding/.test(op)) return ['#dbe7fb', '#2f6fd6'];
  if (/norm/.test(op)) return ['#eef0f3', '#8a93a3'];
  if (/pool/.test(op)) return ['#ece4f7', '#8a5cc2'];
  if (/add|concat|mul|merge|sum/.test(op)) return ['#fbe9d6', '#d9822b'];
  return ['#e2f3ee', '#138a72'];
}

/**
 * The architecture as a layered drawing (dagre lays it out here, so the page stays a static SVG):
 * a box per node with its name, op and output shape and MACs, an arrow per tensor between nodes.
 * Branches that read one tensor sit side by side and meet at their merge.
 */
export function graphChart(report: Report, m: Messages, depth?: number): string {
  const view = graphView(report, { depth, collapseRepeats: true });
  const collapsed = view.nodes.some((n) => n.kind === 'repeat');
  const note = `<figcaption>${escapeHtml(m.html.graphNote(collapsed, depth))}</figcaption>`;
  if (view.nodes.length > MAX_GRAPH_NODES) {
    return `<figure class="chart" data-chart="graph"><p class="muted">${escapeHtml(m.html.graphTooLarge(view.nodes.length, MAX_GRAPH_NODES))}</p></figure>`;
  }
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 26, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const labels = new Map<string, string[]>();
  for (const node of view.nodes) {
    const lines = nodeLabel(node, m).map((l) => clip(l, MAX_CHARS));
    labels.set(node.id, lines);
    const widest = Math.max(...lines.map((l) => l.length));
    g.setNode(node.id, { width: Math.max(96, Math.round(widest * CHAR + 20)), height: 14 * lines.length + 12 });
  }
  // dagre places the readers of one tensor last-added leftmost: adding the edges in reverse keeps
  // branches in spec order, left to right (its order constraints moved nodes across ranks instead).
  for (const e of [...view.edges].reverse()) g.setEdge(e.from, e.to);
  layout(g);
  const size = g.graph();
  const width = Math.ceil(size.width ?? 0);
  const height = Math.ceil(size.height ?? 0);
  const parts: string[] = [];
  for (const e of g.edges()) {
    const points = g.edge(e).points ?? [];
    const d = points.map((p: { x: number; y: number }, i: number) => `${i ? 'L' : 'M'}${px(p.x)},${px(p.y)}`).join('');
    parts.push(`<path class="edge" d="${d}" marker-end="url(#arrow)"/>`);
  }
  for (const node of view.nodes) {
    const box = g.node(node.id);
    const [fill, stroke] = palette(node);
    const lines = labels.get(node.id)!;
    const x0 = box.x - box.width / 2;
    const y0 = box.y - box.height / 2;
    const text = lines
      .map((l, i) => `<text x="${px(box.x)}" y="${px(y0 + 17 + i * 14)}" text-anchor="middle"${i === 0 ? ' class="node-name"' : ''}>${escapeHtml(l)}</text>`)
      .join('');
    const tip = nodeLabel(node, m).join('\n');
    parts.push(
      `<g class="node node-${node.kind}" data-id="${escapeHtml(node.id)}">${title(tip)}<rect x="${px(x0)}" y="${px(y0)}" width="${px(box.width)}" height="${px(box.height)}" rx="${node.kind === 'input' ? px(box.height / 2) : 5}" fill="${fill}" stroke="${stroke}"${node.kind === 'repeat' ? ' stroke-dasharray="5 3"' : ''}/>${text}</g>`,
    );
  }
  const defs = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#7b8aa3"/></marker></defs>';
  return (
    `<figure class="chart graph" data-chart="graph"><div class="graph-scroll"><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(m.html.graphTitle)}">${defs}${parts.join('')}</svg></div>` +
    `${note}</figure>`
  );
}
