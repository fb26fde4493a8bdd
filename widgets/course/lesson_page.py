"""The lesson framework: a lesson is its ordered step components plus a per-student session.

LessonPage turns a Lesson into a page: header, StepNavigator, the step's narrative beside its
views, its checks, and the introduction dialog. The step on screen is `step` (an id), synced to
?step=<id>; old numeric links (?step=4) open the fourth step.
"""
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

import panel as pn
import param

from widgets.course.check_question import CheckQuestion
from widgets.course.checkbox import LabelledCheckbox
from widgets.course.html import esc
from widgets.course.intro_dialog import IntroDialog
from widgets.course.lazy_view import LazyView
from widgets.course.present import PresentMode
from widgets.course.step import LessonSession, LessonStep, step_ids
from widgets.course.step_navigator import StepNavigator
from widgets.course.term_review import TermReview
from widgets.course.tour import Tour
from widgets.course.url_query import query_text

log = logging.getLogger(__name__)

# What /teach's roster shows of each student's live run (Lesson.figure) -> the measure behind it:
# "loss" is the latest training loss, "accuracy" the latest validation accuracy.
FIGURES = {"Loss (MSE)": "loss", "Accuracy (validation)": "accuracy"}


@dataclass(frozen=True)
class Lesson:
    path: str                                         # stable URL path, e.g. "/rnn"
    title: str
    summary: str                                      # one line: what you will learn
    minutes: int
    thumbnail: str                                    # file name under assets/thumbs/
    intro: str                                        # Markdown for the introduction dialog
    steps: tuple[type[LessonStep], ...]
    terms: dict[str, str] = field(default_factory=dict)
    session: Callable[[], Any] = LessonSession        # per-student state (e.g. the live run)
    figure: str = "Loss (MSE)"                        # what /teach's roster shows of a student's run: a FIGURES key

    def __post_init__(self):
        step_ids(self.steps)
        if self.figure not in FIGURES:
            raise ValueError(f"figure {self.figure!r}: one of {', '.join(FIGURES)}")

    @property
    def measure(self) -> str:
        """The measure behind `figure`: "loss" or "accuracy"."""
        return FIGURES[self.figure]

    @property
    def step_ids(self) -> list[str]:
        return [s.id for s in self.steps]

    def resolve(self, wanted: str) -> str:
        """The id a ?step= value stands for: an id, or a 1-based number (old links); else the first."""
        ids = self.step_ids
        if wanted in ids:
            return wanted
        if wanted.strip().isdigit():
            return ids[min(max(int(wanted), 1), len(ids)) - 1]
        return ids[0]

    def page(self) -> "LessonPage":
        """The lesson as one student's page, e.g. in a notebook: `LESSON.page()`."""
        from widgets.run.live_run import in_notebook
        if in_notebook():
            from widgets.course.notebook import load_notebook_extensions
            load_notebook_extensions()
        return LessonPage(self)


