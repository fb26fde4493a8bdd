"""Step 'cell': Into the cell."""
import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource, Span

from widgets.course.html import display_math, inline_math
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.throttle import Throttle
from widgets.course.tour import stop
from widgets.rnn import gate_equation as eq
from widgets.style.bokeh_style import live_figure
from widgets.style.bokeh_writes import in_order
from widgets.style.palette import INK, ORANGE, VERMILLION

from ..session import RnnSession
from ..spoken import said

# Titles and bodies in Markdown, their formulas named by said().
CELL_PART_INFO = {part: {k: said(v) for k, v in info.items()} for part, info in {
    "x": dict(title="input $x_t$", body=r"""The value the cell reads at time step $t$: the wave's sample for the
first layer, the layer below's hidden state for a higher layer. Every gate reads it:
$$z_t = W\, x_t + U\, h_{t-1} + b$$"""),
    "h_prev": dict(title="previous hidden state $h_{t-1}$", body=r"""What this cell showed at the time step
before, fed back in: the recurrent loop. Every gate reads it beside $x_t$:
$$z_t = W\, x_t + U\, h_{t-1} + b$$ At $t = 0$ it is zero: $h_{-1} = 0$."""),
    "c_prev": dict(title="previous cell state $c_{t-1}$", body=r"""The memory the cell carried out of the time
step before, along the top line. The forget gate scales it: $$f_t \odot c_{t-1}$$
At $t = 0$ it is zero: $c_{-1} = 0$."""),
    "c": dict(title="cell state $c_t$", body=r"""The cell's long-term memory, updated by addition:
$$c_t = f_t \odot c_{t-1} + i_t \odot g_t$$
($\odot$: unit by unit). Because the old state is scaled, not squashed, it can carry
information over many time steps."""),
    "h": dict(title="hidden state $h_t$", body=r"""What the cell shows to the next layer, to the head and to itself
at the next time step: $$h_t = o_t \odot \tanh(c_t)$$ always between -1 and 1."""),
    "prediction": dict(title="prediction", body=r"""The dense head turns the last layer's hidden state into
one number, the guess of the next value: $$\hat{x}_{t+1} = w^\top h_t + b$$ The orange curve
below is this guess at every time step of the input."""),
    "loss": dict(title="loss", body=r"""How wrong the guesses are on this input: the mean squared error
over its $T$ time steps, $$L = \frac{1}{T} \sum_{t=1}^{T} \left(\hat{x}_{t+1} - x_{t+1}\right)^2$$
Training moves every weight of the cell against its gradient $\partial L / \partial W$."""),
}.items()}

GATE_MEANING = {g: said(meaning) for g, meaning in {
    "f": "The **forget gate** scales the old cell state: 1 keeps it, 0 erases it.",
    "i": "The **input gate** scales how much of the candidate is written into the cell state.",
    "g": "The **candidate** is the new content the cell could write, between -1 and 1.",
    "o": "The **output gate** scales how much of the cell state the cell shows as $h_t$.",
}.items()}


class IntoTheCell(LessonStep):
    id = "cell"
    title = "Into the cell"
    text = """
Inside each recurrent layer works an **LSTM cell**: the same cell at every time step.

**Your action: press ▶ Play** and follow one time step through it: receive the input, compute
the gates, update the cell state, output.

Then press **Show values**: the numbers are the live model's, for one unit at the time
step marked on the input below. Each part's **i** shows its equation, a gate's with these
numbers. Not trained yet? **Load a trained model** trains yours 200 steps now, on this wave.
"""
    tour = (
        stop("tour-load-trained", "Load a trained model", "An untrained cell's gates are random. Press this "
             "to train your network 200 steps on the chosen wave now, on the server, from its fixed seed "
             "(learning rate 0.01): then the gate values mean something.", wait=True),
        stop("cell-play", "Play one time step", "Press ▶ Play: the highlighted part is the one computing now.",
             wait=True),
        stop("show-values", "The live numbers", "Press Show values to put the model's own numbers on the cell.",
             wait=True),
        stop("lstm-cell", "Read the cell", "Each number is one unit of the live model at the time step marked "
             "below. The i buttons under it give each gate's equation with these numbers."),
    )

    done_when = "a time step followed to the output, with the live values on the cell"

    def __init__(self, session=None, **params):
        super().__init__(session, **params)
        self.confirm_when(lambda substep, shown: substep == 4 and shown,
                          session.cell.param.substep, session.cell.param.show_values)

    def view(self):
        return cell_view(self.session)


