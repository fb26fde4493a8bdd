"""The RNN lesson's views: each function builds one step's plots and controls from the session."""
import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource, Span
from bokeh.palettes import Cividis256

from widgets.rnn.gate_equation import NAMES, gate_equation, gate_substituted, gate_terms
from widgets.course.info import Info
from widgets.style.bokeh_style import live_figure
from widgets.rnn.char_strip import CharStrip
from widgets.style.colour_scale import LUT
from widgets.rnn.heatmap import Heatmap
from widgets.style.palette import BLUE, GREY, INK, ORANGE, VERMILLION
from widgets.course.throttle import Throttle

from . import text
from .session import PIN_CHOICES, RnnSession

EMPTY_PREDICTION = {k: np.zeros(0) for k in ("t", "truth", "seen", "one_step", "continuation")}


def prediction_data(p: dict) -> dict:
    """The prediction view as the plot's column data: one dict per drawn layer."""
    shown, t = len(p["seen"]), np.asarray(p["t"])
    guess_t = t[1:shown + 1]
    return {
        "truth": {"t": t, "y": p["truth"]},
        "seen": {"t": t[:shown], "y": p["seen"]},
        "guess": {"t": guess_t, "y": p["one_step"]},
        "error": {"t": guess_t, "y0": p["one_step"], "y1": p["truth"][1:shown + 1]},
        "own": {"t": t[shown:], "y": p["continuation"]},
    }


def prediction_plot(run, height=300, length=100, title=""):
    """The wave (grey), what the model read (dots), its next-step guesses (orange) with their
    errors (red ticks) and, right of the dotted line, its continuation on its own (blue).
    Sources are replaced in place on every update: cheap enough for 10 updates a second."""
    fig = live_figure(height + 50, "time step", "value", x_range=(0, length), y_range=(-1.8, 1.8),
                      title=title or None)
    sources = {k: ColumnDataSource({c: [] for c in v}) for k, v in prediction_data(EMPTY_PREDICTION).items()}
    fig.line("t", "y", source=sources["truth"], color=GREY, line_width=6, alpha=0.45, legend_label="wave")
    fig.scatter("t", "y", source=sources["seen"], color=INK, size=4, legend_label="input read")
    fig.segment("t", "y0", "t", "y1", source=sources["error"], color=VERMILLION, line_width=2, legend_label="error")
    fig.line("t", "y", source=sources["guess"], color=ORANGE, line_width=2.5, legend_label="next-step guess")
    fig.line("t", "y", source=sources["own"], color=BLUE, line_width=3, line_dash="dashed", legend_label="on its own")
    fig.add_layout(Span(location=59.5, dimension="height", line_color=INK, line_dash="dotted", line_width=1.5))
    legend = fig.legend[0]
    legend.ncols, legend.label_text_font_size, legend.border_line_alpha = 3, "10pt", 0
    fig.add_layout(legend, "below")  # under the plot: inside, it covered the wave
    fig.toolbar_location = None

    def draw(views):
        p = views.get("prediction")
        if p is not None:
            for k, data in prediction_data(p).items():
                sources[k].data = {c: np.asarray(v).tolist() for c, v in data.items()}

    run.param.watch(lambda event: draw(event.new), "views")
    draw(run.views)
    # The tour's class sits on a layout: a Bokeh pane's own host element has no size to highlight.
    return pn.Column(pn.pane.Bokeh(fig, sizing_mode="stretch_width"), sizing_mode="stretch_width",
                     css_classes=["prediction-plot"])


# --- core ---------------------------------------------------------------------------------
def memory_view(session: RnnSession):
    group = session.group("memory", {"feed-forward (no memory)": {"cell": "ff"}, "LSTM (with memory)": {}},
                          watch=["prediction"])
    ff, lstm = group.runs.values()
    return pn.Column(group, pn.Row(prediction_plot(ff, height=240, title="feed-forward: sees x_t only"),
                                   prediction_plot(lstm, height=240, title="LSTM: remembers"),
                                   sizing_mode="stretch_width"),
                     Info(**text.MEMORY_INFO), sizing_mode="stretch_width")


def overview_view(session: RnnSession):
    slow = pn.widgets.Button(label="Show one training step slowly", button_type="primary",
                             css_classes=["tour-slow-step"])
    slow.on_click(lambda _: session.slow_step())
    arch = pn.Param(session.arch, show_name=False, widgets={
        "layers": {"type": pn.widgets.IntSlider, "width": 220},
        "hidden": {"type": pn.widgets.RadioButtonGroup, "width": 220}})
    return pn.Column(
        pn.Row(pn.Column(pn.pane.Markdown("**Input**"), session.wave, width=380),
               pn.Column(pn.pane.Markdown("**Network**"), arch, css_classes=["tour-architecture"])),
        session.diagram, layer_buttons(session), pn.Row(slow, session.controls._state),
        prediction_plot(session.run, height=250), Info(**text.DIAGRAM_INFO), sizing_mode="stretch_width")


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

    session.arch.param.watch(refresh, "layers")
    refresh()
    return row


