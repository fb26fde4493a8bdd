"""ClickGrid: a grid of small HTML tiles (digits, matrix cells) the student can click; `chosen`
is the clicked tile's index. The tiles are plain buttons, so keyboard and screen readers work."""
import param
from panel.custom import JSComponent


class ClickGrid(JSComponent):
    items = param.List(default=[], doc="Each tile's inner HTML.")
    labels = param.List(default=[], doc="Each tile's accessible name (aria-label).")
    ncols = param.Integer(default=10, bounds=(1, None))
    chosen = param.Integer(default=None, allow_None=True, doc="Index of the clicked tile.")

    _esm = "click_grid.js"
