// The browser half of DrawingCanvas (drawing_canvas.py): the module Panel loads for it (_esm).
export function render({ model, el }) {
  const n = model.size;
  const canvas = document.createElement('canvas');
  canvas.width = n; canvas.height = n;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'drawing canvas: draw here');
  canvas.style.cssText = `width:${model.shown}px; height:${model.shown}px; border:1px solid #8a8f9c;` +
                         'border-radius:4px; background:#fff; cursor:crosshair; touch-action:none;';
  const clear = document.createElement('button');
  clear.textContent = 'Clear';
  clear.style.cssText = 'display:block; margin-top:6px; padding:4px 14px; cursor:pointer;';
  el.append(canvas, clear);
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
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = at(e);
    g.beginPath(); g.arc(last[0], last[1], model.pen / 2, 0, 2 * Math.PI); g.fill();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = at(e);
    g.beginPath(); g.moveTo(...last); g.lineTo(...p); g.stroke();
    last = p;
  });
  const end = () => {
    if (!last) return;
    last = null;
    model.strokes = model.strokes + 1;
    send();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  clear.addEventListener('click', () => {
    g.clearRect(0, 0, n, n);
    model.strokes = 0;
    send();
  });
}
