"""TradeoffMap: every finished run as a point, quality against cost, the Pareto front drawn.

Click a point to select it; `selected` holds its id and the page shows its settings.
"""
import holoviews as hv
import numpy as np
import pandas as pd
import panel as pn
import param
from holoviews.streams import Tap

from engine.pareto import pareto_front

from .palette import BLUE, GREY, INK, ORANGE


class TradeoffMap(pn.viewable.Viewer):
    """`points`: [{"id", "x", "y", "mine"}] (x: a cost, lower is better; y: a quality, higher is better)."""

    points = param.List(default=[])
    xlabel = param.String(default="training time (s)")
    ylabel = param.String(default="validation accuracy")
    logx = param.Boolean(default=False)
    selected = param.String(default=None, allow_None=True, doc="The id of the clicked run.")
    height = param.Integer(default=380)

    def __init__(self, **params):
        super().__init__(**params)
        self._tap = Tap(x=None, y=None)
        self._tap.add_subscriber(self._on_tap)
        dmap = hv.DynamicMap(pn.bind(self._draw, self.param.points, self.param.selected))
        self._tap.source = dmap
        self._pane = pn.pane.HoloViews(dmap, sizing_mode="stretch_width", css_classes=["tradeoff-map"])

    @property
    def front_ids(self) -> list[str]:
        if not self.points:
            return []
        idx = pareto_front([p["x"] for p in self.points], [p["y"] for p in self.points])
        return [self.points[i]["id"] for i in idx]

    def nearest(self, x: float, y: float) -> str | None:
        """The id of the point nearest a click, measured in axis fractions (log x when logx)."""
        if not self.points or x is None:
            return None
        xs = np.array([p["x"] for p in self.points], dtype=float)
        ys = np.array([p["y"] for p in self.points], dtype=float)
        if self.logx:
            xs, x = np.log10(np.maximum(xs, 1e-12)), np.log10(max(x, 1e-12))
        span_x, span_y = max(np.ptp(xs), 1e-9), max(np.ptp(ys), 1e-9)
        d = ((xs - x) / span_x) ** 2 + ((ys - y) / span_y) ** 2
        best = int(np.argmin(d))
        return self.points[best]["id"] if d[best] < 0.05 ** 2 * 4 else None

    def _on_tap(self, x=None, y=None, **_):
        hit = self.nearest(x, y)
        if hit is not None:
            self.selected = hit

    def _draw(self, points, selected):
        df = pd.DataFrame(points or [], columns=["id", "x", "y", "mine"])
        df = df.astype({"x": float, "y": float})
        front = df.iloc[pareto_front(df["x"].to_numpy(), df["y"].to_numpy())] if len(df) else df
        kw = dict(kdims=[self.xlabel, self.ylabel])
        others = hv.Points(df[~df["mine"].astype(bool)][["x", "y"]].to_numpy(), label="the class", **kw).opts(
            color=GREY, size=9, alpha=0.7, framewise=True)
        mine = hv.Points(df[df["mine"].astype(bool)][["x", "y"]].to_numpy(), label="yours", **kw).opts(
            color=BLUE, size=12, marker="diamond", framewise=True)
        line = hv.Curve(front[["x", "y"]].to_numpy(), self.xlabel, self.ylabel, label="Pareto front").opts(
            color=ORANGE, line_width=3, interpolation="steps-post", framewise=True)
        chosen = hv.Points(df[df["id"] == selected][["x", "y"]].to_numpy(), **kw).opts(
            fill_alpha=0, line_color=INK, line_width=3, size=22, framewise=True)
        return (line * others * mine * chosen).opts(hv.opts.Overlay(
            responsive=True, height=self.height, show_grid=True, fontscale=1.15, logx=self.logx,
            legend_position="bottom_right", framewise=True, tools=["tap"], padding=0.08,
            default_tools=["pan", "wheel_zoom", "reset"]))

    def __panel__(self):
        return self._pane
