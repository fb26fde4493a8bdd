"""LSTMCellView: one LSTM cell drawn as its data flow, animated sub-step by sub-step.

Sub-steps: 1 receive the input, 2 gate activations, 3 update the cell state, 4 output.
With show_values, each part carries the live model's number for one unit at one time step.
"""
import panel as pn
import param

from widgets.course.html import spoken_math
from widgets.style.numbers import significant
from widgets.style.palette import BLUE, GREEN, GREY, INK, MUTED, ORANGE, PURPLE, SKY, VERMILLION, WHITE

# The caption under the cell at each sub-step: an HTML pane's markup, its formulas typeset and named.
SUBSTEPS = {k: spoken_math(text, {
    "x_t": "x sub t", "h_{t-1}": "h sub t minus 1", "c_{t-1}": "c sub t minus 1",
    r"c_t = f \cdot c_{t-1} + i \cdot g": "c sub t equals f times c sub t minus 1, plus i times g",
    r"h_t = o \cdot \tanh(c_t)": "h sub t equals o times tanh of c sub t"}, html=True) for k, text in {
    0: "The whole cell. Press Play or Step to follow one time step through it.",
    1: "1 · Receive: the input $x_t$ and the previous hidden state $h_{t-1}$ arrive; the cell state "
       "$c_{t-1}$ comes in along the top.",
    2: "2 · Gates: from $x_t$ and $h_{t-1}$, three sigmoid gates (forget $f$, input $i$, output $o$, each "
       "between 0 and 1) and a tanh candidate $g$ (between -1 and 1).",
    3: r"3 · Cell state: $c_t = f \cdot c_{t-1} + i \cdot g$. The forget gate keeps part of the old memory; "
       "the input gate adds part of the candidate.",
    4: r"4 · Output: $h_t = o \cdot \tanh(c_t)$. The output gate decides how much of the memory the cell shows.",
}.items()}
GATE_COLOURS = {"f": VERMILLION, "i": GREEN, "g": PURPLE, "o": SKY}
PARTS = ("x", "h_prev", "c_prev", "f", "i", "g", "o", "c", "tanh_c", "h")


