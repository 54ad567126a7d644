import type { Comparison } from '../../explore/compare.js';
import type { Messages } from '../../i18n/messages.js';
import { layersGrid, shownTotals, totalsGrid, type Grid } from '../compare.js';
import { groupedBars, type BarGroup } from './grouped-bars.js';
import { gridTable } from './grid-table.js';
import { htmlPage } from './page.js';
import { escapeHtml } from './svg.js';

const BYTES = new Set(['weightBytes', 'activationBytes', 'peakActivationBytes']);

/** Two-line headers (`model` over `ratio`) become one line in HTML. */
const heads = (grid: Grid) => grid.head.map(([model, what]) => (model ? `${model} ${what}` : what));

/** `compare --format html`: the totals as bars and a table, then the layers matched by name, sortable. */
export function renderCompareHtml(c: Comparison, m: Messages, blocks: boolean): string {
  const shown = shownTotals(c);
  const groups: BarGroup[] = shown.map((k) => ({
    label: m.compare.metric[k],
    bars: c.models.map((model, i) => {
      const v = model.totals[k];
      const text = BYTES.has(k) ? m.n.bytes(v).trim() : m.n.int(v);
      const ratio = i === 0 ? '' : ` (${m.n.times(c.ratios[model.name][k])})`;
      return { value: Number(v), text: text + ratio };
    }),
  }));
  if (c.models.every((model) => model.totals.time)) {
    groups.splice(shown.indexOf('flops') + 1, 0, {
      label: m.memory.timeRow,
      bars: c.models.map((model, i) => ({
        value: model.totals.time!.seconds,
        text: m.n.duration(model.totals.time!.seconds) + (i === 0 ? '' : ` (${m.n.times(c.ratios[model.name].time ?? null)})`),
      })),
    });
  }
  const totals = totalsGrid(c, m);
  const layers = layersGrid(c, m, blocks);
  const panel = (heading: string, body: string, key: string) => `<div class="panel" data-panel="${key}"><h2>${escapeHtml(heading)}</h2>${body}</div>`;
  const names = c.models.map((model) => model.name);
  const body = [
    `<h1>${escapeHtml(names.join(' · '))}</h1>`,
    panel(m.html.compareChart, groupedBars(groups, names, m.html.compareChart), 'chart'),
    panel(totals.title, gridTable(heads(totals), totals.rows) + (totals.note ? `<p class="muted">${escapeHtml(totals.note)}</p>` : ''), 'totals'),
    panel(layers.title, `<p class="muted hint">${escapeHtml(m.html.sortHint)}</p>` + gridTable(heads(layers), layers.rows, layers.values), 'layers'),
  ].join('\n');
  return htmlPage({ lang: m.lang, title: `archcost: ${names.join(', ')}`, subtitle: m.compare.totalsTitle(c.baseline), body });
}
