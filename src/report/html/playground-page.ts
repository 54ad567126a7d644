import type { Lang } from '../../i18n/lang.js';
import { messages } from '../../i18n/messages.js';
import { STYLE } from './page.js';
import { escapeHtml } from './svg.js';

export interface PlaygroundExample {
  /** `seed-bottleneck`, `zoo/resnet50`. */
  name: string;
  text: string;
}

/** What the page starts from: the spec in the editor (unless the link carries one), the language, the examples. */
export interface PlaygroundData {
  spec: string;
  lang: Lang;
  examples: PlaygroundExample[];
}

const PLAYGROUND_STYLE = `
html, body { height: 100%; }
body { display: flex; flex-direction: column; }
header.top { flex: none; align-items: center; }
header.top .controls { margin-left: auto; display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
header.top label { color: #b8c2d3; font-size: 12.5px; display: flex; gap: 0.35rem; align-items: center; }
header.top select { max-width: 15rem; }
header.top select, header.top button { font: inherit; font-size: 12.5px; border-radius: 5px; border: 1px solid #3b4657; background: #2a3442; color: #fff; padding: 0.2rem 0.5rem; }
header.top button[aria-pressed="true"] { background: #2f6fd6; border-color: #2f6fd6; }
.play { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(340px, 38%) minmax(0, 1fr); }
.editor-pane { display: flex; flex-direction: column; min-height: 0; border-right: 1px solid var(--line); background: #fff; }
.pane-head { padding: 0.45rem 0.9rem; font-size: 12px; color: var(--muted); border-bottom: 1px solid var(--line); text-transform: uppercase; letter-spacing: 0.05em; }
#editor { flex: 1; min-height: 0; }
#editor .cm-editor { height: 100%; font-size: 13px; }
#editor .cm-scroller { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.results-pane { overflow: auto; padding: 1rem 1.3rem 3rem; min-width: 0; }
.results-pane p.intro { margin: 0 0 0.8rem; color: var(--muted); font-size: 13px; }
#status.error { background: #fff1f2; border: 1px solid #f3b8c0; color: #8e1b2c; border-radius: 8px; padding: 0.6rem 0.9rem; margin-bottom: 1rem; }
#status.error strong { display: block; margin-bottom: 0.25rem; }
#status ul { margin: 0; padding-left: 1.1rem; }
#status button.at { border: 0; background: none; padding: 0; color: #8e1b2c; text-decoration: underline; font-weight: 650; cursor: pointer; }
#results.stale { opacity: 0.45; filter: grayscale(0.6); }
.toast { position: fixed; bottom: 1rem; right: 1rem; background: var(--ink); color: #fff; padding: 0.5rem 0.9rem; border-radius: 6px; font-size: 13px; }
@media (max-width: 900px) { .play { grid-template-columns: 1fr; grid-template-rows: 45vh auto; } body { display: block; } }
`;

/** JSON inside a script element: `<` escaped so no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * `archcost playground`: one page holding the engine (the esbuild bundle of src/web/playground.ts),
 * its starting data and the style. Opened from disk, it needs no network.
 */
export function renderPlaygroundPage(bundle: string, data: PlaygroundData): string {
  const m = messages(data.lang);
  return `<!doctype html>
<html lang="${data.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.playground.title)}</title>
<style>${STYLE}${PLAYGROUND_STYLE}</style>
</head>
<body>
<noscript><p style="padding:1rem">${escapeHtml(m.playground.title)}: JavaScript is needed to count in the page; <code>archcost analyze --format html</code> writes a static report.</p></noscript>
<script type="application/json" id="archcost-playground">${scriptJson(data)}</script>
<script>${bundle.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}
