"""BrowserId: a random id kept in this browser's localStorage: runs are grouped by it, never by name."""
import param
from panel.custom import JSComponent


class BrowserId(JSComponent):
    """`value` is "" until the browser reports its id (made on its first visit). Invisible."""

    value = param.String(default="")

    _esm = "browser_id.js"
