"""ReluView: a map before and after ReLU(v) = max(0, v), on the model's numbers. Negative cells
are outlined before and become 0 after; one row is printed in full with significant digits."""
import numpy as np
import panel as pn
import param

from widgets.style.colour_scale import fit_cell, legend_html, map_html, scale_for
from widgets.style.numbers import significant


class ReluView(pn.viewable.Viewer):
    before = param.Array(default=np.zeros((1, 1)), doc="One map before the ReLU (H, W).")
    vmax = param.Number(default=None, allow_None=True, doc="Colour scale (the overview's, pre-ReLU layer).")
    row = param.Integer(default=0, bounds=(0, None), doc="The row printed as numbers.")
    title = param.String(default="")
    in_overview = param.Boolean(default=False, doc="Shown under the CNN overview, whose title line names it and "
                                "whose legend says the colours: no title or colour words of its own.")

    def __init__(self, **params):
        super().__init__(**params)
        self.row_slider = pn.widgets.IntSlider(label="Row printed below (boxed)", start=0, end=0, width=240)
        self.row_slider.link(self, value="row", bidirectional=True)
        self._title = pn.pane.HTML(margin=(0, 5))
        self._maps = pn.pane.HTML(sizing_mode="stretch_width")
        self._legend = pn.pane.HTML(width=260)
        self._numbers = pn.pane.HTML(sizing_mode="stretch_width")
        self.param.watch(self._refresh, ["before", "vmax", "row", "title", "in_overview"])
        self._refresh()

    @property
    def after(self) -> np.ndarray:
        return np.maximum(self.before, 0)

    def from_maps(self, view: dict, layer: int, channel: int):
        """ReLU layer `layer` (index into view["names"]): its input is the layer before it."""
        self.param.update(before=np.asarray(view["maps"][layer - 1][channel], dtype=np.float64),
                          vmax=scale_for(view["maps"][layer - 1]),
                          title=f"{view['names'][layer]}, channel {channel}: ReLU of {view['names'][layer - 1]}")

    def _refresh(self, *_):
        h, w = self.before.shape
        self.row_slider.end = max(h - 1, 1)
        self.row_slider.disabled = h <= 1
        row = min(self.row, h - 1)
        vmax = self.vmax or scale_for(self.before)
        cell = fit_cell(h, room=130)
        small = cell >= 30
        negative = self.before < 0
        box = [(row, 0, 1, w, "window")]
        self._title.object = f"<b>{self.title}</b>" if self.title and not self.in_overview else ""
        self._title.visible = bool(self._title.object)
        self._maps.object = (
            "<div style='display:flex;gap:16px;align-items:center'>"
            + map_html(self.before, vmax, numbers=small, cell=cell, marks=negative, boxes=box, caption="before")
            + f"<div style='max-width:170px'><div class='op-line'>max(0, v) →</div><div class='hint'>"
              f"{int(negative.sum())} of {negative.size} cells negative (outlined): they become 0</div></div>"
            + map_html(self.after, vmax, numbers=small, cell=cell, boxes=box, caption="after")
            + "</div>")
        self._legend.object = legend_html(vmax, "colours", note=not self.in_overview)
        cells = "".join(f"<td class='{'neg' if v < 0 else ''}'>{significant(v)}</td>" for v in self.before[row])
        after = "".join(f"<td>{significant(v)}</td>" for v in self.after[row])
        # Scrolls sideways rather than widening the page, should a row not fit.
        self._numbers.object = (f"<div style='overflow-x:auto'><table class='prob-table relu-row compact'>"
                                f"<tr><th>before</th>{cells}</tr><tr><th>after</th>{after}</tr></table></div>")

    def __panel__(self):
        # The row slider and the legend beside the maps: the overview above and all of this fit one 1280x800 screen.
        beside = pn.Column(self.row_slider, self._legend, align="center", width=270)
        return pn.Column(self._title, pn.Row(self._maps, beside), self._numbers, sizing_mode="stretch_width",
                         css_classes=["relu-view"])
