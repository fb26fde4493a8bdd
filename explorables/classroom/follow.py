"""A lesson page in a class: it records the student's progress, resumes it, and obeys the class.

`attach(page)` is called by the site for every lesson page. A visitor without the signed student
cookie (self-paced, no class) gets nothing attached and the page works as before. For a student:
- on load, their step (unless the link names one) and their check answers come back;
- their step, answers, confirmed steps and live training state (whether a run trains, its latest loss
  and validation accuracy: the lesson's `figure` names the one /teach's roster shows) are written
  behind the page;
- once a second the class's state is read (one read per class per half second, shared by every
  page of the process): an instructor's move brings a following page to the step, a pause holds
  every run, closed steps cannot be opened;
- a store that cannot write is said in one line: "Your progress is not being saved right now";
- its runs on the pool are marked as the student's, for the instructor's read-only view of them.
"""
import logging
import time
import weakref

import panel as pn

from engine import saved_run
from engine.store import Store, shared_store
from widgets.run.live_run import page_runs

from .identity import current_student

log = logging.getLogger(__name__)
POLL_MS = 1000
SAVE_S = 10.0  # each run's latest checkpoint is written this often (and when it pauses)
RESUMED = "Welcome back: your model is where you left it, at step {k}."
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
        self._seen = weakref.WeakSet()  # runs already matched against the saved ones
        self._saved_at: dict[str, tuple[float, int, str]] = {}  # run key -> (time, step, status) written
        saved = store.progress.load(student, self.lesson)
        self._saved_runs = set(saved["snapshots"])
        page.restore(saved)
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
        runs = page_runs(pn.state.curdoc)
        self._mark_runs(runs)
        self._resume_runs(runs)
        self._save_runs(runs)
        self._record_live(runs)

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

    def _mark_runs(self, runs):
        """Each run on the pool is marked as this student's: the instructor's read-only view of the
        student finds them there (RunPool.owned_by). A run that reopens gets a new handle, marked
        at the next poll."""
        for run in runs:
            if run.opened and run.handle.owner != self.student:
                run.handle.owner, run.handle.label = self.student, run.series or run.task

    def _resume_runs(self, runs):
        """A run the student had before (same lesson, same task and series) starts where it was."""
        for run in runs:
            if run in self._seen:
                continue
            self._seen.add(run)
            if run.key not in self._saved_runs:
                continue
            row = self.store.progress.snapshot(self.student, self.lesson, run.key)
            try:
                state = saved_run.unpack(row["snapshot"])
                run.resume(state, RESUMED.format(k=state["checkpoint"]["step"]))
                self._saved_at[run.key] = (time.monotonic(), state["checkpoint"]["step"], "paused")
            except Exception:  # a saved run this code cannot read: the student starts afresh
                log.exception("could not resume run %s of a student", run.key)

    def _save_runs(self, runs):
        now = time.monotonic()
        for run in runs:
            state = run.saved()
            if state is None:
                continue
            step = state["checkpoint"]["step"]
            at, saved_step, status = self._saved_at.get(run.key, (-1e9, -1, ""))
            due = now - at >= SAVE_S or (run.status != "training" and status == "training")
            if step != saved_step and due:
                self._saved_at[run.key] = (now, step, run.status)
                losses = state["history"].get("loss") or [None]
                self.store.progress.save_snapshot(
                    self.student, self.lesson, run.key, state["checkpoint"].get("hyper", {}),
                    {"step": step, "loss": losses[-1]}, saved_run.pack(state))

    def _record_live(self, runs):
        """Whether a run trains, and the live run's latest loss and validation accuracy: /teach's
        roster shows the one the lesson's `figure` names. The live run is one that trains, else the
        page's last one with a number."""
        training = [r for r in runs if r.status == "training"]
        live_runs = training or runs
        losses = [r.loss for r in live_runs if r.loss is not None]
        accuracies = [r.evals[-1]["val_accuracy"] for r in live_runs if r.evals and "val_accuracy" in r.evals[-1]]
        live = (bool(training), round(losses[-1], 6) if losses else None,
                round(accuracies[-1], 6) if accuracies else None)
        if live != self._live:
            self._live = live
            self.store.progress.record_live(self.student, self.lesson, *live)

    def close(self):
        if self.callback is not None:
            self.callback.stop()
