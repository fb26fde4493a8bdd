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

    _esm = """
    export function render({ model, el }) {
      // The server echoes a restored query back; pushing that URL again would add an entry and
      // lose Forward, so a push of the current URL is skipped.
      if (!window.__explorablesPushDedup) {
        window.__explorablesPushDedup = true;
        const push = window.history.pushState.bind(window.history);
        window.history.pushState = (state, title, url) => {
          if (url != null && new URL(url, window.location.href).href === window.location.href) return;
          push(state, title, url);
        };
      }
      const onPop = () => {
        const query = new URLSearchParams(window.location.search);
        let missing = false;
        for (const [key, value] of Object.entries(model.defaults)) {
          if (!query.has(key)) { query.set(key, value); missing = true; }
        }
        if (missing) {  // spell the defaults out in place, so the echo is the current URL
          window.history.replaceState(window.history.state, '', '?' + query.toString() + window.location.hash);
        }
        model.send_msg(window.location.search);
      };
      window.addEventListener('popstate', onPop);
      model.on('remove', () => window.removeEventListener('popstate', onPop));
      el.style.display = 'none';
    }
    """

    def _handle_msg(self, search):
        location = pn.state.location
        if location is not None and isinstance(search, str) and location.search != search:
            location.search = search  # Location applies it to every synced parameter
