"""/teach: the instructor's live dashboard of one class, and the controls that steer it.

It reads the store off the event loop twice a second (and, while a roster row's "View <name>" has
opened one student's read-only view, that student's progress and live curves: student_view.py;
the class's /tuning runs on the trade-off map: class_runs.py).
The controls only write the class's state (engine/store/classes.py); lesson pages obey it by
reading `Classes.state(code)` (see STATE_API).
"""
import asyncio
import html
import time

import pandas as pd
import panel as pn

from engine.store import StoreError
from engine.store.classes import ClassEnded

from . import Classroom
from .class_runs import ClassRuns
from .handlers import qr_svg
from .roster_table import RosterTable
from .student_view import StudentView

REFRESH_MS = 500  # two reads a second: the page shows a change within one second
ROSTER_COLUMNS = ["Name", "Step", "Training", "Last seen", "Checks right", "{figure}", "Steps done"]


def roster_columns(figure: str) -> list[str]:
    """The roster's headings for a lesson: its figure (Lesson.figure, e.g. "Loss (MSE)") is one."""
    return [c.format(figure=figure) for c in ROSTER_COLUMNS]

STATE_API = """What a lesson page does with a class (not yet wired into the lesson pages):
- student id: `explorables.classroom.identity.current_student()` (None: self-paced, as today);
- every few seconds, `state = shared_store().classes.class_of(student)` (None: no running class);
  if `state["moved"]` is newer than the move it last obeyed and the student follows, go to
  `state["step"]` and say "Your instructor moved the class to step k";
  `state["paused"]`: pause training and keep the Train button off;
  `state["locked_beyond"]`: steps after that id are closed;
- as the student goes: `progress.record_step / record_answer / record_term / mark_done /
  record_live / save_snapshot / save_drawing` (all queued, none blocks the page);
- on load: `progress.load(student, lesson)` and `progress.snapshot(...)` to resume;
- `shared_store().status()["healthy"]` false: say "Your progress is not being saved right now"."""


