// The browser half of LazyView (lazy_view.py): the module Panel loads for it (_esm).
// Asks once drawn; a busy server answers with a wait (retry_ms) and is asked again after it.
export function render({ model, el }) {
  el.textContent = 'Drawing the live view…';
  el.className = 'lazy-view';
  const ask = () => { model.requested = true; };
  model.on('retries', () => setTimeout(ask, model.retry_ms));
  requestAnimationFrame(() => setTimeout(ask, 0));
}
