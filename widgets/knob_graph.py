"""KnobGraph: one knob beside the graph of what it steers, streamed live, each change marked.

Jiang's design: a slider that weights part of the loss sits next to a live graph of that part,
and the student sees where each move of the slider landed in the curve.
"""
import holoviews as hv
import numpy as np
import pandas as pd
import panel as pn
import param
from holoviews.streams import Buffer, Pipe

from .live_loss_chart import significant
from .palette import BLUE, VERMILLION


class SeriesGraph(pn.viewable.Viewer):
    """One streamed series (step -> value) with dashed vertical marks where a knob changed."""

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
        self.buffer = Buffer(pd.DataFrame({"step": np.array([], dtype=np.int64), "value": []}),
                             length=100_000, index=False)
        self.marks = Pipe(data=[])
        opts = dict(responsive=True, height=self.height, framewise=True, show_grid=True, fontscale=1.2,
                    xlabel="training step", default_tools=["pan", "wheel_zoom", "reset"])
        if self.ylim is not None:
            opts["ylim"] = self.ylim

        def curve(data):
            return hv.Curve(data, "step", ("value", self.label)).opts(
                color=self.color, line_width=2.5, logy=self.logy, tools=["hover"], **opts)

        def lines(data):
            return hv.VLines(pd.DataFrame({"x": np.asarray(data, dtype=float)}), "x").opts(
                color=VERMILLION, line_dash="dashed", line_width=2)

        self._plot = pn.pane.HoloViews(hv.DynamicMap(curve, streams=[self.buffer])
                                       * hv.DynamicMap(lines, streams=[self.marks]),
                                       sizing_mode="stretch_width", css_classes=["series-graph"])
        self._readout = pn.pane.HTML(css_classes=["readout"], margin=(0, 10))
        self._refresh()

    def push(self, steps, values):
        """Append points; non-finite values (and non-positive ones on a log axis) are dropped."""
        steps, values = np.asarray(steps, dtype=np.int64), np.asarray(values, dtype=float)
        keep = np.isfinite(values) & ((values > 0) if self.logy else True)
        if keep.any():
            self.buffer.send(pd.DataFrame({"step": steps[keep], "value": values[keep]}))
            self.current, self.current_step = float(values[keep][-1]), int(steps[keep][-1])

    def mark(self, steps):
        """Mark changes that act from step s + 1: a line at s + 0.5 for each."""
        at = [s + 0.5 for s in steps]
        if at != list(self.marks.data):
            self.marks.send(at)

    def clear(self):
        self.buffer.clear()
        self.marks.send([])
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
        return pn.Column(self._readout, self._plot, sizing_mode="stretch_width")


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
