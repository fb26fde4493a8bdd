// The browser half of ClickGrid (click_grid.py): the module Panel loads for it (_esm).
export function render({ model, el }) {
  const grid = document.createElement('div');
  grid.className = 'click-grid';
  function draw() {
    grid.style.gridTemplateColumns = `repeat(${model.ncols}, max-content)`;
    grid.replaceChildren();
    model.items.forEach((html, i) => {
      const b = document.createElement('button');
      b.className = 'click-item' + (i === model.chosen ? ' chosen' : '');
      b.innerHTML = html;
      if (model.labels[i]) { b.setAttribute('aria-label', model.labels[i]); b.title = model.labels[i]; }
      b.addEventListener('click', () => { model.chosen = i; draw(); });
      grid.append(b);
    });
  }
  model.on('items', draw);
  model.on('chosen', draw);
  draw();
  el.append(grid);
}
