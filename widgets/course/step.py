"""A lesson step: a component with a stable id that holds its text, view, checks and tour stops.

A lesson is the ordered list of its step classes; the page builds a step when it is first shown,
passing the lesson's session (what the steps share: runs, settings, the store). A step declares
what it reacts to: `active` is True while the page shows it, and a step that must act when it is
entered or left watches it (`@param.depends("active", watch=True)`). Adding a step is one file:

    class Train(LessonStep):
        id, title = "train", "Train it"
        text = "**Your action: press ▶ Train.** ..."
        tour = (stop("tour-train", "Start training", "Press ▶ Train.", wait=True),)

        def view(self):
            return self.session.train_panel()
"""
from typing import Any, ClassVar

import panel as pn
import param

from widgets.course.check_question import Check


class LessonSession(param.Parameterized):
    """What a lesson's steps share. `step` is the id of the step on screen: the page keeps it
    current, and a session or a step may set it to move the page (e.g. "open this layer's cell")."""

    step = param.String(default="", doc="The id of the step shown.")

    def close(self):
        """Called when the page's session ends; runs are closed by their own watchdog too."""


class LessonStep(pn.viewable.Viewer):
    """One step. Subclasses set the class attributes and, if the step has live views, `view()`."""

    id: ClassVar[str] = ""                   # stable: ?step=<id> links to it
    title: ClassVar[str] = ""
    text: ClassVar[str] = ""                 # Markdown; $$...$$ for display math
    checks: ClassVar[tuple[Check, ...]] = ()
    deeper: ClassVar[bool] = False           # optional, skippable, marked in the step list
    review_terms: ClassVar[bool] = False     # show the lesson's key-term review under the checks
    tour: ClassVar[tuple[dict, ...]] = ()    # widgets.course.tour.stop(...) for this step's controls
    # A live confirmation: what the student's action should make true, said in one line; the step
    # sets `confirmed` when its live state shows it (a class's dashboard counts it as done), most
    # simply through `confirm_when`. Two conditions only the page can see are declared instead:
    # "answers" (every check of the step answered right) and "earlier" (every earlier core step done).
    done_when: ClassVar[str] = ""
    confirmed_by_page: ClassVar[str] = ""
    narrative_width: ClassVar[int] = 400     # px of the text column beside the views

    session = param.Parameter(doc="The lesson's session, shared by all its steps.")
    active = param.Boolean(default=False, doc="True while the page shows this step.")
    confirmed = param.Boolean(default=False, doc="The step's `done_when` held on the live state.")

    def __init__(self, session: Any = None, **params):
        super().__init__(session=session, **params)

    def confirm_when(self, held, *dependencies):
        """`confirmed` turns on, for good, the first time `held(*values)` is true: checked now and
        whenever one of the dependencies (parameters, as pn.bind takes them) changes."""
        def check(*values):
            if not self.confirmed and held(*values):
                self.confirmed = True
        pn.bind(check, *dependencies, watch=True)
        check(*[getattr(d.owner, d.name) for d in dependencies])

    def view(self) -> Any | None:
        """The step's live views and controls, beside its text; None for a text-only step."""
        return None

    def aside(self) -> list:
        """Small live views that belong with the text, under it (a one-line readout, an (i));
        built with the step, so keep them light."""
        return []

    def __panel__(self):
        return self.view() or pn.Column()


def step_ids(steps) -> list[str]:
    """The ids of a lesson's steps, checked: every step has one, and no two share it."""
    ids = [s.id for s in steps]
    missing = [s.__name__ for s in steps if not s.id]
    if missing or len(set(ids)) != len(ids):
        raise ValueError(f"steps need unique ids: missing {missing}, ids {ids}")
    return ids


class WrapUpStep(LessonStep):
    """A lesson's last step: what the student did, the idea to keep, the words and where to go
    next (the lesson writes `title` and `text`). Done once every earlier core step is."""
    id = "wrapup"
    done_when = "every core step of the lesson done"
    confirmed_by_page = "earlier"
