"""Step 'overview': the whole network at a glance."""
import panel as pn

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..parts import head_start_button, prediction_line

OVERVIEW_INFO = dict(title="How to read the overview", body=r"""
Each column is one layer's output for **your input**, left to right in the order the network
computes them. A convolution layer with 8 output channels makes 8 maps: one per **filter**.
The coloured band over a column gives the layer's type; its shape reads *channels × height ×
width*. Colours: blue below zero, white zero, vermillion above; each column is scaled to its
own largest value (printed under it). Lines link the selected map to the maps it is computed
from: a convolution reads **every** map of the layer before it, a ReLU or a pooling only its
own channel. The last column is the softmax: the network's probability for each class.
""")


class Overview(LessonStep):
    id = "overview"
    title = "The whole network at a glance"
    text = """
This is the network, left to right. Each column is one **layer**'s output for your input,
and each small square is one **feature map**: what one filter found where.

Two **blocks** each apply *convolution → ReLU → convolution → ReLU → max pooling*: the maps
get more numerous (8, then 16) and smaller (16×16, 8×8, 4×4). The last column turns all of
it into **probabilities**, one per class (ten digits, or four shapes).

Before any training the maps are noise-like and the probabilities near equal.

**Your action: press "Train 200 batches"** (about a second on this server) and watch the
maps and the probabilities change. Then hover over the maps.
"""
    tour = (
        stop("feature-map-grid", "The network, layer by layer", "Each column is one layer's output for your "
             "input; the band's colour gives the layer type. Hover a map to name it, click it to select it."),
        stop("head-start", "Train it", "Press it: 200 batches of training take about a second here.", wait=True),
        stop("info-toggle", "Details on demand", "Every (i) opens the explanation and formula of what is next to it."),
    )

    done_when = "the network has trained 200 batches"

    def __init__(self, session=None, **params):
        super().__init__(session, **params)
        self.confirm_when(lambda steps: steps >= 200, session.run.param.steps)

    def view(self):
        return pn.Column(pn.Row(head_start_button(self.session), prediction_line(self.session)), self.session.grid,
                         Info(**OVERVIEW_INFO), sizing_mode="stretch_width")
