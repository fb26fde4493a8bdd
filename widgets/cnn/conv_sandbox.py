"""ConvSandbox: input size, padding and stride as controls around one real convolution: a
filter of the live network's first layer on the student's input, shrunk to W x W.

The output-size formula is derived with SymPy and shown with the numbers substituted;
combinations that do not fit are explained, not crashed on.
"""
import numpy as np
import panel as pn
import param

from engine.cnn import output_size, resize_image
from widgets.cnn.conv_explainer import ConvExplainer
from widgets.course.html import display_math


def output_size_explained(w: int, k: int, p: int, s: int) -> tuple[str, int]:
    """The output-size formula derived with SymPy, the numbers substituted, and what it means."""
    import sympy

    W, K, P, S = sympy.symbols("W K P S", integer=True, positive=True)
    general = sympy.floor((W - K + 2 * P) / S) + 1
    inner = sympy.Rational(w - k + 2 * p, s)
    n = int(general.subs({W: w, K: k, P: p, S: s}))
    assert n == output_size(w, k, p, s)
    fraction = str(inner).replace("/", " over ")
    text = display_math(f"\\text{{output}} = {sympy.latex(general)} = \\left\\lfloor \\frac{{{w} - {k} + 2\\cdot{p}}}"
                        f"{{{s}}}\\right\\rfloor + 1 = \\lfloor {sympy.latex(inner)} \\rfloor + 1 = {n}",
                        spoken=f"output equals the floor of W minus K plus 2 P, over S, plus 1; equals the floor of "
                               f"{w} minus {k} plus 2 times {p}, over {s}, plus 1; equals the floor of {fraction}, "
                               f"plus 1; equals {n}")
    if n < 1:
        text += (f"\n\n**No output:** the {k}×{k} kernel is larger than the padded input ({w} + 2·{p} = "
                 f"{w + 2 * p} cells). Make the kernel smaller or add padding.")
    elif (w - k + 2 * p) % s:
        text += (f"\n\n**Does not divide evenly:** ({w} − {k} + 2·{p}) / {s} = {sympy.latex(inner)} is not a whole "
                 f"number, so the kernel's last step would run past the edge. PyTorch rounds down: the last "
                 f"{(w - k + 2 * p) % s} column(s) on the right (and row(s) at the bottom) are never read.")
    else:
        text += f"\n\nA {w}×{w} input gives a {n}×{n} output."
    return text, n


class ConvSandbox(pn.viewable.Viewer):
    """Set `maps` to the engine's "maps" view; the kernel is `layer`'s filter `filter`."""

    maps = param.Dict(default={}, doc='The engine\'s "maps" view: its input and first-layer weights.')
    layer = param.String(default="conv1_1", doc="The conv layer whose filters are offered.")
    size = param.Integer(default=7, bounds=(1, 12), label="Input size W")
    padding = param.Integer(default=0, bounds=(0, 3), label="Padding P")
    stride = param.Integer(default=1, bounds=(1, 4), label="Stride S")
    filter = param.Integer(default=0, bounds=(0, 7), label="Filter (of the live network's first layer)")

    def __init__(self, **params):
        super().__init__(**params)
        self.explainer = ConvExplainer()
        self.formula = pn.pane.Markdown(sizing_mode="stretch_width", css_classes=["sandbox-formula"])
        self.controls = pn.GridBox(*[pn.widgets.IntSlider.from_param(self.param[n], width=220,
                                                                     css_classes=[f"sandbox-{n}"])
                                     for n in ("size", "padding", "stride", "filter")],
                                   ncols=2, css_classes=["sandbox-controls"])
        self.param.watch(self._update, ["maps", "size", "padding", "stride", "filter"])
        self._update()

    @property
    def source(self) -> tuple[np.ndarray, np.ndarray, float] | None:
        """(x (C_in, W, W): the input shrunk, weight (C_in, K, K), bias) or None before any maps."""
        m = self.maps
        if not m or self.layer not in m.get("weights", {}):
            return None
        weights = m["weights"][self.layer]
        f = min(self.filter, len(weights) - 1)
        return resize_image(m["maps"][0], self.size), weights[f], float(m["biases"][self.layer][f])

    def _update(self, *_):
        source = self.source
        if source is None:
            self.formula.object = "*Waiting for the network…*"
            return
        x, weight, bias = source
        n_filters = len(self.maps["weights"][self.layer])
        self.param.filter.bounds = (0, n_filters - 1)
        k = weight.shape[-1]
        text, _ = output_size_explained(self.size, k, self.padding, self.stride)
        self.formula.object = (f"K = {k}: the live network's kernel size (change it in *Your own network*).\n\n"
                               + text)
        self.explainer.show(x, weight, bias, padding=self.padding, stride=self.stride, in_vmax=None, out_vmax=None,
                            title=f"Your input shrunk to {self.size}×{self.size}, "
                                  f"filter {min(self.filter, n_filters - 1)}"
                                  f" of {self.layer} (its {k}×{k} kernel and bias {bias:.3g}), live")

    def __panel__(self):
        return pn.Column(self.controls, self.formula, self.explainer, sizing_mode="stretch_width")
