"""DrawingCanvas: a square to draw on with a mouse, a pen or a finger, and a Clear button.

It only records ink; what a drawing means (a digit, a shape) is the engine's business.
"""
import param
from panel.custom import JSComponent


class DrawingCanvas(JSComponent):
    """`pixels`: the ink, `size` x `size` values 0..255 row by row, sent when a stroke ends
    (all zeros after Clear). `strokes` counts the strokes since the last Clear."""

    size = param.Integer(default=64, constant=True, doc="Pixels per side of the drawing (shown larger).")
    shown = param.Integer(default=192, constant=True, doc="Pixels per side on the screen.")
    pen = param.Number(default=5.0, constant=True, doc="Stroke width in drawing pixels.")
    pixels = param.List(default=[])
    strokes = param.Integer(default=0)

    _esm = "drawing_canvas.js"
