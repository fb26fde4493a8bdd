"""The store's one schema, written once for SQLite and PostgreSQL, and its numbered migrations.

Version 1 is engine/run_store.py's `runs` table as it shipped; each later step only adds.
"""

# Types both databases read the same way: DOUBLE PRECISION is a REAL in SQLite (a PostgreSQL
# REAL is 4 bytes, too coarse for unix times); {blob} is BLOB or BYTEA.
MIGRATIONS = [
    # 1: the pool of finished runs, as engine/run_store.py created it.
    """
    CREATE TABLE IF NOT EXISTS runs (
        id TEXT PRIMARY KEY,
        browser TEXT NOT NULL,          -- a random id per browser (or a student id), never a name
        lesson TEXT NOT NULL,
        kind TEXT NOT NULL,             -- what it was for: "compare", "challenge", ...
        created DOUBLE PRECISION NOT NULL,
        settings TEXT NOT NULL,         -- JSON: seed, task settings, hyperparameters
        measures TEXT NOT NULL,         -- JSON: final val_accuracy, seconds, params, ...
        curve TEXT NOT NULL             -- JSON: {"step": [...], "val_accuracy": [...], "loss": [...]}
    );
    CREATE INDEX IF NOT EXISTS runs_lesson ON runs (lesson, kind);
    """,
    # 2: example runs in the pool; the classroom (instructor, classes, students, progress).
    """
    ALTER TABLE runs ADD COLUMN example INTEGER NOT NULL DEFAULT 0;  -- 1: a sweep shipped as an example
    CREATE TABLE meta (                 -- server secret, instructor password hash
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE classes (
        code TEXT PRIMARY KEY,          -- the join code students type
        name TEXT NOT NULL,
        lesson TEXT NOT NULL,           -- a lesson path without its slash: "rnn"
        created DOUBLE PRECISION NOT NULL,
        step TEXT NOT NULL DEFAULT '',  -- the step id the instructor brought the class to ('' none)
        moved DOUBLE PRECISION NOT NULL DEFAULT 0,  -- when: a page that saw an older move follows
        paused INTEGER NOT NULL DEFAULT 0,          -- 1: every student's training is paused
        locked_beyond TEXT NOT NULL DEFAULT '',     -- steps after this id are closed ('' none)
        ended DOUBLE PRECISION                       -- NULL while the class runs; its roster is archived
    );
    CREATE TABLE students (
        id TEXT PRIMARY KEY,            -- issued by the server, held in a signed cookie
        class_code TEXT,                -- NULL: a self-paced student
        name TEXT NOT NULL DEFAULT '',
        joined DOUBLE PRECISION NOT NULL,
        last_seen DOUBLE PRECISION NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX students_class ON students (class_code);
    CREATE TABLE progress (             -- where a student is in a lesson, and their live numbers
        student TEXT NOT NULL,
        lesson TEXT NOT NULL,
        step TEXT NOT NULL,
        updated DOUBLE PRECISION NOT NULL,
        training INTEGER NOT NULL DEFAULT 0,
        loss DOUBLE PRECISION,
        accuracy DOUBLE PRECISION,
        PRIMARY KEY (student, lesson)
    );
    CREATE TABLE answers (              -- the latest answer to each check
        student TEXT NOT NULL,
        lesson TEXT NOT NULL,
        step TEXT NOT NULL,
        check_id TEXT NOT NULL,
        answer TEXT NOT NULL,
        correct INTEGER NOT NULL,
        answered DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (student, lesson, check_id)
    );
    CREATE TABLE terms_opened (
        student TEXT NOT NULL,
        lesson TEXT NOT NULL,
        term TEXT NOT NULL,
        opened DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (student, lesson, term)
    );
    CREATE TABLE steps_done (           -- a step's live confirmation held
        student TEXT NOT NULL,
        lesson TEXT NOT NULL,
        step TEXT NOT NULL,
        done DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (student, lesson, step)
    );
    CREATE TABLE snapshots (            -- the latest snapshot of each of a student's runs
        student TEXT NOT NULL,
        lesson TEXT NOT NULL,
        run TEXT NOT NULL,              -- the page's name for the run: "train", "compare-lstm", ...
        settings TEXT NOT NULL,         -- JSON
        measures TEXT NOT NULL,         -- JSON: step, loss, accuracy at the snapshot
        snapshot {blob},                -- the engine's snapshot bytes
        saved DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (student, lesson, run)
    );
    CREATE TABLE drawings (
        student TEXT NOT NULL,
        lesson TEXT NOT NULL,
        name TEXT NOT NULL,
        drawing TEXT NOT NULL,          -- JSON
        saved DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (student, lesson, name)
    );
    """,
]

TYPES = {"sqlite": {"blob": "BLOB"}, "postgresql": {"blob": "BYTEA"}}


def statements(version: int, dialect: str) -> list[str]:
    """Migration `version` (1-based) as single statements for `dialect`."""
    text = MIGRATIONS[version - 1].replace("{blob}", TYPES[dialect]["blob"])
    lines = [line.split("--")[0] for line in text.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
