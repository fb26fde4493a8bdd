"""The CNN lesson's step views: each puts the session's widgets together for one step."""
from widgets.course.html import esc

import numpy as np
import panel as pn

from engine.cnn import layer_shapes
from widgets.cnn.click_grid import ClickGrid
from widgets.style.colour_scale import image_html, legend_html, map_html, scale_for
from widgets.cnn.conv_sandbox import ConvSandbox
from widgets.course.info import Info

from . import info

from .session import CnnSession

DATA_LINES = {
    "digits": "Handwritten digits: scikit-learn's 1797 scans, 8×8 grey pixels enlarged to 16×16; the network "
              "learns from 1438 and keeps 359 for validation.",
    "shapes": "Coloured shapes: generated circles, squares, triangles and crosses in random colours, sizes and "
              "places, 16×16 pixels with 3 channels (red, green, blue); the network learns from 1600 and keeps "
              "400 for validation.",
}


def input_tiles(session: CnnSession, per_class: int = 2):
    """Validation images, `per_class` of each class, as clickable tiles."""
    y, names = session.data.y_val, session.class_names
    picks = [int(i) for k in range(len(names)) for i in np.flatnonzero(y == k)[:per_class]]
    tiles = ClickGrid(ncols=10, css_classes=["digit-picker"], width=600, height=180,
                      items=[image_html(session.image(i), cell=2) + f"<div class='tile-label'>{names[y[i]]}</div>"
                             for i in picks],
                      labels=[f"a {names[y[i]]} (image {i})" for i in picks])
    tiles.param.watch(lambda e: e.new is not None and session.choose_input(picks[e.new]), "chosen")
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


def step_data(session: CnnSession):
    choice = pn.widgets.RadioButtonGroup.from_param(session.choice.param.data, css_classes=["data-choice"],
                                                    button_type="primary", button_style="outline")
    return pn.Column(
        pn.Row(pn.pane.HTML("<b>The images</b>", margin=(8, 5)), choice),
        pn.pane.HTML(pn.bind(lambda d: f"<div class='hint data-line'>{DATA_LINES[d]}</div>", session.choice.param.data),
                     sizing_mode="stretch_width"),
        pn.pane.Markdown("**Click an image** to make it your input."),
        pn.bind(lambda _: input_tiles(session), session.choice.param.data), your_input(session), Info(**info.INPUT),
        sizing_mode="stretch_width")


def prediction_line(session: CnnSession):
    def show(views):
        m = views.get("maps")
        if not m:
            return "<div class='hint'>Waiting for the network…</div>"
        probs = m["maps"][-1]
        top = int(np.argmax(probs))
        names = session.class_names
        if len(names) != len(probs):  # the run of the data just left: its last update
            return "<div class='hint'>Waiting for the network…</div>"
        says = f"<div class='op-line prediction-line'>The network says <b>{names[top]}</b> ({probs[top]:.1%} sure) for "
        if m["label"] is None:
            return says + "your drawing.</div>"
        verdict = "right" if top == m["label"] else "wrong"
        return says + f"this {names[m['label']]}: <b>{verdict}</b>.</div>"
    return pn.pane.HTML(pn.bind(show, session.run.param.views), sizing_mode="stretch_width")


def head_start_button(session: CnnSession):
    button = pn.widgets.Button(label="Train 200 batches", button_type="primary", width=200,
                               css_classes=["head-start"])
    button.on_click(lambda _: session.head_start(200))
    return button


def step_overview(session: CnnSession):
    return pn.Column(pn.Row(head_start_button(session), prediction_line(session)), session.grid,
                     Info(**info.OVERVIEW), sizing_mode="stretch_width")


def overview_and_detail(session: CnnSession, layer: str, *extra):
    def view():
        session.select(layer)
        return pn.Column(prediction_line(session), session.grid, *extra, session.detail,
                         sizing_mode="stretch_width")
    return view


def step_conv(session):
    return overview_and_detail(session, "conv1_1", Info(**info.CONV))()


def step_relu(session):
    return overview_and_detail(session, "relu1_1", Info(**info.RELU))()


def step_pool(session):
    return overview_and_detail(session, "pool1", Info(**info.POOL))()


def step_softmax(session):
    return overview_and_detail(session, "probabilities", Info(**info.SOFTMAX))()


# --- the hyperparameter sandbox -------------------------------------------------------------------
def step_sandbox(session: CnnSession):
    sandbox = ConvSandbox(maps=session.maps)
    session.run.param.watch(lambda e: e.new.get("maps") and setattr(sandbox, "maps", e.new["maps"]), "views")
    return pn.Column(sandbox, Info(**info.SANDBOX), sizing_mode="stretch_width")


# --- training -------------------------------------------------------------------------------------
def filters_html(filters: np.ndarray, step: int) -> str:
    """First-layer kernels (C_out, C_in, K, K) on one shared colour scale; with 3 input channels
    each filter shows its red, green and blue kernels."""
    vmax = scale_for(filters)
    channel = ["red", "green", "blue"] if filters.shape[1] == 3 else [""] * filters.shape[1]
    maps = "".join(map_html(k, vmax, numbers=False, cell=14 if filters.shape[1] == 1 else 9,
                            caption=f"filter {i} {channel[c]}".strip())
                   for i, f in enumerate(filters) for c, k in enumerate(f))
    return (f"<b>First-layer filters at step {step}</b><div style='display:flex;flex-wrap:wrap'>{maps}</div>"
            + legend_html(vmax, "weights"))


