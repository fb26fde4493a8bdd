"""A lesson page in a class: it records the student's progress, resumes it, and obeys the class.

`attach(page)` is called by the site for every lesson page. A visitor without the signed student
cookie (self-paced, no class) gets nothing attached and the page works as before. For a student:
- on load, their step (unless the link names one) and their check answers come back;
- their step, answers, confirmed steps and live training state are written behind the page;
- once a second the class's state is read (one read per class per half second, shared by every
  page of the process): an instructor's move brings a following page to the step, a pause holds
  every run, closed steps cannot be opened;
- a store that cannot write is said in one line: "Your progress is not being saved right now".
"""
import time

import panel as pn

from engine.store import Store, shared_store
from widgets.run.live_run import page_runs

from .identity import current_student

POLL_MS = 1000
STATE_TTL_S = 0.5
NOT_SAVING = "Your progress is not being saved right now (the server is retrying); keep going."
PAUSED = "Your instructor paused training for the class."
_states: dict[str, tuple[float, dict | None]] = {}  # class code -> (read at, state)


def attach(page, store: Store | None = None, student: str | None = None) -> "ClassLink | None":
    student = student or current_student()
    if student is None:
        return None
    return ClassLink(page, store or shared_store(), student)


def class_state(store: Store, code: str) -> dict | None:
    """The class's state, read at most every STATE_TTL_S for all the pages of this process."""
    now = time.monotonic()
    read_at, state = _states.get(code, (-1e9, None))
    if now - read_at > STATE_TTL_S:
        state = store.classes.state(code)
        _states[code] = (now, state)
    return state


class ClassLink:
    def __init__(self, page, store: Store, student: str):
        self.page, self.store, self.student = page, store, student
        self.lesson = page.lesson.path.strip("/")
        me = store.classes.student(student)
        self.code = me["class_code"] if me and not me["archived"] else None
        self.obeyed_move = None      # the instructor's last move this page followed (its time)
        self._live = None            # the last (training, loss) written
        page.restore(store.progress.load(student, self.lesson))
        page.param.watch(self._on_step, "step")
        page.param.watch(self._on_answers, "answers")
        page.param.watch(self._on_done, "done")
        self._on_step()
        self.callback = None
        if pn.state.curdoc is not None:
            self.callback = pn.state.add_periodic_callback(self.poll, period=POLL_MS)
        self.poll()

    # --- what the student does, written behind the page --------------------------------------
    def _on_step(self, *_):
        self.store.progress.record_step(self.student, self.lesson, self.page.step)

    def _on_answers(self, event):
        for check_id, a in event.new.items():
            if event.old.get(check_id) != a:
                self.store.progress.record_answer(self.student, self.lesson, a["step"], check_id,
                                                  a["answer"], a["correct"])

    def _on_done(self, event):
        for sid in set(event.new) - set(event.old):
            self.store.progress.mark_done(self.student, self.lesson, sid)

    # --- what the class says, read once a second ----------------------------------------------
    def poll(self):
        state = class_state(self.store, self.code) if self.code else None
        if state is not None and (state["ended"] is not None or state["lesson"] != self.lesson):
            state = None
        self.page.in_class = state is not None
        notices = []
        if state is not None:
            notices += self._obey(state)
        if not self.store.healthy:
            notices.append(NOT_SAVING)
        self.page.notice = " ".join(notices)
        self._record_live()

    def _obey(self, state: dict) -> list[str]:
        page, said = self.page, []
        page.open_until = state["locked_beyond"] or ""
        moved = state["moved"]
        if state["step"] and moved != self.obeyed_move and page.follow:
            self.obeyed_move = moved
            sid = page.lesson.resolve(state["step"])
            if sid != page.step:
                page.step = sid
            self.moved_to = sid
        if self.obeyed_move is not None and getattr(self, "moved_to", None) == page.step:
            k = page.lesson.step_ids.index(page.step) + 1
            said.append(f"Your instructor moved the class to step {k}: {page.current.title}.")
        for run in page_runs(pn.state.curdoc):
            if run.held != (PAUSED if state["paused"] else ""):
                run.hold(PAUSED if state["paused"] else "")
        if state["paused"]:
            said.append(PAUSED)
        return said

    def _record_live(self):
        runs = page_runs(pn.state.curdoc)
        training = any(r.status == "training" for r in runs)
        losses = [r.loss for r in runs if r.loss is not None]
        live = (training, round(losses[-1], 6) if losses else None)
        if live != self._live:
            self._live = live
            self.store.progress.record_live(self.student, self.lesson, training, live[1])

    def close(self):
        if self.callback is not None:
            self.callback.stop()