def input_timeline(session: RnnSession):
    """The traced input and the prediction, with the current time step marked, aligned with the
    cell view. Plain Bokeh: the mark moves and the source is replaced in place."""
    fig = live_figure(190, "time step", "value", x_range=(-0.5, 29.5), y_range=(-1.6, 1.6))
    fig.toolbar_location = None
    source = ColumnDataSource({"t": [], "x": [], "prediction": []})
    fig.line("t", "x", source=source, color=INK, line_width=2, legend_label="input x_t")
    fig.line("t", "prediction", source=source, color=ORANGE, line_width=2, legend_label="prediction")
    mark = Span(location=session.player.t, dimension="height", line_color=VERMILLION, line_width=3)
    fig.add_layout(mark)
    fig.add_layout(fig.legend[0], "right")

    def draw(views):
        trace = views.get("trace")
        if trace:
            with in_order():
                source.data = {"t": np.arange(len(trace["input"])), "x": np.asarray(trace["input"]),
                               "prediction": np.asarray(trace["prediction"])}

    slow = Throttle(session.run, "views", period=0.5)
    pn.bind(draw, slow.param.value, watch=True)
    pn.bind(lambda t: setattr(mark, "location", t), session.player.param.t, watch=True)
    draw(slow.value)
    return pn.pane.Bokeh(fig, sizing_mode="stretch_width")


def cell_infos(session: RnnSession) -> dict[str, Info]:
    """An (i) for every part of the cell: the four gates (their equation, with the live numbers
    once opened) and the inputs, states, prediction and loss."""
    def general(g):
        return GATE_MEANING[g] + display_math(eq.gate_equation(g), eq.gate_equation_spoken(g))

    infos = {g: Info(title=f"{eq.NAMES[g]} ({g})", body=general(g)) for g in "fiog"}
    parts = {name: Info(**details) for name, details in CELL_PART_INFO.items()}

    def refresh(*_):
        trace = session.run.views.get("trace")
        p = session.player
        if not trace or p.layer > len(trace["layers"]):
            return
        layer, weights = trace["layers"][p.layer - 1], trace["weights"][p.layer - 1]
        for g, info in infos.items():
            if not info.shown:
                continue  # SymPy costs milliseconds: only for the equations a student opened
            if g in trace.get("pins", {}):
                pin = f"{trace['pins'][g]:g}"
                info.body = f"This gate is pinned: {inline_math(f'{g}_t = {pin}', f'{g} sub t equals {pin}')} " \
                            "whatever the input."
                continue
            terms = eq.gate_terms(g, p.unit, layer, weights, p.t)
            info.body = (f"{general(g)}For unit {p.unit} at time step {p.t}, with the live weights:"
                         + display_math(eq.gate_substituted(g, terms), eq.gate_substituted_spoken(g, terms)))

    player = session.player.param
    pn.bind(refresh, session.run.param.views, player.layer, player.unit, player.t,
            *(info.param.shown for info in infos.values()), watch=True)
    refresh()
    return {**infos, **parts}


def cell_view(session: RnnSession):
    player, cell = session.player, session.cell
    play = pn.widgets.Toggle(label="▶ Play", button_type="success", width=100, css_classes=["cell-play"])
    play.link(player, value="playing", bidirectional=True)
    step = pn.widgets.Button(label="Next sub-step", width=140, css_classes=["cell-step"])
    step.on_click(lambda _: session.next_substep())
    values = pn.widgets.Toggle(label="Show values", button_type="primary", button_style="outline", width=140,
                               css_classes=["show-values"])
    values.link(cell, value="show_values")
    trained = pn.widgets.Button(label="Load a trained model", button_type="primary", width=180,
                                css_classes=["tour-load-trained"],
                                description="Trains your network 200 steps on this wave now, from its fixed seed")
    trained.on_click(lambda _: session.load_trained())
    controls = pn.Param(player, parameters=["layer", "unit", "t", "speed"], show_name=False, widgets={
        "layer": {"type": pn.widgets.IntSlider, "width": 160},
        "unit": {"type": pn.widgets.IntSlider, "width": 160},
        "t": {"type": pn.widgets.IntSlider, "width": 260},
        "speed": {"type": pn.widgets.RadioButtonGroup, "width": 200}}, default_layout=pn.FlexBox)

    def sync_bounds(*_):
        # The sliders follow these bounds. One layer leaves nothing to choose, and a slider whose
        # start equals its end is invalid: hidden, with the session clamping the layer itself.
        player.param.layer.bounds = (1, max(session.arch.layers, 2))
        player.param.unit.bounds = (0, session.arch.hidden - 1)
        for widget in controls.select(pn.widgets.IntSlider):
            if widget.name == "Layer":
                widget.visible = session.arch.layers > 1

    pn.bind(sync_bounds, session.arch.param.layers, session.arch.param.hidden, watch=True)
    sync_bounds()
    return pn.Column(
        # FlexBox, not Row: the five are wider than the view column beside the text at 1280 px.
        pn.FlexBox(play, step, values, trained, session.controls.state_line, align_items="center",
                   css_classes=["tour-cell-controls"]),
        controls, cell, input_timeline(session),
        pn.GridBox(*cell_infos(session).values(), ncols=2, sizing_mode="stretch_width", css_classes=["cell-infos"]),
        sizing_mode="stretch_width")
