import { installTables } from './behaviour.js';
import { escapeHtml } from './svg.js';

/** The look of every archcost page (report, compare, bottleneck, playground): one sheet, no external asset. */
export const STYLE = `
:root { --ink: #1d2530; --muted: #667085; --line: #e1e5ec; --panel: #ffffff; --page: #f4f6f9; --accent: #2f6fd6; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--page); }
header.top { background: var(--ink); color: #fff; padding: 0.7rem 1.5rem; display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
header.top .brand { font-weight: 700; letter-spacing: 0.02em; }
header.top .brand span { color: #8fb3ff; }
header.top .sub { color: #b8c2d3; font-size: 13px; }
main { max-width: 1400px; margin: 0 auto; padding: 1.2rem 1.5rem 3rem; }
section.report + section.report { margin-top: 2.5rem; border-top: 3px solid var(--line); padding-top: 1.5rem; }
h1 { font-size: 1.45rem; margin: 0 0 0.2rem; }
h2 { font-size: 1.05rem; margin: 0 0 0.6rem; }
p.lede { margin: 0 0 1rem; color: var(--muted); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.2rem; margin: 0 0 1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 0.7rem; margin: 0 0 1rem; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 0.6rem 0.8rem; min-width: 0; }
.card .k { font-size: 11px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.card .v { font-size: 1.3rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .x { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
figure.chart { margin: 0; }
figure.chart svg { width: 100%; max-width: 1100px; height: auto; display: block; }
figure.chart text { font-size: 11px; fill: #344054; }
figure.chart .chart-head { font-weight: 650; fill: var(--ink); font-size: 12px; }
figure.chart .label { fill: var(--ink); }
figure.chart .value, figure.chart .tick { fill: var(--muted); font-size: 10.5px; }
figure.chart .axis-label { fill: var(--muted); }
figure.chart .grid { stroke: #e9edf3; }
figure.chart .axis { stroke: #98a2b3; }
figure.chart .peak-label { fill: #c8334a; font-weight: 650; }
figure.chart rect.step { fill: transparent; }
figure.chart rect.step:hover { fill: rgba(19, 138, 114, 0.12); }
figure.chart rect.bar:hover, figure.chart circle.point:hover { opacity: 0.75; }
figcaption, .muted { color: var(--muted); font-size: 12.5px; }
figcaption { margin-top: 0.35rem; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3rem 1.1rem; padding: 0; margin: 0.4rem 0 0; font-size: 12.5px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 0.35rem; vertical-align: -1px; }
.swatch.round { border-radius: 50%; }
.graph-scroll { overflow: auto; max-height: 78vh; border: 1px solid var(--line); border-radius: 6px; background: #fbfcfe; }
figure.chart .graph-scroll svg { width: auto; max-width: none; margin: 0 auto; }
.graph .edge { fill: none; stroke: #8d99ae; stroke-width: 1.2; }
.graph text { font-size: 10.5px; fill: #344054; }
.graph text.node-name { font-weight: 650; fill: var(--ink); }
.graph g.node:hover rect { stroke-width: 2; }
.depth-control { display: flex; align-items: center; gap: 0.3rem; flex-wrap: wrap; margin-bottom: 0.4rem; }
.depth-control span { color: var(--muted); margin-right: 0.3rem; font-size: 12.5px; }
button { font: inherit; font-size: 12.5px; border: 1px solid #c9d0db; background: #fff; color: var(--ink); border-radius: 5px; padding: 0.15rem 0.6rem; cursor: pointer; }
button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.hint { margin: 0 0 0.4rem; }
.table-scroll { overflow: auto; max-height: 80vh; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; width: 100%; }
th, td { padding: 0.28rem 0.5rem; border-bottom: 1px solid #edf0f4; text-align: left; vertical-align: top; }
th { position: sticky; top: 0; background: #f8f9fb; font-weight: 650; white-space: nowrap; cursor: pointer; user-select: none; z-index: 1; }
th:hover { background: #eef2f7; }
th[aria-sort="ascending"]::after { content: " ▲"; font-size: 9px; color: var(--accent); }
th[aria-sort="descending"]::after { content: " ▼"; font-size: 9px; color: var(--accent); }
th.num, td.num { text-align: right; white-space: nowrap; }
td.name { min-width: 8rem; max-width: 22rem; overflow-wrap: anywhere; padding-left: calc(0.6rem + var(--indent, 0) * 0.9rem); }
table.sorted td.name { padding-left: 0.6rem; }
tr.block td { background: #f7f9fc; }
tr.block td.name { font-weight: 600; }
tbody tr:hover td { background: #eef4ff; }
td.memory { background: #fff1d6 !important; color: #8a4b00; }
tfoot td { position: sticky; bottom: 0; background: #f1f4f8; font-weight: 700; border-top: 2px solid #cfd6e0; }
pre.rules { white-space: pre-wrap; overflow-wrap: anywhere; font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; margin: 0.5rem 0 0; color: #344054; }
details > summary { cursor: pointer; font-weight: 650; }
footer { color: var(--muted); font-size: 12px; margin-top: 2rem; }
`;

export interface PageParts {
  lang: string;
  title: string;
  /** Shown in the dark bar next to the name. */
  subtitle: string;
  body: string;
}

/** A self-contained page: the style and the table behaviour inline, nothing fetched. */
export function htmlPage(page: PageParts): string {
  return `<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top"><span class="brand">arch<span>cost</span></span><span class="sub">${escapeHtml(page.subtitle)}</span></header>
<main>
${page.body}
</main>
<script>(${installTables.toString()})(document);</script>
</body>
</html>
`;
}
