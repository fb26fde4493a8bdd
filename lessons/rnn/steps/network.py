"""Step 'network': The network, left to right."""
import panel as pn

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..plots import prediction_plot
from ..session import RnnSession

DIAGRAM_INFO = dict(title="How to read the diagram", body="""
Left to right: the input, each recurrent layer, the dense layer that turns the last hidden
state into one number, the prediction. **Colour** tells the layer type (legend below it);
**height** tells how many units it has. The loop on a recurrent layer is its hidden state,
fed back in at the next time step. The same drawing grammar is used in every lesson.
""")


class Network(LessonStep):
    id = "network"
    title = "The network, left to right"
    text = """
The input enters on the left, flows through the recurrent layer (its loop is the memory)
and a dense layer to the prediction on the right. The short vertical lines on the plot
are the **error** between each guess and the true next value.

**Your action: press Show one training step slowly.** Watch the four phases: forward,
error, backward, update. Then try another wave, or add a layer.

A new shape builds a new network with new weights; settings like the learning rate never do.
"""
    tour = (
        stop("network-diagram", "The network", "Input on the left, the recurrent layer with its loop in the "
             "middle, the dense layer and the prediction on the right."),
        stop("tour-slow-step", "One training step, slowly", "Press it and watch the four phases.", wait=True),
        stop("tour-architecture", "Change the network", "Add layers or units: a new network is built."),
        stop("layer-open", "Look inside a layer", "Open any layer's cell to see its gates."),
    )

    done_when = "one training step went through all four phases to its update"

    def __init__(self, session=None, **params):
        super().__init__(session, **params)
        self.confirm_when(lambda phase: phase == "update", session.diagram.param.phase)

    def view(self):
        return overview_view(self.session)


def layer_buttons(session: RnnSession):
    """One button per recurrent layer: it opens that layer's cell (step 4)."""
    row = pn.Row(css_classes=["layer-open"])

    def refresh(*_):
        buttons = []
        for k in range(1, session.arch.layers + 1):
            button = pn.widgets.Button(label=f"Look inside layer {k} ▸", button_type="success",
                                       button_style="outline", width=200)
            button.on_click(lambda _, k=k: session.open_cell(k))
            buttons.append(button)
        row.objects = buttons

    pn.bind(refresh, session.arch.param.layers, watch=True)
    refresh()
    return row


def overview_view(session: RnnSession):
    slow = pn.widgets.Button(label="Show one training step slowly", button_type="primary", width=280,
                             css_classes=["tour-slow-step"])
    slow.on_click(lambda _: session.slow_step())
    arch = pn.Param(session.arch, show_name=False, widgets={
        "layers": {"type": pn.widgets.IntSlider, "width": 220},
        "hidden": {"type": pn.widgets.RadioButtonGroup, "width": 220}})
    return pn.Column(
        pn.Row(pn.Column(pn.pane.Markdown("**Input**"), session.wave_choice, width=380),
               pn.Column(pn.pane.Markdown("**Network**"), arch, css_classes=["tour-architecture"])),
        session.diagram, layer_buttons(session), pn.FlexBox(slow, session.controls.state_line, align_items="center"),
        prediction_plot(session.run, height=250), Info(**DIAGRAM_INFO), sizing_mode="stretch_width")
