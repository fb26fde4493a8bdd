"""Step 'learn': watch it learn from scratch."""
import numpy as np
import panel as pn
import param

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop
from widgets.run.confirmations import climbed
from widgets.style.colour_scale import legend_html, map_html, scale_for

from ..parts import prediction_line
from ..spoken import said

TRAINING_INFO = dict(title="The training controls", body=said(r"""
**▶ Train / ❚❚ Pause / Step / ↺ Reset**: train continuously, stop, one optimiser step, or
start again from random weights. **Learning rate** $\eta$: how far each step moves the
weights along the negative gradient (Adam: $w \leftarrow w - \eta\, \hat m / (\sqrt{\hat v} +
\epsilon)$). **Batch size** $B$: images per step; the loss is their average
$\frac{1}{B}\sum_b -\log p_{y_b}$. **Training speed**: batches per second, so you can watch.
**Validation accuracy**: the share of the held-out images read right (359 digits or 400 shapes). **Snapshot**:
the weights kept every 20 steps; *Rewind* takes the network back to one.
"""))


class Learn(LessonStep):
    id = "learn"
    title = "Watch it learn"
    text = """
Coming here gave the network **fresh random weights**: its validation accuracy starts near
chance (about 10% for digits).

**Your action: press ▶ Train.** It trains at the speed you choose: 10 **batches** (32
training images each) per second unless you change it, so you can watch. On this server it
could reach 95% in about a second. **↺ Reset** starts again from random weights.

Watch the **validation accuracy** rise and the **first-layer filters** change from noise
into strokes and edges. Every 20 batches a **snapshot** is kept: **drag the snapshot
slider** to go back in time; *Rewind* takes the network itself back there.
"""
    tour = (
        stop("tour-train", "Train", "Press ▶ Train: the network learns on the server at the speed below.", wait=True),
        stop("tour-settings", "Change it while it trains",
             "Learning rate, batch size and speed apply at the next step."),
        stop("snapshot-slider", "Go back in time", "Drag to see the filters at any kept snapshot."),
        stop("tour-reset", "Start again", "Fresh random weights: the accuracy falls back to about 10%."),
    )

    done_when = "the validation accuracy climbed from near chance to 90%"

    def __init__(self, session=None, **params):
        super().__init__(session, **params)
        self._fresh = False  # fresh weights given once per page
        pn.bind(self._check, session.run.param.evals, watch=True)

    def _check(self, evals):
        self.confirmed = self.confirmed or climbed(evals, "val_accuracy", 0.3, 0.9)

    @param.depends("active", watch=True)
    def _entered(self):
        # From scratch, so the climb is seen: once per page, when a student comes from another
        # step (not when this step is where the page opened: that may be a resumed model).
        if self.active and self.session.step not in ("", self.id) and not self._fresh:
            self._fresh = True
            run = self.session.run
            if run.status == "training":
                run.command("pause")
            run.handle.reset()

    def view(self):
        session = self.session
        return pn.Column(
            session.controls, Info(**TRAINING_INFO),
            pn.Row(pn.Column(session.accuracy_chart, sizing_mode="stretch_width"),
                   pn.Column(session.loss_chart, sizing_mode="stretch_width"), sizing_mode="stretch_width"),
            FilterHistory(session=session), prediction_line(session), session.grid, sizing_mode="stretch_width")


def filters_html(filters: np.ndarray, step: int) -> str:
    """First-layer kernels (C_out, C_in, K, K) on one shared colour scale; with 3 input channels
    each filter shows its red, green and blue kernels."""
    vmax = scale_for(filters)
    channel = ["red", "green", "blue"] if filters.shape[1] == 3 else [""] * filters.shape[1]
    maps = "".join(map_html(k, vmax, numbers=False, cell=14 if filters.shape[1] == 1 else 9,
                            caption=f"filter {i} {channel[c]}".strip())
                   for i, f in enumerate(filters) for c, k in enumerate(f))
    return (f"<b>First-layer filters at step {step}</b><div style='display:flex;flex-wrap:wrap'>{maps}</div>"
            + legend_html(vmax, "weights"))


class FilterHistory(pn.viewable.Viewer):
    """The first-layer filters at each kept snapshot: the latest while it trains, any other by the
    slider when paused; Rewind takes the network back there."""

    session = param.Parameter()

    def __init__(self, **params):
        super().__init__(**params)
        self._follow_latest, self._moving = True, False  # _moving: the code moves the slider
        self.slider = pn.widgets.IntSlider(name="Snapshot (drag to go back in time)", start=0, end=1, value=0,
                                           width=360, css_classes=["snapshot-slider"])
        self.shown = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["filter-history"])
        self.rewind = pn.widgets.Button(label="Rewind the network to this snapshot", width=300,
                                        button_style="outline", css_classes=["rewind"])
        pn.bind(self._slid, self.slider.param.value, watch=True)
        pn.bind(self.draw, self.session.run.param.views, watch=True)
        self.rewind.on_click(lambda _: self.session.run.handle.restore(
            min(self.slider.value, len(self._history()["step"]) - 1)))
        self.draw()

    def _history(self):
        return self.session.run.views.get("filter_history") or {"step": np.zeros(0), "filters": np.zeros((0,))}

    def draw(self, *_):
        h = self._history()
        n = len(h["step"])
        if n == 0:
            self.shown.object = "<div class='hint'>No snapshots yet.</div>"
            return
        self.slider.param.update(end=max(n - 1, 1), disabled=n < 2)
        if self._follow_latest or self.session.run.status == "training" or self.slider.value > n - 1:
            self._moving = True
            self.slider.value = n - 1
            self._moving = False
        i = min(self.slider.value, n - 1)
        self.shown.object = filters_html(h["filters"][i], int(h["step"][i]))

    def _slid(self, value):
        if self._moving or self.session.run.status == "training":
            return
        self._follow_latest = value >= len(self._history()["step"]) - 1
        self.draw()

    def __panel__(self):
        return pn.Column(self.shown, pn.Row(self.slider, self.rewind), sizing_mode="stretch_width")
