"""Step 'bptt': Backpropagation through time."""
import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource

from engine.defaults import RNN_COMPARE
from widgets.course.check_question import Check
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.throttle import Throttle
from widgets.course.tour import stop
from widgets.style.bokeh_style import live_figure
from widgets.style.bokeh_writes import in_order

from ..session import RnnSession
from ..spoken import said

BPTT_INFO = dict(title="What the curve shows", body=said(r"""
For the error at the last time step $T$, the size of its gradient with respect to each
earlier hidden state, $\lVert \partial L_T / \partial h_t \rVert$, divided by the value at $t = T$.
Backpropagation through time multiplies one factor per step back; when these factors are
below 1 the gradient **vanishes** and early inputs barely teach the network. The LSTM's
cell state, updated by addition, gives the gradient a path that can keep more of it, if
the forget gates learn to stay open; on a task that needs only a short memory, like this
wave, they need not, and both curves can fall alike. The curves are measured, not drawn.
"""))

CHECKS = (
    Check("Read the lower plot's y axis: how much of the vanilla RNN's gradient reaches 25 time steps back, "
          "compared with the last step?",
          ("Thousands of times less or smaller still: most of it vanishes on the way back",
           "About as much as at the last step",
           "More than at the last step"),
          0,
          ("Each step back multiplies the gradient by the cell's Jacobian; with factors below 1 it shrinks "
           "geometrically. That is why early inputs teach a recurrent network so little: the vanishing gradient.",
           "The axis is logarithmic: each grid line down is ten times less. Follow the vanilla RNN's curve to "
           "the left.",
           "Only a growing (exploding) gradient would do that; follow the curves to the left on the log axis.")),
)


class Bptt(LessonStep):
    id = "bptt"
    title = "Backpropagation through time"
    text = """
Training sends the error back through every time step. How much of it reaches the early
steps decides how far back a network can learn.

The task is the **echo**: a cue, silence, then the same value again 20 steps later. To predict
the echo, the error at the echo must reach back to the cue.

**Your action: press ▶ Train all** to train an LSTM, a GRU and a vanilla RNN side by side, and
watch how much gradient reaches each earlier time step.
"""
    checks = CHECKS
    deeper = True
    tour = (
        stop("group-train", "Train all three", "Press ▶ Train all: an LSTM, a GRU and a vanilla RNN learn the echo.",
             wait=True),
        stop("bptt-plot", "The gradient, step by step back", "Right is the last time step; each step left is "
             "one step further back in time. The axis is logarithmic."),
    )

    def view(self):
        return bptt_view(self.session)


def bptt_view(session: RnnSession):
    echo = {"kind": RNN_COMPARE["kind"]}
    members = {"LSTM": echo, "GRU": {"cell": "gru", **echo}, "vanilla RNN": {"cell": "rnn", **echo}}
    group = session.group("bptt", members, watch=["bptt"])
    fig = live_figure(300, "time steps back from the last", "gradient reaching it (relative)", logy=True,
                      x_range=(29, 0), y_range=(1e-8, 2))  # read right to left: back in time
    fig.toolbar_location = None
    sources = {label: ColumnDataSource({"back": [], "relative": []}) for label in group.runs}
    for label, source in sources.items():
        fig.line("back", "relative", source=source, color=group.chart.colour_of(label), line_width=3,
                 legend_label=label)
    fig.legend.location = "top_left"

    def draw(*_):
        for label, run in group.runs.items():
            g = np.asarray(run.views.get("bptt", {}).get("grad_norm", np.zeros(0)), dtype=float)
            rel = g / g[-1] if len(g) and g[-1] > 0 else np.full(len(g), np.nan)
            with in_order():
                sources[label].data = {"back": np.arange(len(g))[::-1], "relative": np.clip(rel, 1e-8, None)}

    for run in group.runs.values():
        pn.bind(draw, Throttle(run, "views", period=1.0).param.value, watch=True)
    draw()
    return pn.Column(group, pn.Column(pn.pane.Bokeh(fig, sizing_mode="stretch_width"), sizing_mode="stretch_width",
                                      css_classes=["bptt-plot"]),
                     Info(**BPTT_INFO), sizing_mode="stretch_width")
