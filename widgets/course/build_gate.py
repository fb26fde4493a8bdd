"""One lazy build at a time per server process, with the event loop free between builds.

A lesson page and a step's live view are built when the browser asks for them (LazyView), each
in one uninterrupted stretch of the event loop (0.1-0.4 s). Several asked at once (a browser
opening six tabs, a class opening a lesson together) were built back to back, and every other
student's chart waited for all of them: 1.3-1.5 s gaps (bench/noisy_neighbour.py, d). Past the
first, a request is answered with a short wait instead, the browser asks again, and the loop
serves everyone else's updates in between. The build still happens in a browser event, the only
context in which Panel sends new models reliably (lazy_view.py).
"""
import random
import time

GAP_S = 0.05       # after a build, before the next: the other pages' updates go out
JITTER_S = (0.02, 0.15)  # browsers told to wait do not all ask again at the same moment
MAX_WAIT_S = 4.0   # no page waits longer than this, however busy the server

_free_at = 0.0


def wait_ms(first_asked: float, now: float | None = None) -> int:
    """0: build now; else how many ms the browser waits before asking again."""
    now = time.monotonic() if now is None else now
    if now >= _free_at or now - first_asked >= MAX_WAIT_S:
        return 0
    return max(1, int((_free_at - now + random.uniform(*JITTER_S)) * 1000))


def built(now: float | None = None):
    """A build ended: the next one waits GAP_S."""
    global _free_at
    _free_at = max(_free_at, (time.monotonic() if now is None else now) + GAP_S)
