"""LazyView: a placeholder that asks the server for its content once the browser has drawn it.

A step's text then shows at once and its live view follows: the view's models took the server
0.1-1 s to make and the browser as long again to draw. The request comes back as a browser
event, the context in which Panel sends new Bokeh models reliably: the same fill run from a
server-side next-tick or periodic callback drew the view but lost its later updates.
"""
import time
from typing import Callable

import param
from panel.custom import JSComponent

from widgets.course import build_gate


class LazyView(JSComponent):
    requested = param.Boolean(default=False)
    retry_ms = param.Integer(default=0, doc="Server to browser: ask again in this many ms (build_gate.py).")
    retries = param.Integer(default=0, doc="Counts the waits, so the same wait twice still reaches the browser.")

    _esm = "lazy_view.js"

    def when_requested(self, fill: Callable[[], None]):
        """fill() once the browser asks, one build at a time across the server (build_gate.py)."""
        first: list[float] = []

        def asked(event):
            if not event.new:
                return
            first[:] = first or [time.monotonic()]
            wait = build_gate.wait_ms(first[0])
            if wait:
                self.param.update(requested=False, retry_ms=wait, retries=self.retries + 1)
                return
            try:
                fill()
            finally:
                build_gate.built()
        self.param.watch(asked, "requested")
