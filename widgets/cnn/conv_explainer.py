"""ConvExplainer: one convolution output cell at a time. The kernel slides over the input;
the window, the kernel, their element-wise products, the sum over input channels plus the bias
land in the output cell. Play / pause / step and speed come from a Player.

Every number comes from engine.cnn.conv_at (tested equal to F.conv2d on the live weights).
"""
import numpy as np
import panel as pn
import param
from numpy.lib.stride_tricks import sliding_window_view

from engine.cnn import conv_at, output_size
from widgets.cnn.step_player import StepPlayer
from widgets.style.colour_scale import fit_cell, legend_html, map_html, scale_for
from widgets.style.numbers import significant


class ConvExplainer(pn.viewable.Viewer):
    """Set the source with `show(x, weight, bias, ...)` or `from_maps(view, layer, channel)`.

    position: the output cell, counted row by row; in_channel: the input channel whose window,
    kernel and products are drawn (the sums of all channels are always listed).
    """

    x = param.Array(default=np.zeros((1, 3, 3)), doc="The layer's input (C_in, H, W).")
    weight = param.Array(default=np.zeros((1, 3, 3)), doc="The output channel's kernel (C_in, K, K).")
    bias = param.Number(default=0.0)
    padding = param.Integer(default=0, bounds=(0, None))
    stride = param.Integer(default=1, bounds=(1, None))
    in_vmax = param.Number(default=None, allow_None=True, doc="Colour scale of the input (the overview's).")
    out_vmax = param.Number(default=None, allow_None=True, doc="Colour scale of the output (the overview's).")
    title = param.String(default="")
    in_overview = param.Boolean(default=False, doc="Shown under the CNN overview, whose title line names it and "
                                "whose legend says the colours: no title or colour words of its own, no counter, "
                                "smaller maps.")
    position = param.Integer(default=0, bounds=(0, None))
    in_channel = param.Integer(default=0, bounds=(0, None))

    def __init__(self, **params):
        super().__init__(**params)
        self._geometry = None  # (input, kernel, padding, stride) last shown: a new one starts inside the image
        self.player = StepPlayer(label="Kernel position", interval=600, counter=not self.in_overview,
                                 css_classes=["conv-player"])
        pn.bind(lambda v: setattr(self, "position", v), self.player.param.value, watch=True)
        pn.bind(lambda v: setattr(self.player, "value", v), self.param.position, watch=True)
        # Beside the player, one line high: its label hidden, its options say it ("input channel 3").
        self.channel_select = pn.widgets.Select(label="Input channel shown", options={"input channel 0": 0}, width=150,
                                                align="center", css_classes=["conv-channel"],
                                                stylesheets=["label { position: absolute; width: 1px; height: 1px; "
                                                             "overflow: hidden; clip-path: inset(50%); }"])
        self.channel_select.link(self, value="in_channel", bidirectional=True)
        self.speed = pn.widgets.RadioButtonGroup(label="Speed", options={"slow": 1200, "medium": 600, "fast": 150},
                                                 value=600, width=190, align="center")
        pn.bind(lambda v: setattr(self.player, "interval", v), self.speed.param.value, watch=True)
        self._title = pn.pane.HTML(margin=(0, 5))
        self._maps = pn.pane.HTML(margin=(0, 5), sizing_mode="stretch_width")
        self._sums = pn.pane.HTML(margin=(0, 5), sizing_mode="stretch_width", css_classes=["conv-sums"])
        self._outputs = None
        self.param.watch(self._on_source, ["x", "weight", "bias", "padding", "stride"])
        self.param.watch(self._refresh, ["position", "in_channel", "in_vmax", "out_vmax", "title", "in_overview"])
        self._on_source()
        self._layout = pn.Column(sizing_mode="stretch_width", css_classes=["conv-explainer"])
        self._arrange()

    # --- sources ----------------------------------------------------------------------------
    def show(self, x, weight, bias, padding=0, stride=1, **extra):
        """Explain another convolution (same position if it still exists)."""
        self.param.update(x=np.asarray(x, dtype=np.float64), weight=np.asarray(weight, dtype=np.float64),
                          bias=float(bias), padding=int(padding), stride=int(stride), **extra)

    def from_maps(self, view: dict, layer: int, channel: int):
        """Output channel `channel` of conv layer `layer` (an index into view["names"])."""
        name = view["names"][layer]
        self.show(view["maps"][layer - 1], view["weights"][name][channel], view["biases"][name][channel],
                  padding=view["padding"], in_vmax=scale_for(view["maps"][layer - 1]),
                  out_vmax=scale_for(view["maps"][layer]),
                  title=f"{name}, output channel {channel}: computed from {view['names'][layer - 1]}")

    def _first_telling(self, windows: np.ndarray, h_out: int, w_out: int) -> int:
        """The first position (row by row) whose window lies wholly on the image and holds some
        ink: at (0, 0) the window is mostly padding, and a blank window only ever sums to 0."""
        inner = -(-self.padding // self.stride)  # rows and columns whose window starts inside
        rows = range(min(inner, h_out - 1), max(h_out - inner, 1))
        cols = range(min(inner, w_out - 1), max(w_out - inner, 1))
        level = 0.05 * float(np.abs(self.x).max())
        for r in rows:
            for c in cols:
                if level > 0 and np.abs(windows[:, r, c]).max() > level:
                    return r * w_out + c
        return rows[0] * w_out + cols[0]

    @property
    def out_shape(self) -> tuple[int, int]:
        _, h, w = self.x.shape
        k = self.weight.shape[-1]
        return output_size(h, k, self.padding, self.stride), output_size(w, k, self.padding, self.stride)

    def _on_source(self, *_):
        h_out, w_out = self.out_shape
        n = max(h_out * w_out, 1)
        if h_out >= 1 and w_out >= 1:
            # The whole output map at once (the same sums conv_at spells out cell by cell).
            k, p, s = self.weight.shape[-1], self.padding, self.stride
            padded = np.pad(self.x, ((0, 0), (p, p), (p, p)))
            windows = sliding_window_view(padded, (k, k), axis=(1, 2))[:, ::s, ::s][:, :h_out, :w_out]
            self._outputs = np.einsum("chwij,cij->hw", windows, self.weight) + self.bias
        else:
            self._outputs = None
        channels = list(range(self.x.shape[0]))
        self.channel_select.options = {f"input channel {c}": c for c in channels}
        self.channel_select.visible = len(channels) > 1
        with param.parameterized.discard_events(self):
            self.in_channel = min(self.in_channel, len(channels) - 1)
        self.player.end = n - 1
        geometry = (self.x.shape, self.weight.shape, self.padding, self.stride)
        if self._outputs is not None and geometry != self._geometry:
            self._geometry = geometry
            start = self._first_telling(windows, h_out, w_out)
            if self.position == 0 and start:
                self.position = start  # refreshes
                return
        if self.position > n - 1:
            self.position = n - 1  # refreshes
        else:
            self._refresh()

    # --- what is shown ------------------------------------------------------------------------
    @property
    def cell(self) -> dict | None:
        """engine.cnn.conv_at at the current position (None when the kernel does not fit)."""
        if self._outputs is None:
            return None
        w_out = self.out_shape[1]
        return conv_at(self.x, self.weight, self.bias, self.position // w_out, self.position % w_out,
                       self.padding, self.stride)

    def _refresh(self, *_):
        self._title.object = f"<b>{self.title}</b>" if self.title and not self.in_overview else ""
        # Under the overview: no counter (the output map's caption says the cell; the row keeps room
        # for the channel) and smaller maps, so that both fit one 1280x800 screen.
        self.player.counter = not self.in_overview
        room, least = (110, 5) if self.in_overview else (150, 8)
        self._title.visible = bool(self._title.object)
        cell = self.cell
        if cell is None:
            self._maps.object = "<div class='sandbox-message'>The kernel does not fit in this input: no output.</div>"
            self._sums.object = ""
            return
        h_out, w_out = self.out_shape
        row, col = self.position // w_out, self.position % w_out
        k = self.weight.shape[-1]
        c = self.in_channel
        in_vmax = self.in_vmax or scale_for(self.x)
        out_vmax = self.out_vmax or scale_for(self._outputs)
        p = self.padding
        padded = np.pad(self.x[c], p)
        size = fit_cell(padded.shape[0], room=room, least=least)
        pad_note = f", zero-padded by {p}" if p else ""
        in_map = map_html(padded, in_vmax, numbers=size >= 30, cell=size,
                          boxes=[(cell["top"], cell["left"], k, k, "window")],
                          caption=f"input{' channel ' + str(c) if self.x.shape[0] > 1 else ''}{pad_note}")
        done = np.arange(h_out * w_out).reshape(h_out, w_out) > self.position
        out_size = fit_cell(h_out, room=room, least=least)
        out_map = map_html(self._outputs, out_vmax, numbers=out_size >= 30, cell=out_size,
                           boxes=[(row, col, 1, 1, "current")], blank=done,
                           caption=f"output, cell ({row}, {col})")
        kv, pv = scale_for(self.weight[c]), scale_for(cell["products"][c])
        small = 34 if k <= 3 else max(16, 102 // k)  # a kernel of any size in ~100 px
        arith = ("<div style='display:flex;gap:6px;align-items:center;flex-wrap:wrap'>"
                 + map_html(cell["window"][c], in_vmax, cell=small, caption="window")
                 + "<span class='op-line'>×</span>"
                 + map_html(self.weight[c], kv, cell=small, caption="kernel")
                 + "<span class='op-line'>=</span>"
                 + map_html(cell["products"][c], pv, cell=small, caption="products") + "</div>")
        # Side by side, so that the overview above and all of this fit one 1280x800 screen.
        legend = legend_html(in_vmax, "input colours", note=not self.in_overview)
        self._maps.object = (f"<div class='conv-maps' style='display:flex;gap:18px;flex-wrap:wrap;"
                             f"align-items:flex-start'>{in_map}{out_map}<div style='max-width:430px'>{arith}{legend}"
                             "</div></div>")
        terms = " + ".join(f"<span title='input channel {i}'>"
                           + (f"<b>{significant(s)}</b>" if i == c else significant(s)) + "</span>"
                           for i, s in enumerate(cell["channel_sums"]))
        n_ch = len(cell["channel_sums"])
        over = f"sum over the {n_ch} input channels " if n_ch > 1 else "sum "
        many = " many-terms" if n_ch > 4 else ""  # 16 channels' sums in two lines, not three
        self._sums.object = (f"<div class='op-line{many}'>{over}{terms} + bias {significant(cell['bias'])} = "
                             f"<span class='result'>{significant(cell['result'])}</span>"
                             f" → output cell ({row}, {col})</div>")

    @property
    def sums_text(self) -> str:
        return self._sums.object

    @param.depends("in_overview", watch=True)
    def _arrange(self):
        if self.in_overview:  # the speed and the channel beside the player: a row less under the overview
            controls = [pn.Row(self.player, self.speed, self.channel_select)]
        else:  # on their own row: beside the player and its counter they ran off a narrower column's edge
            controls = [self.player, pn.Row(self.speed, self.channel_select)]
        self._layout.objects = [self._title, *controls, self._maps, self._sums]

    def __panel__(self):
        return self._layout
