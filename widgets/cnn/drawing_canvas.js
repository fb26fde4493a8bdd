// The browser half of DrawingCanvas (drawing_canvas.py): the module Panel loads for it (_esm).
// A mouse, pen or finger draws with pointer events. The keyboard draws too: Tab to the canvas,
// Space or Enter puts the pen down (a dot) or lifts it (the stroke ends and is sent), the arrow
// keys move it, drawing while it is down (Shift: a finer step). A ring shows where it is.
export function render({ model, el }) {
  const n = model.size;
  const box = document.createElement('div');
  box.style.cssText = `position:relative; width:${model.shown}px; height:${model.shown}px;`;
  const canvas = document.createElement('canvas');
  canvas.width = n; canvas.height = n;
  canvas.tabIndex = 0;
  // 'application': a screen reader passes the arrow keys and Space to it rather than reading on.
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-label', 'drawing canvas: draw here');
  canvas.setAttribute('aria-describedby', 'drawing-keys');
  canvas.style.cssText = `width:${model.shown}px; height:${model.shown}px; border:1px solid #8a8f9c;` +
                         'border-radius:4px; background:#fff; cursor:crosshair; touch-action:none;';
  const ring = document.createElement('div');
  ring.style.cssText = 'position:absolute; width:14px; height:14px; margin:-7px 0 0 -7px; border-radius:50%;' +
                       'border:2px solid var(--vermillion, #D55E00); pointer-events:none; display:none;';
  box.append(canvas, ring);
  const keys = document.createElement('div');
  keys.id = 'drawing-keys';
  keys.className = 'drawing-keys';
  keys.setAttribute('aria-live', 'polite');  // the pen's state, said as it changes
  const clear = document.createElement('button');
  clear.textContent = 'Clear';
  clear.style.cssText = 'display:block; margin-top:6px; padding:4px 14px; cursor:pointer;';
  el.append(box, keys, clear);
  const g = canvas.getContext('2d');
  g.lineCap = 'round'; g.lineJoin = 'round'; g.lineWidth = model.pen; g.strokeStyle = '#000';
  let last = null;
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * n / r.width, (e.clientY - r.top) * n / r.height];
  };
  const send = () => {
    const data = g.getImageData(0, 0, n, n).data, ink = new Array(n * n);
    for (let i = 0; i < n * n; i++) ink[i] = data[4 * i + 3];  // alpha: how much ink
    model.pixels = ink;
  };
  const dot = ([x, y]) => { g.beginPath(); g.arc(x, y, model.pen / 2, 0, 2 * Math.PI); g.fill(); };
  const line = (from, to) => { g.beginPath(); g.moveTo(...from); g.lineTo(...to); g.stroke(); };
  const end = () => {
    model.strokes = model.strokes + 1;
    send();
  };
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = at(e);
    dot(last);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = at(e);
    line(last, p);
    last = p;
  });
  const lift = () => {
    if (!last) return;
    last = null;
    end();
  };
  canvas.addEventListener('pointerup', lift);
  canvas.addEventListener('pointercancel', lift);

  // The keyboard's pen: where it is, in drawing pixels, and whether it is down.
  let pen = [n / 2, n / 2], down = false;
  const place = () => {
    ring.style.left = `${pen[0] * model.shown / n}px`;
    ring.style.top = `${pen[1] * model.shown / n}px`;
    ring.style.background = down ? 'rgba(213, 94, 0, 0.35)' : 'transparent';
  };
  const say = () => {
    keys.textContent = down ? 'Pen down: the arrow keys draw. Space lifts it.'
                            : 'Keyboard: Space puts the pen down, the arrow keys move it.';
  };
  const penUp = () => { if (down) { down = false; end(); } place(); say(); };
  const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  canvas.addEventListener('keydown', (e) => {
    if (e.key in MOVES) {
      const step = e.shiftKey ? 1 : 4, [dx, dy] = MOVES[e.key];
      const to = [Math.min(Math.max(pen[0] + dx * step, 0), n), Math.min(Math.max(pen[1] + dy * step, 0), n)];
      if (down) line(pen, to);
      pen = to;
      place();
    } else if (e.key === ' ' || e.key === 'Enter') {
      if (down) { penUp(); } else { down = true; dot(pen); place(); say(); }
    } else if (e.key === 'Escape' && down) {
      penUp();
    } else {
      return;  // Tab and the rest keep their meaning
    }
    e.preventDefault();  // no scrolling the page with the arrows or Space
  });
  // The ring only for the keyboard: a click focuses the canvas too, without :focus-visible.
  canvas.addEventListener('focus', () => {
    place();
    ring.style.display = canvas.matches(':focus-visible') ? 'block' : 'none';
  });
  canvas.addEventListener('blur', () => { penUp(); ring.style.display = 'none'; });
  say();

  clear.addEventListener('click', () => {
    g.clearRect(0, 0, n, n);
    model.strokes = 0;
    send();
  });
}
