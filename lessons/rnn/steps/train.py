"""Step 'train': Train it."""
import panel as pn

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop
from widgets.run.confirmations import fell_to
from widgets.run.rewind import RewindControl

from ..plots import prediction_plot
from ..session import RnnSession
from ..spoken import said

LOSS_INFO = dict(title="What the loss measures", body=said(r"""
The **mean squared error** between the guesses $\hat{x}_{t+1}$ and the true next values
$x_{t+1}$, averaged over the $T$ time steps of a batch of $B$ windows:

$$L = \frac{1}{BT} \sum_{b=1}^{B} \sum_{t=1}^{T} \left(\hat{x}^{(b)}_{t+1} - x^{(b)}_{t+1}\right)^2$$

Each **training step** computes it on a fresh batch, then moves every weight a little against
its gradient; the **learning rate** sets how far. The axis is logarithmic: each grid line down
is ten times less error.
"""))


class TrainIt(LessonStep):
    id = "train"
    title = "Train it"
    text = """
**Your action: press ▶ Train.**

Watch the loss fall on the left while the guesses on the right move onto the wave, first
near the dotted line, later further along. Change things while it trains:
- a **learning rate** of 1 or 3: too large a nudge. What does the loss do?
- **noise** on the input: the network must see through it.
- **Step** trains exactly one batch; **↺ Reset** starts again from the same random weights.

Nothing you change here resets the network. A snapshot is kept every 25 steps: pick one below
and press **⟲ Rewind** to go back to it, then train again from there.
"""
    tour = (
        stop("tour-train", "Start training", "Press ▶ Train. The network trains on the server, live.", wait=True),
        stop("live-loss", "The loss", "Every point is one training step of your network. Lower is better."),
        stop("tour-settings", "Change it while it trains", "A new learning rate, batch size or noise applies "
             "at the next step; the network keeps its weights."),
        stop("tour-snapshots", "Go back in time", "A snapshot is kept every 25 steps; pick one, press ⟲ Rewind "
             "and train again from there."),
    )

    done_when = "the loss fell below a tenth of where it started"

    def __init__(self, session=None, **params):
        super().__init__(session, **params)
        pn.bind(self._check, session.run.param.loss, watch=True)

    def _check(self, _loss):
        self.confirmed = self.confirmed or fell_to(self.session.chart.curve()["value"], 0.1)

    def view(self):
        return train_view(self.session)


def snapshot_rewind(session: RnnSession):
    """Go back to a kept snapshot: weights, optimiser state and history as they were then (the
    site's one rewind control, following the run's snapshots and setting changes)."""
    rewind = RewindControl().follow(session.run)
    return pn.Column(rewind, css_classes=["tour-snapshots"], sizing_mode="stretch_width")


def train_view(session: RnnSession):
    return pn.Column(
        session.controls,
        pn.Row(pn.Column(session.chart, Info(**LOSS_INFO), sizing_mode="stretch_width"),
               pn.Column(prediction_plot(session.run, height=250), sizing_mode="stretch_width"),
               sizing_mode="stretch_width"),
        snapshot_rewind(session), sizing_mode="stretch_width")
