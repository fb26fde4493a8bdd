"""Database: one SQLite file (WAL) or PostgreSQL server behind the same calls, faults kept visible.

A write that cannot be made now (disk full, I/O error, read-only file, a lock held too long, the
server gone) is logged once, kept in order in memory and retried by a writer thread; `status()`
says so, for a page to show. Only a file that fails SQLite's integrity check is moved aside.
"""
import collections
import itertools
import logging
import os
import sqlite3
import sys
import threading
import time
import uuid

from . import schema

log = logging.getLogger("explorables.store")
BATCH = 500  # queued writes per transaction


class StoreError(Exception):
    """A read the store could not answer (the reason is in the message and in status())."""


class Database:
    """`url`: a file path (SQLite) or postgresql://...; statements use `?` placeholders."""

    def __init__(self, url: str, lock_wait: float = 5.0, retry_every: float = 2.0):
        self.dialect = "postgresql" if url.startswith(("postgresql://", "postgres://")) else "sqlite"
        self.url = url
        self.path = os.path.abspath(url) if self.dialect == "sqlite" else None
        self.lock_wait, self.retry_every = lock_wait, retry_every
        self._pending = collections.OrderedDict()   # key -> [(sql, args), ...], oldest first
        self._flush_lock = threading.Lock()          # one flusher at a time, in order
        self._queue_lock = threading.Lock()
        self._wake = threading.Event()
        self._waiting, self._results = set(), {}     # rowcounts for callers that wait
        self._writer = None
        self._local = threading.local()              # PostgreSQL: one connection per thread
        self._problem, self._since, self._ready = None, None, False
        if self.path:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
        try:
            self._prepare()
        except Exception as exc:  # not fatal: the site runs, says so, and retries
            self._fail(exc, "open")
            self._start_writer()

    # --- the calls ---------------------------------------------------------------------------
    def write(self, sql: str, args: tuple = (), key: str | None = None, wait: bool = True) -> int | None:
        """One statement in its own transaction; see `transaction`."""
        return self.transaction([(sql, args)], key, wait)

    def transaction(self, statements: list, key: str | None = None, wait: bool = True) -> int | None:
        """Run statements together. `wait`: now, in this thread, returning the last rowcount (None if
        it could not be written and was queued); else queued for the writer thread at once.
        A newer queued write with the same `key` replaces an older one not yet written."""
        key = key or uuid.uuid4().hex
        with self._queue_lock:
            self._pending.pop(key, None)
            self._pending[key] = list(statements)
            if wait and not self._problem:
                self._waiting.add(key)
        if key not in self._waiting:  # while failing, the writer thread keeps the order
            self._start_writer()
            return None
        with self._flush_lock:
            self._flush()
        with self._queue_lock:
            self._waiting.discard(key)
            return self._results.pop(key, None)

    def read(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Rows, retried while locked; StoreError when the database cannot be read."""
        try:
            return self._retrying(lambda: self._run([(sql, args)], fetch=True))
        except Exception as exc:
            raise StoreError(f"the store could not be read: {exc}") from exc

    def flush(self, timeout: float = 10.0) -> bool:
        """Write everything queued now; True when nothing is left."""
        if self._flush_lock.acquire(timeout=timeout):
            try:
                self._flush()
            finally:
                self._flush_lock.release()
        return not self._pending

    def status(self) -> dict:
        """{healthy, problem, since, pending}: what a page shows when progress is not being saved."""
        return {"healthy": self.healthy, "problem": self._problem, "since": self._since,
                "pending": len(self._pending)}

    @property
    def healthy(self) -> bool:
        """False while writes fail; queued writes waiting for the writer thread are normal."""
        return self._problem is None

    # --- writing what is queued --------------------------------------------------------------
    def _flush(self):
        """Write queued items oldest first, many to a transaction (caller holds _flush_lock); stop at
        the first failure. 60 students' progress as one transaction per item was 120 commits a
        second and fell behind; batched, it is a few commits a second."""
        batch = BATCH
        while True:
            with self._queue_lock:
                items = list(itertools.islice(self._pending.items(), batch))
            if not items:
                break
            try:
                rowcounts = self._write_now([st for _, statements in items for st in statements])
            except Exception as exc:
                if _is_bad_statement(exc):
                    if len(items) > 1:
                        batch = 1  # find the one that can never be written
                        continue
                    self._drop(items[0], exc)
                    continue
                self._fail(exc, "write")
                self._start_writer()
                return
            done = 0
            with self._queue_lock:
                for key, statements in items:
                    done += len(statements)
                    if self._pending.get(key) is statements:
                        del self._pending[key]
                    if key in self._waiting:
                        self._results[key] = rowcounts[done - 1]
        if self._problem and not self._pending:
            if not self._ready:
                try:
                    self._prepare()
                except Exception as exc:
                    self._fail(exc, "open")
                    self._start_writer()
                    return
            log.warning("The store %s is saving again; every queued write was saved.", self._where())
            self._problem = self._since = None

    def _drop(self, item, exc):
        """A write the database refuses as wrong (not as busy or broken): logged whole, then let go,
        or it would block every write behind it forever."""
        key, statements = item
        log.error("The store refused a write as invalid and it was dropped (%s): %s", exc,
                  [sql for sql, _ in statements])
        with self._queue_lock:
            if self._pending.get(key) is statements:
                del self._pending[key]

    def _write_now(self, statements) -> list[int]:
        return self._retrying(lambda: self._run(statements))

    def _retrying(self, work):
        """work() on a prepared database: retried while locked (up to lock_wait), once more after
        _repair() mended the schema or the file; else its error."""
        deadline = time.monotonic() + self.lock_wait
        delay, repaired = 0.05, False
        while True:
            try:
                if not self._ready:
                    self._prepare()
                return work()
            except Exception as exc:
                if self._is_lock(exc) and time.monotonic() < deadline:
                    time.sleep(delay)
                    delay = min(delay * 2, 0.5)
                    continue
                if not repaired and self._repair(exc):
                    repaired = True
                    continue
                raise

    def _start_writer(self):
        self._wake.set()
        if self._writer is None or not self._writer.is_alive():
            self._writer = threading.Thread(target=self._writer_loop, name="store-writer", daemon=True)
            self._writer.start()

    def _writer_loop(self):
        wait = self.retry_every
        while True:
            self._wake.wait(timeout=wait)
            self._wake.clear()
            with self._flush_lock:
                self._flush()
            # Back off while failing (a full disk stays full for a while), at most 30 s apart.
            wait = min(wait * 2, 30.0) if self._problem else self.retry_every

    def _fail(self, exc, doing):
        problem = f"{type(exc).__name__}: {exc}"
        if self._problem is None:
            self._since = time.time()
            log.error("The store %s could not %s (%s); progress is not being saved. %d write(s) are "
                      "kept in memory and retried.", self._where(), doing, problem, len(self._pending))
        self._problem = problem

    # --- SQLite and PostgreSQL ---------------------------------------------------------------
    def _run(self, statements, fetch=False):
        statements = [(sql, _without_nul(args)) for sql, args in statements]
        if self.dialect == "sqlite":
            db = sqlite3.connect(self.path, timeout=min(1.0, self.lock_wait), isolation_level=None)
            try:
                if fetch:
                    return db.execute(*statements[0]).fetchall()
                # NORMAL: in WAL mode a commit survives the server killed (SIGKILL); only a power
                # cut may lose the last ones. FULL syncs the disk at every commit.
                db.execute("PRAGMA synchronous = NORMAL")
                db.execute("BEGIN IMMEDIATE")  # take the write lock first: no deadlock on upgrade
                try:
                    rowcounts = [db.execute(sql, args).rowcount for sql, args in statements]
                    db.execute("COMMIT")
                    return rowcounts
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
            finally:
                db.close()
        for attempt in (1, 2):
            conn = self._pg()
            try:
                with conn.transaction():
                    with conn.cursor() as cur:
                        rowcounts = []
                        for sql, args in statements:
                            cur.execute(sql.replace("?", "%s"), args)
                            if fetch:
                                return [tuple(r) for r in cur.fetchall()]
                            rowcounts.append(cur.rowcount)
                        return rowcounts
            except Exception as exc:
                if not (conn.closed or conn.broken):
                    raise
                # The server restarted or the connection was cut while idle: a new connection, and the
                # statements once more. (Lost in the middle of a COMMIT, a write may be made twice:
                # the store's writes are upserts or ON CONFLICT DO NOTHING, so twice is once.)
                self._local.conn = None
                if attempt == 2:
                    raise
                log.info("The store's connection to %s was lost (%s); connecting again.", self._where(), exc)

    def _pg(self):
        import psycopg  # only a PostgreSQL store needs it
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            ms = int(min(1.0, self.lock_wait) * 1000)
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=5,
                                   options=f"-c lock_timeout={ms}")
            self._local.conn = conn
        return conn

    def _is_lock(self, exc) -> bool:
        if isinstance(exc, sqlite3.OperationalError):
            return (exc.sqlite_errorname or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
        return type(exc).__name__ in ("LockNotAvailable", "DeadlockDetected", "SerializationFailure")

    def _repair(self, exc) -> bool:
        """After an error: True if the schema was missing or the file bad and it was mended."""
        if self.dialect != "sqlite":
            if type(exc).__name__ == "UndefinedTable":
                self._ready = False
                return True
            return False
        if isinstance(exc, sqlite3.OperationalError):
            if "no such table" in str(exc):  # the file was deleted while the site ran
                self._ready = False
                return True
            return False  # read-only, full, I/O error, locked: the file is fine, keep it
        if isinstance(exc, sqlite3.DatabaseError) and not self._intact():
            self._move_aside(exc)
            return True
        return False

    def _intact(self) -> bool:
        try:
            db = sqlite3.connect(self.path, timeout=min(1.0, self.lock_wait))
            try:
                return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            finally:
                db.close()
        except sqlite3.OperationalError:
            return True  # could not look (locked, I/O): not proof of damage
        except sqlite3.DatabaseError:
            return False  # "file is not a database", "malformed"

    def _move_aside(self, exc):
        aside = f"{self.path}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.path + suffix):
                os.replace(self.path + suffix, aside + suffix)
        log.error("The store %s could not be read (%s); it was moved to %s and a fresh, "
                  "empty database was started.", self.path, exc, aside)
        self._ready = False

    def _prepare(self):
        """Check the file (SQLite), then bring the schema to the newest version; a lock held by
        another server opening the same database at the same moment is waited for (lock_wait)."""
        deadline = time.monotonic() + self.lock_wait
        delay = 0.05
        while True:
            try:
                return self._prepare_once()
            except Exception as exc:
                if not (self._is_lock(exc) and time.monotonic() < deadline):
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def _prepare_once(self):
        if self.dialect == "sqlite":
            if os.path.exists(self.path) and os.path.getsize(self.path) and not self._intact():
                self._move_aside("integrity check failed")
            db = sqlite3.connect(self.path, timeout=min(1.0, self.lock_wait), isolation_level=None)
            try:
                # Switching a new file to WAL answers "database is locked" at once, without waiting, while
                # another store opens it (seen: 5 of 30 fresh files opened by 4 stores together).
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode = WAL")
            finally:
                db.close()
        # PostgreSQL: the version is read under the migration lock (servers started together raced
        # to create its table: "duplicate key value violates unique constraint pg_type_typname_nsp_index").
        if self.dialect == "postgresql" or self._version() < len(schema.MIGRATIONS):
            self._migrate()
        self._ready = True

    def _version(self) -> int:
        """SQLite's schema version, read without a lock (a file up to date is not locked to open)."""
        db = sqlite3.connect(self.path, timeout=min(1.0, self.lock_wait), isolation_level=None)
        try:
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'store_version'").fetchall():
                legacy = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'runs'").fetchall()
                return 1 if legacy else 0
            row = db.execute("SELECT MAX(version) FROM store_version").fetchone()
            return row[0] or 0
        finally:
            db.close()

    def _migrate(self):
        """Apply the missing migrations in one transaction, one process at a time."""
        if self.dialect == "sqlite":
            db = sqlite3.connect(self.path, timeout=min(1.0, self.lock_wait), isolation_level=None)
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("CREATE TABLE IF NOT EXISTS store_version (version INTEGER NOT NULL)")
                current = db.execute("SELECT MAX(version) FROM store_version").fetchone()[0]
                if current is None:  # a file from before versions: runs alone is version 1
                    current = 1 if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'runs'").fetchall() else 0
                for version in range(current + 1, len(schema.MIGRATIONS) + 1):
                    for statement in schema.statements(version, "sqlite"):
                        db.execute(statement)
                    db.execute("INSERT INTO store_version VALUES (?)", (version,))
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            finally:
                db.close()
            return
        conn = self._pg()
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(72015)")  # other servers wait here
            cur.execute("CREATE TABLE IF NOT EXISTS store_version (version INTEGER NOT NULL)")
            cur.execute("SELECT COALESCE(MAX(version), 0) FROM store_version")
            current = cur.fetchone()[0]
            if current == 0:
                cur.execute("SELECT to_regclass('runs') IS NOT NULL")
                current = 1 if cur.fetchone()[0] else 0
            for version in range(current + 1, len(schema.MIGRATIONS) + 1):
                for statement in schema.statements(version, "postgresql"):
                    cur.execute(statement)
                cur.execute("INSERT INTO store_version VALUES (%s)", (version,))

    def _where(self) -> str:
        if self.path:
            return self.path
        from urllib.parse import urlsplit
        parts = urlsplit(self.url)  # never log a password in the URL
        return f"postgresql://{parts.hostname or ''}{':' + str(parts.port) if parts.port else ''}{parts.path}"

    def close(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _without_nul(args: tuple) -> tuple:
    """Text without NUL characters, on both backends: PostgreSQL refuses them in text (the write was
    dropped as invalid), and a name or an answer reads the same from either database."""
    return tuple(a.replace("\x00", "") if isinstance(a, str) else a for a in args)


def _is_bad_statement(exc) -> bool:
    """An error no retry mends: a constraint broken, a wrong statement or value."""
    if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return True
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, (psycopg.IntegrityError, psycopg.ProgrammingError,
                                                    psycopg.DataError))