def filter_history(session: CnnSession):
    slider = pn.widgets.IntSlider(label="Snapshot (drag to go back in time)", start=0, end=1, value=0, width=360,
                                  css_classes=["snapshot-slider"])
    follow = {"latest": True, "busy": False}  # busy: the slider is being moved by the code
    shown = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["filter-history"])
    rewind = pn.widgets.Button(label="Rewind the network to this snapshot", width=300, button_style="outline",
                               css_classes=["rewind"])

    def history():
        return session.run.views.get("filter_history") or {"step": np.zeros(0), "filters": np.zeros((0,))}

    def draw(*_):
        h = history()
        n = len(h["step"])
        if n == 0:
            shown.object = "<div class='hint'>No snapshots yet.</div>"
            return
        slider.end = max(n - 1, 1)
        slider.disabled = n < 2
        training = session.run.status == "training"  # while it trains, the latest filters are shown
        if follow["latest"] or training or slider.value > n - 1:
            follow["busy"] = True
            slider.value = n - 1
            follow["busy"] = False
        i = min(slider.value, n - 1)
        shown.object = filters_html(h["filters"][i], int(h["step"][i]))

    def on_slide(event):
        if follow["busy"] or session.run.status == "training":
            return
        follow["latest"] = event.new >= len(history()["step"]) - 1
        draw()

    slider.param.watch(on_slide, "value")
    session.run.param.watch(draw, "views")
    rewind.on_click(lambda _: session.run.handle.restore(min(slider.value, len(history()["step"]) - 1)))
    draw()
    return pn.Column(shown, pn.Row(slider, rewind), sizing_mode="stretch_width")


def step_train(session: CnnSession):
    return pn.Column(
        session.controls, Info(**info.TRAINING),
        pn.Row(pn.Column(session.accuracy_chart, sizing_mode="stretch_width"),
               pn.Column(session.loss_chart, sizing_mode="stretch_width"), sizing_mode="stretch_width"),
        filter_history(session), prediction_line(session), session.grid, sizing_mode="stretch_width")


def step_mistakes(session: CnnSession):
    return pn.Column(pn.Row(head_start_button(session)), session.confusion, Info(**info.CONFUSION),
                     sizing_mode="stretch_width")


# --- your own input -------------------------------------------------------------------------------
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
                   f"background:{'#0072B2' if k == top else '#56B4E9'}'></span><span>{p:.1%}</span></div>"
                   for k, p in enumerate(probs))
    return (map_html(m["maps"][0][0], 1.0, numbers=False, cell=6, caption="What the network sees: 16×16")
            + f"<div class='drawn-probabilities' aria-label='probabilities'>{bars}</div>")


def step_draw(session: CnnSession):
    return pn.Column(pn.bind(lambda d: draw_for(session) if d == "digits" else pn.pane.HTML(
        "<div class='hint draw-digits-only'>Drawing is for the handwritten digits only: the network trained on "
        "shapes reads coloured images, not a pen's strokes. Choose <b>Handwritten digits</b> in step 1 to draw "
        "your own input.</div>", sizing_mode="stretch_width"), session.choice.param.data), sizing_mode="stretch_width")


def draw_for(session: CnnSession):
    result = pn.pane.HTML(pn.bind(drawn_probabilities, session.run.param.views), css_classes=["drawn-result"],
                          width=330)
    return pn.Column(pn.Row(pn.Column(session.canvas, session.draw_message, width=220), result),
                     pn.Row(head_start_button(session), prediction_line(session)), Info(**info.DRAWING),
                     session.grid, sizing_mode="stretch_width")


# --- your own network -------------------------------------------------------------------------------
def step_architecture(session: CnnSession):
    # Each choice labelled in words: a bare row of numbers does not say what it sets.
    form = pn.Column(*[pn.Row(pn.pane.HTML(f"<b>{session.arch.param[name].label}</b>", width=190, margin=(8, 5)),
                              pn.widgets.RadioButtonGroup.from_param(session.arch.param[name], width=360,
                                                                     css_classes=[f"arch-{name}"]))
                       for name in session.arch.param if name != "name"])
    build = pn.widgets.Button(label="Build this network and train it", button_type="primary", width=320,
                              css_classes=["build-network"])
    summary = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["arch-summary"])

    def describe(*_):
        try:
            shapes = layer_shapes(session.architecture())
        except ValueError as exc:
            summary.object = f"<div class='hint'>{esc(str(exc))}</div>"
            return
        steps = " → ".join(f"{n} {'×'.join(map(str, s))}" for n, _, s in shapes if not n.startswith("relu"))
        summary.object = f"<div class='hint'>Shapes: {esc(steps)}</div>"

    def on_build(_):
        if session.rebuild():
            session.run.handle.train()

    def count(views):
        m = views.get("maps")
        if not m:
            return ""
        n = sum(w.size for w in m["weights"].values()) + sum(b.size for b in m["biases"].values())
        return f"<div class='op-line'>The current network has {n} convolution weights and biases.</div>"

    session.arch.param.watch(describe, [p for p in session.arch.param if p != "name"])
    build.on_click(on_build)
    describe()
    return pn.Column(form, Info(**info.ARCHITECTURE), summary, build, session.arch_message, session.controls,
                     pn.pane.HTML(pn.bind(count, session.run.param.views)), prediction_line(session), session.grid,
                     sizing_mode="stretch_width")
