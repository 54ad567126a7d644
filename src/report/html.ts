import type { Report } from '../counting/analyze.js';
import { messages } from '../i18n/messages.js';
import { htmlPage } from './html/page.js';
import { reportSection } from './html/report-section.js';
import type { TextOptions } from './table.js';

/** `analyze --format html`: one self-contained page (inline SVG, style and script) with a section per report. */
export function renderHtml(reports: Report[], options: TextOptions = {}): string {
  const m = options.messages ?? messages('en');
  const names = reports.map((r) => r.model.name).join(', ');
  return htmlPage({
    lang: m.lang,
    title: reports.length === 1 ? m.html.pageTitle(names) : `archcost: ${names}`,
    subtitle: names,
    body: reports.map((r) => reportSection(r, { ...options, messages: m })).join('\n'),
  });
}
