"""BrowserId: a random id kept in this browser's localStorage: runs are grouped by it, never by name."""
import param
from panel.custom import JSComponent


class BrowserId(JSComponent):
    """`value` is "" until the browser reports its id (made on its first visit). Invisible."""

    value = param.String(default="")

    _esm = """
    export function render({ model, el }) {
      el.style.display = 'none';
      let id = null;
      try { id = window.localStorage.getItem('explorables-browser'); } catch (e) {}
      if (!id) {
        id = Array.from(crypto.getRandomValues(new Uint8Array(8)), b => b.toString(16).padStart(2, '0')).join('');
        try { window.localStorage.setItem('explorables-browser', id); } catch (e) {}
      }
      model.value = id;
    }
    """
