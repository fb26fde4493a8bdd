"""ClassDistribution: how often the class chose each value of one knob, the server's example runs
stacked apart (lighter), with your choice marked."""
import holoviews as hv
import panel as pn
import param

from widgets.style.numbers import significant
from widgets.style.palette import BLUE, GREY, LIGHT_GREY


class ClassDistribution(pn.viewable.Viewer):
    """`counts`: value -> runs that used it (from the store, never invented). Fewer than
    `min_runs` runs in all: it says so instead of drawing a misleading histogram."""

    knob = param.String(default="learning rate")
    counts = param.Dict(default={}, doc="The class's own runs.")
    examples = param.Dict(default={}, doc="The server's example runs (engine/examples.py), drawn apart.")
    mine = param.Parameter(default=None, doc="The student's own value, marked; None: not chosen yet.")
    min_runs = param.Integer(default=5)
    height = param.Integer(default=300)

    def __init__(self, **params):
        super().__init__(**params)
        self._note = pn.pane.Markdown(css_classes=["distribution-note"], sizing_mode="stretch_width")
        self._pane = pn.pane.HoloViews(hv.DynamicMap(pn.bind(self._draw, self.param.counts, self.param.examples,
                                                             self.param.mine)),
                                       sizing_mode="stretch_width")
        self._refresh()

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + sum(self.examples.values())

    @property
    def note_text(self) -> str:
        if self.total < self.min_runs:
            return (f"**Too few runs to show a distribution:** {self.total} stored so far for "
                    f"{self.knob}, at least {self.min_runs} needed. Launch runs, or come back later.")
        used = self.counts.get(self.mine, 0) + self.examples.get(self.mine, 0)
        mine = ("" if self.mine is None else
                f" Your choice, **{significant(self.mine)}**, is outlined in blue; {used} of them used it.")
        return (f"{self.total} runs stored: {sum(self.counts.values())} by the class, "
                f"{sum(self.examples.values())} examples the server trained (lighter).{mine}")

    @param.depends("counts", "examples", "mine", "min_runs", watch=True)
    def _refresh(self):
        self._note.object = self.note_text
        self._pane.visible = self.total >= self.min_runs

    def _draw(self, counts, examples, mine):
        values = sorted({**counts, **examples}, key=lambda v: (isinstance(v, str), v))
        rows = [(significant(v), who, n) for v in values
                for who, n in (("the class", counts.get(v, 0)), ("examples (server)", examples.get(v, 0)))]
        chosen = [(significant(v), counts.get(v, 0) + examples.get(v, 0) if v == mine else 0) for v in values]
        stacked = hv.Bars(rows, kdims=[self.knob, "runs of"], vdims=["runs"]).opts(
            stacked=True, cmap={"the class": GREY, "examples (server)": LIGHT_GREY}, framewise=True)
        if mine in values:
            stacked = stacked * hv.Bars(chosen, kdims=[self.knob], vdims=["runs"], label="your choice").opts(
                fill_alpha=0, line_color=BLUE, line_width=4, framewise=True)
        return (stacked * hv.Overlay()).opts(
            hv.opts.Overlay(responsive=True, height=self.height, show_grid=True, fontscale=1.15,
                            legend_position="top_right", toolbar=None))

    def __panel__(self):
        return pn.Column(self._note, self._pane, sizing_mode="stretch_width", css_classes=["class-distribution"])
