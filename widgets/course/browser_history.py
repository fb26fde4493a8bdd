"""BrowserHistory: the browser's Back and Forward buttons restore the state the URL holds.

Panel's Location pushes a history entry for each synced change but ignores `popstate`, so
Back changed the address and not the page. This component reports the restored query to
the server, which sets `pn.state.location.search`: every `location.sync`ed parameter follows.
"""
import panel as pn
import param
from panel.custom import JSComponent


class BrowserHistory(JSComponent):
    """Invisible. Put one on a page whose state is synced with `pn.state.location.sync`."""

    defaults = param.Dict(default={}, doc="Query values an entry without them stands for, e.g. "
                                          "{'step': '1'}: the page's first entry has no query.")

    _esm = "browser_history.js"

    def _handle_msg(self, search):
        location = pn.state.location
        if location is not None and isinstance(search, str) and location.search != search:
            location.search = search  # Location applies it to every synced parameter
