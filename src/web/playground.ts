import { basicSetup, EditorView } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic as LintDiagnostic } from '@codemirror/lint';
import { analyze, type Report } from '../counting/analyze.js';
import { ArchcostError, type Diagnostic } from '../core/errors.js';
import { DEVICES } from '../counting/devices.js';
import { estimateTime, withRoofline } from '../counting/roofline.js';
import { LANGS, type Lang } from '../i18n/lang.js';
import { messages, type Messages } from '../i18n/messages.js';
import { installTables } from '../report/html/behaviour.js';
import type { PlaygroundData } from '../report/html/playground-page.js';
import { reportSection } from '../report/html/report-section.js';
import { escapeHtml } from '../report/html/svg.js';
import { decodeFragment, encodeFragment, type Fragment } from './fragment.js';

/** Counting waits this long after the last keystroke, so typing stays smooth on large specs. */
const DEBOUNCE_MS = 150;

const data = JSON.parse(document.getElementById('archcost-playground')!.textContent!) as PlaygroundData;
const start = decodeFragment(location.hash);
const state: Fragment = {
  spec: start.spec ?? data.spec,
  lang: start.lang && (LANGS as readonly string[]).includes(start.lang) ? (start.lang as Lang) : data.lang,
  device: start.device && DEVICES[start.device] ? start.device : undefined,
};

const app = document.createElement('div');
app.style.display = 'contents';
document.body.append(app);
app.innerHTML = `
<header class="top"><span class="brand">arch<span>cost</span></span><span class="sub" data-text="title"></span>
  <div class="controls">
    <label><span data-text="examples"></span><select id="examples"></select></label>
    <label><span data-text="device"></span><select id="device"></select></label>
    <span class="langs">${LANGS.map((l) => `<button type="button" data-lang="${l}">${l.toUpperCase()}</button>`).join(' ')}</span>
    <button type="button" id="share" data-text="share"></button>
  </div>
</header>
<div class="play">
  <div class="editor-pane"><div class="pane-head" data-text="editor"></div><div id="editor"></div></div>
  <div class="results-pane"><p class="intro" data-text="intro"></p><div id="status" role="status"></div><div id="results"></div></div>
</div>`;

const $ = <T extends HTMLElement>(selector: string) => app.querySelector<T>(selector)!;
const results = $('#results');
const status = $('#status');

const editor = new EditorView({
  doc: state.spec,
  parent: $('#editor'),
  extensions: [
    basicSetup,
    yaml(),
    lintGutter(),
    EditorView.lineWrapping,
    EditorView.updateListener.of((update) => {
      if (update.docChanged) schedule();
    }),
  ],
});

let timer: ReturnType<typeof setTimeout> | undefined;
function schedule(): void {
  clearTimeout(timer);
  timer = setTimeout(count, DEBOUNCE_MS);
}

