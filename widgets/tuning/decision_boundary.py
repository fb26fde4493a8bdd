"""DecisionBoundary: a 2-D classifier's P(class 1) over the plane, with the points it trained on.

It draws the engine's "boundary" view as it is given (no tensors here): the grid and the
points are plain Bokeh sources replaced in place, so a live run redraws it cheaply.
"""
import numpy as np
import panel as pn
import param
from bokeh.models import ColumnDataSource, LinearColorMapper

from widgets.style.bokeh_style import live_figure
from widgets.style.bokeh_writes import in_order
from widgets.style.palette import BLUE, ORANGE


def two_colour_ramp(a: str, b: str, n: int = 64) -> list[str]:
    """n colours from a through white to b: 0.5 (undecided) is white."""
    rgb = [np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)], dtype=float) for c in (a, b)]
    white = np.full(3, 255.0)
    out = []
    for t in np.linspace(0, 1, n):
        c = rgb[0] + (white - rgb[0]) * (t / 0.5) if t <= 0.5 else white + (rgb[1] - white) * ((t - 0.5) / 0.5)
        out.append("#%02x%02x%02x" % tuple(int(round(v)) for v in c))
    return out


class DecisionBoundary(pn.viewable.Viewer):
    """`view`: {xs (G,), ys (G,), p (G, G) with p[i, j] at (xs[j], ys[i]), x (n, 2), y (n,)}."""

    view = param.Dict(default=None, allow_None=True, doc="The run's latest boundary view.")
    height = param.Integer(default=360)

    def __init__(self, **params):
        super().__init__(**params)
        self.grid = ColumnDataSource({"image": [], "x": [], "y": [], "dw": [], "dh": []})
        self.points = ColumnDataSource({"x0": [], "x1": [], "label": [], "color": []})
        fig = live_figure(self.height, "x₁", "x₂", x_range=(-1.6, 1.6), y_range=(-1.6, 1.6))
        mapper = LinearColorMapper(palette=two_colour_ramp(BLUE, ORANGE), low=0, high=1)
        fig.image(image="image", x="x", y="y", dw="dw", dh="dh", source=self.grid, color_mapper=mapper, alpha=0.75)
        fig.scatter("x0", "x1", source=self.points, color="color", line_color="white", size=9,
                    legend_field="label")
        fig.legend.orientation = "horizontal"
        fig.add_layout(fig.legend[0], "below")  # outside the plane: it hid points
        self._plot = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        self._draw()

    @param.depends("view", watch=True)
    def _draw(self):
        v = self.view
        if not v:
            return
        xs, ys = np.asarray(v["xs"]), np.asarray(v["ys"])
        with in_order():
            self.grid.data = {"image": [np.asarray(v["p"])], "x": [float(xs[0])], "y": [float(ys[0])],
                              "dw": [float(xs[-1] - xs[0])], "dh": [float(ys[-1] - ys[0])]}
        x, y = np.asarray(v["x"]), np.asarray(v["y"])
        if len(y) != len(self.points.data["x0"]) or not np.array_equal(x[:, 0], self.points.data["x0"]):
            with in_order():
                self.points.data = {"x0": x[:, 0].tolist(), "x1": x[:, 1].tolist(),
                                    "label": [f"class {k}" for k in y.tolist()],
                                    "color": [ORANGE if k else BLUE for k in y.tolist()]}

    def __panel__(self):
        # The class sits on a layout: a Bokeh pane's own host element has no size to highlight.
        return pn.Column(self._plot, sizing_mode="stretch_width", css_classes=["decision-boundary"])
