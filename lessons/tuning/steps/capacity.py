"""Step 'capacity': Capacity and over-fitting."""
import panel as pn

from engine.sweep import OVERFIT
from widgets.course.check_question import Check, placed
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..spoken import said

CAPACITY_INFO = dict(title="The gap, weight decay and dropout", body=said(r"""
**Generalisation gap** $=$ training accuracy $-$ validation accuracy. **Weight decay** $\mu$ adds
$\mu w$ to every weight's gradient, so each step shrinks every weight a little:
$w \leftarrow w - \eta(\nabla L + \mu w)$; sharp bends need large weights, so the boundary
stays smoother. **Dropout** $p$ switches each hidden unit off with probability $p$ at every
training step (the others scaled by $1/(1-p)$), so no unit can rely on another; at validation
every unit is on. **Width**: units per hidden layer, hence how many weights can memorise.
"""))


class Capacity(LessonStep):
    id = "capacity"
    title = "Capacity and over-fitting"
    deeper = True
    text = f"""
A network with many weights and few examples can **memorise** them: its training accuracy
reaches 100% while its validation accuracy stays lower. The difference is the
**generalisation gap**. Here a network of width {OVERFIT['width']} (two hidden layers) sees only
**{OVERFIT['n_train']} noisy points** of two interleaved moons; 400 others are kept for validation.
The colour is the class it would guess at each place, white where it is unsure.

**Your action: press ▶ Train and watch the boundary bend around single points** while the gap
(right) grows. Then set **weight decay** to 0.01 and train again from ↺ Reset: what do the
boundary and the gap do? Try width 4 and dropout too.

In the second tab the same comparison runs side by side; the table gives each run's price in
validation accuracy.
"""
    tour = (
        stop("tour-train", "Train the wide network", "Press ▶ Train: 600 steps on 40 points.", wait=True),
        stop("decision-boundary", "Its boundary", "The colour is the class it would guess at each place."),
        stop("cap-width", "Fewer units", "A narrower network starts a fresh run: does it still memorise?"),
    )
    checks = (
        placed(Check("With width 256 and no weight decay, what did the boundary and the gap do?",
              ("The boundary curled around single training points and the gap grew past 10 points",
               "The boundary stayed a smooth curve and the gap stayed near 0",
               "The training accuracy stayed below the validation accuracy"),
              0,
              ("That is memorising: 100% of the 40 training points right, far fewer of the new ones.",
               "Train it longer: by the end the wide net bends the boundary to reach every training point.",
               "Look at the readout above the plots: the training accuracy ends at 100%.")), 1),
        placed(Check("What did weight decay 0.01 do?",
              ("The gap nearly closed: the training accuracy came down near the validation accuracy",
               "The gap grew: the network memorised faster",
               "Nothing: weight decay only acts on the biases"),
              0,
              ("Weight decay shrinks every weight a little each step, so the net cannot build the sharp bends "
               "that memorising needs; the boundary stays smoother.",
               "Compare the gap curves with and without it: weight decay shrinks it.",
               "Weight decay shrinks every weight; compare the gap with and without it.")), 0),
    )

    def view(self):
        s = self.session
        c = s.comparison("capacity", variables=["width", "weight_decay", "dropout", "n_train"], measure="gap",
                         base=OVERFIT, default="width", n=3, speed=60.0)
        tabs = pn.Tabs(("One run, drawn", s.capacity.view()), ("Runs side by side", c.view()),
                       dynamic=True, sizing_mode="stretch_width")
        return pn.Column(tabs, Info(**CAPACITY_INFO), sizing_mode="stretch_width")
