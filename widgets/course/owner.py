"""Whose runs a page's are, as the server knows it: its signed cookie, never an id from the page.

The server names how to read it (explorables/classroom/identity.py's current_owner, set at start);
without a server (a notebook, a test) no one is known and a page keeps its own per-session id.
"""
from collections.abc import Callable


def _no_one() -> str | None:
    return None


_source: Callable[[], str | None] = _no_one


def use_owner_source(source: Callable[[], str | None]) -> None:
    """Set once at start by the server: a function read inside a page's Panel session."""
    global _source
    _source = source


def session_owner() -> str | None:
    """The server-issued owner of this Panel session's browser; None when not known."""
    return _source()