class LessonPage(pn.viewable.Viewer):
    """One student's view of a lesson. `step` (an id) is the state; each step is built once."""

    step = param.String(default="", doc="The id of the step shown; ?step= in the URL.")
    # What a class or a store attaches to (explorables/classroom/follow.py); unused self-paced.
    notice = param.String(default="", doc="One quiet line under the navigator (the class, the store).")
    open_until = param.String(default="", doc="In a class, the last step open ('' = every step).")
    in_class = param.Boolean(default=False, doc="Shows the follow / own pace switch.")
    follow = param.Boolean(default=True, doc="In a class: go where the instructor moves the class.")
    answers = param.Dict(default={}, doc="Check id -> {step, answer, correct}, as the student answers.")
    done = param.List(default=[], item_type=str, doc="Ids of the steps whose live confirmation held.")
    present = param.Boolean(default=False, doc="?present=1: for a projector, the step and the navigator only.")

    def __init__(self, lesson: Lesson, **params):
        super().__init__(**params)
        self.lesson = lesson
        self.session = lesson.session()
        self.navigator = StepNavigator(titles=[s.title for s in lesson.steps], first=lesson.step_ids[0],
                                       deeper=[i + 1 for i, s in enumerate(lesson.steps) if s.deeper])
        self.intro = IntroDialog(title=lesson.title, body=lesson.intro, key=lesson.path)
        self.checks: dict[str, list[CheckQuestion]] = {}
        self._review = None
        self.tour = Tour()
        self.tour_button = pn.widgets.Button(label="Tour this step", button_type="light", width=150,
                                             align="center", css_classes=["tour-start"])
        self.tour_button.on_click(lambda _: self.start_tour())
        self.intro.param.watch(self._after_intro, "closed")
        # A panel that folds open under the header, reachable from every step; its cards are
        # built when it first opens (they were a third of a page's models).
        self.glossary = pn.Column(pn.pane.Markdown("## Glossary"), visible=False,
                                  css_classes=["glossary"], sizing_mode="stretch_width")
        self.glossary_button = pn.widgets.Button(label="Glossary", button_type="light", width=110,
                                                 align="center", css_classes=["glossary-open"],
                                                 visible=bool(lesson.terms))
        self.glossary_button.on_click(lambda _: self.toggle_glossary())
        self.steps: dict[str, LessonStep] = {}
        self._built: dict[str, pn.viewable.Viewable] = {}
        self._content = pn.Column(sizing_mode="stretch_width", css_classes=["step-content"])
        self._restored: dict[str, dict] = {}  # answers read back from the store, shown when built
        self._notice = pn.pane.HTML("", css_classes=["page-notice"], margin=(0, 10), visible=False,
                                    sizing_mode="stretch_width")
        self._follow = LabelledCheckbox(label="Follow the instructor", value=self.follow, visible=False,
                                        align="center", width=220, css_classes=["follow-class"])
        self._follow.link(self, value="follow", bidirectional=True)
        self.present = query_text("present") in ("1", "true", "yes")
        # Read before building, so a link to step 4 never builds (and trains) step 1 first.
        self.step = lesson.resolve(query_text("step"))
        self.navigator.step = self.number
        self.navigator.param.watch(lambda e: self.param.update(step=self.lesson.step_ids[e.new - 1]), "step")
        if isinstance(self.session, LessonSession):  # a session may move the page (e.g. into a cell)
            self.session.param.watch(lambda e: self.param.update(step=self.lesson.resolve(e.new)), "step")
        self._show()
        self._show_class_state()

    @property
    def review(self) -> TermReview | None:
        """The lesson's key terms, shared by the glossary and the steps that review them."""
        if self._review is None and self.lesson.terms:
            self._review = TermReview(terms=self.lesson.terms)
        return self._review

    def toggle_glossary(self):
        if len(self.glossary.objects) == 1:
            self.glossary.append(self.review)
        self.glossary.visible = not self.glossary.visible

    @property
    def number(self) -> int:
        """The 1-based position of the current step."""
        return self.lesson.step_ids.index(self.step) + 1

    @property
    def current(self) -> LessonStep:
        return self.steps[self.step]

    @param.depends("open_until", watch=True)
    def _on_open_until(self):
        ids = self.lesson.step_ids
        self.navigator.last_open = ids.index(self.open_until) + 1 if self.open_until in ids else 0

    @param.depends("notice", "in_class", watch=True)
    def _show_class_state(self):
        self._notice.object, self._notice.visible = esc(self.notice), bool(self.notice)
        self._follow.visible = self.in_class

    def restore(self, saved: dict, step: bool = True):
        """Resume what a store kept: the step (unless the URL names one) and the check answers."""
        for check_id, answer in saved.get("answers", {}).items():
            self._restored[check_id] = answer
        for sid, questions in self.checks.items():
            self._apply_restored(sid, questions)
        if step and saved.get("step") in self.lesson.step_ids and not query_text("step"):
            self.step = saved["step"]
        self.done = [d for d in saved.get("done", []) if d in self.lesson.step_ids]

    @staticmethod
    def check_id(sid: str, check) -> str:
        """A check's name in the store and on the dashboard: its step and its question."""
        return f"{sid} · {check.question[:80]}"

    def _apply_restored(self, sid: str, questions: list[CheckQuestion]):
        for q in questions:
            saved = self._restored.pop(self.check_id(sid, q.check), None)
            if saved and saved["answer"] in q.check.options and q.choice is None:
                q.answer(saved["answer"])

    def _record_answer(self, sid: str, question: CheckQuestion):
        if question.choice is not None:
            answer = question.check.options[question.choice]
            self.answers = {**self.answers, self.check_id(sid, question.check):
                            {"step": sid, "answer": answer, "correct": bool(question.correct)}}

    def _confirmed(self, sid: str, held: bool):
        if held and sid not in self.done:
            self.done = self.done + [sid]

    @param.depends("answers", "done", watch=True)
    def _confirm_by_page(self):
        """The conditions only the page sees: a step's checks all answered right; every core step
        before it done."""
        ids = self.lesson.step_ids
        for sid, step in self.steps.items():
            if step.confirmed or not step.confirmed_by_page:
                continue
            if step.confirmed_by_page == "answers":
                questions = self.checks.get(sid, [])
                step.confirmed = bool(questions) and all(q.correct for q in questions)
            elif step.confirmed_by_page == "earlier":
                before = [s.id for s in self.lesson.steps[:ids.index(sid)] if not s.deeper and s.done_when]
                step.confirmed = all(s in self.done for s in before)

    @param.depends("step", watch=True)
    def _on_step(self):
        wanted = self.lesson.resolve(self.step)
        if wanted != self.step:  # ?step=4 or an unknown id: spelled out as the step's id
            self.step = wanted
            return
        self.navigator.step = self.number
        self._show()

    def _show(self):
        sid = self.step
        if sid not in self._built:
            # A step's text goes out first and its live view when the browser asks for it (LazyView).
            # On a live page even the first step's view comes that way: a page request then costs
            # the server the page's frame and text only (measured: 0.23 s of 0.5-0.9 s).
            self._built[sid] = self._build(sid, later=True)
        self._content.objects = [self._built[sid]]
        for other, component in self.steps.items():
            component.active = other == sid
        if isinstance(self.session, LessonSession):
            self.session.step = sid
        self.tour.stops = list(self.current.tour)
        self.tour_button.visible = bool(self.current.tour)

    def start_tour(self):
        if self.current.tour:
            self.tour.start()

    def _after_intro(self, event):
        if event.new == 1:  # the first time a student closes the introduction
            # Even on a step without stops: the browser then marks the tour skipped, a definite end.
            self.tour.start()

    def _build(self, sid: str, later: bool = False):
        k = self.lesson.step_ids.index(sid) + 1
        step = self.steps[sid] = self.lesson.steps[k - 1](self.session)
        badge = " <span class='deeper-badge'>deeper · optional</span>" if step.deeper else ""
        heading = pn.pane.HTML(f"<h2>{k}. {esc(step.title)}{badge}</h2>", css_classes=["step-title"], margin=(0, 10))
        narrative = [pn.pane.Markdown(step.text, css_classes=["narrative"], sizing_mode="stretch_width")]
        self.checks[sid] = [CheckQuestion(c) for c in step.checks]
        for q in self.checks[sid]:  # the page outlives its questions' watchers: no unwatch needed
            q.param.watch(lambda _e, q=q: self._record_answer(sid, q), "choice")
        self._apply_restored(sid, self.checks[sid])
        if step.done_when:
            narrative.insert(0, pn.pane.HTML(pn.bind(self._confirmation, step.param.confirmed, step.done_when),
                                             css_classes=["step-done"], margin=(0, 10)))
            step.param.watch(lambda e: self._confirmed(sid, e.new), "confirmed")
        narrative += self.checks[sid]
        self._confirm_by_page()
        self._confirmed(sid, step.confirmed)  # it may have held before it was watched (restored answers)
        if step.review_terms and self.review is not None:  # 14 cards took the server ~1 s to draw
            narrative += [pn.pane.Markdown("### Key terms"), self._lazy(lambda: self.review, later, height=120)]
        if type(step).view is LessonStep.view:
            return pn.Column(heading, *narrative, max_width=900, sizing_mode="stretch_width")
        holder = self._lazy(lambda: self._view(step), later, height=300, css_classes=["view-column"])
        return pn.Column(heading, pn.Row(
            pn.Column(*narrative, *step.aside(), width=step.narrative_width, css_classes=["narrative-column"]), holder,
            sizing_mode="stretch_width"), sizing_mode="stretch_width")

    @staticmethod
    def _confirmation(held: bool, condition: str) -> str:
        return (f"<span class='confirmed'>✓ Done: {esc(condition)}</span>" if held
                else f"<span class='to-do'>To do: {esc(condition)}</span>")

    @staticmethod
    def _lazy(make: Callable[[], Any], later: bool, height: int, **params) -> pn.Column:
        """A Column holding make()'s result: now, or (`later`, on a live page) once the browser has
        drawn the rest of the step and asks for it."""
        holder = pn.Column(sizing_mode="stretch_width", **params)

        def fill(*_):
            holder.objects = [make()]

        if later and pn.state.curdoc is not None:
            loader = LazyView(height=height, sizing_mode="stretch_width")
            loader.when_requested(fill)
            holder.objects = [loader]
        else:
            fill()
        return holder

    def _view(self, step: LessonStep):
        try:
            return step.view() or pn.Column()
        except Exception as exc:  # a broken view costs one step, never the page
            log.exception("step %s of %s could not be built", step.id, self.lesson.path)
            return pn.pane.Alert(f"This step could not be drawn ({type(exc).__name__}: {esc(exc)}). "
                                 "The other steps still work.", alert_type="danger")

    def sync_url(self):
        """?step=<id> in the address bar: a reload or a shared link lands on the same step."""
        if pn.state.location is not None:
            pn.state.location.sync(self, {"step": "step"})

    def __panel__(self):
        home = pn.pane.HTML("<a class='home-link' href='/'>Explorables</a>", margin=(10, 10), width=160)
        name = esc(self.lesson.title)  # in full on hover, should a narrow window cut it
        title = pn.pane.HTML(f"<h1 class='lesson-title' title='{name}'>{name}</h1>", margin=(0, 10),
                             sizing_mode="stretch_width")
        header = pn.Row(home, title, self.tour_button, self.glossary_button, self.intro.about_button,
                        css_classes=["site-header"], sizing_mode="stretch_width")
        class_line = pn.Row(self._notice, self._follow, sizing_mode="stretch_width")
        if self.present:  # on a projector: the step and the way to move, nothing else
            return pn.Column(PresentMode(), self.navigator, self._content, sizing_mode="stretch_width",
                             css_classes=["lesson-page", "present"])
        return pn.Column(header, self.glossary, self.navigator, class_line, self._content, self.intro, self.tour,
                         sizing_mode="stretch_width", css_classes=["lesson-page"])
