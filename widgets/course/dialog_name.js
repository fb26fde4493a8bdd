// The browser half of DialogName (intro_dialog.py). Panel's Modal draws its role="dialog" element
// inside its own shadow root, maybe after this runs: look for it on each frame for a while (a few
// querySelector calls, in this component's shadow root and the ones around it), then name it.
function findDialog(el, target) {
  for (let node = el; node; ) {
    const root = node.getRootNode();
    const host = root.querySelector('.' + target);
    if (host) return host.shadowRoot && host.shadowRoot.querySelector('[role="dialog"]');
    node = root.host;  // undefined once root is the document
  }
  return null;
}

export function render({ model, el }) {
  el.style.display = 'none';
  let frames = 0;
  const name = () => {
    const dialog = findDialog(el, model.target);
    if (dialog) dialog.setAttribute('aria-label', model.label);
    else if (++frames < 600) requestAnimationFrame(name);  // about 10 s
  };
  requestAnimationFrame(name);
  model.on('label', () => { frames = 0; name(); });
}
