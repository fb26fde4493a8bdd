"""Step 'batch': Batch size and noise: quality and its cost."""
import panel as pn

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..experiments.common import VARIABLES, spread
from ..spoken import said

BATCH_INFO = dict(title="Why a bigger batch is smoother and slower", body=said(r"""
A step's loss is the average over its batch of $B$ examples,
$L_B = \frac{1}{B}\sum_{b=1}^{B} \ell_b$. The spread of an average of $B$ independent terms
falls as $1/\sqrt{B}$: a batch of 64 gives a curve about 4 times less jagged than a batch of 4.
Computing it costs more work per step, which is why the x axis here is **seconds**, not steps.
**Label noise** replaces a share of the training labels with random ones; no network can predict
those, so the training loss cannot fall below a floor that rises with the share. The validation
labels stay clean.
"""))


# The batch sizes three runs launch with (the comparison spreads them over its list).
BATCHES = " and ".join(", ".join(str(b) for b in spread(VARIABLES["batch_size"][1], 3)).rsplit(", ", 1))


class BatchAndNoise(LessonStep):
    id = "batch"
    title = "Batch size and noise: quality and its cost"
    deeper = True
    text = f"""
A bigger **batch** averages the gradient over more examples: the curve is smoother, but each
step costs more time. Here the x axis is **training time**, so cost sits next to quality.

**Your action: launch batch sizes {BATCHES}.** Which curve is noisiest? Which reaches a
low loss first *in seconds*? Then vary **label noise**: some training labels are wrong. What
happens to the loss floor?
"""
    tour = (
        stop("batch-vary", "Batch size or noise", "Pick what the runs differ in."),
        stop("batch-launch", "Launch them", "The curves are drawn against seconds: the cost is on the axis.",
             wait=True),
    )

    def view(self):
        s = self.session
        c = s.comparison("batch", variables=["batch_size", "noise"], measure="loss", x="seconds", n=3,
                         base={"lr": 0.003}, max_steps=300, speed=0.0)
        return pn.Column(c.view(), Info(**BATCH_INFO), sizing_mode="stretch_width")
