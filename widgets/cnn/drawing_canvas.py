"""DrawingCanvas: a square to draw on with a mouse, a pen, a finger or the keyboard (Space puts
the pen down or lifts it, the arrow keys move it), and a Clear button.

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

    _esm = "drawing_canvas.js"
