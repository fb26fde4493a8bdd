"""The prediction plot several /rnn steps share: the wave, the guesses, their errors, the continuation."""
import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource, Span

from widgets.style.bokeh_style import live_figure
from widgets.style.bokeh_writes import in_order
from widgets.style.palette import BLUE, GREY, INK, ORANGE, VERMILLION

EMPTY_PREDICTION = {k: np.zeros(0) for k in ("t", "truth", "seen", "one_step", "continuation")}


def prediction_data(p: dict) -> dict:
    """The prediction view as the plot's column data: one dict per drawn layer."""
    shown, t = len(p["seen"]), np.asarray(p["t"])
    guess_t = t[1:shown + 1]
    return {
        "truth": {"t": t, "y": p["truth"]},
        "seen": {"t": t[:shown], "y": p["seen"]},
        "guess": {"t": guess_t, "y": p["one_step"]},
        "error": {"t": guess_t, "y0": p["one_step"], "y1": p["truth"][1:shown + 1]},
        "own": {"t": t[shown:], "y": p["continuation"]},
    }


def prediction_plot(run, height=300, length=100, title=""):
    """The wave (grey), what the model read (dots), its next-step guesses (orange) with their
    errors (red ticks) and, right of the dotted line, its continuation on its own (blue).
    Sources are replaced in place on every update: cheap enough for 10 updates a second."""
    fig = live_figure(height + 50, "time step", "value", x_range=(0, length), y_range=(-1.8, 1.8),
                      title=title or None)
    # Each source is tagged with its layer's name ("prediction-guess"): a test reads the drawn guesses.
    sources = {k: ColumnDataSource({c: [] for c in v}, tags=[f"prediction-{k}"])
               for k, v in prediction_data(EMPTY_PREDICTION).items()}
    fig.line("t", "y", source=sources["truth"], color=GREY, line_width=6, alpha=0.45, legend_label="wave")
    fig.scatter("t", "y", source=sources["seen"], color=INK, size=4, legend_label="input read")
    fig.segment("t", "y0", "t", "y1", source=sources["error"], color=VERMILLION, line_width=2, legend_label="error")
    fig.line("t", "y", source=sources["guess"], color=ORANGE, line_width=2.5, legend_label="next-step guess")
    fig.line("t", "y", source=sources["own"], color=BLUE, line_width=3, line_dash="dashed", legend_label="on its own")
    fig.add_layout(Span(location=59.5, dimension="height", line_color=INK, line_dash="dotted", line_width=1.5))
    legend = fig.legend[0]
    legend.ncols, legend.label_text_font_size, legend.border_line_alpha = 3, "10pt", 0
    fig.add_layout(legend, "below")  # under the plot: inside, it covered the wave
    fig.toolbar_location = None

    def draw(views):
        p = views.get("prediction")
        if p is not None:
            with in_order():
                for k, data in prediction_data(p).items():
                    sources[k].data = {c: np.asarray(v).tolist() for c, v in data.items()}

    pn.bind(draw, run.param.views, watch=True)
    draw(run.views)
    # The tour's class sits on a layout: a Bokeh pane's own host element has no size to highlight.
    return pn.Column(pn.pane.Bokeh(fig, sizing_mode="stretch_width"), sizing_mode="stretch_width",
                     css_classes=["prediction-plot"])
