"""One student's page state as the instructor may see it, read-only: their lesson and step, their
answers to the checks, the steps whose live confirmation held, and the loss curve of each run their
page holds.

Plain data from the store (progress) and the run pool (the handles the student's page marked as
theirs, explorables/classroom/follow.py). /teach shows it live (student_view.py) and GET
/teach/api/students/ID answers it as JSON, both behind the instructor's login. Nothing here writes:
it reads the store and copies the curves the pool's router has received.
"""
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Classroom


def read_student(classroom: "Classroom", student: str, sent: dict | None = None) -> dict | None:
    """{id, name, class, lesson, lesson_title, step, step_title, last_seen, training, answers:
    [{check, step, step_title, answer, correct}], done: [{step, title}], runs: [{id, label, status,
    resets, count, start, step, value, latest}]}; None for an id that is no class's student.

    `sent`: run id -> (resets, count) already shown: each run's curve then starts where that ended
    (from its start after a reset). A run with no point yet is left out."""
    me = classroom.store.classes.student(student)
    if me is None or me["class_code"] is None:
        return None
    state = classroom.store.classes.state(me["class_code"]) or {}
    lesson = state.get("lesson", "")
    progress = classroom.store.progress.load(student, lesson)
    titles = {sid: f"{i + 1}. {title}" for i, (sid, title) in enumerate(classroom.steps(lesson))}
    order = {sid: i for i, sid in enumerate(titles)}
    answers = sorted(({"check": check, "step": a["step"], "step_title": titles.get(a["step"], a["step"]),
                       "answer": a["answer"], "correct": a["correct"]}
                      for check, a in progress["answers"].items()),
                     key=lambda a: (order.get(a["step"], len(order)), a["check"]))
    runs, sent = [], sent or {}
    pool = classroom.pool
    for handle in pool.owned_by(student) if pool is not None else []:
        resets, count = sent.get(handle.id, (None, 0))
        curve = handle.curve("loss", start=count)
        if count and (curve["resets"] != resets or curve["count"] < count):
            curve = handle.curve("loss")  # reset since: the curve from its new start
        if curve["count"] == 0:
            continue
        tail = curve if curve["step"] else handle.curve("loss", start=curve["count"] - 1)  # no new point
        latest = (tail["step"][-1], _finite(tail["value"][-1])) if tail["step"] else None
        runs.append({"id": handle.id, "label": handle.label or handle.payload.get("task", "run"),
                     "status": handle.status, **curve, "value": [_finite(v) for v in curve["value"]],
                     "latest": latest})
    return {"id": student, "name": me["name"] or "(no name)", "class": me["class_code"], "lesson": lesson,
            "lesson_title": classroom.lesson_title(lesson), "step": progress["step"],
            "step_title": titles.get(progress["step"], progress["step"] or "no step yet"),
            "last_seen": me["last_seen"], "training": any(r["status"] == "training" for r in runs),
            "answers": answers, "done": [{"step": s, "title": titles.get(s, s)} for s in progress["done"]],
            "runs": runs}


def _finite(x):
    """A diverged run's NaN or infinity is None: JSON has no NaN, and the chart draws no such point."""
    return float(x) if x is not None and math.isfinite(x) else None
