import type { Report } from '../counting/analyze.js';
import { headers, rowCells, summaryLines, totalCells } from './columns.js';
import { extraColumns, memorySummaryLines } from './memory-columns.js';
import { reportRows, type Row } from './rows.js';
import type { TextOptions } from './table.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained HTML page (no scripts, no external assets) with one table per report. */
export function renderHtml(reports: Report[], options: TextOptions = {}): string {
  const sections = reports.map((report) => {
    const m = options.messages;
    const extra = extraColumns(report, options);
    const [title, ...rest] = [...summaryLines(report, m), ...memorySummaryLines(report, options)];
    const head = [...headers(m), ...extra.map((c) => c.header)].map((h) => `<th>${escape(h)}</th>`).join('');
    const td = (text: string, flagged = false) => `<td${flagged ? ' class="memory"' : ''}>${escape(text)}</td>`;
    const cells = (r: Row) => [...rowCells(r, report, m).map((c) => td(c)), ...extra.map((c) => td(c.cell(r), c.flag?.(r)))];
    const body = reportRows(report, options.depth)
      .map((r) => `<tr>${cells(r).join('')}</tr>`)
      .join('\n');
    const total = `<tr class="total">${[...totalCells(report, m), ...extra.map((c) => c.total)].map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`;
    return `<section>\n<h2>${escape(title)}</h2>\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n${total}\n</tbody>\n</table>\n<pre>${escape(rest.join('\n'))}</pre>\n</section>`;
  });
  return `<!doctype html>
<html lang="${options.messages?.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<title>archcost report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; }
td:nth-child(n+4) { text-align: right; }
tr.total td { font-weight: bold; border-top: 2px solid #333; }
td.memory { background: #fff3c4; }
</style>
</head>
<body>
${sections.join('\n')}
</body>
</html>
`;
}
