"""PoolView: 2x2 max pooling of one map, one output cell at a time: the window, the largest
value chosen, the smaller map it lands in. Numbers from engine.cnn.pool_at."""
import numpy as np
import panel as pn
import param

from engine.cnn import pool_at
from widgets.cnn.step_player import StepPlayer
from widgets.style.colour_scale import fit_cell, legend_html, map_html, scale_for
from widgets.style.numbers import significant


class PoolView(pn.viewable.Viewer):
    x = param.Array(default=np.zeros((2, 2)), doc="The map before pooling (H, W).")
    vmax = param.Number(default=None, allow_None=True)
    position = param.Integer(default=0, bounds=(0, None))
    title = param.String(default="")
    in_overview = param.Boolean(default=False, doc="Shown under the CNN overview, whose title line names it and "
                                "whose legend says the colours: no title or colour words of its own.")
    size = 2

    def __init__(self, **params):
        super().__init__(**params)
        self.player = StepPlayer(label="Window", css_classes=["pool-player"])
        pn.bind(lambda v: setattr(self, "position", v), self.player.param.value, watch=True)
        pn.bind(lambda v: setattr(self.player, "value", v), self.param.position, watch=True)
        self._title = pn.pane.HTML(margin=(0, 5))
        self._maps = pn.pane.HTML(sizing_mode="stretch_width")
        self._line = pn.pane.HTML()
        self._legend = pn.pane.HTML(width=260)
        self.param.watch(self._refresh, ["x", "vmax", "position", "title", "in_overview"])
        self._refresh()

    def from_maps(self, view: dict, layer: int, channel: int):
        self.param.update(x=np.asarray(view["maps"][layer - 1][channel], dtype=np.float64),
                          vmax=scale_for(view["maps"][layer - 1]),
                          title=f"{view['names'][layer]}, channel {channel}: "
                                f"2×2 max pooling of {view['names'][layer - 1]}")

    @property
    def pooled(self) -> np.ndarray:
        h, w = self.x.shape[0] // self.size, self.x.shape[1] // self.size
        return np.array([[pool_at(self.x, r, c)["result"] for c in range(w)] for r in range(h)])

    @property
    def cell(self) -> dict:
        w = self.x.shape[1] // self.size
        return pool_at(self.x, self.position // w, self.position % w)

    def _refresh(self, *_):
        pooled = self.pooled
        h, w = pooled.shape
        self.player.end = max(h * w - 1, 0)
        if self.position > h * w - 1:
            self.position = h * w - 1
            return
        row, col = self.position // w, self.position % w
        cell = self.cell
        r, c = cell["argmax"]
        vmax = self.vmax or scale_for(self.x)
        before, after = fit_cell(self.x.shape[0], room=130), fit_cell(h, room=130)
        blank = np.arange(h * w).reshape(h, w) > self.position
        self._title.object = f"<b>{self.title}</b>" if self.title and not self.in_overview else ""
        self._title.visible = bool(self._title.object)
        self._maps.object = (
            "<div style='display:flex;gap:20px;align-items:center'>"
            + map_html(self.x, vmax, numbers=before >= 30, cell=before,
                       boxes=[(row * 2, col * 2, 2, 2, "window"), (row * 2 + r, col * 2 + c, 1, 1, "chosen")],
                       caption=f"before: {self.x.shape[0]}×{self.x.shape[1]}")
            + map_html(cell["window"], vmax, cell=40, boxes=[(r, c, 1, 1, "chosen")], caption="window")
            + "<span class='op-line' style='white-space:nowrap'>max →</span>"
            + map_html(pooled, vmax, numbers=after >= 30, cell=after, blank=blank,
                       boxes=[(row, col, 1, 1, "current")], caption=f"after: {h}×{w}")
            + "</div>")
        self._legend.object = legend_html(vmax, "colours", note=not self.in_overview)
        values = ", ".join(significant(v) for v in cell["window"].ravel())
        self._line.object = (f"<div class='op-line'>max({values}) = "
                             f"<span class='result'>{significant(cell['result'])}</span><br>"
                             f"→ output cell ({row}, {col})</div>")

    @property
    def line_text(self) -> str:
        return self._line.object

    def __panel__(self):
        # The max and the legend beside the maps: the overview above and all of this fit one 1280x800 screen.
        # A fixed width beside maps that stretch: an auto-sized map pane was measured narrower than its maps.
        beside = pn.Column(self._line, self._legend, align="center", width=350)
        return pn.Column(self._title, self.player, pn.Row(self._maps, beside), sizing_mode="stretch_width",
                         css_classes=["pool-view"])
