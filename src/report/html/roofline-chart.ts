import type { Report } from '../../counting/analyze.js';
import type { Messages } from '../../i18n/messages.js';
import { COLOURS, escapeHtml, logScale, px, title } from './svg.js';

/** Three significant digits and an SI prefix, for axes that span decades. */
function si(x: number, m: Messages): string {
  return x >= 1 ? m.n.si(BigInt(Math.round(x))).replace(/ $/, '') : m.n.plain(Number(x.toPrecision(2)));
}

/**
 * The roofline of the report's device: attained FLOP/s (FLOPs / estimated time) against FLOPs per
 * byte, one point per layer, under the roof min(peak, bandwidth × intensity). Points left of the
 * ridge are memory-bound (orange). Layers without FLOPs have no place on a log axis and are counted below.
 */
export function rooflineChart(report: Report, m: Messages): string {
  const device = report.device!;
  const peak = Number(device.peakFlopsPerSecond);
  const bandwidth = Number(device.memoryBytesPerSecond);
  const points = report.layers
    .filter((l) => l.time && l.flops > 0n && l.time.seconds > 0)
    .map((l) => ({ layer: l, intensity: l.arithmeticIntensity, attained: Number(l.flops) / l.time!.seconds }));
  const skipped = report.layers.length - points.length;
  const width = 960;
  const left = 78;
  const right = width - 20;
  const top = 18;
  const bottom = 380;
  const intensities = points.map((p) => p.intensity);
  const x = logScale(Math.min(device.ridgeIntensity / 10, ...intensities), Math.max(device.ridgeIntensity * 10, ...intensities), left, right);
  const lowest = Math.min(peak / 1000, ...points.map((p) => p.attained));
  const y = logScale(lowest, peak, bottom, top);
  const parts: string[] = [];
  for (const t of x.ticks) {
    parts.push(`<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${top}" y2="${bottom}"/>`);
    parts.push(`<text class="tick" x="${px(x(t))}" y="${bottom + 16}" text-anchor="middle">${escapeHtml(si(t, m))}</text>`);
  }
  for (const t of y.ticks) {
    parts.push(`<line class="grid" x1="${left}" x2="${right}" y1="${px(y(t))}" y2="${px(y(t))}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${px(y(t) + 4)}" text-anchor="end">${escapeHtml(si(t, m))}</text>`);
  }
  const [x0, x1] = [x.ticks[0], x.ticks[x.ticks.length - 1]];
  const ridge = device.ridgeIntensity;
  // The roof clipped to the plot: the bandwidth slope up to the ridge, then the flat peak.
  const start = Math.max(x0, lowest / bandwidth);
  parts.push(
    `<path class="roof" d="M${px(x(start))},${px(y(bandwidth * start))}L${px(x(ridge))},${px(y(peak))}L${px(x(x1))},${px(y(peak))}" fill="none" stroke="#1d2530" stroke-width="2"/>`,
    `<line class="ridge" x1="${px(x(ridge))}" x2="${px(x(ridge))}" y1="${px(y(peak))}" y2="${bottom}" stroke="${COLOURS.axis}" stroke-dasharray="3 3"/>`,
    `<text class="tick" x="${px(x(ridge) + 6)}" y="${bottom - 6}">${escapeHtml(m.html.ridge(m.n.threeDigits(ridge)))}</text>`,
    `<text class="tick" x="${px(x(ridge) + 6)}" y="${px(y(peak) - 6)}">${escapeHtml(si(peak, m))}FLOP/s</text>`,
  );
  for (const p of points) {
    const bound = p.layer.time!.bound;
    const colour = bound === 'memory' ? COLOURS.memoryBound : COLOURS.compute;
    const tip = `${p.layer.name} (${p.layer.op}): ${m.n.threeDigits(p.intensity)} FLOP/B, ${si(p.attained, m)}FLOP/s, ${m.n.duration(p.layer.time!.seconds)}, ${m.memory.bound[bound]}`;
    parts.push(`<circle class="point ${bound}" cx="${px(x(p.intensity))}" cy="${px(y(p.attained))}" r="4" fill="${colour}" fill-opacity="0.7" stroke="${colour}">${title(tip)}</circle>`);
  }
  parts.push(
    `<line class="axis" x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}"/><line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${bottom}"/>`,
    `<text class="axis-label" x="${(left + right) / 2}" y="${bottom + 34}" text-anchor="middle">${escapeHtml(m.html.intensityAxis)}</text>`,
    `<text class="axis-label" transform="translate(16 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(m.html.attainedAxis)}</text>`,
  );
  const memoryBound = points.filter((p) => p.layer.time!.bound === 'memory').length;
  const legend =
    `<li><span class="swatch round" style="background:${COLOURS.compute}"></span>${escapeHtml(m.memory.bound.compute)} (${points.length - memoryBound})</li>` +
    `<li><span class="swatch round" style="background:${COLOURS.memoryBound}"></span>${escapeHtml(m.memory.bound.memory)} (${memoryBound})</li>` +
    `<li class="muted">${escapeHtml(m.html.roof(si(peak, m), si(bandwidth, m)))}</li>`;
  const note = skipped ? `<figcaption>${escapeHtml(m.html.noFlops(skipped))}</figcaption>` : '';
  return (
    `<figure class="chart" data-chart="roofline"><svg viewBox="0 0 ${width} ${bottom + 44}" width="${width}" role="img" aria-label="${escapeHtml(m.html.rooflineTitle(device.name, report.dtype))}">${parts.join('')}</svg>` +
    `<ul class="legend">${legend}</ul>${note}</figure>`
  );
}
