"""The instructor's view of one class, read in a few queries: roster, steps, answers, done counts.

Only /teach reads this (behind the instructor's password); students read their own rows through
engine/store/progress.py.
"""
import time

from .db import Database

TRAINING_FRESH_S = 10.0  # a "training" flag older than this is stale: the page closed mid-run


def class_summary(db: Database, code: str, lesson: str, now: float | None = None) -> dict:
    """{roster: [{id, name, step, training, last_seen, loss, accuracy, checks_right, checks_answered,
    done}], on_step: {step: n}, answers: {check_id: {answer: n}}, right_answers: {check_id: answer},
    done: {step: n}} for the class's live (not archived) students in `lesson`."""
    now = time.time() if now is None else now
    students = db.read(
        "SELECT s.id, s.name, s.last_seen, p.step, p.training, p.updated, p.loss, p.accuracy "
        "FROM students s LEFT JOIN progress p ON p.student = s.id AND p.lesson = ? "
        "WHERE s.class_code = ? AND s.archived = 0 ORDER BY s.joined", (lesson, code))
    scores = {r[0]: (r[1], r[2]) for r in db.read(
        "SELECT a.student, SUM(a.correct), COUNT(*) FROM answers a JOIN students s ON s.id = a.student "
        "WHERE s.class_code = ? AND s.archived = 0 AND a.lesson = ? GROUP BY a.student", (code, lesson))}
    done_by = {r[0]: r[1] for r in db.read(
        "SELECT d.student, COUNT(*) FROM steps_done d JOIN students s ON s.id = d.student "
        "WHERE s.class_code = ? AND s.archived = 0 AND d.lesson = ? GROUP BY d.student", (code, lesson))}
    roster, on_step = [], {}
    for sid, name, last_seen, step, training, updated, loss, accuracy in students:
        right, answered = scores.get(sid, (0, 0))
        fresh = updated is not None and now - updated < TRAINING_FRESH_S
        roster.append({"id": sid, "name": name or "(no name)", "step": step or "", "last_seen": last_seen,
                       "training": bool(training) and fresh, "loss": loss, "accuracy": accuracy,
                       "checks_right": int(right or 0), "checks_answered": int(answered or 0),
                       "done": done_by.get(sid, 0)})
        if step:
            on_step[step] = on_step.get(step, 0) + 1
    answers, right_answers = {}, {}
    for check_id, answer, correct, n in db.read(
            "SELECT a.check_id, a.answer, a.correct, COUNT(*) FROM answers a JOIN students s ON s.id = a.student "
            "WHERE s.class_code = ? AND s.archived = 0 AND a.lesson = ? "
            "GROUP BY a.check_id, a.answer, a.correct", (code, lesson)):
        answers.setdefault(check_id, {})[answer] = answers.get(check_id, {}).get(answer, 0) + int(n)
        if correct:
            right_answers[check_id] = answer
    done = {r[0]: int(r[1]) for r in db.read(
        "SELECT d.step, COUNT(*) FROM steps_done d JOIN students s ON s.id = d.student "
        "WHERE s.class_code = ? AND s.archived = 0 AND d.lesson = ? GROUP BY d.step", (code, lesson))}
    return {"roster": roster, "on_step": on_step, "answers": answers, "right_answers": right_answers,
            "done": done}
