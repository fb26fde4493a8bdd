"""ClickGrid: a grid of small HTML tiles (digits, matrix cells) the student can click; `chosen`
is the clicked tile's index. The tiles are plain buttons, so keyboard and screen readers work."""
import param
from panel.custom import JSComponent


class ClickGrid(JSComponent):
    items = param.List(default=[], doc="Each tile's inner HTML.")
    labels = param.List(default=[], doc="Each tile's accessible name (aria-label).")
    ncols = param.Integer(default=10, bounds=(1, None))
    chosen = param.Integer(default=None, allow_None=True, doc="Index of the clicked tile.")

    _esm = """
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
    """
