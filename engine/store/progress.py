"""Progress: what one student did in one lesson, written behind the page and read back to resume.

Every call names the student whose row it touches; nothing here reads across students (the
instructor's view is engine/store/dashboard.py). Writes are queued for the store's writer thread
(`wait=False`), so a page's event loop never waits on the disk; `Store.flush()` waits for them.
"""
import json
import time

from .db import Database


class Progress:
    def __init__(self, db: Database):
        self.db = db

    # --- writing (queued) ----------------------------------------------------------------------
    def record_step(self, student: str, lesson: str, step: str) -> None:
        """The student is now on `step` of `lesson`."""
        now = time.time()
        self._write(student, now, "INSERT INTO progress (student, lesson, step, updated) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (student, lesson) DO UPDATE SET step = excluded.step, updated = excluded.updated",
                    (student, lesson, step, now), key=f"step:{student}:{lesson}")

    def record_live(self, student: str, lesson: str, training: bool, loss: float | None = None,
                    accuracy: float | None = None) -> None:
        """Whether their model trains now, and its latest loss/accuracy (for the dashboard)."""
        now = time.time()
        self._write(student, now, "INSERT INTO progress (student, lesson, step, updated, training, loss, accuracy) "
                    "VALUES (?, ?, '', ?, ?, ?, ?) ON CONFLICT (student, lesson) DO UPDATE SET "
                    "updated = excluded.updated, training = excluded.training, loss = excluded.loss, "
                    "accuracy = excluded.accuracy",
                    (student, lesson, now, int(training), _number(loss), _number(accuracy)),
                    key=f"live:{student}:{lesson}")

    def record_answer(self, student: str, lesson: str, step: str, check_id: str, answer: str,
                      correct: bool) -> None:
        """Their latest answer to one check (an earlier answer is replaced)."""
        now = time.time()
        self._write(student, now, "INSERT INTO answers (student, lesson, step, check_id, answer, correct, answered) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (student, lesson, check_id) DO UPDATE SET "
                    "step = excluded.step, answer = excluded.answer, correct = excluded.correct, "
                    "answered = excluded.answered",
                    (student, lesson, step, check_id, str(answer), int(correct), now),
                    key=f"answer:{student}:{lesson}:{check_id}")

    def record_term(self, student: str, lesson: str, term: str) -> None:
        now = time.time()
        self._write(student, now, "INSERT INTO terms_opened (student, lesson, term, opened) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (student, lesson, term) DO NOTHING", (student, lesson, term, now))

    def mark_done(self, student: str, lesson: str, step: str) -> None:
        """The step's live confirmation held for this student (kept once, the first time)."""
        now = time.time()
        self._write(student, now, "INSERT INTO steps_done (student, lesson, step, done) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (student, lesson, step) DO NOTHING", (student, lesson, step, now))

    def save_snapshot(self, student: str, lesson: str, run: str, settings: dict, measures: dict,
                      snapshot: bytes) -> None:
        """The latest snapshot of one of their runs (every N steps and on pause); a newer one
        queued behind a failing disk replaces the older, so memory holds one per run."""
        now = time.time()
        self._write(student, now, "INSERT INTO snapshots (student, lesson, run, settings, measures, snapshot, saved) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (student, lesson, run) DO UPDATE SET "
                    "settings = excluded.settings, measures = excluded.measures, snapshot = excluded.snapshot, "
                    "saved = excluded.saved",
                    (student, lesson, run, json.dumps(settings), json.dumps(measures), bytes(snapshot), now),
                    key=f"snapshot:{student}:{lesson}:{run}")

    def save_drawing(self, student: str, lesson: str, name: str, drawing) -> None:
        now = time.time()
        self._write(student, now, "INSERT INTO drawings (student, lesson, name, drawing, saved) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (student, lesson, name) DO UPDATE SET drawing = excluded.drawing, "
                    "saved = excluded.saved", (student, lesson, name, json.dumps(drawing), now),
                    key=f"drawing:{student}:{lesson}:{name}")

    def _write(self, student, now, sql, args, key=None):
        seen = ("UPDATE students SET last_seen = ? WHERE id = ?", (now, student))
        self.db.transaction([(sql, args), seen], key=key, wait=False)

    # --- reading back (resume) ------------------------------------------------------------------
    def load(self, student: str, lesson: str) -> dict:
        """Everything kept for one student in one lesson (snapshots without their bytes):
        {step, training, loss, accuracy, answers: {check_id: {step, answer, correct}},
         terms: [...], done: [...], snapshots: {run: {settings, measures, saved}}, drawings: {name: ...}}."""
        me = (student, lesson)
        row = self.db.read("SELECT step, training, loss, accuracy FROM progress WHERE student = ? AND lesson = ?", me)
        step, training, loss, accuracy = row[0] if row else ("", 0, None, None)
        answers = {r[0]: {"step": r[1], "answer": r[2], "correct": bool(r[3])} for r in self.db.read(
            "SELECT check_id, step, answer, correct FROM answers WHERE student = ? AND lesson = ?", me)}
        terms = [r[0] for r in self.db.read(
            "SELECT term FROM terms_opened WHERE student = ? AND lesson = ? ORDER BY opened", me)]
        done = [r[0] for r in self.db.read(
            "SELECT step FROM steps_done WHERE student = ? AND lesson = ? ORDER BY done", me)]
        snapshots = {r[0]: {"settings": json.loads(r[1]), "measures": json.loads(r[2]), "saved": r[3]}
                     for r in self.db.read("SELECT run, settings, measures, saved FROM snapshots "
                                           "WHERE student = ? AND lesson = ?", me)}
        drawings = {r[0]: json.loads(r[1]) for r in self.db.read(
            "SELECT name, drawing FROM drawings WHERE student = ? AND lesson = ?", me)}
        return {"step": step, "training": bool(training), "loss": loss, "accuracy": accuracy,
                "answers": answers, "terms": terms, "done": done, "snapshots": snapshots, "drawings": drawings}

    def snapshot(self, student: str, lesson: str, run: str) -> dict | None:
        """{settings, measures, snapshot: bytes, saved} of one of their runs, or None."""
        rows = self.db.read("SELECT settings, measures, snapshot, saved FROM snapshots "
                            "WHERE student = ? AND lesson = ? AND run = ?", (student, lesson, run))
        if not rows:
            return None
        settings, measures, blob, saved = rows[0]
        return {"settings": json.loads(settings), "measures": json.loads(measures),
                "snapshot": bytes(blob), "saved": saved}


def _number(x):
    """NaN and infinities are kept as NULL: a diverged loss shows as none, not as a crash."""
    if x is None:
        return None
    x = float(x)
    return x if x == x and abs(x) != float("inf") else None
