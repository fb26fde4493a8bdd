"""Step 'mistakes': the confusion matrix, and the images behind its mistakes."""
import panel as pn
import param

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..spoken import said

CONFUSION_INFO = dict(title="The confusion matrix", body=said(r"""
Cell $(t, q)$ counts the validation images of true class $t$ that the network put in class
$q = \arg\max_k p_k$. The diagonal holds the right answers; accuracy is
$\sum_t n_{t,t} / \sum_{t,q} n_{t,q}$. It is recomputed at every evaluation (every 20 steps).
"""))

MISTAKES_BELOW = 0.9  # a snapshot read worse than this has mistakes in most rows to look at


def snapshot_with_mistakes(snapshots: list, evals: list, classes: int, below: float = MISTAKES_BELOW):
    """The latest kept snapshot whose validation accuracy was under `below` but at least twice
    chance (so its answers mean something): (its index among the snapshots, its step, that
    accuracy), or None. `snapshots`: [(step, seconds)]; `evals`: [{step, val_accuracy, ...}]."""
    accuracy = {e["step"]: e["val_accuracy"] for e in evals if "val_accuracy" in e}
    found = [(i, step, accuracy[step]) for i, (step, _s) in enumerate(snapshots)
             if step in accuracy and 2 / classes <= accuracy[step] < below]
    return found[-1] if found else None


class Mistakes(LessonStep):
    id = "mistakes"
    title = "Look at the mistakes"
    text = """
The **confusion matrix** counts, for every true class (row), what the network said
(column), over the validation images. The diagonal (blue) is right; everything else
(vermillion) is a mistake.

**Click a vermillion cell** to see its images and the network's three most likely answers.
A well-trained network makes few mistakes: **"Go back to when it made mistakes"** takes it
back to a kept snapshot from earlier in its training. Would you have read those images right?
"""
    tour = (
        stop("confusion-grid", "Rows true, columns said", "Click a vermillion cell to see those images.", wait=True),
        stop("confusion-examples", "The mistakes", "Each with the network's three most likely answers."),
        stop("back-to-mistakes", "More mistakes", "Takes the network back to an earlier snapshot that still "
             "made mistakes."),
    )

    done_when = "you opened a mistake: a cell off the diagonal"

    def __init__(self, session=None, **params):
        super().__init__(session, **params)
        self.confirm_when(lambda cell: bool(cell) and cell[0] != cell[1], session.confusion.param.cell)

    @param.depends("active", watch=True)
    def _entered(self):
        if self.active and self.session.run.status == "training":
            self.session.run.command("pause")  # training on would take the mistakes away while you look

    def view(self):
        session = self.session
        back = pn.widgets.Button(label="Go back to when it made mistakes", button_type="primary", width=290,
                                 css_classes=["back-to-mistakes"])
        said = pn.pane.HTML("", css_classes=["mistakes-note"], sizing_mode="stretch_width")

        def go_back(_):
            run = session.run
            found = snapshot_with_mistakes(run.snapshots, run.evals, len(session.class_names))
            if found is None:
                said.object = ("<div class='hint'>No kept snapshot has mistakes to show: train on step 8 (Watch "
                               "it learn) from fresh weights first, then come back.</div>")
                return
            index, step, accuracy = found
            if run.status == "training":
                run.command("pause")
            run.handle.restore(index)
            said.object = (f"<div class='hint'>Back at step {step}, when it read {accuracy:.0%} of the validation "
                           "images right.</div>")

        back.on_click(go_back)
        return pn.Column(pn.Row(back, said), session.confusion, Info(**CONFUSION_INFO), sizing_mode="stretch_width")
