"""Step 'task': the data, and the image every later step follows."""
import numpy as np
import panel as pn

from widgets.cnn.click_grid import ClickGrid
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop
from widgets.style.colour_scale import image_html

from ..session import CnnSession
from ..spoken import said

DATA_LINES = {
    "digits": "Handwritten digits: scikit-learn's 1797 scans, 8×8 grey pixels enlarged to 16×16; the network "
              "learns from 1438 and keeps 359 for validation.",
    "shapes": "Coloured shapes: generated circles, squares, triangles and crosses in random colours, sizes and "
              "places, 16×16 pixels with 3 channels (red, green, blue); the network learns from 1600 and keeps "
              "400 for validation.",
}

INPUT_INFO = dict(title="The input", body=said(r"""
An image of $H \times W$ pixels with $C$ channels: $C = 1$ (grey) for the digits, $C = 3$
(red, green, blue) for the shapes. Each value lies in $[0, 1]$. A digit is scikit-learn's
$8 \times 8$ scan (ink counts $0..16$ divided by 16), enlarged bilinearly to $16 \times 16$.
"""))


class Task(LessonStep):
    id = "task"
    title = "The task: say what an image shows"
    text = """
The network gets a small image and must say which **class** it belongs to: a grey
**handwritten digit** (0 to 9), or a **coloured shape** (circle, square, triangle, cross) in
red, green and blue. Choose the images on the right. The network learns from most of them;
the rest (**validation**) it never trains on, so they tell us how well it reads images it has
not seen.

**Your action: click an image** on the right. It becomes *your input*: every following step
shows what the network does with it.
"""
    tour = (
        stop("data-choice", "Choose the images", "Digits or shapes: a fresh network learns the set you choose."),
        stop("digit-picker", "Pick your input", "Click any image: it becomes the image every step follows.",
             wait=True),
        stop("your-input", "Your input", "What the network reads: 16×16 values from 0 to 1 per channel."),
    )

    done_when = "you chose your input"

    def __init__(self, session=None, **params):
        super().__init__(session, **params)
        start = session.settings.input_index
        self.confirm_when(lambda index: index != start, session.settings.param.input_index)

    def view(self):
        session = self.session
        choice = pn.widgets.RadioButtonGroup.from_param(session.choice.param.data, css_classes=["data-choice"],
                                                        button_type="primary", button_style="outline")
        return pn.Column(
            pn.Row(pn.pane.HTML("<b>The images</b>", margin=(8, 5)), choice),
            pn.pane.HTML(pn.bind(lambda d: f"<div class='hint data-line'>{DATA_LINES[d]}</div>",
                                 session.choice.param.data), sizing_mode="stretch_width"),
            pn.pane.Markdown("**Click an image** to make it your input."),
            pn.bind(lambda _: input_tiles(session), session.choice.param.data), your_input(session),
            Info(**INPUT_INFO), sizing_mode="stretch_width")


def input_tiles(session: CnnSession, per_class: int = 2):
    """Validation images, `per_class` of each class, as clickable tiles."""
    y, names = session.data.y_val, session.class_names
    picks = [int(i) for k in range(len(names)) for i in np.flatnonzero(y == k)[:per_class]]
    tiles = ClickGrid(ncols=10, css_classes=["digit-picker"], width=600, height=180,
                      items=[image_html(session.image(i), cell=2) + f"<div class='tile-label'>{names[y[i]]}</div>"
                             for i in picks],
                      labels=[f"a {names[y[i]]} (image {i})" for i in picks])
    pn.bind(lambda chosen: chosen is not None and session.choose_input(picks[chosen]), tiles.param.chosen,
            watch=True)
    return tiles


def your_input(session: CnnSession):
    def show(index, data):
        index = min(index, len(session.data.y_val) - 1)  # the choice may redraw this before the index resets
        img = session.image(index)
        scale = ("16×16 pixels, 3 channels: red, green and blue, each from 0 to 1." if img.shape[0] == 3
                 else "16×16 pixels, 0 (white) to 1 (vermillion).")
        return (image_html(img, cell=12, caption=f"Your input: image {index}, a "
                           f"{session.class_names[session.data.y_val[index]]}")
                + f"<div class='hint'>{scale}</div>")
    return pn.pane.HTML(pn.bind(show, session.settings.param.input_index, session.choice.param.data),
                        css_classes=["your-input"], sizing_mode="stretch_width")
