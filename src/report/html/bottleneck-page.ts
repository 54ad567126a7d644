import type { BottleneckResult } from '../../explore/bottleneck.js';
import type { Messages } from '../../i18n/messages.js';
import { explanation, sidesGrid, widthsGrid } from '../bottleneck.js';
import { groupedBars } from './grouped-bars.js';
import { gridTable } from './grid-table.js';
import { htmlPage } from './page.js';
import { COLOURS, escapeHtml, linearScale, px, title } from './svg.js';

/** One bar per width M: green where it saves MACs against the direct conv, whose MACs are a line across. */
function widthsChart(r: BottleneckResult, m: Messages): string {
  const width = 960;
  const left = 90;
  const bottom = 250;
  const top = 14;
  const direct = Number(r.direct.macs);
  const y = linearScale(Math.max(direct, ...r.widths.map((w) => Number(w.bottleneck.macs))), bottom, top, 4);
  const slot = (width - left - 20) / r.widths.length;
  const parts: string[] = [];
  for (const t of y.ticks) {
    parts.push(`<line class="grid" x1="${left}" x2="${width - 20}" y1="${px(y(t))}" y2="${px(y(t))}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${px(y(t) + 4)}" text-anchor="end">${escapeHtml(t === 0 ? '0' : m.n.si(BigInt(Math.round(t))))}</text>`);
  }
  r.widths.forEach((w, i) => {
    const macs = Number(w.bottleneck.macs);
    const saves = w.bottleneck.macs < r.direct.macs;
    const x = left + i * slot + slot * 0.18;
    parts.push(
      `<rect class="bar bar-width ${saves ? 'saves' : 'costs'}" x="${px(x)}" y="${px(y(macs))}" width="${px(slot * 0.64)}" height="${px(bottom - y(macs))}" fill="${saves ? COLOURS.memory : '#b9c0cc'}" rx="2">` +
        `${title(`M = ${w.mid}: ${m.n.int(w.bottleneck.macs)} MACs (${m.n.times(w.ratio.macs)})`)}</rect>`,
      `<text class="tick" x="${px(x + slot * 0.32)}" y="${bottom + 16}" text-anchor="middle">${w.mid}</text>`,
    );
  });
  parts.push(
    `<line class="direct" x1="${left}" x2="${width - 20}" y1="${px(y(direct))}" y2="${px(y(direct))}" stroke="${COLOURS.peak}" stroke-width="1.5" stroke-dasharray="6 3"/>`,
    `<text class="peak-label" x="${width - 22}" y="${px(y(direct) - 6)}" text-anchor="end">${escapeHtml(m.html.directLine(m.n.int(r.direct.macs)))}</text>`,
    `<line class="axis" x1="${left}" x2="${width - 20}" y1="${bottom}" y2="${bottom}"/>`,
    `<text class="axis-label" x="${(left + width) / 2}" y="${bottom + 34}" text-anchor="middle">M</text>`,
  );
  return `<figure class="chart" data-chart="widths"><svg viewBox="0 0 ${width} ${bottom + 42}" width="${width}" role="img" aria-label="${escapeHtml(m.html.widthsChart)}">${parts.join('')}</svg></figure>`;
}

/** `bottleneck --format html`: the chart, the table and the worked closed forms. */
export function renderBottleneckHtml(r: BottleneckResult, m: Messages): string {
  const q = r.query;
  const b = m.bottleneck;
  const heading = b.title(q.kernel, q.input.join('x'), r.direct.outputShape.join('x'), q.stride, q.bias, q.expand);
  const single = q.mid !== undefined;
  const grid = single ? sidesGrid(r, m) : widthsGrid(r, m);
  const chart = single
    ? groupedBars(
        (['params', 'macs', 'flops'] as const).map((k) => ({
          label: b.metric[k],
          bars: [r.direct, r.widths[0].bottleneck].map((side) => ({ value: Number(side[k]), text: m.n.int(side[k]) })),
        })),
        [b.direct, b.bottleneck],
        heading,
      )
    : widthsChart(r, m);
  const layout = [`${b.direct}: ${b.convLayer(q.kernel, q.input[2], q.out)}`, `${b.bottleneck}: ${b.bottleneckLayers(q.kernel, q.input[2], q.mid, q.out, q.expand)}`];
  const panel = (title: string, body: string, key: string) => `<div class="panel" data-panel="${key}"><h2>${escapeHtml(title)}</h2>${body}</div>`;
  const body = [
    `<h1>${escapeHtml(heading)}</h1>`,
    `<p class="lede">${layout.map(escapeHtml).join('<br>')}</p>`,
    panel(single ? heading : m.html.widthsChart, chart, 'chart'),
    panel(b.ratioMeaning, gridTable(grid.head, grid.rows), 'table'),
    panel(m.html.workings, `<pre class="rules">${escapeHtml(explanation(r, m).join('\n'))}</pre>`, 'workings'),
  ].join('\n');
  return htmlPage({ lang: m.lang, title: `archcost bottleneck: ${heading}`, subtitle: 'bottleneck', body });
}
