"""Step 'l1': A trade-off: the L1 weight λ."""
import panel as pn

from widgets.course.check_question import Check, placed
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..experiments.knobs import GOAL_ACC, GOAL_ZERO, goal_met
from ..spoken import said

L1_INFO = dict(title="The penalty", body=said(r"""
The loss is now $L = \text{cross-entropy} + \lambda \sum_i |w_i|$. The gradient of $|w_i|$ is
$\pm 1$, so each step pulls every weight towards zero by $\text{lr}\cdot\lambda$, whatever its size;
weights the digits need are pushed back by the cross-entropy, the others reach zero and stay
near it. "Near zero" here means $|w| < 0.01$. A sparse network is cheaper to store and run.
"""))


class L1Penalty(LessonStep):
    id = "l1"
    title = "A trade-off: the L1 weight λ"
    text = f"""
The loss can care about more than right answers. Here it adds **λ · Σ|w|**: the larger λ, the
harder every weight is pulled to zero. A sparse network is smaller, but it may read the digits
worse. The knob λ sits next to exactly two graphs: **validation accuracy** and the **share of
weights near zero**.

**Your goal: make at least {GOAL_ZERO:.0%} of the weights near zero and keep {GOAL_ACC:.0%}
validation accuracy.** Press ▶ Train, then raise λ one notch at a time and give each setting
time.

- **When it shows:** *not* at once: the note beside the knob says how many steps a change needs.
- **Can it be undone?** Setting λ back to 0 does not bring the weights back; ⟲ Rewind does.

Watch the graphs, not only the goal: the questions below ask what you saw.
"""
    tour = (
        stop("tour-train", "Start training", "Press ▶ Train first.", wait=True),
        stop("knob-l1", "The knob λ", "Raise λ one notch at a time; its note says how long an effect takes."),
        stop("series-graph", "Its two graphs", "Validation accuracy and the share of weights near zero: watch "
             "both after each change."),
    )
    checks = (
        placed(Check("Right after you raised λ, what did the share of weights near zero do?",
              ("It climbed over many steps, not at once",
               "It jumped to its new level at the very next step",
               "It did not move until the accuracy had dropped"),
              0,
              ("Each step pulls a weight only lr·λ towards zero, so it takes many steps: the effect is due, "
               "not missing. That is why the page says how long to wait.",
               "Look again after a change: the curve bends at the red line but takes many steps to settle.",
               "Both move over the same time; the sparsity usually moves first and clearly.")), 2),
        placed(Check("With a large λ (0.01 or more) what happened to the validation accuracy?",
              ("It fell: too many weights the digits needed were pulled to zero",
               "It rose, because a smaller network cannot over-fit",
               "It stayed the same: sparsity costs nothing"),
              0,
              ("That is the trade-off: past some λ the network loses weights it needs. The goal asks for the "
               "λ where both are good enough.",
               "A little sparsity can help, but a large λ removes weights the digits need; look at the left "
               "graph after a large λ.",
               "Look at the left graph after a large λ: sparsity has a price.")), 0),
        placed(Check("You set λ back to 0. Why did the weights not come back?",
              ("Moving λ changes only the future steps; the zeroed weights must be relearned",
               "λ = 0 is not allowed, so the knob was ignored",
               "The weights did come back at once"),
              0,
              ("Right: a knob steers the next steps, it does not store the past. Rewind restores a snapshot.",
               "λ = 0 is allowed (no penalty); the weights stay near zero because nothing pushes them back fast.",
               "Look at the right graph after setting λ to 0: the share falls only slowly, as the weights "
               "are relearned.")), 1),
    )

    done_when = f"at least {GOAL_ZERO:.0%} of the weights near zero with {GOAL_ACC:.0%} validation accuracy"

    def __init__(self, session=None, **params):
        super().__init__(session, **params)
        pn.bind(self._check, session.l1.run.param.evals, watch=True)

    def _check(self, evals):
        self.confirmed = self.confirmed or bool(evals and goal_met(evals[-1]))

    def view(self):
        s = self.session
        return pn.Column(s.l1.view(), Info(**L1_INFO), sizing_mode="stretch_width")
