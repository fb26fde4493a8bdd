"""ClassDistribution: how often the class chose each value of one knob, with your choice marked."""
import holoviews as hv
import panel as pn
import param

from widgets.style.numbers import significant
from widgets.style.palette import BLUE, GREY


class ClassDistribution(pn.viewable.Viewer):
    """`counts`: value -> runs that used it (from the store, never invented). Fewer than
    `min_runs` runs in all: it says so instead of drawing a misleading histogram."""

    knob = param.String(default="learning rate")
    counts = param.Dict(default={})
    mine = param.Parameter(default=None, doc="The student's own value, marked; None: not chosen yet.")
    min_runs = param.Integer(default=5)
    height = param.Integer(default=300)

    def __init__(self, **params):
        super().__init__(**params)
        self._note = pn.pane.Markdown(css_classes=["distribution-note"], sizing_mode="stretch_width")
        self._pane = pn.pane.HoloViews(hv.DynamicMap(pn.bind(self._draw, self.param.counts, self.param.mine)),
                                       sizing_mode="stretch_width")
        self._refresh()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def note_text(self) -> str:
        if self.total < self.min_runs:
            return (f"**Too few runs to show a distribution:** {self.total} stored so far for "
                    f"{self.knob}, at least {self.min_runs} needed. Launch runs, or come back later.")
        mine = ("" if self.mine is None else
                f" Your choice, **{significant(self.mine)}**, is in blue; "
                f"{self.counts.get(self.mine, 0)} of them used it.")
        return f"{self.total} runs stored by the class.{mine}"

    @param.depends("counts", "mine", "min_runs", watch=True)
    def _refresh(self):
        self._note.object = self.note_text
        self._pane.visible = self.total >= self.min_runs

    def _draw(self, counts, mine):
        values = sorted(counts, key=lambda v: (isinstance(v, str), v))
        rows = [(significant(v), counts[v]) for v in values]
        chosen = [(significant(v), counts[v] if v == mine else 0) for v in values]
        kw = dict(kdims=[self.knob], vdims=["runs"])
        return (hv.Bars(rows, label="the class", **kw).opts(color=GREY, framewise=True)
                * hv.Bars(chosen, label="your choice", **kw).opts(color=BLUE, framewise=True)).opts(
            hv.opts.Overlay(responsive=True, height=self.height, show_grid=True, fontscale=1.15,
                            legend_position="top_right", toolbar=None))

    def __panel__(self):
        return pn.Column(self._note, self._pane, sizing_mode="stretch_width", css_classes=["class-distribution"])
