"""ArrowKeys: reports Left/Right arrow presses on the page (not while typing in a field)."""
import param
from panel.custom import JSComponent


class ArrowKeys(JSComponent):
    """`pressed` counts presses; `last` is "left" or "right". Invisible."""

    pressed = param.Integer(default=0, doc="How many arrow presses have arrived.")
    last = param.Selector(default="right", objects=["left", "right"])

    _esm = """
    export function render({ model, el }) {
      const onKey = (event) => {
        const target = event.composedPath()[0];
        const tag = (target && target.tagName || '').toLowerCase();
        if (['input', 'textarea', 'select'].includes(tag) || (target && target.isContentEditable)) return;
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
        if (event.altKey || event.ctrlKey || event.metaKey) return;
        model.last = event.key === 'ArrowLeft' ? 'left' : 'right';
        model.pressed = model.pressed + 1;
      };
      document.addEventListener('keydown', onKey);
      model.on('remove', () => document.removeEventListener('keydown', onKey));
      el.style.display = 'none';
    }
    """
