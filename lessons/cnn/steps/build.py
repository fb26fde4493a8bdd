"""Step 'build': your own network (deeper)."""
import panel as pn

from engine.cnn import layer_shapes
from widgets.course.html import esc
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..parts import prediction_line
from ..session import CnnSession
from ..spoken import said

ARCHITECTURE_INFO = dict(title="The architecture choices", body=said(r"""
**Blocks**: how many *conv → ReLU → conv → ReLU → max pool* blocks; each halves the maps.
**Channels**: filters per conv layer, hence maps per layer. A conv layer with $C_{in}$ input
and $C_{out}$ output channels and kernel $K$ has $C_{out}(C_{in} K^2 + 1)$ weights and
biases. **Kernel size K** and **padding P**: each conv layer's map goes from $s$ to
$s - K + 2P + 1$ (stride 1); with $P = (K-1)/2$ the size stays.
"""))


class Build(LessonStep):
    id = "build"
    title = "Your own network"
    deeper = True
    text = """
**Change the architecture and press "Build this network and train it".** Fewer channels,
more blocks, a larger kernel, no padding: every view in this lesson follows the network you
build. The shapes line shows what each layer produces before you build it.

It learns the images chosen in step 1. Some choices do not fit a 16×16 input: the maps
shrink to nothing. You get a message instead of a network.
"""
    tour = (
        stop("arch-blocks", "Shape the network", "Blocks, channels, kernel size, padding: the shapes line follows."),
        stop("build-network", "Build and train it", "A new network replaces the old one and starts training.",
             wait=True),
    )

    def view(self):
        session = self.session
        # Each choice labelled in words: a bare row of numbers does not say what it sets.
        choices = [name for name in session.arch.param if name != "name"]
        form = pn.Column(*[pn.Row(pn.pane.HTML(f"<b>{session.arch.param[name].label}</b>", width=190, margin=(8, 5)),
                                  pn.widgets.RadioButtonGroup.from_param(session.arch.param[name], width=360,
                                                                         css_classes=[f"arch-{name}"]))
                           for name in choices])
        build = pn.widgets.Button(label="Build this network and train it", button_type="primary", width=320,
                                  css_classes=["build-network"])
        build.on_click(lambda _: session.rebuild() and session.run.handle.train())
        summary = pn.pane.HTML(pn.bind(lambda *_: shapes_line(session), *[session.arch.param[n] for n in choices]),
                               sizing_mode="stretch_width", css_classes=["arch-summary"])
        return pn.Column(form, Info(**ARCHITECTURE_INFO), summary, build, session.arch_message, session.controls,
                         pn.pane.HTML(pn.bind(weight_count, session.run.param.views)), prediction_line(session),
                         session.grid, sizing_mode="stretch_width")


def shapes_line(session: CnnSession) -> str:
    try:
        shapes = layer_shapes(session.architecture())
    except ValueError as exc:
        return f"<div class='hint'>{esc(str(exc))}</div>"
    steps = " → ".join(f"{n} {'×'.join(map(str, s))}" for n, _, s in shapes if not n.startswith("relu"))
    return f"<div class='hint'>Shapes: {esc(steps)}</div>"


def weight_count(views: dict) -> str:
    m = views.get("maps")
    if not m:
        return ""
    n = sum(w.size for w in m["weights"].values()) + sum(b.size for b in m["biases"].values())
    return f"<div class='op-line'>The current network has {n} convolution weights and biases.</div>"
