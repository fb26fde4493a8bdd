"""LiveLossChart: a metric streamed into a Bokeh plot point by point, with a readable readout."""
import numpy as np
import panel as pn
import param
from bokeh.models import ColumnDataSource

from widgets.style.bokeh_style import add_hover, live_figure
from widgets.style.palette import BLUE


def significant(value: float | None, digits: int = 3) -> str:
    """Small losses with significant digits: 0.000123, never 0.0000."""
    if value is None:
        return "–"
    return f"{value:.{digits}g}"


class LiveLossChart(pn.viewable.Viewer):
    """push(steps, values) appends; only the new points travel to the browser (source.stream)."""

    label = param.String(default="Loss", doc="What the curve measures, as the y axis says.")
    logy = param.Boolean(default=True, doc="Log scale: a loss falling 100x stays readable.")
    current = param.Number(default=None, allow_None=True, doc="The latest value pushed.")
    current_step = param.Integer(default=None, allow_None=True)
    height = param.Integer(default=300)

    def __init__(self, **params):
        super().__init__(**params)
        self.source = ColumnDataSource({"step": [], "value": []})
        fig = live_figure(self.height, "training step", self.label, logy=self.logy)
        line = fig.line("step", "value", source=self.source, color=BLUE, line_width=2.5)
        add_hover(fig, [line], [("step", "@step"), (self.label, "@value{0.000g}")])
        self._plot = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        self._readout = pn.pane.HTML(css_classes=["readout"], margin=(0, 10), height=34, sizing_mode="stretch_width")
        self._refresh_readout()

    def push(self, steps, values):
        """Append points; non-finite values are dropped (the run reports them in words)."""
        steps, values = np.asarray(steps, dtype=np.int64), np.asarray(values, dtype=float)
        keep = np.isfinite(values) & (values > 0 if self.logy else True)
        if not keep.any():
            return
        self.source.stream({"step": steps[keep].tolist(), "value": values[keep].tolist()})
        self.current, self.current_step = float(values[keep][-1]), int(steps[keep][-1])

    def clear(self):
        self.source.data = {"step": [], "value": []}
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