def snapshot_scrubber(session: RnnSession):
    """Go back to a kept snapshot: weights, optimiser state and history as they were then."""
    slider = pn.widgets.IntSlider(name="Snapshot", start=0, end=1, value=0, width=300,
                                  css_classes=["snapshot-slider"])
    go = pn.widgets.Button(label="Go back to this snapshot", width=210, css_classes=["snapshot-restore"])
    note = pn.pane.HTML(css_classes=["snapshot-note"])

    def steps():
        return [s for s, _ in session.run.snapshots] or [0]

    def refresh(*_):
        kept = steps()
        # A slider's end is one property; re-laying out a slider with labelled options
        # ten times a second starved the page at full training speed.
        slider.param.update(end=max(len(kept) - 1, 1), value=min(slider.value, len(kept) - 1))
        note.object = (f"snapshot {slider.value + 1} of {len(kept)}: <b>step {kept[slider.value]}</b> "
                       "(one kept every 25 steps)")

    def restore(_):
        kept = steps()
        if slider.value < len(kept):
            session.run.handle.restore(slider.value)

    session.run.param.watch(refresh, "snapshots")
    slider.param.watch(refresh, "value")
    go.on_click(restore)
    refresh()
    return pn.Row(slider, go, note, css_classes=["tour-snapshots"])


def train_view(session: RnnSession):
    return pn.Column(
        session.controls,
        pn.Row(pn.Column(session.chart, Info(**text.LOSS_INFO), sizing_mode="stretch_width"),
               pn.Column(prediction_plot(session.run, height=250), sizing_mode="stretch_width"),
               sizing_mode="stretch_width"),
        snapshot_scrubber(session), sizing_mode="stretch_width")


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
            source.data = {"t": np.arange(len(trace["input"])), "x": np.asarray(trace["input"]),
                           "prediction": np.asarray(trace["prediction"])}

    slow = Throttle(session.run, "views", period=0.5)
    slow.param.watch(lambda e: draw(e.new), "value")
    session.player.param.watch(lambda e: setattr(mark, "location", e.new), "t")
    draw(slow.value)
    return pn.pane.Bokeh(fig, sizing_mode="stretch_width")


def cell_infos(session: RnnSession) -> dict[str, Info]:
    """An (i) for every part of the cell: the four gates (their equation, with the live numbers
    once opened) and the inputs, states, prediction and loss."""
    infos = {g: Info(title=f"{NAMES[g]} ({g})", body=f"{text.GATE_MEANING[g]}\n\n$${gate_equation(g)}$$")
             for g in "fiog"}
    parts = {name: Info(**details) for name, details in text.CELL_PART_INFO.items()}

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
                info.body = f"This gate is pinned: ${g}_t = {trace['pins'][g]:g}$ whatever the input."
                continue
            terms = gate_terms(g, p.unit, layer, weights, p.t)
            info.body = (f"{text.GATE_MEANING[g]}\n\n$${gate_equation(g)}$$\n\nFor unit {p.unit} at time step "
                         f"{p.t}, with the live weights:\n\n$${gate_substituted(g, terms)}$$")

    session.run.param.watch(refresh, "views")
    session.player.param.watch(refresh, ["layer", "unit", "t"])
    for info in infos.values():
        info.param.watch(refresh, "shown")
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
        "speed": {"type": pn.widgets.RadioButtonGroup, "width": 200}}, default_layout=pn.Row)

    def sync_bounds(*_):
        # The sliders follow these bounds. One layer leaves nothing to choose, and a slider whose
        # start equals its end is invalid: hidden, with the session clamping the layer itself.
        player.param.layer.bounds = (1, max(session.arch.layers, 2))
        player.param.unit.bounds = (0, session.arch.hidden - 1)
        for widget in controls.select(pn.widgets.IntSlider):
            if widget.name == "Layer":
                widget.visible = session.arch.layers > 1

    session.arch.param.watch(sync_bounds, ["layers", "hidden"])
    sync_bounds()
    return pn.Column(
        pn.Row(play, step, values, trained, session.controls._state, css_classes=["tour-cell-controls"]),
        controls, cell, input_timeline(session),
        pn.GridBox(*cell_infos(session).values(), ncols=2, sizing_mode="stretch_width", css_classes=["cell-infos"]),
        sizing_mode="stretch_width")


