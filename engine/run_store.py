"""The class's run pool as the pages have always reached it; it lives in engine/store/ now.

`shared_run_store()` is the shared store's `runs`, so runs and progress share one database.
"""
from engine.store import configure_store, shared_store
from engine.store.runs import ROWS_PER_BROWSER, RunStore, valid_browser

__all__ = ["ROWS_PER_BROWSER", "RunStore", "configure_run_store", "shared_run_store", "valid_browser"]


def configure_run_store(path: str) -> RunStore:
    """The server opens the class's store once at start (explorables serve --db PATH or URL)."""
    return configure_store(path).runs


def shared_run_store() -> RunStore:
    """The store pages write to; var/runs.sqlite beside the code if the server set none."""
    return shared_store().runs
