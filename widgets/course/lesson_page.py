"""The lesson framework: a lesson is data (steps, terms, intro) plus a per-student session.

LessonPage turns a Lesson into a page: header, StepNavigator (synced to ?step=k), the
step's narrative beside its views, its checks, and the introduction dialog.
"""
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

import panel as pn

from widgets.course.check_question import Check, CheckQuestion
from widgets.course.html import esc
from widgets.course.intro_dialog import IntroDialog
from widgets.course.lazy_view import LazyView
from widgets.course.step_navigator import StepNavigator
from widgets.course.term_review import TermReview
from widgets.course.tour import Tour
from widgets.course.url_query import query_int

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    title: str
    text: str                                         # Markdown; $$...$$ for display math
    view: Callable[[Any], Any] | None = None          # session -> the step's views and controls
    checks: tuple[Check, ...] = ()
    deeper: bool = False                              # optional, skippable, marked in the list
    review_terms: bool = False                        # show the lesson's key-term review
    tour: tuple[dict, ...] = ()                       # widgets.course.tour.stop(...) for this step's controls


@dataclass(frozen=True)
class Lesson:
    path: str                                         # stable URL path, e.g. "/rnn"
    title: str
    summary: str                                      # one line: what you will learn
    minutes: int
    thumbnail: str                                    # file name under assets/thumbs/
    intro: str                                        # Markdown for the introduction dialog
    steps: tuple[Step, ...]
    terms: dict[str, str] = field(default_factory=dict)
    session: Callable[[], Any] = lambda: None         # per-student state (e.g. the live run)


class LessonPage(pn.viewable.Viewer):
    """One student's view of a lesson. `navigator.step` is the state; each step is built once."""

    def __init__(self, lesson: Lesson, **params):
        super().__init__(**params)
        self.lesson = lesson
        self.session = lesson.session()
        self.navigator = StepNavigator(titles=[s.title for s in lesson.steps],
                                       deeper=[i + 1 for i, s in enumerate(lesson.steps) if s.deeper])
        self.intro = IntroDialog(title=lesson.title, body=lesson.intro, key=lesson.path)
        self.checks: dict[int, list[CheckQuestion]] = {}
        self.review = TermReview(terms=lesson.terms) if lesson.terms else None
        self.tour = Tour()
        self.tour_button = pn.widgets.Button(label="Tour this step", button_type="light", width=150,
                                             align="center", css_classes=["tour-start"])
        self.tour_button.on_click(lambda _: self.start_tour())
        self.intro.param.watch(lambda e: self._after_intro(e), "closed")
        # A panel that folds open under the header, reachable from every step.
        self.glossary = pn.Column(pn.pane.Markdown("## Glossary"), self.review or "", visible=False,
                                  css_classes=["glossary"], sizing_mode="stretch_width")
        self.glossary_button = pn.widgets.Button(label="Glossary", button_type="light", width=110,
                                                 align="center", css_classes=["glossary-open"],
                                                 visible=self.review is not None)
        self.glossary_button.on_click(lambda _: setattr(self.glossary, "visible", not self.glossary.visible))
        if hasattr(self.session, "navigate"):
            self.session.navigate = self.navigator.go
        self._built: dict[int, pn.viewable.Viewable] = {}
        self._content = pn.Column(sizing_mode="stretch_width", css_classes=["step-content"])
        self.navigator.step = self.requested_step()
        self.navigator.param.watch(lambda _: self._show(), "step")
        self._show()

    def requested_step(self) -> int:
        """The ?step=k this page was opened with, clamped to the lesson; 1 when absent or odd.

        Read before building, so a link to step 4 never builds (and trains) step 1 first.
        """
        k = query_int("step")
        return 1 if k is None else min(max(k, 1), len(self.lesson.steps))

    @property
    def current(self) -> Step:
        return self.lesson.steps[self.navigator.step - 1]

    def _show(self):
        k = self.navigator.step
        if k not in self._built:
            # After the page is up, a new step's text goes out first and its live view when the
            # browser asks for it (LazyView).
            self._built[k] = self._build(k, later=self._content.objects != [])
        self._content.objects = [self._built[k]]
        if hasattr(self.session, "on_step"):
            self.session.on_step(k)  # e.g. watch only the views this step draws
        self.tour.stops = list(self.current.tour)
        self.tour_button.visible = bool(self.current.tour)

    def start_tour(self):
        if self.current.tour:
            self.tour.start()

    def _after_intro(self, event):
        if event.new == 1:  # the first time a student closes the introduction
            self.start_tour()

    def _build(self, k: int, later: bool = False):
        step = self.lesson.steps[k - 1]
        badge = " <span class='deeper-badge'>deeper · optional</span>" if step.deeper else ""
        heading = pn.pane.HTML(f"<h2>{k}. {esc(step.title)}{badge}</h2>", css_classes=["step-title"], margin=(0, 10))
        narrative = [pn.pane.Markdown(step.text, css_classes=["narrative"], sizing_mode="stretch_width")]
        self.checks[k] = [CheckQuestion(c) for c in step.checks]
        narrative += self.checks[k]
        if step.review_terms and self.review is not None:  # 14 cards took the server ~1 s to draw
            narrative += [pn.pane.Markdown("### Key terms"), self._lazy(lambda: self.review, later, height=120)]
        if step.view is None:
            return pn.Column(heading, *narrative, max_width=900, sizing_mode="stretch_width")
        holder = self._lazy(lambda: self._view(k), later, height=300, css_classes=["view-column"])
        return pn.Column(heading, pn.Row(
            pn.Column(*narrative, width=400, css_classes=["narrative-column"]), holder,
            sizing_mode="stretch_width"), sizing_mode="stretch_width")

    @staticmethod
    def _lazy(make: Callable[[], Any], later: bool, height: int, **params) -> pn.Column:
        """A Column holding make()'s result: now, or (`later`, on a live page) once the browser has
        drawn the rest of the step and asks for it."""
        holder = pn.Column(sizing_mode="stretch_width", **params)

        def fill(*_):
            holder.objects = [make()]

        if later and pn.state.curdoc is not None:
            loader = LazyView(height=height, sizing_mode="stretch_width")
            loader.param.watch(fill, "requested")
            holder.objects = [loader]
        else:
            fill()
        return holder

    def _view(self, k: int):
        try:
            return self.lesson.steps[k - 1].view(self.session)
        except Exception as exc:  # a broken view costs one step, never the page
            log.exception("step %d of %s could not be built", k, self.lesson.path)
            return pn.pane.Alert(f"This step could not be drawn ({type(exc).__name__}: {esc(exc)}). "
                                 "The other steps still work.", alert_type="danger")

    def sync_url(self):
        """?step=k in the address bar: a reload or a shared link lands on the same step."""
        if pn.state.location is not None:
            pn.state.location.sync(self.navigator, {"step": "step"})

    def __panel__(self):
        home = pn.pane.HTML("<a class='home-link' href='/'>Explorables</a>", margin=(10, 10), width=160)
        title = pn.pane.HTML(f"<h1 class='lesson-title'>{esc(self.lesson.title)}</h1>", margin=(0, 10),
                             sizing_mode="stretch_width")
        header = pn.Row(home, title, self.tour_button, self.glossary_button, self.intro.about_button,
                        css_classes=["site-header"], sizing_mode="stretch_width")
        return pn.Column(header, self.glossary, self.navigator, self._content, self.intro, self.tour,
                         sizing_mode="stretch_width", css_classes=["lesson-page"])
