import type { Report } from '../../counting/analyze.js';
import type { Messages } from '../../i18n/messages.js';
import { COLOURS, SERIES, clip, escapeHtml, linearScale, px, title } from './svg.js';

/** Tensors live at the peak shown one by one; the rest are summed into one segment. */
const MAX_TENSORS = 9;

/**
 * Live activation bytes at each step (report.memoryTimeline) as a step curve, the peak marked with
 * a line, and under it the tensors live there: a stacked bar of their bytes, and a tick on the curve's
 * axis at the step that made each one.
 */
export function memoryChart(report: Report, m: Messages): string {
  const timeline = report.memoryTimeline;
  const width = 960;
  const left = 78;
  const right = width - 16;
  const top = 16;
  const bottom = 230;
  const steps = timeline.length;
  const max = Number(timeline.reduce((a, s) => (s.liveBytes > a ? s.liveBytes : a), 0n));
  // Ticks fall on round numbers of the unit the bytes print in (KiB, MiB, ...), not of bytes.
  const unit = 1024 ** Math.max(0, Math.min(4, Math.floor(Math.log(Math.max(max, 1)) / Math.log(1024))));
  const inUnits = linearScale(max / unit, bottom, top, 4);
  const y = Object.assign((b: number) => inUnits(b / unit), { ticks: inUnits.ticks.map((t) => t * unit) });
  const x = (step: number) => left + (step / Math.max(steps, 1)) * (right - left);
  const parts: string[] = [];
  for (const t of y.ticks) {
    parts.push(`<line class="grid" x1="${left}" x2="${right}" y1="${px(y(t))}" y2="${px(y(t))}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${px(y(t) + 4)}" text-anchor="end">${escapeHtml(m.n.bytes(BigInt(Math.round(t))).trim())}</text>`);
  }
  // The curve: flat across each step (the bytes live while that layer runs).
  let line = `M${px(x(0))},${px(y(Number(timeline[0]?.liveBytes ?? 0n)))}`;
  timeline.forEach((s, i) => (line += `V${px(y(Number(s.liveBytes)))}H${px(x(i + 1))}`));
  parts.push(`<path class="area" d="${line}V${bottom}H${px(x(0))}Z" fill="${COLOURS.memory}" fill-opacity="0.16"/>`);
  parts.push(`<path class="curve" d="${line}" fill="none" stroke="${COLOURS.memory}" stroke-width="1.6"/>`);
  // One invisible band per step carries its tooltip.
  if (steps <= 2000) {
    timeline.forEach((s, i) => {
      parts.push(`<rect class="step" x="${px(x(i))}" y="${top}" width="${px(x(i + 1) - x(i))}" height="${bottom - top}">${title(`${i + 1}. ${s.layer}: ${m.n.bytes(s.liveBytes).trim()}`)}</rect>`);
    });
  }
  const peakStep = timeline.findIndex((s) => s.layer === report.peak.layer);
  const peakX = x(peakStep + 0.5);
  const peakText = `${m.n.bytes(report.totals.peakActivationBytes).trim()} · ${report.peak.layer}`;
  const anchor = peakX > width * 0.7 ? 'end' : 'start';
  parts.push(
    `<line class="peak" x1="${px(peakX)}" x2="${px(peakX)}" y1="${top}" y2="${bottom}" stroke="${COLOURS.peak}" stroke-dasharray="4 3"/>`,
    `<circle class="peak-dot" cx="${px(peakX)}" cy="${px(y(max))}" r="4" fill="${COLOURS.peak}"/>`,
    `<text class="peak-label" x="${px(peakX + (anchor === 'end' ? -8 : 8))}" y="${top + 12}" text-anchor="${anchor}">${escapeHtml(clip(peakText, 60))}</text>`,
    `<line class="axis" x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}"/>`,
    `<text class="tick" x="${left}" y="${bottom + 16}">1</text>`,
    `<text class="tick" x="${right}" y="${bottom + 16}" text-anchor="end">${m.n.int(steps)}</text>`,
    `<text class="axis-label" x="${(left + right) / 2}" y="${bottom + 16}" text-anchor="middle">${escapeHtml(m.html.step)}</text>`,
  );

  // The tensors live at the peak: largest first, a colour each, ticks where they were made.
  const order = new Map(report.layers.map((l, i) => [l.name, i]));
  const tensors = [...report.peak.tensors].sort((a, b) => (b.bytes > a.bytes ? 1 : b.bytes < a.bytes ? -1 : 0));
  const shown = tensors.slice(0, MAX_TENSORS);
  const rest = tensors.slice(MAX_TENSORS);
  const segments = [...shown.map((t, i) => ({ ...t, colour: SERIES[i % SERIES.length] }))];
  if (rest.length) segments.push({ name: m.html.more(rest.length), bytes: rest.reduce((a, t) => a + t.bytes, 0n), colour: '#b9c0cc' });
  shown.forEach((t, i) => {
    const made = order.get(t.name);
    const at = made === undefined ? x(0) : x(made + 0.5);
    parts.push(`<path class="made" d="M${px(at)},${bottom + 2}l-4,7h8z" fill="${SERIES[i % SERIES.length]}">${title(t.name)}</path>`);
  });
  const barTop = bottom + 44;
  const total = Number(report.totals.peakActivationBytes) || 1;
  let offset = left;
  parts.push(`<text class="chart-head" x="${left}" y="${barTop - 6}">${escapeHtml(m.html.liveAtPeak)}</text>`);
  for (const s of segments) {
    const w = (Number(s.bytes) / total) * (right - left);
    parts.push(`<rect class="peak-tensor" x="${px(offset)}" y="${barTop}" width="${px(w)}" height="16" fill="${s.colour}">${title(`${s.name}: ${m.n.bytes(s.bytes).trim()}`)}</rect>`);
    offset += w;
  }
  const legend = segments
    .map((s) => `<li><span class="swatch" style="background:${s.colour}"></span>${escapeHtml(s.name)} <span class="muted">${escapeHtml(m.n.bytes(s.bytes).trim())}</span></li>`)
    .join('');
  const height = barTop + 22;
  return (
    `<figure class="chart" data-chart="memory"><svg viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-label="${escapeHtml(m.html.memoryTitle)}">${parts.join('')}</svg>` +
    `<ul class="legend">${legend}</ul>` +
    `<figcaption>${escapeHtml(m.html.memoryNote(m.n.bytes(report.totals.peakActivationBytes).trim(), report.peak.layer))}</figcaption></figure>`
  );
}
