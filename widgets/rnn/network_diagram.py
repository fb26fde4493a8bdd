"""NetworkDiagram: a network drawn left to right in the site's one grammar.

Colour = layer type (with a legend), box height = layer width, a loop arrow on recurrent
layers. `phase` animates the edges: forward left to right, backward right to left.
"""
import panel as pn
import param

from widgets.course.html import esc
from widgets.style.palette import BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION

KIND_COLOURS = {"input": GREY, "lstm": GREEN, "gru": PURPLE, "rnn": SKY, "dense": ORANGE,
                "conv": GREEN, "pool": SKY, "output": BLUE}
KIND_NAMES = {"input": "input", "lstm": "LSTM layer", "gru": "GRU layer", "rnn": "RNN layer",
              "dense": "dense (linear) layer", "conv": "convolution", "pool": "pooling", "output": "output"}
RECURRENT = {"lstm", "gru", "rnn"}
PHASES = {
    "idle": "Waiting. Press Train, or show one training step slowly.",
    "forward": "1 · Forward: the input flows left to right through every layer to a prediction.",
    "error": "2 · Error: the prediction is compared with the true next value; the loss measures the gap.",
    "backward": "3 · Backward: the error's gradient flows right to left, back through each layer and "
                "back through time.",
    "update": "4 · Update: every weight moves a small step against its gradient (learning rate × gradient).",
    "training": "Training: forward, error, backward and update, many times per second.",
}


class NetworkDiagram(pn.viewable.Viewer):
    """`layers` is [(kind, size), ...] from input to output; `selected` highlights one (index)."""

    layers = param.List(default=[("input", 1), ("lstm", 16), ("dense", 1)])
    phase = param.Selector(default="idle", objects=list(PHASES))
    selected = param.Integer(default=None, allow_None=True)

    def __init__(self, **params):
        super().__init__(**params)
        self._svg = pn.pane.HTML(sizing_mode="stretch_width", height=240, css_classes=["network-diagram"])
        self._phase = pn.pane.HTML(css_classes=["process-pane"], sizing_mode="stretch_width")
        self._render()

    @property
    def phase_text(self) -> str:
        return PHASES[self.phase]

    @param.depends("layers", "phase", "selected", watch=True)
    def _render(self):
        self._svg.object = self.svg()
        self._phase.object = f"<div class='phase phase-{self.phase}'>{esc(self.phase_text)}</div>"

    def svg(self) -> str:
        gap, x0, mid = 150, 30, 105
        parts, kinds = [], []
        direction = {"forward": "flow-forward", "backward": "flow-backward"}.get(self.phase, "")
        if self.phase == "training":
            direction = "flow-forward"
        for k, (kind, size) in enumerate(self.layers):
            x = x0 + k * gap
            height = 24 + 100 * min(size, 64) / 64
            colour = KIND_COLOURS.get(kind, GREY)
            ring = " selected" if k == self.selected else ""
            pulse = " pulse" if self.phase == "update" and kind not in ("input",) else ""
            glow = " glow" if self.phase == "error" and k == len(self.layers) - 1 else ""
            parts.append(f"<rect class='layer{ring}{pulse}{glow}' x='{x}' y='{mid - height / 2:.1f}' width='70' "
                         f"height='{height:.1f}' rx='8' fill='{colour}'/>")
            parts.append(f"<text x='{x + 35}' y='{mid + height / 2 + 18:.1f}' text-anchor='middle' "
                         f"class='layer-label'>{esc(KIND_NAMES[kind].split(' ')[0])} · {size}</text>")
            if kind in RECURRENT:
                top = mid - height / 2
                parts.append(f"<path class='loop {direction}' d='M{x + 55} {top:.1f} C {x + 80} {top - 40:.1f}, "
                             f"{x - 10} {top - 40:.1f}, {x + 15} {top:.1f}' fill='none' stroke='{colour}' "
                             f"stroke-width='3' marker-end='url(#arrow)'/>")
            if k:
                parts.append(f"<line class='edge {direction}' x1='{x - gap + 72}' y1='{mid}' x2='{x - 4}' "
                             f"y2='{mid}' stroke='#1f2430' stroke-width='3' marker-end='url(#arrow)'/>")
            if kind not in kinds:
                kinds.append(kind)
        width = x0 + len(self.layers) * gap
        if self.phase == "error":
            parts.append(f"<text x='{width - 40}' y='30' class='error-label' text-anchor='end'>"
                         "prediction vs target → loss</text>")
        legend = "".join(
            f"<g transform='translate({10 + i * 170} 205)'><rect width='16' height='16' rx='3' "
            f"fill='{KIND_COLOURS[kind]}'/><text x='22' y='13' class='legend'>{KIND_NAMES[kind]}</text></g>"
            for i, kind in enumerate(kinds))
        return f"""<svg viewBox='0 0 {max(width, 520)} 230' width='100%' height='230' role='img'
 aria-label='network diagram' xmlns='http://www.w3.org/2000/svg'>
<defs><marker id='arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' orient='auto'>
<path d='M0 0 L10 5 L0 10 z' fill='#1f2430'/></marker></defs>
<style>
 .layer-label, .legend {{ font: 14px system-ui, sans-serif; fill: #1f2430; }}
 .error-label {{ font: bold 14px system-ui, sans-serif; fill: {VERMILLION}; }}
 .selected {{ stroke: {VERMILLION}; stroke-width: 5; }}
 .flow-forward {{ stroke-dasharray: 10 6; animation: flow 0.6s linear infinite; }}
 .flow-backward {{ stroke-dasharray: 10 6; animation: flow 0.6s linear infinite reverse; stroke: {VERMILLION}; }}
 .pulse {{ animation: pulse 0.8s ease-in-out infinite alternate; }}
 .glow {{ stroke: {VERMILLION}; stroke-width: 5; }}
 @keyframes flow {{ to {{ stroke-dashoffset: -32; }} }}
 @keyframes pulse {{ from {{ opacity: 1; }} to {{ opacity: 0.45; }} }}
</style>
{''.join(parts)}{legend}</svg>"""

    def __panel__(self):
        return pn.Column(self._phase, self._svg, sizing_mode="stretch_width")
