"""Heatmap: one recorded quantity over (time step × unit), unit 0 at the bottom.

Plain Bokeh with its source replaced in place: the four HoloViews heatmaps this replaces took
the server 1.2 s to draw when the step opened, and re-rendered whole on every update.
"""
import numpy as np
import panel as pn
from bokeh.models import ColorBar, ColumnDataSource, HoverTool, LinearColorMapper, Range1d
from bokeh.plotting import figure

from widgets.style.bokeh_writes import in_order


class Heatmap(pn.viewable.Viewer):
    """`show(data)` with data[t, unit]; `limits` fixes the colour range, else it is ±max|data|."""

    def __init__(self, title: str, palette, name: str, limits=None, height: int = 210):
        super().__init__()
        self.limits = limits
        self.mapper = LinearColorMapper(palette=palette, low=(limits or (-1, 1))[0], high=(limits or (-1, 1))[1])
        self.source = ColumnDataSource({"image": [np.zeros((1, 1))], "x": [-0.5], "y": [-0.5], "dw": [1], "dh": [1]})
        self.x_range, self.y_range = Range1d(-0.5, 0.5), Range1d(-0.5, 0.5)
        fig = figure(height=height, sizing_mode="stretch_width", title=title, toolbar_location=None, tools="",
                     x_range=self.x_range, y_range=self.y_range, x_axis_label="time step", y_axis_label="unit")
        fig.image(image="image", x="x", y="y", dw="dw", dh="dh", source=self.source, color_mapper=self.mapper)
        fig.add_layout(ColorBar(color_mapper=self.mapper, width=12), "right")
        fig.add_tools(HoverTool(tooltips=[("time step", "$x{0}"), ("unit", "$y{0}"), (name, "@image{0.000}")]))
        fig.grid.visible = False
        for axis in (fig.xaxis, fig.yaxis):
            axis.axis_label_text_font_style = "normal"
        self._pane = pn.pane.Bokeh(fig, sizing_mode="stretch_width")

    @property
    def data(self) -> np.ndarray:
        """What is drawn, as data[t, unit]."""
        return np.asarray(self.source.data["image"][0]).T

    def show(self, data):
        data = np.asarray(data, dtype=float)
        steps, units = data.shape
        with in_order():
            if self.limits is None:
                top = max(float(np.abs(data).max()), 1e-6)
                self.mapper.update(low=-top, high=top)
            # A Bokeh image's first row is drawn at the bottom: rows are units, so unit 0 sits there.
            self.source.data = {"image": [data.T], "x": [-0.5], "y": [-0.5], "dw": [steps], "dh": [units]}
            self.x_range.update(start=-0.5, end=steps - 0.5)
            self.y_range.update(start=-0.5, end=units - 0.5)

    def __panel__(self):
        return self._pane
