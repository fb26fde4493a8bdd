"""What several /cnn steps show: the network's answer, the head-start button, and the overview with
the selected map's explanation (the conv, ReLU, pooling and softmax steps)."""
from typing import ClassVar

import numpy as np
import panel as pn
import param

from widgets.course.info import Info
from widgets.course.step import LessonStep

from .session import CnnSession


def prediction_line(session: CnnSession, drawing_only: bool = False):
    """What the network says for the student's input; `drawing_only`: nothing until they draw (on the
    drawing step a validation image the student cannot see there would be a puzzle)."""
    def show(views):
        m = views.get("maps")
        if not m:
            return "<div class='hint'>Waiting for the network…</div>"
        probs = m["maps"][-1]
        top = int(np.argmax(probs))
        names = session.class_names
        if len(names) != len(probs):  # the run of the data just left: its last update
            return "<div class='hint'>Waiting for the network…</div>"
        says = f"<div class='op-line prediction-line'>The network says <b>{names[top]}</b> ({probs[top]:.1%} sure) for "
        if m["label"] is None:
            return says + "your drawing.</div>"
        if drawing_only:
            return ""
        verdict = "right" if top == m["label"] else "wrong"
        return says + f"this {names[m['label']]}: <b>{verdict}</b>.</div>"
    return pn.pane.HTML(pn.bind(show, session.run.param.views), sizing_mode="stretch_width")


def head_start_button(session: CnnSession):
    """The button, and under it how far the network has trained: the press has a visible end."""
    button = pn.widgets.Button(label="Train 200 batches", button_type="primary", width=200,
                               css_classes=["head-start"])
    button.on_click(lambda _: session.head_start(200))
    trained = pn.pane.HTML(pn.bind(lambda n: f"<div class='hint trained-batches'>Batches trained so far: {n}</div>",
                                   session.run.param.steps), width=200, margin=(0, 10))
    return pn.Column(button, trained, width=220)


class DetailStep(LessonStep):
    """A step that explains one kind of layer: the whole overview on one row with the selected map
    explained right under it, both on one 1280x800 screen (the network's answer and the (i) go with
    the text, the narrower column, to leave the overview its width).
    Entering it selects a map of its kind (unless one is selected already)."""

    layer: ClassVar[str] = ""   # the map selected on entry, by the engine view's layer name
    info: ClassVar[dict] = {}   # its (i): dict(title=..., body=...)
    narrative_width = 340       # the overview's one row needs ~900 px

    def __init__(self, session=None, **params):
        super().__init__(session, **params)
        grid, self._picks_before = session.grid, session.grid.picks  # a pick counts on this step only
        # The overview is compact on these steps, so that it and the detail view fit one screen.
        session.detail_steps.add(self.id)
        grid.compact = session.step in session.detail_steps
        self.confirm_when(lambda picks, selected: (self.active and picks > self._picks_before
                                                   and self.kind_of(selected[0]) == self.kind),
                          grid.param.picks, grid.param.selected)

    @property
    def kind(self) -> str | None:
        """The kind of layer this step explains (conv, relu, pool, softmax)."""
        names = self.session.maps.get("names", [])
        return self.kind_of(names.index(self.layer)) if self.layer in names else None

    def kind_of(self, layer: int) -> str | None:
        kinds = self.session.maps.get("kinds", [])
        return kinds[layer] if layer < len(kinds) else None

    @param.depends("active", watch=True)
    def _entered(self):
        if self.active:
            self._picks_before = self.session.grid.picks
            self.session.select(self.layer)

    def aside(self):
        return [prediction_line(self.session), Info(**self.info)]

    def view(self):
        return pn.Column(self.session.grid, self.session.detail, sizing_mode="stretch_width")
