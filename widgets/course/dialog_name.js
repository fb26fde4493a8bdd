// The browser half of DialogName (intro_dialog.py). deepFind (deep_find.js) is prepended to it.
// Panel's Modal draws its role="dialog" element inside its own shadow root, after this may run:
// look for it on each frame for a while, then name it once.
export function render({ model, el }) {
  el.style.display = 'none';
  let frames = 600;  // about 10 s
  const name = () => {
    const host = deepFind(document, '.' + model.target);
    const dialog = host && host.shadowRoot && host.shadowRoot.querySelector('[role="dialog"]');
    if (dialog) { dialog.setAttribute('aria-label', model.label); return; }
    if (--frames > 0) requestAnimationFrame(name);
  };
  name();
  model.on('label', () => { frames = 600; name(); });
}
