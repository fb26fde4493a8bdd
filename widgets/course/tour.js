// The browser half of Tour (tour.py): driver.js, loaded from our own server, walks the stops.
// deepFind (deep_find.js) is prepended to it by tour.py.
function visible(el) {
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}

// A step's live view may still be on its way (LazyView, lazy_view.js): its stops wait for it,
// ten seconds at most.
async function viewsDrawn() {
  for (let i = 0; i < 100 && deepFind(document, '.lazy-view'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// el's data-tour-state says what the last start did: 'open', 'skipped' (no stop on the page) or
// 'closed', so a script (or a test) can wait for the tour's decision instead of guessing a delay.
async function startTour(model, el) {
  if (!model.stops.length) { el.dataset.tourState = 'skipped'; return; }
  if (!document.getElementById('driver-css')) {
    const link = document.createElement('link');
    link.id = 'driver-css'; link.rel = 'stylesheet'; link.href = model.driver + '/driver.css';
    document.head.appendChild(link);
  }
  const mod = await import(window.location.origin + model.driver + '/driver.js.mjs');
  await viewsDrawn();
  const stops = model.stops.filter((s) => visible(deepFind(document, '.' + s.selector)));
  if (!stops.length) { el.dataset.tourState = 'skipped'; return; }
  let listener = null, target = null, lit = null;
  const forget = () => { if (target && listener) target.removeEventListener('click', listener, true); };
  // driver.js marks the highlighted element with a class and aria attributes, and on closing
  // takes them off what document.querySelectorAll finds: never an element in a shadow root,
  // where all of ours are. And aria-expanded is not allowed on the element it marks, a
  // component's host <div> with no role (axe: aria-allowed-attr); aria-controls says enough.
  const unmark = (el) => {
    el.classList.remove('driver-active-element', 'driver-no-interaction');
    for (const a of ['aria-haspopup', 'aria-expanded', 'aria-controls']) el.removeAttribute(a);
  };
  const tour = mod.driver({
    showProgress: true,
    allowClose: true,
    popoverClass: 'explorables-tour',
    steps: stops.map((s) => ({
      element: () => deepFind(document, '.' + s.selector),
      popover: {
        title: s.title, description: s.text,
        showButtons: s.wait ? ['previous', 'close'] : ['next', 'previous', 'close'],
      },
      onHighlightStarted: (el) => {
        forget();
        lit = el || null;
        // driver.js sets the attributes just after this hook, in the same task.
        if (el) queueMicrotask(() => el.removeAttribute('aria-expanded'));
        if (s.wait && el) {
          target = el;
          listener = () => setTimeout(() => tour.moveNext(), 250);
          el.addEventListener('click', listener, { capture: true, once: true });
        }
      },
    })),
    // Not onDestroyed: driver.js skips it when the tour is closed within its first 400 ms animation.
    onDestroyStarted: () => {
      tour.destroy();
      forget(); if (lit) unmark(lit);
      model.active = false; model.finished = model.finished + 1; el.dataset.tourState = 'closed';
    },
  });
  model.active = true;
  tour.drive();
  el.dataset.tourState = 'open';
}

export function render({ model, el }) {
  el.style.display = 'none';
  el.classList.add('tour-state');
  model.on('runs', () => startTour(model, el));
}
