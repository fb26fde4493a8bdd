"""Step 'cells': Cells compared."""
import panel as pn

from engine.defaults import RNN_COMPARE
from widgets.course.check_question import Check
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..session import RnnSession
from ..spoken import said

COMPARE_INFO = dict(title="The three cells", body=said(r"""
**Vanilla RNN**: $h_t = \tanh(W x_t + U h_{t-1} + b)$, no gates. **GRU**: an update gate $z_t$
keeps part of the old state and writes the rest from a candidate $n_t$,
$$h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}$$ **LSTM**: a separate
cell state, $c_t = f_t \odot c_{t-1} + i_t \odot g_t$, $h_t = o_t \odot \tanh(c_t)$.
"""))

CHECKS = (
    Check("All three networks got the same data and the same settings. Why do their curves differ?",
          ("Their cells compute different equations, so the same batches move them to different weights",
           "The server gives some of them more training steps than others",
           "They do not really differ: it is random noise on one and the same model"),
          0,
          ("A vanilla RNN has one tanh, a GRU two gates, an LSTM three gates and a cell state: different "
           "functions with different numbers of weights learn differently from the same data.",
           "Look at the step counts under the buttons: they train at the same pace.",
           "They are three different cells; run Reset all and the differences come back the same way, "
           "because every run starts from a fixed seed.")),
)


class CellsCompared(LessonStep):
    id = "cells"
    title = "Cells compared"
    text = """
A vanilla RNN, a GRU and an LSTM learn the **echo** at once, from the same settings: a cue,
silence, then the same value again 20 steps later. Only a cell that keeps the cue for 20 steps
can predict its echo.

**Your action: press ▶ Train all** and compare how fast and how far each loss falls.
"""
    checks = CHECKS
    deeper = True
    tour = (
        stop("group-train", "Train all three", "Press ▶ Train all: three cells, one task, the same settings.",
             wait=True),
    )

    def view(self):
        return compare_view(self.session)


def compare_view(session: RnnSession):
    echo = {"kind": RNN_COMPARE["kind"]}
    group = session.group("cells", {"vanilla RNN": {"cell": "rnn", **echo}, "GRU": {"cell": "gru", **echo},
                                    "LSTM": echo})
    return pn.Column(group, Info(**COMPARE_INFO), sizing_mode="stretch_width")
