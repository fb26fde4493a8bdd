"""RunCurves: one stored run's training and validation accuracy over its steps."""
import panel as pn
import param
from bokeh.models import ColumnDataSource, Range1d

from widgets.style.bokeh_style import add_hover, live_figure
from widgets.style.palette import BLUE, ORANGE


class RunCurves(pn.viewable.Viewer):
    """`curve`: {"step": [...], "val_accuracy": [...], "train_accuracy": [...]} as the run store keeps it."""

    curve = param.Dict(default={})
    height = param.Integer(default=220)

    def __init__(self, **params):
        super().__init__(**params)
        self.source = ColumnDataSource({"step": [], "val": [], "train": []})
        fig = live_figure(self.height, "training step", "accuracy", y_range=Range1d(0, 1.02))
        train = fig.line("step", "train", source=self.source, color=ORANGE, line_width=2.5, legend_label="training")
        val = fig.line("step", "val", source=self.source, color=BLUE, line_width=2.5, legend_label="validation")
        fig.legend.location = "bottom_right"
        add_hover(fig, [train, val], [("step", "@step"), ("training", "@train{0.0%}"), ("validation", "@val{0.0%}")])
        self._plot = pn.pane.Bokeh(fig, sizing_mode="stretch_width", css_classes=["run-curves"])
        self._draw()

    @param.depends("curve", watch=True)
    def _draw(self):
        c = self.curve or {}
        steps = list(c.get("step", []))
        nan = [float("nan")] * len(steps)  # an older run without one of the curves
        self.source.data = {"step": steps, "val": list(c.get("val_accuracy") or nan),
                            "train": list(c.get("train_accuracy") or nan)}

    def __panel__(self):
        return self._plot