/** An error's place in the editor: its line and column, or the first line when it names none. */
function editorDiagnostic(d: Diagnostic): LintDiagnostic {
  const doc = editor.state.doc;
  const line = doc.line(Math.min(Math.max(d.line ?? 1, 1), doc.lines));
  const from = Math.min(line.from + Math.max((d.column ?? 1) - 1, 0), line.to);
  // The word at the position (a key, a value), or the rest of the line when it starts with a bracket or a quote.
  const word = /^[^\s:,{}[\]"']+/.exec(doc.sliceString(from, line.to))?.[0].length;
  const to = word ? from + word : line.to;
  return { from: from === line.to ? line.from : from, to, severity: 'error', message: (d.layer ? `${d.layer}: ` : '') + d.message };
}

function showErrors(diagnostics: Diagnostic[], m: Messages): void {
  editor.dispatch(setDiagnostics(editor.state, diagnostics.map(editorDiagnostic)));
  const items = diagnostics.map((d) => {
    const at = d.line !== undefined ? `<button type="button" class="at" data-line="${d.line}">${escapeHtml(m.playground.at(d.line, d.column ?? 1))}</button>: ` : '';
    return `<li>${at}${escapeHtml((d.layer ? `${d.layer}: ` : '') + d.message)}</li>`;
  });
  status.className = 'error';
  status.innerHTML = `<strong>${escapeHtml(m.playground.errors(diagnostics.length))}</strong><ul>${items.join('')}</ul>` + (results.innerHTML ? `<p>${escapeHtml(m.playground.stale)}</p>` : '');
  results.classList.add('stale');
  document.body.dataset.state = 'error';
}

function showReport(report: Report, m: Messages): void {
  editor.dispatch(setDiagnostics(editor.state, []));
  status.className = '';
  status.innerHTML = '';
  results.classList.remove('stale');
  results.innerHTML = reportSection(report, { messages: m });
  installTables(results);
  document.body.dataset.state = 'ok';
}

function count(): void {
  state.spec = editor.state.doc.toString();
  const m = messages(state.lang);
  try {
    const report = analyze(state.spec, { file: 'spec.yaml' });
    const device = state.device ? DEVICES[state.device] : undefined;
    showReport(device ? withRoofline(report, estimateTime(report, device)) : report, m);
  } catch (e) {
    // Only the engine's own errors are expected; anything else is shown as it is, never thrown at the page.
    showErrors(e instanceof ArchcostError ? e.diagnostics : [{ message: `internal error: ${(e as Error).message}` }], m);
  }
  history.replaceState(null, '', encodeFragment(state));
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1);
}

function label(): void {
  const m = messages(state.lang);
  document.documentElement.lang = state.lang;
  document.title = m.playground.title;
  for (const el of Array.from(app.querySelectorAll<HTMLElement>('[data-text]'))) {
    el.textContent = m.playground[el.dataset.text as 'title' | 'examples' | 'device' | 'share' | 'editor' | 'intro'];
  }
  $<HTMLSelectElement>('#examples').innerHTML =
    `<option value="">${escapeHtml(m.playground.openExample)}</option>` + data.examples.map((e, i) => `<option value="${i}">${escapeHtml(e.name)}</option>`).join('');
  $<HTMLSelectElement>('#device').innerHTML =
    `<option value="">${escapeHtml(m.playground.noDevice)}</option>` +
    Object.entries(DEVICES)
      .map(([id, d]) => `<option value="${id}"${id === state.device ? ' selected' : ''}>${escapeHtml(d.name)}</option>`)
      .join('');
  for (const b of Array.from(app.querySelectorAll<HTMLElement>('[data-lang]'))) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
}

$<HTMLSelectElement>('#examples').addEventListener('change', (e) => {
  const select = e.target as HTMLSelectElement;
  const example = data.examples[Number(select.value)];
  if (!select.value || !example) return;
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: example.text } });
  select.value = '';
  count();
});
$<HTMLSelectElement>('#device').addEventListener('change', (e) => {
  state.device = (e.target as HTMLSelectElement).value || undefined;
  count();
});
for (const b of Array.from(app.querySelectorAll<HTMLElement>('[data-lang]'))) {
  b.addEventListener('click', () => {
    state.lang = b.dataset.lang as Lang;
    label();
    count();
  });
}
$('#share').addEventListener('click', async () => {
  const m = messages(state.lang);
  try {
    await navigator.clipboard.writeText(location.href);
  } catch {
    // A page opened from disk may not have the clipboard: the address bar holds the link anyway.
  }
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.textContent = m.playground.copied;
  document.body.append(toast);
  setTimeout(() => toast.remove(), 2000);
});
status.addEventListener('click', (e) => {
  const line = (e.target as HTMLElement).closest<HTMLElement>('button.at')?.dataset.line;
  if (!line) return;
  const at = editor.state.doc.line(Math.min(Number(line), editor.state.doc.lines));
  editor.dispatch({ selection: { anchor: at.from }, scrollIntoView: true });
  editor.focus();
});

label();
count();