class LSTMCellView(pn.viewable.Viewer):
    """`values` maps part names (PARTS) to numbers for the chosen unit and time step."""

    substep = param.Integer(default=0, bounds=(0, 4))
    show_values = param.Boolean(default=False)
    values = param.Dict(default={})
    pins = param.Dict(default={}, doc="Gates pinned to constants, drawn as such.")

    def __init__(self, **params):
        super().__init__(**params)
        self._svg = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["lstm-cell"])
        self._caption = pn.pane.HTML(css_classes=["substep-caption"], sizing_mode="stretch_width", disable_math=False)
        self._render()

    def label(self, part: str) -> str:
        """The number shown on a part: significant digits, so a tiny negative reads as negative."""
        v = self.values.get(part)
        return "" if v is None else significant(float(v), 3)

    @property
    def caption(self) -> str:
        return SUBSTEPS[self.substep]

    @param.depends("substep", "show_values", "values", "pins", watch=True)
    def _render(self):
        self._svg.object = self.svg()
        self._caption.object = f"<div>{self.caption}</div>"

    def svg(self) -> str:
        s = self.substep

        def on(step):
            return "active" if s == step else ("dim" if s else "")

        def val(part, x, y, anchor="middle"):
            if not self.show_values or part not in self.values:
                return ""
            return (f"<text class='value' x='{x}' y='{y}' text-anchor='{anchor}' "
                    f"data-part='{part}'>{self.label(part)}</text>")

        def gate(name, x, fn):
            pinned = name in self.pins
            text = f"{name}={self.pins[name]:g}" if pinned else fn
            dash = " stroke-dasharray='5 3'" if pinned else ""
            return (f"<g class='{on(2)}'><line x1='{x}' y1='290' x2='{x}' y2='222' class='wire'/>"
                    f"<rect x='{x - 30}' y='178' width='60' height='44' rx='8' fill='{GATE_COLOURS[name]}'"
                    f" class='gate'{dash}/><text x='{x}' y='206' class='gate-label'>{text}</text>"
                    f"<text x='{x - 36}' y='172' class='gate-name'>{name}</text></g>")

        return f"""<svg viewBox='0 0 680 360' width='100%' style='max-height:380px' role='img'
 aria-label='LSTM cell' xmlns='http://www.w3.org/2000/svg'>
<defs><marker id='a' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='6' markerHeight='6' orient='auto'>
<path d='M0 0 L10 5 L0 10 z' fill='{INK}'/></marker></defs>
<style>
 text {{ font: 15px system-ui, sans-serif; fill: {INK}; }}
 .gate-label {{ fill: {WHITE}; font-weight: 700; text-anchor: middle; }}
 .gate-name {{ font-size: 13px; fill: {MUTED}; }}
 .wire {{ stroke: {INK}; stroke-width: 2.5; fill: none; }}
 .op {{ fill: {WHITE}; stroke: {INK}; stroke-width: 2.5; }}
 .op-label {{ text-anchor: middle; font-size: 20px; font-weight: 700; }}
 .value {{ font: 700 15px ui-monospace, monospace; fill: {BLUE};
   paint-order: stroke; stroke: {WHITE}; stroke-width: 4px; }}
 .dim {{ opacity: 0.25; }}
 .active .wire {{ stroke: {ORANGE}; stroke-width: 5; }}
 .active .op, .active .gate {{ stroke: {ORANGE}; stroke-width: 5; }}
 .cellstate {{ stroke: {GREY}; stroke-width: 7; opacity: 0.7; }}
 .active .cellstate {{ stroke: {ORANGE}; opacity: 1; }}
</style>
<g class='{on(1)}'>
 <line x1='20' y1='60' x2='185' y2='60' class='wire cellstate'/>
 <text x='20' y='45'>c<tspan baseline-shift='sub' font-size='11'>t-1</tspan></text>
 <line x1='20' y1='290' x2='560' y2='290' class='wire'/>
 <text x='20' y='278'>h<tspan baseline-shift='sub' font-size='11'>t-1</tspan></text>
 <line x1='110' y1='350' x2='110' y2='292' class='wire' marker-end='url(#a)'/>
 <text x='120' y='345'>x<tspan baseline-shift='sub' font-size='11'>t</tspan></text>
</g>
{val('c_prev', 60, 85)}{val('h_prev', 60, 315)}{val('x', 150, 335)}
{gate('f', 200, 'σ')}{gate('i', 290, 'σ')}{gate('g', 370, 'tanh')}{gate('o', 470, 'σ')}
{val('f', 200, 244)}{val('i', 290, 244)}{val('g', 370, 244)}{val('o', 470, 244)}
<g class='{on(3)}'>
 <line x1='200' y1='178' x2='200' y2='76' class='wire' marker-end='url(#a)'/>
 <line x1='290' y1='178' x2='318' y2='136' class='wire'/><line x1='370' y1='178' x2='342' y2='136' class='wire'/>
 <circle cx='330' cy='125' r='15' class='op'/><text x='330' y='132' class='op-label'>×</text>
 <line x1='330' y1='110' x2='330' y2='76' class='wire' marker-end='url(#a)'/>
 <circle cx='200' cy='60' r='15' class='op'/><text x='200' y='67' class='op-label'>×</text>
 <line x1='215' y1='60' x2='315' y2='60' class='wire cellstate'/>
 <circle cx='330' cy='60' r='15' class='op'/><text x='330' y='67' class='op-label'>+</text>
 <line x1='345' y1='60' x2='660' y2='60' class='wire cellstate' marker-end='url(#a)'/>
 <text x='640' y='45'>c<tspan baseline-shift='sub' font-size='11'>t</tspan></text>
</g>
{val('c', 600, 85)}
<g class='{on(4)}'>
 <line x1='560' y1='60' x2='560' y2='92' class='wire' marker-end='url(#a)'/>
 <rect x='530' y='94' width='60' height='34' rx='8' fill='{WHITE}' class='op'/>
 <text x='560' y='117' text-anchor='middle'>tanh</text>
 <line x1='560' y1='128' x2='560' y2='184' class='wire' marker-end='url(#a)'/>
 <line x1='500' y1='200' x2='545' y2='200' class='wire' marker-end='url(#a)'/>
 <circle cx='560' cy='200' r='15' class='op'/><text x='560' y='207' class='op-label'>×</text>
 <line x1='560' y1='215' x2='560' y2='288' class='wire'/>
 <line x1='560' y1='290' x2='660' y2='290' class='wire' marker-end='url(#a)'/>
 <text x='640' y='278'>h<tspan baseline-shift='sub' font-size='11'>t</tspan></text>
 <line x1='610' y1='290' x2='610' y2='240' class='wire' marker-end='url(#a)'/>
 <text x='618' y='236' font-size='13'>to the head</text>
</g>
{val('tanh_c', 598, 150, 'start')}{val('h', 600, 315)}
</svg>"""

    def __panel__(self):
        return pn.Column(self._caption, self._svg, sizing_mode="stretch_width")
