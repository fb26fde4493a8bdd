// The browser half of LazyView (lazy_view.py): the module Panel loads for it (_esm).
export function render({ model, el }) {
  el.textContent = 'Drawing the live view…';
  el.className = 'lazy-view';
  requestAnimationFrame(() => setTimeout(() => { model.requested = true; }, 0));
}