class TeachDashboard(pn.viewable.Viewer):
    def __init__(self, classroom: Classroom, **params):
        super().__init__(**params)
        self.classroom, self.store = classroom, classroom.store
        lessons = {lesson.title: path for path, lesson in classroom.lessons.items()}
        self.class_name = pn.widgets.TextInput(label="Class name", placeholder="e.g. Tuesday group", width=220)
        self.lesson = pn.widgets.Select(label="Lesson", options=lessons, width=220)
        self.start = pn.widgets.Button(label="Start a class", color="primary", width=160)
        self.chosen = pn.widgets.Select(label="Class", options={}, width=260)
        self.join = pn.pane.HTML("", sizing_mode="stretch_width")
        self.qr = pn.pane.HTML("", width=260)
        self.step = pn.widgets.Select(label="Step", options={}, width=260)
        self.move = pn.widgets.Button(label="Bring the class to this step", color="primary")
        self.lock = pn.widgets.Button(label="Close the steps after this one")
        self.pause = pn.widgets.Button(label="Pause all training")
        self.end = pn.widgets.Button(label="End the class", color="danger")
        self.message = pn.pane.Markdown("", sizing_mode="stretch_width")
        self.clock = pn.pane.Markdown("", css_classes=["teach-clock"])
        self.health = pn.pane.Alert("", alert_type="danger", visible=False)
        self.state_line = pn.pane.Markdown("")
        self.roster = RosterTable(columns=roster_columns("Loss (MSE)"), sizing_mode="stretch_width")
        self.viewer = StudentView(classroom)  # one student, read-only, opened from their roster row
        self.roster.param.watch(lambda e: setattr(self.viewer, "student", e.new), "viewing")
        self.viewer.param.watch(lambda e: setattr(self.roster, "viewing", e.new), "student")
        self.per_step = pn.pane.DataFrame(pd.DataFrame(), index=False, escape=True, width=360)
        self.answers = pn.pane.HTML("", sizing_mode="stretch_width")
        self.class_runs = ClassRuns(self.store)
        self._state, self._shown, self._busy, self._end_armed = None, None, False, 0.0
        self._state_code = self._step = None
        self.start.on_click(self._start)
        self.move.on_click(lambda e: self._act(lambda code: self.store.classes.move(code, self.step.value),
                                               "The class was brought to step {step}."))
        self.lock.on_click(self._lock)
        self.pause.on_click(self._pause)
        self.end.on_click(self._end)
        self.chosen.param.watch(lambda e: self._choose(e.new), "value")
        self._layout = self._build()
        # Only once the page is in the browser: an update made before Panel has set the page's asset
        # path sends component stylesheets with CDN addresses (seen: 80 requests to cdn.holoviz.org).
        pn.state.onload(self._start_updates)

    def __panel__(self):
        return self._layout

    def _build(self):
        controls = pn.Column(pn.pane.Markdown("### Class controls"), self.step,
                             pn.Row(self.move, self.lock), pn.Row(self.pause, self.end), self.message)
        return pn.Column(
            pn.Row(pn.pane.Markdown("# Teaching"), pn.Spacer(), self.clock,
                   pn.pane.HTML('<a href="/teach/logout">Log out</a>')),
            self.health,
            pn.Row(pn.Column(pn.pane.Markdown("### Start a class"), self.class_name, self.lesson, self.start),
                   pn.Column(pn.pane.Markdown("### Your class"), self.chosen, self.state_line, self.join), self.qr),
            controls,
            pn.pane.Markdown("### Students"), self.roster, self.viewer,
            pn.Row(pn.Column(pn.pane.Markdown("### Steps"), self.per_step),
                   pn.Column(pn.pane.Markdown("### Answers to the checks"), self.answers)),
            self.class_runs,
            sizing_mode="stretch_width")

    # --- reading, off the event loop ------------------------------------------------------------
    def _start_updates(self):
        self._show(self._read(self.chosen.value))
        pn.state.add_periodic_callback(self.refresh, period=REFRESH_MS)

    async def refresh(self):
        if self._busy:  # a slow read is not stacked behind itself
            return
        self._busy = True
        try:
            data = await asyncio.to_thread(self._read, self.chosen.value)
        finally:
            self._busy = False
        self._show(data)

    def _read(self, code) -> dict:
        """Everything the page shows, from the store (runs in a worker thread)."""
        try:
            running = self.store.classes.running()
            if code is None and running:
                code = running[0]["code"]
            state = self.store.classes.state(code) if code else None
            summary = self.classroom.summary(state) if state else None
            runs = self.class_runs.read(state["code"] if state else None)
            error = None
        except StoreError as exc:
            running, state, summary, runs, error = [], None, None, [], str(exc)
        try:
            student = self.viewer.read()
        except StoreError:
            student = None  # said above, by the health line
        return {"running": running, "state": state, "summary": summary, "runs": runs, "error": error,
                "store": self.store.status(), "time": time.time(), "student": student}

    # --- showing, on the event loop ------------------------------------------------------------
    def _show(self, data):
        store = data["store"]
        problem = data["error"] or (None if store["healthy"] else
                                    f"Progress is not being saved: {store['problem']} "
                                    f"({store['pending']} write(s) waiting, retried).")
        self.health.object, self.health.visible = problem or "", bool(problem)
        options = {f"{c['name']} · {c['code']}": c["code"] for c in data["running"]}
        if options != self.chosen.options:
            self.chosen.options = options
        state = data["state"]
        if state and self.chosen.value != state["code"] and state["code"] in options.values():
            self.chosen.value = state["code"]
        n = len(data["summary"]["roster"]) if data["summary"] else 0
        self.clock.object = f"Updated {time.strftime('%H:%M:%S', time.localtime(data['time']))} · {n} students"
        key = (repr(state), repr(data["summary"]))
        if key != self._shown:
            self._shown, self._state = key, state
            self._show_class(state, data["summary"])
        if data["summary"]:  # "last seen" ages every second even when nothing else changed
            self._show_roster(state, data["summary"], data["time"])
        self.viewer.show(data.get("student"))
        self.class_runs.show(data["runs"])

    def _show_class(self, state, summary):
        steps = self.classroom.steps(state["lesson"]) if state else []
        titles = {sid: f"{i + 1}. {title}" for i, (sid, title) in enumerate(steps)}
        step_options = {label: sid for sid, label in titles.items()}
        if step_options != self.step.options:
            self.step.options = step_options
        if state and state["step"] in titles and (self._state_code != state["code"] or state["step"] != self._step):
            self.step.value = state["step"]  # the picker starts at where the class is
        self._state_code, self._step = (state or {}).get("code"), (state or {}).get("step")
        for w in (self.step, self.move, self.lock, self.pause, self.end):
            w.disabled = state is None
        if state is None:
            self.join.object = self.qr.object = ""
            self.state_line.object = "No class is running: the site is self-paced, as without a class."
            self.roster.param.update(rows=[], ids=[], names=[])
            self.viewer.student = ""
            self.per_step.object = pd.DataFrame()
            self.answers.object = ""
            return
        link = self.classroom.join_link(pn.state.location, state["code"])
        self.join.object = (f'<p>Code <strong style="font-size:2em;letter-spacing:.15em">{state["code"]}</strong>'
                            f'</p><p>Students open <a href="{html.escape(link)}">{html.escape(link)}</a> '
                            f'or scan the code.</p>')
        self.qr.object = qr_svg(link, scale=6)
        self.state_line.object = (
            f"**{html.escape(self.classroom.lesson_title(state['lesson']))}** · "
            f"class at {titles.get(state['step'], 'no step set')} · "
            f"{'training paused' if state['paused'] else 'training allowed'} · "
            + (f"steps after {titles.get(state['locked_beyond'], state['locked_beyond'])} closed"
               if state["locked_beyond"] else "every step open"))
        self.pause.label = "Let training run" if state["paused"] else "Pause all training"
        self.lock.label = "Open every step" if state["locked_beyond"] else "Close the steps after this one"
        self.per_step.object = pd.DataFrame([{"Step": label, "Students here": summary["on_step"].get(sid, 0),
                                              "Done": summary["done"].get(sid, 0)} for sid, label in titles.items()])
        self.answers.object = _answers_html(summary["answers"], summary["right_answers"])

    def _show_roster(self, state, summary, now):
        titles = {sid: f"{i + 1}. {title}" for i, (sid, title) in enumerate(self.classroom.steps(state["lesson"]))}
        figure, measure = self.classroom.figure(state["lesson"])
        shown = _pct if measure == "accuracy" else _num
        columns = roster_columns(figure)
        rows = [[s["name"], titles.get(s["step"], s["step"] or "—"), "yes" if s["training"] else "",
                 _ago(now - s["last_seen"]), f"{s['checks_right']}/{s['checks_answered']}", shown(s[measure]),
                 str(s["done"])] for s in summary["roster"]]
        ids, names = [s["id"] for s in summary["roster"]], [s["name"] for s in summary["roster"]]
        if (columns, rows, ids, names) != (self.roster.columns, self.roster.rows, self.roster.ids, self.roster.names):
            self.roster.param.update(columns=columns, rows=rows, ids=ids, names=names)

    # --- the controls ----------------------------------------------------------------------------
    def _act(self, write, done: str):
        code = self.chosen.value
        if not code:
            return
        try:
            write(code)
        except ClassEnded:
            self.message.object = "This class has ended."
        else:
            label = {v: k for k, v in self.step.options.items()}.get(self.step.value, self.step.value)
            self.message.object = done.format(step=label)
        self._show(self._read(code))

    def _start(self, event):
        lesson = self.lesson.value
        try:
            code = self.store.classes.start(self.class_name.value or "Class", lesson)
        except (RuntimeError, StoreError) as exc:
            self.message.object = f"The class could not be started: {exc}"
            return
        self.class_name.value = ""
        self._show(self._read(code))
        self.chosen.value = code
        self.message.object = f"Class {code} started. Show the code or the QR code to your students."

    def _lock(self, event):
        state = self._state or {}
        if state.get("locked_beyond"):
            self._act(lambda code: self.store.classes.lock_beyond(code, ""), "Every step is open again.")
        else:
            self._act(lambda code: self.store.classes.lock_beyond(code, self.step.value),
                      "The steps after {step} are closed.")

    def _pause(self, event):
        paused = not (self._state or {}).get("paused", False)
        self._act(lambda code: self.store.classes.pause(code, paused),
                  "Training is paused for everyone." if paused else "Training may run again.")

    def _end(self, event):
        if time.monotonic() - self._end_armed > 5:  # a second click within 5 s ends it
            self._end_armed = time.monotonic()
            self.message.object = "Click **End the class** again to end it (its runs stay in the pool)."
            return
        self._end_armed = 0.0
        self._act(self.store.classes.end, "The class ended; its roster is archived and its runs stay.")

    def _choose(self, code):
        if code and (self._state or {}).get("code") != code:
            self.viewer.student = ""  # a student of the class shown before
            self._show(self._read(code))


def _ago(seconds: float) -> str:
    if seconds < 60:
        return f"{max(0, int(seconds))} s ago"
    return f"{int(seconds // 60)} min ago" if seconds < 3600 else f"{int(seconds // 3600)} h ago"


def _num(x) -> str:
    return "" if x is None else f"{x:.3g}"


def _pct(x) -> str:
    return "" if x is None else f"{100 * x:.1f}%"


def _answers_html(answers: dict, right: dict) -> str:
    if not answers:
        return "<p>No answers yet.</p>"
    parts = []
    for check_id in sorted(answers):
        counts = sorted(answers[check_id].items(), key=lambda kv: -kv[1])
        rows = "".join(f"<li>{html.escape(a)}: {n}{' ✓' if a == right.get(check_id) else ''}</li>"
                       for a, n in counts)
        parts.append(f"<p><strong>{html.escape(check_id)}</strong></p><ul>{rows}</ul>")
    return "".join(parts)
