"""Step 'gates': Gates over time."""
import numpy as np
import panel as pn
from bokeh.palettes import Cividis256

from widgets.course.check_question import Check
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.throttle import Throttle
from widgets.course.tour import stop
from widgets.rnn.heatmap import Heatmap
from widgets.style.colour_scale import LUT

from ..session import RnnSession
from ..spoken import said

HEATMAP_INFO = dict(title="How to read the heatmaps", body=said(r"""
Each cell of a heatmap is one gate of one unit at one time step of the traced input,
$$f_t = \sigma\left(W_f\, x_t + U_f\, h_{t-1} + b_f\right)$$ and likewise $i_t$, $o_t$: 0 (dark) is
closed, 1 (bright) open. The cell state $c_t = f_t \odot c_{t-1} + i_t \odot g_t$ is signed.
A unit that remembers keeps $f_t$ near 1 while its $c_t$ stays put.
"""))

HEATMAP_TITLES = {"i": "input gate i (0 to 1)", "f": "forget gate f (0 to 1)",
                  "o": "output gate o (0 to 1)", "c": "cell state c (signed, 0 = white)"}

CHECKS = (
    Check("In the heatmaps, where the forget gate is close to 1 for a unit, what does that unit's cell "
          "state row look like?",
          ("It changes slowly: the memory is carried along from step to step",
           "It flips sign at every step",
           "It is always zero"),
          0,
          (said("$f$ near 1 keeps most of $c_{t-1}$, so the cell state changes only by what the input gate adds."),
           "Fast flips come from a small f and a large i · g; look again at rows where f is bright.",
           "A kept memory is usually far from zero; zero means nothing was written.")),
)


class GatesOverTime(LessonStep):
    id = "gates"
    title = "Gates over time"
    text = """
Every gate of every unit at every time step of the input, as heatmaps: time runs left to
right, one row per unit. Bright gates are open.

**Your action: find a unit whose forget gate stays bright**, and look at its cell-state row.
Train on step 3 and come back: the pattern changes as the network learns.
"""
    checks = CHECKS
    deeper = True
    tour = (
        stop("gate-heatmaps", "Gates over time", "One row per unit, one column per time step. Bright gates are "
             "open; the cell state is blue below zero and red above."),
    )

    def view(self):
        return gates_over_time_view(self.session)


def gate_heatmaps(session: RnnSession) -> dict[str, Heatmap]:
    """i, f, o and c over the traced input's time steps, for the chosen layer, following the run."""
    maps = {name: Heatmap(HEATMAP_TITLES[name], palette, name, limits)
            for name, palette, limits in (("i", Cividis256, (0, 1)), ("f", Cividis256, (0, 1)),
                                          ("o", Cividis256, (0, 1)), ("c", LUT, None))}

    def draw(*_):
        trace = slow.value.get("trace")
        layer = session.player.layer
        for name, heatmap in maps.items():
            heatmap.show(trace["layers"][min(layer, len(trace["layers"])) - 1][name] if trace
                         else np.zeros((30, session.arch.hidden)))

    slow = Throttle(session.run, "views", period=1.0)  # four heatmaps: once a second is plenty
    pn.bind(draw, slow.param.value, session.player.param.layer, watch=True)
    draw()
    return maps


def gates_over_time_view(session: RnnSession):
    maps = gate_heatmaps(session)
    return pn.Column(pn.GridBox(*maps.values(), ncols=2, sizing_mode="stretch_width", css_classes=["gate-heatmaps"]),
                     Info(**HEATMAP_INFO), sizing_mode="stretch_width")
