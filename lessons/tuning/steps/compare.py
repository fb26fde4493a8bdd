"""Step 'compare': Side by side."""
import panel as pn

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..spoken import said

COMPARE_INFO = dict(title="How the runs are made comparable", body=said(r"""
Every run starts from the **same random weights** (the same seed) and sees the **same batches
in the same order**; only the setting you vary differs. Each trains for the same number of
steps (its budget, written above the chart), then stops and is stored for the class, without
your name. The table gives each run's **steps**, its **training time** on this server, the
**milliseconds per step**, and at its last evaluation the **validation** and **training
accuracy**, their difference (the **gap**), the share of weights near zero ($|w| < 0.01$) and
the number of **parameters**.
"""))


class SideBySide(LessonStep):
    id = "compare"
    title = "Side by side"
    text = """
One run shows what happened; **runs side by side** show what a setting *does*. Here 2 to 6 runs
start from the **same random weights** (the same seed) and see the same batches; they differ in
**exactly one setting**. Each keeps its colour in the chart and the table.

**Your action: pick what to vary and how many runs, then press ▶ Launch runs.** Compare the
curves: which setting learns fastest? Which ends best? Which is slowest in time (table)?

Each finished run is kept for the class's map (step 6).
"""
    tour = (
        stop("compare-vary", "One setting to vary", "Pick the setting the runs differ in; all else stays equal."),
        stop("compare-launch", "Launch them", "Press it: the runs train at once, on the same seed.", wait=True),
        stop("run-comparison", "The curves overlaid", "One colour a run; the table below gives each run's "
             "quality and time."),
    )

    done_when = "runs you launched finished and joined the class's map"

    def view(self):
        s = self.session
        c = s.comparison("compare", variables=["lr", "optimizer", "l1", "width", "depth"], default="lr", n=3)
        self.confirm_when(lambda stored: stored >= 2, c.param.stored_runs)
        return pn.Column(c.view(), Info(**COMPARE_INFO), sizing_mode="stretch_width")
