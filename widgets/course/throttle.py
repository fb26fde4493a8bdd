"""Throttle: follows another object's parameter at most once per `period` seconds.

Heavy plots (HoloViews heatmaps, a sampled trace) bind to `value` instead of the live
parameter, so a run streaming ten updates a second redraws them only as often as is useful.
The last change always lands: a trailing update is kept and applied on the next change.
"""
import time

import param


class Throttle(param.Parameterized):
    value = param.Parameter(default=None)
    period = param.Number(default=1.0, bounds=(0, None))

    def __init__(self, source: param.Parameterized, name: str, **params):
        super().__init__(value=getattr(source, name), **params)
        self._last = 0.0
        source.param.watch(self._on_change, name)
        if hasattr(source, "status"):
            source.param.watch(lambda _: self._flush(source, name), "status")

    def _on_change(self, event):
        now = time.monotonic()
        if now - self._last >= self.period:
            self._last, self.value = now, event.new

    def _flush(self, source, name):
        """A paused run sends no more updates: show its last state at once."""
        if getattr(source, name) is not self.value:
            self._last, self.value = time.monotonic(), getattr(source, name)
