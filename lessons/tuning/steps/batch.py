"""Step 'batch': Batch size and noise: quality and its cost."""

from widgets.course.step import LessonStep
from widgets.course.tour import stop


class BatchAndNoise(LessonStep):
    id = "batch"
    title = "Batch size and noise: quality and its cost"
    deeper = True
    text = """
A bigger **batch** averages the gradient over more examples: the curve is smoother, but each
step costs more time. Here the x axis is **training time**, so cost sits next to quality.

**Your action: launch batch sizes 4, 256 and 2048.** Which curve is noisiest? Which reaches a
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
        return c.view(s.identity.widget())