# --- deeper -------------------------------------------------------------------------------
def gate_heatmaps(session: RnnSession) -> dict[str, Heatmap]:
    """i, f, o and c over the traced input's time steps, for the chosen layer, following the run."""
    maps = {name: Heatmap(text.HEATMAP_TITLES[name], palette, name, limits)
            for name, palette, limits in (("i", Cividis256, (0, 1)), ("f", Cividis256, (0, 1)),
                                          ("o", Cividis256, (0, 1)), ("c", LUT, None))}

    def draw(*_):
        trace = slow.value.get("trace")
        layer = session.player.layer
        for name, heatmap in maps.items():
            heatmap.show(trace["layers"][min(layer, len(trace["layers"])) - 1][name] if trace
                         else np.zeros((30, session.arch.hidden)))

    slow = Throttle(session.run, "views", period=1.0)  # four heatmaps: once a second is plenty
    slow.param.watch(draw, "value")
    session.player.param.watch(draw, "layer")
    draw()
    return maps


def gates_over_time_view(session: RnnSession):
    maps = gate_heatmaps(session)
    return pn.Column(pn.GridBox(*maps.values(), ncols=2, sizing_mode="stretch_width", css_classes=["gate-heatmaps"]),
                     Info(**text.HEATMAP_INFO), sizing_mode="stretch_width")


def bptt_view(session: RnnSession):
    group = session.group("bptt", {"LSTM": {}, "vanilla RNN": {"cell": "rnn"}}, watch=["bptt"])
    fig = live_figure(300, "time steps back from the last", "gradient reaching it (relative)", logy=True,
                      x_range=(29, 0), y_range=(1e-8, 2))  # read right to left: back in time
    fig.toolbar_location = None
    sources = {label: ColumnDataSource({"back": [], "relative": []}) for label in group.runs}
    for label, source in sources.items():
        fig.line("back", "relative", source=source, color=group.chart.colour_of(label), line_width=3, legend_label=label)
    fig.legend.location = "top_left"

    def draw(*_):
        for label, run in group.runs.items():
            g = np.asarray(run.views.get("bptt", {}).get("grad_norm", np.zeros(0)), dtype=float)
            rel = g / g[-1] if len(g) and g[-1] > 0 else np.full(len(g), np.nan)
            sources[label].data = {"back": np.arange(len(g))[::-1], "relative": np.clip(rel, 1e-8, None)}

    for run in group.runs.values():
        Throttle(run, "views", period=1.0).param.watch(draw, "value")
    draw()
    return pn.Column(group, pn.Column(pn.pane.Bokeh(fig, sizing_mode="stretch_width"), sizing_mode="stretch_width",
                                      css_classes=["bptt-plot"]),
                     Info(**text.BPTT_INFO), sizing_mode="stretch_width")


def surgery_view(session: RnnSession):
    group = session.group("surgery", {"intact LSTM": {}, "LSTM with a pinned gate": {"pins": {"f": 1.0}}})
    choice = pn.widgets.Select(name="Pin a gate", options=list(PIN_CHOICES), width=380, css_classes=["pin-choice"])
    choice.param.watch(lambda e: group.runs["LSTM with a pinned gate"].reopen(pins=PIN_CHOICES[e.new]), "value")
    return pn.Column(choice, group, Info(**text.SURGERY_INFO), sizing_mode="stretch_width")


def compare_view(session: RnnSession):
    group = session.group("cells", {"vanilla RNN": {"cell": "rnn"}, "GRU": {"cell": "gru"}, "LSTM": {}})
    return pn.Column(group, Info(**text.COMPARE_INFO), sizing_mode="stretch_width")


def text_view(session: RnnSession):
    run = session.text_run()
    corpus = pn.widgets.RadioButtonGroup(options={"ababab…": "pattern", "a paragraph": "paragraph"},
                                         value="pattern", button_type="primary", button_style="outline",
                                         css_classes=["corpus-choice"])
    corpus.param.watch(lambda e: run.reopen(corpus=e.new), "value")
    strip = CharStrip()
    unit = pn.widgets.IntSlider(name="Unit whose cell state colours the text", start=0, end=31, value=0, width=320)
    unit.link(strip, value="unit")

    def show(event):
        sample = event.new.get("sample")
        if sample is not None:
            strip.param.update(text=sample["text"], cell=sample["cell"])

    run.param.watch(show, "views")
    return pn.Column(corpus, session.text_controls,
                     pn.Row(pn.Column(session.text_chart, sizing_mode="stretch_width"),
                            pn.Column(pn.pane.Markdown("**What it writes now** (80 characters, fed its own output)"),
                                      strip, unit, Info(**text.TEXT_INFO), sizing_mode="stretch_width"),
                            sizing_mode="stretch_width"),
                     sizing_mode="stretch_width")
