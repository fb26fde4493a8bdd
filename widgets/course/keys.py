"""ArrowKeys: reports Left/Right arrow presses on the page (not while typing in a field)."""
import param
from panel.custom import JSComponent


class ArrowKeys(JSComponent):
    """Fires `left` or `right` once per press (a message each: param syncs could coalesce). Invisible."""

    left = param.Event()
    right = param.Event()

    _esm = "keys.js"

    def _handle_msg(self, data):
        if data in ("left", "right"):
            self.param.trigger(data)
