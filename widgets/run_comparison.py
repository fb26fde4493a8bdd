"""RunComparisonChart: 2 to 6 runs' curves overlaid, each run always in its own colour."""
import holoviews as hv
import numpy as np
import panel as pn
import param

from .palette import BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION

RUN_COLORS = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY)  # run k is always RUN_COLORS[k]


class RunComparisonChart(pn.viewable.Viewer):
    """`labels` names the runs (legend order = colour order); `set_curve(k, x, y)` updates run k.

    Curves are redrawn whole at each update (6 runs x a few hundred points is small); the plot
    itself is rebuilt only when the set of runs changes, so the legend stays intact.
    """

    labels = param.List(default=[], item_type=str)
    xlabel = param.String(default="training step")
    ylabel = param.String(default="validation accuracy")
    logy = param.Boolean(default=False)
    ylim = param.Tuple(default=None, allow_None=True, length=2)
    height = param.Integer(default=320)
    curves = param.Dict(default={}, doc="k -> (x, y) arrays of run k.")

    def __init__(self, **params):
        super().__init__(**params)
        self._pane = pn.pane.HoloViews(sizing_mode="stretch_width", css_classes=["run-comparison"])
        self._empty = pn.pane.Markdown("No runs yet: launch some.", css_classes=["empty-note"])
        self._rebuild()

    def set_curve(self, k: int, x, y):
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        keep = np.isfinite(y) & ((y > 0) if self.logy else True)
        self.curves = {**self.curves, k: (x[keep], y[keep])}

    @param.depends("labels", watch=True)
    def _rebuild(self):
        self.curves = {}
        self._empty.visible = not self.labels
        if not self.labels:
            self._pane.object = None
            return
        self._pane.object = hv.DynamicMap(pn.bind(self._draw, self.param.curves))

    def _draw(self, curves):
        layers = []
        for k, label in enumerate(self.labels):  # the same curves every frame, in the same order
            x, y = curves.get(k, (np.zeros(0), np.zeros(0)))
            color = RUN_COLORS[k % len(RUN_COLORS)]
            layers.append(hv.Curve((x, y), self.xlabel, self.ylabel, label=label).opts(
                color=color, line_width=2.5, hover_line_width=5, hover_line_color=color, tools=["hover"]))
        opts = dict(legend_position="right", responsive=True, height=self.height, show_grid=True,
                    fontscale=1.15, logy=self.logy, framewise=True, legend_opts={"click_policy": "hide"},
                    default_tools=["pan", "wheel_zoom", "reset"])
        if self.ylim is not None:
            opts["ylim"] = self.ylim
        return hv.Overlay(layers).opts(hv.opts.Overlay(**opts))

    def __panel__(self):
        return pn.Column(self._empty, self._pane, sizing_mode="stretch_width")
