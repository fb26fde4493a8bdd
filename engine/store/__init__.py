"""The store: one database (SQLite file or PostgreSQL) for the run pool, classes and progress.

`shared_store()` is what pages use: `.runs` (the pool), `.classes`, `.progress`, `.status()`.
"""
import os
import secrets
import threading

from .classes import Classes
from .db import Database, StoreError
from .progress import Progress
from .runs import RunStore

__all__ = ["Store", "StoreError", "configure_store", "shared_store"]


class Store:
    def __init__(self, url: str, **db_options):
        self.db = Database(url, **db_options)
        self.runs = RunStore(self.db)
        self.classes = Classes(self.db)
        self.progress = Progress(self.db)

    @property
    def healthy(self) -> bool:
        return self.db.healthy

    def status(self) -> dict:
        """{healthy, problem, since, pending}; a page says "progress is not being saved" when unhealthy."""
        return self.db.status()

    def flush(self, timeout: float = 10.0) -> bool:
        return self.db.flush(timeout)

    def meta(self, key: str) -> str | None:
        rows = self.db.read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.write("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                      "excluded.value", (key, value))

    def secret(self, key: str = "cookie_secret") -> str:
        """A random secret made once and kept (the first server to ask wins a race)."""
        self.db.write("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                      (key, secrets.token_urlsafe(32)))
        value = self.meta(key)
        if value is None:
            raise StoreError("the store could not keep the server's secret: " + str(self.status()["problem"]))
        return value

    def close(self):
        self.db.close()


_shared: Store | None = None
_shared_lock = threading.Lock()


def configure_store(url: str, **db_options) -> Store:
    """The server opens the store once at start (explorables serve --db PATH or postgresql://...)."""
    global _shared
    with _shared_lock:
        _shared = Store(url, **db_options)
    return _shared


def shared_store() -> Store:
    """The store pages use; var/runs.sqlite beside the code if the server set none."""
    global _shared
    with _shared_lock:
        if _shared is None:
            root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
            _shared = Store(os.path.join(root, "var", "runs.sqlite"))
        return _shared
