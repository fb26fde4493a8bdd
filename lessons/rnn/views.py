"""The RNN lesson's plots, drawn from the live run's "prediction" view (engine/tasks/sequence.py)."""
import holoviews as hv
import numpy as np
import panel as pn

from widgets.palette import BLUE, GREY, INK, ORANGE


def prediction_plot(run, height=300, length=100):
    """The wave (grey), what the model read (dots), its next-step guesses (orange) and,
    right of the dashed line, its continuation on its own (blue)."""

    def draw(views):
        # The same five elements every time, empty before the first update: a changing
        # structure makes Bokeh drop the legend.
        p = views.get("prediction") or {k: np.zeros(0) for k in ("t", "truth", "seen", "one_step", "continuation")}
        shown = len(p["seen"])
        t = p["t"]
        truth = hv.Curve((t, p["truth"]), "t", "value", label="wave").opts(color=GREY, line_width=6, alpha=0.45)
        seen = hv.Scatter((t[:shown], p["seen"]), "t", "value", label="input read").opts(
            color=INK, size=4)
        guess = hv.Curve((t[1:shown + 1], p["one_step"]), "t", "value", label="next-step guess").opts(
            color=ORANGE, line_width=2.5)
        own = hv.Curve((t[shown:], p["continuation"]), "t", "value", label="on its own").opts(
            color=BLUE, line_width=3, line_dash="dashed")
        line = hv.VLine(shown - 0.5).opts(color=INK, line_dash="dotted", line_width=1.5)
        return (truth * seen * guess * own * line).opts(
            hv.opts.Overlay(legend_position="bottom", legend_cols=2, responsive=True, height=height,
                            ylim=(-1.8, 1.8), fontscale=1.2, xlabel="time step", ylabel="value",
                            toolbar=None, show_grid=True, xlim=(0, length)))

    return pn.pane.HoloViews(hv.DynamicMap(pn.bind(draw, run.param.views)), sizing_mode="stretch_width",
                             css_classes=["prediction-plot"])
