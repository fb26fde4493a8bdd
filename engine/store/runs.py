"""RunStore: the class's finished runs (settings, measures, curves), the pool /tuning draws.

No names: each run carries the id the server signed into its browser's cookie (a visitor's, or a
class student's). Example runs, written by a sweep and shipped with the site, carry `example` and
survive the instructor's reset.
"""
import json
import re
import time
import uuid

from .db import Database

# The ids the site issues: a visitor cookie's 16 hex digits (explorables/hardening.py), a page's
# "session-" + 12 while none is known, a classroom student's 32 hex digits, and "example" for the
# example sweep. Runs under the retired localStorage ids (16 hex too) stay in the pool, no one's.
# An 8 MB id once made a 67 MB database.
BROWSER_ID = re.compile(r"[0-9a-f]{16}|[0-9a-f]{32}|session-[0-9a-f]{12}|example")
ROWS_PER_BROWSER = 200  # beyond this a browser's oldest runs go: one student cannot fill the disk


def valid_browser(browser) -> bool:
    return isinstance(browser, str) and BROWSER_ID.fullmatch(browser) is not None


class RunStore:
    def __init__(self, db: "Database | str"):
        self.db = db if isinstance(db, Database) else Database(db)
        self.path = self.db.path or self.db._where()

    # --- writing ----------------------------------------------------------------------------
    def add(self, browser: str, settings: dict, measures: dict, curve: dict | None = None,
            lesson: str = "tuning", kind: str = "run", example: bool = False) -> str:
        """Store one finished run; its id, also when the store is failing (it is queued, not lost).

        ValueError for a browser id the site did not issue; past ROWS_PER_BROWSER runs (examples
        aside) that browser's oldest go."""
        if not valid_browser(browser):
            raise ValueError("not a browser id this site issues")
        run_id = uuid.uuid4().hex[:12]
        row = (run_id, browser, lesson, kind, time.time(), json.dumps(settings),
               json.dumps(measures), json.dumps(curve or {}), int(example))
        # ON CONFLICT: a queued write retried after a commit whose answer was lost adds no twin.
        statements = [("INSERT INTO runs (id, browser, lesson, kind, created, settings, measures, curve, example) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", row)]
        if not example:  # one transaction with the insert: one write pending when the store fails
            statements.append(("DELETE FROM runs WHERE browser = ? AND id NOT IN (SELECT id FROM runs "
                               "WHERE browser = ? ORDER BY created DESC LIMIT ?)",
                               (browser, browser, ROWS_PER_BROWSER)))
        self.db.transaction(statements)
        return run_id

    def delete(self, run_id: str, browser: str | None = None) -> int:
        """Delete one run (only if it belongs to `browser`, when given); returns how many went."""
        if browser is None:
            return self.db.write("DELETE FROM runs WHERE id = ?", (run_id,)) or 0
        return self.db.write("DELETE FROM runs WHERE id = ? AND browser = ?", (run_id, browser)) or 0

    def delete_all(self, lesson: str | None = None, examples: bool = False) -> int:
        """The instructor's reset: every run (of one lesson, when given); example runs only if asked."""
        sql, args = "DELETE FROM runs WHERE 1 = 1", ()
        if lesson is not None:
            sql, args = sql + " AND lesson = ?", (lesson,)
        if not examples:
            sql += " AND example = 0"
        return self.db.write(sql, args) or 0

    # --- reading ----------------------------------------------------------------------------
    def runs(self, lesson: str = "tuning", kind: str | None = None, limit: int = 2000,
             example: bool | None = None) -> list[dict]:
        """Newest first: {id, browser, kind, created, settings, measures, curve, example}.

        example: None lists every run, False only the class's own, True only the examples.
        """
        sql = ("SELECT id, browser, kind, created, settings, measures, curve, example FROM runs "
               "WHERE lesson = ?")
        args: tuple = (lesson,)
        if kind is not None:
            sql, args = sql + " AND kind = ?", args + (kind,)
        if example is not None:
            sql, args = sql + " AND example = ?", args + (int(example),)
        rows = self.db.read(sql + " ORDER BY created DESC LIMIT ?", args + (limit,))
        return [{"id": r[0], "browser": r[1], "kind": r[2], "created": r[3], "settings": json.loads(r[4]),
                 "measures": json.loads(r[5]), "curve": json.loads(r[6]), "example": bool(r[7])}
                for r in rows]

    def of_class(self, code: str, lesson: str = "tuning", limit: int = 2000) -> list[dict]:
        """Newest first, as runs(): the runs of the students of class `code` (each run's owner is
        the student id the server signed, so a visitor's or another class's are not among them)."""
        rows = self.db.read(
            "SELECT r.id, r.browser, r.kind, r.created, r.measures FROM runs r JOIN students s "
            "ON s.id = r.browser WHERE s.class_code = ? AND r.lesson = ? AND r.example = 0 "
            "ORDER BY r.created DESC LIMIT ?", (code, lesson, limit))
        return [{"id": r[0], "browser": r[1], "kind": r[2], "created": r[3], "measures": json.loads(r[4])}
                for r in rows]

    def count(self, lesson: str | None = None, example: bool | None = None) -> int:
        """How many runs (of one lesson; only the examples or only the class's own, when asked)."""
        where = ([("lesson = ?", lesson)] if lesson is not None else []) + (
            [("example = ?", int(example))] if example is not None else [])
        sql = "SELECT COUNT(*) FROM runs" + (" WHERE " + " AND ".join(w for w, _ in where) if where else "")
        return self.db.read(sql, tuple(a for _, a in where))[0][0]

    def distribution(self, setting: str, lesson: str = "tuning", kind: str | None = None,
                     example: bool | None = None) -> dict:
        """value -> how many stored runs used it, for one setting (runs without it are left out)."""
        counts: dict = {}
        for run in self.runs(lesson, kind, limit=1_000_000, example=example):
            if setting in run["settings"]:
                value = run["settings"][setting]
                counts[value] = counts.get(value, 0) + 1
        return counts
