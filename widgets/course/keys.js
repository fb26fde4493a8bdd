// ArrowKeys (keys.py): Left/Right presses, not while typing, on a slider or used by a widget, sent as messages.
export function render({ model, el }) {
  const onKey = (event) => {
    if (event.defaultPrevented) return;  // a widget used the key (the CNN overview's arrows move between maps)
    const target = event.composedPath()[0];
    const tag = (target && target.tagName || '').toLowerCase();
    if (['input', 'textarea', 'select'].includes(tag) || (target && target.isContentEditable)) return;
    const role = target && target.getAttribute && target.getAttribute('role');
    if (role === 'slider' || (target && target.closest && target.closest('.noUi-target'))) return;  // a slider's own keys
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    model.send_msg(event.key === 'ArrowLeft' ? 'left' : 'right');
  };
  document.addEventListener('keydown', onKey);
  model.on('remove', () => document.removeEventListener('keydown', onKey));
  el.style.display = 'none';
}
