"""RunComparisonChart: 2 to 6 runs' curves overlaid, each run always in its own colour."""
import functools
import operator

import holoviews as hv
import numpy as np
import pandas as pd
import panel as pn
import param
from holoviews.streams import Buffer

from widgets.style.palette import BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION

RUN_COLORS = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY)  # run k is always RUN_COLORS[k]


class RunComparisonChart(pn.viewable.Viewer):
    """`labels` names the runs (legend order = colour order); `set_curve(k, x, y)` gives run k's
    whole curve so far. Only points not sent before travel to the browser (one stream per run);
    the plot is rebuilt only when the set of runs changes, so the legend stays intact."""

    labels = param.List(default=[], item_type=str)
    xlabel = param.String(default="training step")
    ylabel = param.String(default="validation accuracy")
    logy = param.Boolean(default=False)
    ylim = param.Tuple(default=None, allow_None=True, length=2)
    height = param.Integer(default=320)

    def __init__(self, **params):
        super().__init__(**params)
        self._pane = pn.pane.HoloViews(sizing_mode="stretch_width")
        self._empty = pn.pane.Markdown("No runs yet: launch some.", css_classes=["empty-note"])
        self.buffers: list[Buffer] = []
        self.sent: list[int] = []
        self._rebuild()

    def set_curve(self, k: int, x, y):
        """Run k's curve from its start; a shorter curve than before (a reset) is redrawn whole."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if len(x) < self.sent[k]:
            self.buffers[k].clear()
            self.sent[k] = 0
        x_new, y_new = x[self.sent[k]:], y[self.sent[k]:]
        self.sent[k] = len(x)
        keep = np.isfinite(y_new) & ((y_new > 0) if self.logy else True)
        if keep.any():
            self.buffers[k].send(pd.DataFrame({"x": x_new[keep], "y": y_new[keep]}))

    def curve(self, k: int) -> pd.DataFrame:
        """What run k's curve holds now (x, y)."""
        return self.buffers[k].data

    @param.depends("labels", watch=True)
    def _rebuild(self):
        self._empty.visible = not self.labels
        self.buffers = [Buffer(pd.DataFrame({"x": [], "y": []}), length=100_000, index=False) for _ in self.labels]
        self.sent = [0] * len(self.labels)
        if not self.labels:
            self._pane.object = None
            return
        layers = [hv.DynamicMap(self._drawer(k, label), streams=[buffer])
                  for k, (label, buffer) in enumerate(zip(self.labels, self.buffers))]
        self._pane.object = functools.reduce(operator.mul, layers).opts(hv.opts.Overlay(
            legend_position="right", responsive=True, height=self.height, show_grid=True, fontscale=1.15,
            legend_opts={"click_policy": "hide"}))

    def _drawer(self, k, label):
        color = RUN_COLORS[k % len(RUN_COLORS)]
        opts = dict(color=color, line_width=2.5, hover_line_width=5, hover_line_color=color, tools=["hover"],
                    framewise=True, logy=self.logy, default_tools=["pan", "wheel_zoom", "reset"])
        if self.ylim is not None:
            opts["ylim"] = self.ylim

        def draw(data):
            return hv.Curve(data, ("x", self.xlabel), ("y", self.ylabel), label=label).opts(**opts)
        return draw

    def __panel__(self):
        return pn.Column(self._empty, self._pane, sizing_mode="stretch_width", css_classes=["run-comparison"])
