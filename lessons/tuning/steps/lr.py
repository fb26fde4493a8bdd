"""Step 'lr': One knob, one graph: the learning rate."""
import panel as pn

from widgets.course.check_question import Check, placed
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..spoken import said

LOSS_INFO = dict(title="What the loss measures", body=said(r"""
The **cross-entropy** of the network's guess: $-\log p$ of the probability it gave the right
digit, averaged over the batch. A network that guesses at random among 10 digits scores
$\log 10 \approx 2.3$; a perfect one 0. The axis is logarithmic: each grid line is 10× less.
"""))


class LearningRate(LessonStep):
    id = "lr"
    title = "One knob, one graph: the learning rate"
    text = """
The **learning rate** sets how far each training step moves the weights. The knob sits next to
the one graph it moves: the training loss.

**Your action: press ▶ Train, then try the extremes.** Set the rate to **0.0001**: watch the
slope. Then to **30** or **100**: watch the height. Then back to **0.03**.

- **When it shows:** at once. A new rate acts from the next step; a red dashed line marks the
  step where it started.
- **Can it be undone?** Not by moving the knob back: the weights the big steps wrecked stay
  wrecked. **⟲ Rewind** puts back the weights as they were at a snapshot, exactly.
- If the loss stops being a number (**NaN**, "not a number": the weights overflowed), the run
  stops itself and says so. Rewind, lower the rate, train on.
"""
    tour = (
        stop("tour-train", "Start training", "Press ▶ Train: a small network learns the digits on the server, live.",
             wait=True),
        stop("knob-lr", "The one knob", "Move the learning rate while it trains: the extremes first."),
        stop("series-graph", "Its one graph", "The training loss. A red dashed line marks each change of the rate."),
        stop("rewind-button", "Undo", "Rewind puts the weights back as they were at a snapshot."),
    )
    checks = (
        placed(Check("What did the loss curve do right after you set the learning rate to 30 or 100?",
              ("It jumped up by orders of magnitude (at 100 it soon became NaN and the run stopped)",
               "It fell faster than before",
               "Nothing changed for a few hundred steps"),
              0,
              ("Each step overshoots so far that the loss climbs. The curve changed at the red line, right "
               "after the change: the learning rate acts at the very next step.",
               "Look again at the steps right after the red dashed line: a rate that large overshoots.",
               "The learning rate scales the very next step, so the change shows at once; look just right "
               "of the red dashed line.")), 1),
        placed(Check("After a blow-up you set the rate back to 0.03. What did the loss do?",
              ("It stayed high or recovered only slowly: the damage stayed in the weights",
               "It dropped straight back to where it was before the blow-up",
               "The run restarted from the beginning"),
              0,
              ("The knob changes future steps only; the weights the big steps wrecked stay as they are. "
               "Only a rewind to a snapshot puts them back.",
               "Try it: moving the knob back does not restore the weights. Rewind does.",
               "Nothing restarts by itself: only ↺ Reset starts again, and ⟲ Rewind goes back to a snapshot.")), 2),
    )

    done_when = "the network trained at the smallest rate and at 30 or more"

    def view(self):
        s = self.session
        # Bound here, not at the page's request: the experiment (and its run) is made with the view.
        self.confirm_when(tried_both_extremes, s.lr.run.param.changes, s.lr.run.param.steps)
        return pn.Column(s.lr.view(), Info(**LOSS_INFO), sizing_mode="stretch_width")


def rates_trained(changes: list[dict], steps: int) -> set[float]:
    """The learning rates the run took at least one step at: a change at step s acts from s + 1
    until the next change."""
    lr = [c for c in changes if c["name"] == "lr"]
    ends = [c["step"] for c in lr[1:]] + [steps]
    return {c["new"] for c, end in zip(lr, ends) if end > c["step"]}


def tried_both_extremes(changes: list[dict], steps: int) -> bool:
    """Trained at a rate <= 0.0001 and at one >= 30 (the step's two extremes)."""
    rates = rates_trained(changes, steps)
    return any(r <= 0.0001 for r in rates) and any(r >= 30 for r in rates)
