import { SERIES, clip, escapeHtml, px, title } from './svg.js';

export interface BarGroup {
  label: string;
  /** One per series, in the series' order: the length's value and the text beside the bar. */
  bars: { value: number; text: string }[];
}

/**
 * Horizontal bars in groups (one group per metric, one bar per model or side), each group scaled
 * to its own largest value, so metrics of different units sit in one chart.
 */
export function groupedBars(groups: BarGroup[], series: string[], label: string): string {
  const width = 960;
  const left = 190;
  const barArea = 560;
  const bar = 16;
  const rows: string[] = [];
  let y = 6;
  for (const g of groups) {
    const max = Math.max(...g.bars.map((b) => b.value), 0) || 1;
    rows.push(`<text class="chart-head" x="${left - 12}" y="${y + bar - 3}" text-anchor="end">${escapeHtml(g.label)}</text>`);
    g.bars.forEach((b, i) => {
      const w = (b.value / max) * barArea;
      const colour = SERIES[i % SERIES.length];
      rows.push(
        `<rect class="bar bar-group" x="${left}" y="${y}" width="${px(Math.max(w, 0))}" height="${bar - 3}" fill="${colour}" rx="2">${title(`${series[i]}: ${b.text}`)}</rect>`,
        `<text class="value" x="${px(left + Math.max(w, 0) + 6)}" y="${y + bar - 5}">${escapeHtml(b.text)}</text>`,
      );
      y += bar;
    });
    y += 12;
  }
  const legend = series.map((s, i) => `<li><span class="swatch" style="background:${SERIES[i % SERIES.length]}"></span>${escapeHtml(clip(s, 60))}</li>`).join('');
  return `<figure class="chart" data-chart="groups"><svg viewBox="0 0 ${width} ${y}" width="${width}" role="img" aria-label="${escapeHtml(label)}">${rows.join('')}</svg><ul class="legend">${legend}</ul></figure>`;
}
