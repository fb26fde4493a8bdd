"""Classes and students: join codes, the state the instructor sets, server-issued student ids.

The state a lesson page obeys is `Classes.state(code)`: the step the class was brought to (and
when), whether training is paused, the step beyond which the lesson is closed, whether it ended.
"""
import secrets
import time

from .db import Database

# No 0/O, 1/I/L, 5/S, 2/Z: a code read off a projector is typed right the first time.
CODE_LETTERS = "ABCDEFGHJKMNPQRTUVWXY346789"
CODE_LENGTH = 5
NAME_LENGTH = 40


class ClassEnded(ValueError):
    """A join code that names no running class."""


class Classes:
    def __init__(self, db: Database):
        self.db = db

    # --- the instructor's side ---------------------------------------------------------------
    def start(self, name: str, lesson: str) -> str:
        """A new running class; its join code."""
        name = " ".join(str(name).split())[:80] or "Class"
        for _ in range(20):
            code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
            added = self.db.write("INSERT INTO classes (code, name, lesson, created) VALUES (?, ?, ?, ?) "
                                  "ON CONFLICT (code) DO NOTHING", (code, name, lesson, time.time()))
            if added == 1:
                return code
            if added is None:
                # Queued, not written: a class must exist before its code is handed out.
                problem = self.db.status()["problem"] or "the database was busy and the write is queued"
                raise RuntimeError(f"the class could not be started now ({problem}); try again")
        raise RuntimeError("no free join code after 20 tries")

    def move(self, code: str, step: str) -> None:
        """Bring the class to `step`: pages that follow go there (`moved` tells them it is new)."""
        self._set(code, "step = ?, moved = ?", (step, time.time()))

    def pause(self, code: str, paused: bool = True) -> None:
        self._set(code, "paused = ?", (int(paused),))

    def lock_beyond(self, code: str, step: str) -> None:
        """Close the steps after `step` ('' opens them all again)."""
        self._set(code, "locked_beyond = ?", (step,))

    def end(self, code: str) -> None:
        """End the class: the roster is archived (kept, no longer live); its runs stay in the pool."""
        now = time.time()
        self.db.transaction([
            ("UPDATE classes SET ended = ?, paused = 0 WHERE code = ? AND ended IS NULL", (now, code)),
            ("UPDATE students SET archived = 1 WHERE class_code = ?", (code,))])

    def _set(self, code, assignments, args):
        if self.db.write(f"UPDATE classes SET {assignments} WHERE code = ? AND ended IS NULL",
                         args + (code,)) == 0:
            raise ClassEnded(f"no running class {code}")

    # --- reading -----------------------------------------------------------------------------
    def state(self, code: str) -> dict | None:
        """{code, name, lesson, created, step, moved, paused, locked_beyond, ended} or None."""
        rows = self.db.read("SELECT code, name, lesson, created, step, moved, paused, locked_beyond, ended "
                            "FROM classes WHERE code = ?", (normal_code(code),))
        if not rows:
            return None
        r = rows[0]
        return {"code": r[0], "name": r[1], "lesson": r[2], "created": r[3], "step": r[4], "moved": r[5],
                "paused": bool(r[6]), "locked_beyond": r[7], "ended": r[8]}

    def running(self) -> list[dict]:
        """Classes not ended, newest first."""
        codes = self.db.read("SELECT code FROM classes WHERE ended IS NULL ORDER BY created DESC")
        return [self.state(c) for (c,) in codes]

    def roster(self, code: str, archived: bool = False) -> list[dict]:
        rows = self.db.read("SELECT id, name, joined, last_seen, archived FROM students WHERE class_code = ? "
                            + ("" if archived else "AND archived = 0 ") + "ORDER BY joined", (code,))
        return [{"id": r[0], "name": r[1], "joined": r[2], "last_seen": r[3], "archived": bool(r[4])}
                for r in rows]

    # --- the students' side ------------------------------------------------------------------
    def join(self, code: str, name: str = "", student: str | None = None) -> str:
        """Enrol in a running class; the student's id (the one given, if they had one)."""
        state = self.state(code)
        if state is None or state["ended"] is not None:
            raise ClassEnded(f"no running class {code!r}")
        name = " ".join(str(name).split())[:NAME_LENGTH]
        student = student or new_student_id()
        now = time.time()
        self.db.write("INSERT INTO students (id, class_code, name, joined, last_seen) VALUES (?, ?, ?, ?, ?) "
                      "ON CONFLICT (id) DO UPDATE SET class_code = excluded.class_code, "
                      "name = CASE WHEN excluded.name = '' THEN students.name ELSE excluded.name END, "
                      "last_seen = excluded.last_seen, archived = 0",
                      (student, state["code"], name, now, now))
        return student

    def enrol_self_paced(self, student: str | None = None) -> str:
        """A student with no class (the site without a class); their id."""
        student = student or new_student_id()
        now = time.time()
        self.db.write("INSERT INTO students (id, class_code, name, joined, last_seen) VALUES (?, NULL, '', ?, ?) "
                      "ON CONFLICT (id) DO NOTHING", (student, now, now))
        return student

    def student(self, student: str) -> dict | None:
        rows = self.db.read("SELECT id, class_code, name, joined, last_seen, archived FROM students WHERE id = ?",
                            (student,))
        if not rows:
            return None
        r = rows[0]
        return {"id": r[0], "class_code": r[1], "name": r[2], "joined": r[3], "last_seen": r[4],
                "archived": bool(r[5])}

    def class_of(self, student: str) -> dict | None:
        """The running class a student is in, or None (self-paced, or their class ended)."""
        me = self.student(student)
        if me is None or me["class_code"] is None or me["archived"]:
            return None
        state = self.state(me["class_code"])
        return state if state and state["ended"] is None else None


def new_student_id() -> str:
    return secrets.token_hex(16)  # 128 random bits: not guessable, not derived from a name


def normal_code(code: str) -> str:
    return "".join(str(code).split()).upper()[:16]
