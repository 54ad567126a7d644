/**
 * What the report's tables do in a browser: switch depth and sort by a column. One function with
 * no outside references, so the static page can inline its source (`installTables.toString()`) and
 * the playground can call it after each render.
 */
export function installTables(root: ParentNode): void {
  for (const block of Array.from(root.querySelectorAll<HTMLElement>('.table-block'))) {
    const table = block.querySelector('table.sortable');
    const body = table?.querySelector('tbody');
    if (!table || !body) continue;
    const rows = Array.from(body.querySelectorAll<HTMLTableRowElement>('tr'));
    const heads = Array.from(table.querySelectorAll<HTMLTableCellElement>('thead th'));
    let sorted = { column: -1, direction: 0 };
    const value = (row: HTMLTableRowElement, column: number) => row.cells[column]?.dataset.v ?? '';
    const apply = () => {
      const ordered = [...rows];
      if (sorted.direction !== 0) {
        const numeric = heads[sorted.column].dataset.sort === 'number';
        ordered.sort((a, b) => {
          const [x, y] = [value(a, sorted.column), value(b, sorted.column)];
          const diff = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return diff * sorted.direction || Number(a.dataset.order) - Number(b.dataset.order);
        });
      }
      body.append(...ordered);
      heads.forEach((h, i) => h.setAttribute('aria-sort', i !== sorted.column || sorted.direction === 0 ? 'none' : sorted.direction > 0 ? 'ascending' : 'descending'));
      table.classList.toggle('sorted', sorted.direction !== 0);
    };
    heads.forEach((head, column) => {
      head.tabIndex = 0;
      const cycle = () => {
        // Numbers sort largest first, words A to Z; the third click returns to execution order.
        const first = head.dataset.sort === 'number' ? -1 : 1;
        const next = sorted.column !== column ? first : sorted.direction === first ? -first : 0;
        sorted = { column, direction: next };
        apply();
      };
      head.addEventListener('click', cycle);
      head.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          cycle();
        }
      });
    });
    for (const button of Array.from(block.querySelectorAll<HTMLButtonElement>('.depth-control button'))) {
      button.addEventListener('click', () => {
        const level = button.dataset.level ?? 'all';
        for (const other of Array.from(block.querySelectorAll('.depth-control button'))) other.setAttribute('aria-pressed', String(other === button));
        for (const row of rows) row.hidden = !(row.dataset.levels ?? '').split(' ').includes(level);
      });
    }
  }
}
