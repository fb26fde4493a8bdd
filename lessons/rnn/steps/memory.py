"""Step 'memory': Why sequences need memory."""
import panel as pn

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop
from widgets.run.confirmations import below

from ..plots import prediction_plot
from ..session import RnnSession
from ..spoken import said

MEMORY_INFO = dict(title="Why the feed-forward network cannot do it", body=said("""
The feed-forward network sees only the current value $x_t$. On a sine, the value 0 comes
once on the way up and once on the way down: the same input, two different next values. The
best it can do is guess their average. The LSTM carries a **hidden state** from step to step,
so it knows which way the wave was going.
"""))


class WhyMemory(LessonStep):
    id = "memory"
    title = "Why sequences need memory"
    text = """
Two networks learn the same task: read a wave, guess its next value. One is
**feed-forward**: it sees only the current value. The other is an **LSTM**, a recurrent
network: it carries a **hidden state** from each step to the next.

**Your action: press ▶ Train all** and compare the two loss curves, then the two plots:
orange is each network's guess one step ahead, blue (right of the dotted line) is what it
writes on its own, feeding back its guesses.

Where does the feed-forward network go wrong when it is on its own?
"""
    tour = (
        stop("group-train", "Train both networks", "Press ▶ Train all: both networks learn the same task at once.",
             wait=True),
        stop("prediction-plot", "Compare the guesses", "Orange is each network's guess of the next value, grey "
             "the wave. Where do the two differ?"),
    )

    done_when = "the LSTM's loss is below a fifth of the feed-forward network's"

    def view(self):
        shown = memory_view(self.session)
        ff, lstm = self.session.groups["memory"].runs.values()
        pn.bind(self._check, ff.param.loss, lstm.param.loss, watch=True)
        return shown

    def _check(self, ff_loss, lstm_loss):
        self.confirmed = self.confirmed or below(lstm_loss, ff_loss, 0.2)


def memory_view(session: RnnSession):
    group = session.group("memory", {"feed-forward (no memory)": {"cell": "ff"}, "LSTM (with memory)": {}},
                          watch=["prediction"])
    ff, lstm = group.runs.values()
    return pn.Column(group, pn.Row(prediction_plot(ff, height=240, title="feed-forward: sees x_t only"),
                                   prediction_plot(lstm, height=240, title="LSTM: remembers"),
                                   sizing_mode="stretch_width"),
                     Info(**MEMORY_INFO), sizing_mode="stretch_width")
