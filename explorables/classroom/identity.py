"""Which student a lesson page serves: the server-issued id in their signed cookie, or None.

A lesson page calls `current_student()` while it is built (inside its Panel session). The id is
never taken from the page or from local storage, so a student cannot pose as another.
"""
import panel as pn

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
