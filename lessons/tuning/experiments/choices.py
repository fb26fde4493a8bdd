"""Step 'class': which values the class chose for each knob, the student's own marked."""

import panel as pn

from engine.run_store import shared_run_store
from widgets.tuning.class_distribution import ClassDistribution

from .challenge import high_scores
from .common import LESSON, VARIABLES, Identity


# --- step 7: what others chose ---------------------------------------------------------------------
class ClassChoices:
    KNOBS = ("lr", "batch_size", "optimizer", "width", "depth", "l1", "dropout", "weight_decay")

    def __init__(self, identity: Identity):
        self.identity = identity
        self.knob = pn.widgets.Select(name="Knob", options={VARIABLES[k][0]: k for k in self.KNOBS}, value="lr",
                                      width=260, css_classes=["choices-knob"])
        self.refresh = pn.widgets.Button(label="↻ Reload", width=120, align="end")
        self.distribution = ClassDistribution(knob="learning rate")
        self.scores = pn.pane.HTML(css_classes=["high-scores"], sizing_mode="stretch_width")
        pn.bind(lambda _: self.load(), self.knob.param.value, watch=True)
        self.refresh.on_click(lambda _: self.load())
        self.load()

    def load(self):
        store, name = shared_run_store(), self.knob.value
        mine = [r for r in store.runs(LESSON) if r["browser"] == self.identity.id]
        self.distribution.param.update(knob=VARIABLES[name][0], counts=store.distribution(name, LESSON, example=False),
                                       examples=store.distribution(name, LESSON, example=True),
                                       mine=mine[0]["settings"].get(name) if mine else None)
        self.scores.object = high_scores(store.runs(LESSON, kind="challenge"), self.identity.id)

    def view(self):
        return pn.Column(pn.Row(self.knob, self.refresh), self.distribution,
                         pn.pane.Markdown("### High scores of the challenge"), self.scores,
                         sizing_mode="stretch_width")
