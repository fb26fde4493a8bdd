"""LiveLossChart: a metric streamed into a Bokeh plot point by point, with a readable readout."""
import holoviews as hv
import numpy as np
import pandas as pd
import panel as pn
import param
from holoviews.streams import Buffer

from .palette import BLUE


def significant(value: float | None, digits: int = 3) -> str:
    """Small losses with significant digits: 0.000123, never 0.0000."""
    if value is None:
        return "–"
    return f"{value:.{digits}g}"


class LiveLossChart(pn.viewable.Viewer):
    """push(steps, values) appends; only the new points travel to the browser."""

    label = param.String(default="Loss", doc="What the curve measures, as the y axis says.")
    logy = param.Boolean(default=True, doc="Log scale: a loss falling 100x stays readable.")
    current = param.Number(default=None, allow_None=True, doc="The latest value pushed.")
    current_step = param.Integer(default=None, allow_None=True)
    height = param.Integer(default=300)

    def __init__(self, **params):
        super().__init__(**params)
        self.buffer = Buffer(pd.DataFrame({"step": np.array([], dtype=np.int64), "value": []}),
                             length=200_000, index=False)
        curve = lambda data: hv.Curve(data, "step", ("value", self.label)).opts(  # noqa: E731
            color=BLUE, line_width=2.5, logy=self.logy, responsive=True, height=self.height,
            tools=["hover"], framewise=True, default_tools=["pan", "wheel_zoom", "reset"],
            fontscale=1.3, xlabel="training step", show_grid=True)
        self._plot = pn.pane.HoloViews(hv.DynamicMap(curve, streams=[self.buffer]), sizing_mode="stretch_width")
        self._readout = pn.pane.HTML(css_classes=["readout"], margin=(0, 10))
        self._refresh_readout()

    def push(self, steps, values):
        """Append points; non-finite values are dropped (the run reports them in words)."""
        steps, values = np.asarray(steps, dtype=np.int64), np.asarray(values, dtype=float)
        keep = np.isfinite(values) & (values > 0 if self.logy else True)
        if not keep.any():
            return
        self.buffer.send(pd.DataFrame({"step": steps[keep], "value": values[keep]}))
        self.current, self.current_step = float(values[keep][-1]), int(steps[keep][-1])

    def clear(self):
        self.buffer.clear()
        self.current = self.current_step = None

    @property
    def readout_text(self) -> str:
        if self.current is None:
            return f"{self.label}: no steps yet"
        return f"{self.label} {significant(self.current)} at step {self.current_step}"

    @param.depends("current", "current_step", watch=True)
    def _refresh_readout(self):
        self._readout.object = self.readout_text

    def __panel__(self):
        return pn.Column(self._readout, self._plot, sizing_mode="stretch_width", css_classes=["live-loss"])
