"""RunStore: the class's finished runs in an embedded SQLite file (settings, measures, curves).

No names: each run carries a random id per browser. Every call opens its own connection
(WAL, a busy timeout), so many sessions and processes can write at once. A file that is not
a readable database is moved aside (one log line says where) and a fresh one is started.
"""
import json
import logging
import os
import sqlite3
import threading
import time
import uuid

log = logging.getLogger("explorables.runs")

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    browser TEXT NOT NULL,      -- a random id per browser, never a name
    lesson TEXT NOT NULL,
    kind TEXT NOT NULL,         -- what it was for: "compare", "challenge", ...
    created REAL NOT NULL,      -- unix time
    settings TEXT NOT NULL,     -- JSON: seed, task settings, hyperparameters
    measures TEXT NOT NULL,     -- JSON: final val_accuracy, seconds, params, near_zero, gap, ...
    curve TEXT NOT NULL,        -- JSON: {"step": [...], "val_accuracy": [...], "loss": [...]}, <= 50 points
    example INTEGER NOT NULL DEFAULT 0  -- 1: trained by the server as an example (engine/examples.py)
);
CREATE INDEX IF NOT EXISTS runs_lesson ON runs (lesson, kind);
"""
# Files made before the example flag: the column is added, their runs count as the class's own.
MIGRATIONS = {"example": "ALTER TABLE runs ADD COLUMN example INTEGER NOT NULL DEFAULT 0"}
COLUMNS = "id, browser, lesson, kind, created, settings, measures, curve, example"


class RunStore:
    def __init__(self, path: str):
        self.path = os.path.abspath(path)
        self._lock = threading.Lock()  # one writer per process at a time; SQLite handles processes
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self._open_or_replace()

    # --- writing ----------------------------------------------------------------------------
    def add(self, browser: str, settings: dict, measures: dict, curve: dict | None = None,
            lesson: str = "tuning", kind: str = "run", example: bool = False) -> str:
        run_id = uuid.uuid4().hex[:12]
        row = (run_id, str(browser), lesson, kind, time.time(), json.dumps(settings),
               json.dumps(measures), json.dumps(curve or {}), int(bool(example)))
        self._execute(f"INSERT INTO runs ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        return run_id

    def delete(self, run_id: str, browser: str | None = None) -> int:
        """Delete one run (only if it belongs to `browser`, when given); returns how many went."""
        if browser is None:
            return self._execute("DELETE FROM runs WHERE id = ?", (run_id,))
        return self._execute("DELETE FROM runs WHERE id = ? AND browser = ?", (run_id, browser))

    def delete_all(self, lesson: str | None = None) -> int:
        """The instructor's reset: every run (of one lesson, when given)."""
        if lesson is None:
            return self._execute("DELETE FROM runs", ())
        return self._execute("DELETE FROM runs WHERE lesson = ?", (lesson,))

    # --- reading ----------------------------------------------------------------------------
    def runs(self, lesson: str = "tuning", kind: str | None = None, limit: int = 2000,
             example: bool | None = None) -> list[dict]:
        """Newest first: {id, browser, kind, created, settings, measures, curve, example}.

        example: None lists every run, False only the class's own, True only the server's examples.
        """
        sql = "SELECT id, browser, kind, created, settings, measures, curve, example FROM runs WHERE lesson = ?"
        args: tuple = (lesson,)
        if kind is not None:
            sql, args = sql + " AND kind = ?", args + (kind,)
        if example is not None:
            sql, args = sql + " AND example = ?", args + (int(example),)
        rows = self._query(sql + " ORDER BY created DESC LIMIT ?", args + (limit,))
        return [{"id": r[0], "browser": r[1], "kind": r[2], "created": r[3], "settings": json.loads(r[4]),
                 "measures": json.loads(r[5]), "curve": json.loads(r[6]), "example": bool(r[7])} for r in rows]

    def count(self, lesson: str | None = None, example: bool | None = None) -> int:
        """How many runs (of one lesson; only examples or only the class's own, when asked)."""
        where = [("lesson = ?", lesson)] if lesson is not None else []
        where += [("example = ?", int(example))] if example is not None else []
        sql = "SELECT COUNT(*) FROM runs" + (" WHERE " + " AND ".join(w for w, _ in where) if where else "")
        return self._query(sql, tuple(a for _, a in where))[0][0]

    def distribution(self, setting: str, lesson: str = "tuning", kind: str | None = None,
                     example: bool | None = None) -> dict:
        """value -> how many stored runs used it, for one setting (runs without it are left out)."""
        counts: dict = {}
        for run in self.runs(lesson, kind, limit=1_000_000, example=example):
            if setting in run["settings"]:
                value = run["settings"][setting]
                counts[value] = counts.get(value, 0) + 1
        return counts

    # --- inside ---------------------------------------------------------------------------------
    def _connect(self):
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA busy_timeout = 10000")
        return db

    def _open_or_replace(self):
        try:
            db = self._connect()
            try:
                if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("quick_check failed")
                db.execute("PRAGMA journal_mode = WAL")
                db.executescript(SCHEMA)
                self._migrate(db)
                db.commit()
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            self._replace(exc)

    @staticmethod
    def _migrate(db):
        """Add the columns an older file lacks (CREATE TABLE IF NOT EXISTS leaves its table as it was)."""
        have = {row[1] for row in db.execute("PRAGMA table_info(runs)")}
        for column, sql in MIGRATIONS.items():
            if column not in have:
                db.execute(sql)

    def _replace(self, exc):
        aside = f"{self.path}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.path + suffix):
                os.replace(self.path + suffix, aside + suffix)
        log.error("The runs database %s could not be read (%s); it was moved to %s and a fresh, "
                  "empty database was started.", self.path, exc, aside)
        db = self._connect()
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.executescript(SCHEMA)
            db.commit()
        finally:
            db.close()

    def _execute(self, sql, args) -> int:
        with self._lock:
            for attempt in (0, 1):
                try:
                    db = self._connect()
                    try:
                        with db:
                            return db.execute(sql, args).rowcount
                    finally:
                        db.close()
                except sqlite3.DatabaseError as exc:
                    if attempt or isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                        raise
                    self._replace(exc)  # the file went bad while the site ran: start afresh

    def _query(self, sql, args) -> list:
        for attempt in (0, 1):
            try:
                db = self._connect()
                try:
                    return db.execute(sql, args).fetchall()
                finally:
                    db.close()
            except sqlite3.DatabaseError as exc:
                if attempt or isinstance(exc, sqlite3.OperationalError):
                    raise
                with self._lock:
                    self._replace(exc)


_shared: RunStore | None = None


def configure_run_store(path: str) -> RunStore:
    """The server opens the class's store once at start (explorables serve --db PATH)."""
    global _shared
    _shared = RunStore(path)
    return _shared


def shared_run_store() -> RunStore:
    """The store pages write to; var/runs.sqlite beside the code if the server set none."""
    global _shared
    if _shared is None:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        _shared = RunStore(os.path.join(root, "var", "runs.sqlite"))
    return _shared
