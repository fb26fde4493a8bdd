"""Step 'draw': your own input, a drawn digit."""
import numpy as np
import panel as pn

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop
from widgets.style.colour_scale import map_html
from widgets.style.palette import BLUE, SKY

from ..parts import head_start_button, prediction_line
from ..session import CnnSession
from ..spoken import said

DRAWING_INFO = dict(title="How your drawing becomes an input", body=said(r"""
The same way the training digits were made: the strokes' bounding box is scaled so its
longer side is 32 pixels and centred in a $32 \times 32$ bitmap; the ink pixels are counted
in each $4 \times 4$ block, giving $8 \times 8$ counts $n \in \{0, .., 16\}$; each becomes
$n / 16$, and the image is enlarged bilinearly to $16 \times 16$. **Clear** wipes the
canvas; a blank canvas is not sent to the network.
"""))

DIGITS_ONLY = ("<div class='hint draw-digits-only'>Drawing is for the handwritten digits only: the network "
               "trained on shapes reads coloured images, not a pen's strokes. Choose <b>Handwritten digits</b> in "
               "step 1 to draw your own input.</div>")


class Draw(LessonStep):
    id = "draw"
    title = "Your own input: draw a digit"
    text = """
*Handwritten digits only.*

**Draw a digit in the white square** with the mouse (or a finger), then let go; from the
keyboard, Tab to the square: Space puts the pen down or lifts it, the arrow keys move it. Your drawing
is made into an input the way the training digits were made: its strokes are scaled to fill
32×32 pixels, the pixels counted in 4×4 blocks (8×8 numbers from 0 to 16), and enlarged to
16×16. The live network reads it, and every map and probability on this page is for your
drawing. **Clear** starts again.

Does it read your 7? A network trained on 1438 scans from one set of writers may not read
your hand: that is what validation accuracy cannot tell you. Train more and try again.
Picking a digit in step 1 makes a validation image your input again.
"""
    tour = (
        stop("drawing-canvas", "Draw", "Draw a digit with the mouse or a finger, then let go. From the "
             "keyboard: Space puts the pen down or lifts it, the arrow keys move it."),
        stop("drawn-result", "What the network says",
             "Your drawing as the network sees it, and its ten probabilities."),
    )

    done_when = "your drawing became the network's input"

    def __init__(self, session=None, **params):
        super().__init__(session, **params)
        self.confirm_when(bool, session.settings.param.drawing)

    def view(self):
        session = self.session
        return pn.Column(pn.bind(lambda d: draw_for(session) if d == "digits" else pn.pane.HTML(
            DIGITS_ONLY, sizing_mode="stretch_width"), session.choice.param.data), sizing_mode="stretch_width")


def drawn_probabilities(views: dict) -> str:
    """What the network sees of the drawing (its input map) and its ten probabilities."""
    m = views.get("maps")
    if not m or m["label"] is not None:
        return "<div class='hint'>Draw a digit: the network's answer appears here.</div>"
    probs = m["maps"][-1]
    top = int(np.argmax(probs))
    bars = "".join(f"<div class='prob-row' style='display:flex;gap:6px;align-items:center;height:18px;"
                   f"{'font-weight:700' if k == top else ''}'><span style='width:12px'>{k}</span>"
                   f"<span style='display:inline-block;height:12px;width:{max(p * 160, 1):.1f}px;"
                   f"background:{BLUE if k == top else SKY}'></span><span>{p:.1%}</span></div>"
                   for k, p in enumerate(probs))
    return (map_html(m["maps"][0][0], 1.0, numbers=False, cell=6, caption="What the network sees: 16×16")
            + f"<div class='drawn-probabilities' aria-label='probabilities'>{bars}</div>")


def draw_for(session: CnnSession):
    result = pn.pane.HTML(pn.bind(drawn_probabilities, session.run.param.views), css_classes=["drawn-result"],
                          width=330)
    return pn.Column(pn.Row(pn.Column(session.canvas, session.draw_message, width=220), result),
                     pn.Row(head_start_button(session), prediction_line(session, drawing_only=True)),
                     Info(**DRAWING_INFO), session.grid,
                     sizing_mode="stretch_width")
