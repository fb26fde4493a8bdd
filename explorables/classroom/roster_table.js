// The browser half of RosterTable (roster_table.py): the roster as a table, a View button per row.
// The roster changes every second ("last seen"): cells are updated in place, so a button keeps its
// focus and a click is never lost to a redraw; the table is rebuilt only when the students change.
export function render({ model, el }) {
  const box = document.createElement('div');
  let shape = null;  // the columns and ids the table was built for

  function build() {
    const table = document.createElement('table');
    table.className = 'roster';
    const head = table.createTHead().insertRow();
    for (const c of [...model.columns, '']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = c;
      head.append(th);
    }
    const body = table.createTBody();
    model.ids.forEach((id, i) => {
      const tr = body.insertRow();
      tr.dataset.student = id;
      model.columns.forEach(() => tr.insertCell());
      const b = document.createElement('button');
      b.type = 'button';
      b.addEventListener('click', () => { model.viewing = id; });
      tr.insertCell().append(b);
    });
    const focused = box.querySelector('button:focus')?.closest('tr')?.dataset.student;
    box.replaceChildren(table);
    if (focused) box.querySelector(`tr[data-student="${focused}"] button`)?.focus();
  }

  function draw() {
    if (!model.rows.length) {
      const p = document.createElement('p');
      p.className = 'roster-empty';
      p.textContent = 'No student has joined yet.';
      box.replaceChildren(p);
      shape = null;
      return;
    }
    const now = JSON.stringify([model.columns, model.ids]);
    if (now !== shape) { build(); shape = now; }
    box.querySelectorAll('tbody tr').forEach((tr, i) => {
      const cells = model.rows[i] || [];
      cells.forEach((text, j) => {
        const td = tr.cells[j];
        if (td && td.textContent !== String(text)) td.textContent = text;
      });
      const viewing = model.ids[i] === model.viewing;
      tr.classList.toggle('viewing', viewing);
      const b = tr.querySelector('button');
      b.textContent = viewing ? 'Viewing' : 'View';
      b.setAttribute('aria-label', `View ${model.names[i]}`);
      b.setAttribute('aria-pressed', String(viewing));
    });
  }
  for (const name of ['columns', 'rows', 'ids', 'names', 'viewing']) model.on(name, draw);
  draw();
  el.append(box);
}
