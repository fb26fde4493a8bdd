"""Who a lesson page serves: the server-issued id in their signed cookie, never one from the page.

A lesson page calls these while it is built (inside its Panel session). An id is never taken from
the page or from local storage, so a student cannot pose as another.
"""
import panel as pn

from explorables.hardening import VISITOR_COOKIE, VISITOR_DAYS

from .auth import STUDENT_COOKIE

_keys = None


def use_keys(keys) -> None:
    """The server's keys, set once at start by setup_classroom."""
    global _keys
    _keys = keys


def keys():
    return _keys


def current_student() -> str | None:
    """The student id of this Panel session's browser; None for a self-paced visitor."""
    if _keys is None:
        return None
    return _keys.student_id(pn.state.cookies.get(STUDENT_COOKIE))


def current_visitor() -> str | None:
    """The visitor id the server signed for this session's browser (hardening.py issues it, on a
    browser's first page too); None without one, or with a forged or unsigned one."""
    if _keys is None:
        return None
    return _keys.decode(VISITOR_COOKIE, pn.state.cookies.get(VISITOR_COOKIE), VISITOR_DAYS)


def current_owner() -> str | None:
    """Whose runs this session's are: the student's id, else the visitor's; None when neither is
    known (no classroom keys, a cookieless client)."""
    return current_student() or current_visitor()
