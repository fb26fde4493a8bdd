"""KnobGraph: one knob beside the graph of what it steers, streamed live, each change marked.

Jiang's design: a slider that weights part of the loss sits next to a live graph of that part,
and the student sees where each move of the slider landed in the curve.
"""
import numpy as np
import panel as pn
import param
from bokeh.models import ColumnDataSource, Range1d

from widgets.run.live_loss_chart import significant
from widgets.style.bokeh_style import add_hover, live_figure
from widgets.style.palette import BLUE, VERMILLION


class SeriesGraph(pn.viewable.Viewer):
    """One streamed series (step -> value) with dashed vertical marks where a knob changed.

    Plain Bokeh sources updated in place: only new points travel (`source.stream`).
    """

    label = param.String(default="value")
    logy = param.Boolean(default=False)
    ylim = param.Tuple(default=None, allow_None=True, length=2, doc="Fixed y range, or None: fit the data.")
    percent = param.Boolean(default=False, doc="Values are shares in [0, 1]: the readout shows %.")
    color = param.Color(default=BLUE)
    height = param.Integer(default=240)
    current = param.Number(default=None, allow_None=True)
    current_step = param.Integer(default=None, allow_None=True)

    def __init__(self, **params):
        super().__init__(**params)
        self.source = ColumnDataSource({"step": [], "value": []})
        self.marks = ColumnDataSource({"x": []})
        extra = {"y_range": Range1d(*self.ylim)} if self.ylim is not None else {}
        fig = live_figure(self.height, "training step", self.label, logy=self.logy, **extra)
        line = fig.line("step", "value", source=self.source, color=self.color, line_width=2.5)
        fig.vspan(x="x", source=self.marks, line_color=VERMILLION, line_dash="dashed", line_width=2)
        add_hover(fig, [line], [("step", "@step"), (self.label, "@value{0.0%}" if self.percent else "@value{0.000g}")])
        self._plot = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        self._readout = pn.pane.HTML(css_classes=["readout"], margin=(0, 10))
        self._refresh()

    def push(self, steps, values):
        """Append points; non-finite values (and non-positive ones on a log axis) are dropped."""
        steps, values = np.asarray(steps, dtype=np.int64), np.asarray(values, dtype=float)
        keep = np.isfinite(values) & ((values > 0) if self.logy else True)
        if keep.any():
            self.source.stream({"step": steps[keep].tolist(), "value": values[keep].tolist()})
            self.current, self.current_step = float(values[keep][-1]), int(steps[keep][-1])

    def mark(self, steps):
        """Mark changes that act from step s + 1: a line at s + 0.5 for each."""
        at = [s + 0.5 for s in steps]
        if at != list(self.marks.data["x"]):
            self.marks.data = {"x": at}

    def clear(self):
        self.source.data = {"step": [], "value": []}
        self.marks.data = {"x": []}
        self.current = self.current_step = None

    @property
    def readout_text(self) -> str:
        if self.current is None:
            return f"{self.label}: no steps yet"
        value = f"{100 * self.current:.1f}%" if self.percent else significant(self.current)
        return f"{self.label} {value} at step {self.current_step}"

    @param.depends("current", "current_step", watch=True)
    def _refresh(self):
        self._readout.object = self.readout_text

    def __panel__(self):
        return pn.Column(self._readout, self._plot, sizing_mode="stretch_width", css_classes=["series-graph"])


class KnobGraph(pn.viewable.Viewer):
    """A knob (any Panel widget) and the one or two graphs it steers, side by side.

    `graphs` are SeriesGraphs; `mark(steps)` marks a change on every one. `note` says when a
    change shows and how to undo it: the page fills it in.
    """

    knob = param.Parameter(doc="The widget the student moves.", allow_refs=False)
    graphs = param.List(default=[], item_type=SeriesGraph)
    note = param.String(default="", doc="Markdown beside the knob: when its effect is due, how to undo it.")

    def __init__(self, **params):
        super().__init__(**params)
        if not 1 <= len(self.graphs) <= 2:
            raise ValueError("a knob steers one or two graphs: more is more than people can follow")
        self._note = pn.pane.Markdown(self.note, css_classes=["knob-note"], sizing_mode="stretch_width")
        self.param.watch(lambda e: setattr(self._note, "object", e.new), "note")

    def mark(self, steps):
        for graph in self.graphs:
            graph.mark(steps)

    def __panel__(self):
        knob = pn.Column(self.knob, self._note, width=300, css_classes=["knob"])
        return pn.Row(knob, *self.graphs, sizing_mode="stretch_width", css_classes=["knob-graph"])
