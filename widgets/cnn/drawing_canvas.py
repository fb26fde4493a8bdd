"""DrawingCanvas: a square to draw on with a mouse, a pen or a finger, and a Clear button.

It only records ink; what a drawing means (a digit, a shape) is the engine's business.
"""
import numpy as np
import param
from panel.custom import JSComponent

UNREADABLE = "This drawing could not be read: draw on the canvas again."


def read_ink(values, size: int) -> np.ndarray:
    """The canvas's `pixels` as a size x size array of 0..1, checked before any work (a page is
    a client like any other: it may send any list); ValueError(UNREADABLE) when not that."""
    if not isinstance(values, list) or len(values) != size * size:
        raise ValueError(UNREADABLE)
    ink = np.asarray(values)
    if ink.shape != (size * size,) or ink.dtype.kind not in "iuf" or not np.all((ink >= 0) & (ink <= 255)):
        raise ValueError(UNREADABLE)  # strings, nested lists, NaN or values out of range
    return ink.astype(np.float32).reshape(size, size) / 255


class DrawingCanvas(JSComponent):
    """`pixels`: the ink, `size` x `size` values 0..255 row by row, sent when a stroke ends
    (all zeros after Clear). `strokes` counts the strokes since the last Clear."""

    size = param.Integer(default=64, constant=True, doc="Pixels per side of the drawing (shown larger).")
    shown = param.Integer(default=192, constant=True, doc="Pixels per side on the screen.")
    pen = param.Number(default=5.0, constant=True, doc="Stroke width in drawing pixels.")
    pixels = param.List(default=[])
    strokes = param.Integer(default=0)

    _esm = """
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
    """
