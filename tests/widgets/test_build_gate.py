"""Lazy builds one at a time: a second request right after a build waits, then is built."""
import time

from widgets.course import build_gate
from widgets.course.lazy_view import LazyView


def test_a_request_right_after_a_build_waits_and_is_built_when_asked_again(monkeypatch):
    monkeypatch.setattr(build_gate, "_free_at", 0.0)
    built = []
    a, b = LazyView(), LazyView()
    a.when_requested(lambda: built.append("a"))
    b.when_requested(lambda: built.append("b"))
    a.requested = True
    assert built == ["a"]
    b.requested = True  # within GAP_S of a's build: told to ask again, nothing built
    assert built == ["a"] and not b.requested and b.retries == 1
    assert 0 < b.retry_ms <= (build_gate.GAP_S + build_gate.JITTER_S[1]) * 1000 + 1
    time.sleep(b.retry_ms / 1000)
    b.requested = True  # the browser asks again after the wait
    assert built == ["a", "b"]


def test_no_page_waits_longer_than_the_limit_however_busy_the_server():
    now = time.monotonic()
    build_gate.built(now + 100)  # as if builds kept the server busy for 100 s
    try:
        assert build_gate.wait_ms(first_asked=now, now=now + 1) > 0
        assert build_gate.wait_ms(first_asked=now, now=now + build_gate.MAX_WAIT_S) == 0
    finally:
        build_gate._free_at = 0.0
