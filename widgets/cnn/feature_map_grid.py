"""FeatureMapGrid: a CNN drawn left to right, every layer a column of its feature maps for one
input, then the flattened vector, the logits and the class probabilities. Click (or hover) a map
to select it; each map is also a button named after it ("conv1_2 map 4"), reached with Tab and
the arrow keys, chosen with Enter.

Colour = the diverging scale of widgets/style/colour_scale.py, each layer scaled to its own largest
|value| (printed under the column); a band over each column gives the layer's type.
"""
import json
from pathlib import Path

import numpy as np
import panel as pn
import param
from panel.custom import JSComponent

from widgets.course.shadow_dom import DEEP_FIND
from widgets.style.colour_scale import LUT, colour_index, scale_for
from widgets.style.palette import BLUE, GREEN, GREY, INK, ORANGE, PURPLE, SKY

# The site's architecture grammar: one colour per layer type, the same in every lesson's diagram.
KIND_COLOURS = {"input": SKY, "conv": GREEN, "relu": PURPLE, "pool": ORANGE, "flatten": GREY,
                "linear": BLUE, "softmax": INK}
KIND_NAMES = {"input": "input", "conv": "convolution", "relu": "ReLU", "pool": "max pooling",
              "flatten": "flatten", "linear": "logits", "softmax": "softmax"}
SHORT_NAMES = {**KIND_NAMES, "conv": "conv", "pool": "max pool"}  # the compact overview's legend: one line


class MapCanvas(JSComponent):
    """The browser half: draws `columns` on one canvas, with a button over each map, and reports
    clicks (or Enter on a map's button) into `selected`."""

    columns = param.String(default="[]", doc="JSON: one dict per shown layer (FeatureMapGrid.columns_for). "
                           "A string, because param compares a new list with the old one element by element "
                           "(~100 ms for the maps of this network, at every update).")
    selected = param.List(default=[1, 0])
    lut = param.List(default=LUT)
    scroll_to = param.String(default="", doc="CSS class of the detail view that grows out of a clicked map.")
    compact = param.Boolean(default=False, doc="A detail view is open under it: the whole network on one row, "
                            "none wrapped: the selected layer's maps at 48 px, the others' as large as the width "
                            "allows (34 px at most).")

    # deepFind is prepended: a module Panel loads from a string cannot import a sibling file.
    _esm = DEEP_FIND + (Path(__file__).parent / "map_canvas.js").read_text()



class FeatureMapGrid(pn.viewable.Viewer):
    """Set `maps` to the engine's "maps" view; `selected` = [layer index, channel] follows clicks.

    The layer index counts in the view's own list (names), so it means the same to every view.
    """

    maps = param.Dict(default={}, doc='The engine\'s "maps" view (engine/tasks/digits.py).')
    selected = param.List(default=[1, 0], doc="[layer index in maps['names'], channel] chosen.")
    scroll_to = param.String(default="", doc="CSS class of the detail view that grows out of a clicked map.")
    compact = param.Boolean(default=False, doc="Compact while a detail view is open under it (MapCanvas.compact).")
    class_names = param.List(default=[], doc="A name per class for the softmax column; empty: 0, 1, 2, ...")
    picks = param.Integer(default=0, doc="How many maps the student picked in the browser (not the page's own "
                          "selections): what a step's confirmation counts.")

    def __init__(self, **params):
        super().__init__(**params)
        self.canvas = MapCanvas(selected=list(self.selected), scroll_to=self.scroll_to,
                                compact=self.compact, css_classes=["feature-map-grid"])
        self.canvas.param.watch(self._picked, "selected")
        self.param.watch(lambda e: setattr(self.canvas, "selected", list(e.new)), "selected")
        self.param.watch(lambda e: setattr(self.canvas, "compact", e.new), "compact")
        self.param.watch(self._on_maps, ["maps", "class_names"])
        self._on_maps()

    def _picked(self, event):
        """The canvas's selection changed: by the student when it differs from the grid's (the
        grid's own changes reach the canvas as equal values)."""
        if list(event.new) != self.selected:
            self.param.update(selected=list(event.new), picks=self.picks + 1)

    def _on_maps(self, *_):
        self._columns = self.columns_for(self.maps, self.class_names)
        self.canvas.columns = json.dumps(self._columns, separators=(",", ":"))

    @property
    def columns(self) -> list[dict]:
        return self._columns

    @staticmethod
    def columns_for(view: dict, class_names=()) -> list[dict]:
        """The engine view -> what the canvas draws: per layer its maps as colour indices; the
        flatten, logits and softmax columns a value each (rows named by `class_names` when given)."""
        cols = []
        for layer, (name, kind, values) in enumerate(zip(view.get("names", []), view.get("kinds", []),
                                                         view.get("maps", []))):
            col = {"layer": layer, "name": name, "kind": kind, "colour": KIND_COLOURS[kind]}
            values = np.asarray(values, dtype=float)
            if values.ndim == 1:  # flatten (F,), logits and probabilities (classes,)
                col.update(values=[float(f"{v:.3g}") for v in values], names=[str(n) for n in class_names])
                if kind == "softmax":
                    col.update(name="softmax", shape=f"{len(values)} classes", top=int(np.argmax(values)),
                               values=[round(float(p), 5) for p in values])
                else:
                    vmax = scale_for(values)
                    col.update(shape=str(len(values)), vmax=f"{vmax:.2g}", cells=colour_index(values, vmax).tolist())
                cols.append(col)
                continue
            vmax = scale_for(values)
            c, h, w = values.shape
            col.update(shape=f"{c}×{h}×{w}", h=h, w=w, vmax=f"{vmax:.2g}",
                       maps=colour_index(values, vmax).reshape(c, -1).tolist())
            cols.append(col)
        return cols

    def select(self, name: str, channel: int = 0):
        """Select a layer by name (e.g. "conv1_1") and one of its channels."""
        self.selected = [self.maps["names"].index(name), channel]

    @property
    def selected_name(self) -> str | None:
        names = self.maps.get("names", [])
        return names[self.selected[0]] if names and self.selected[0] < len(names) else None

    def __panel__(self):
        legends = pn.pane.HTML(pn.bind(lambda compact: f"<div class='map-legends'>{kind_legend_html(compact)}"
                                                       f"{scale_legend_html()}</div>", self.param.compact),
                               margin=(0, 5), sizing_mode="stretch_width")
        return pn.Column(legends, self.canvas,
                         pn.pane.HTML("<div class='hint'>Each column is coloured on its own scale: ±its largest "
                                      "value, printed under it. Click a map (or Tab to the maps, move with the arrow "
                                      "keys and press Enter) to see how it is computed.</div>", margin=(0, 5),
                                      visible=self.param.compact.rx.not_()),  # room for the detail view
                         sizing_mode="stretch_width", css_classes=["map-overview"])


def kind_legend_html(short: bool = False) -> str:
    """The legend of the layer-type colours used over each column (`short`: names that leave the
    colour scale room on the same line)."""
    names = SHORT_NAMES if short else KIND_NAMES
    items = "".join(f"<span><span class='kind-swatch' style='background:{colour}'></span>{names[k]}</span>"
                    for k, colour in KIND_COLOURS.items())
    return f"<div class='kind-legend'><b>{'Layers' if short else 'Layer type'}:</b>{items}</div>"


def scale_legend_html() -> str:
    """The maps' colour scale, as a swatch: blue negative, white zero, vermillion positive, each
    column scaled to its own largest |value| (the ± printed with it)."""
    stops = ", ".join(LUT[i] for i in range(0, len(LUT), 32)) + f", {LUT[-1]}"
    note = "each column is scaled to its own largest value, the ± printed with it"
    return (f"<div class='scale-legend' title='{note}'><b>Colours:</b><span>negative</span>"
            f"<span class='scale-bar' role='img' aria-label='blue below zero, white at zero, vermillion above zero'"
            f" style='background:linear-gradient(to right, {stops})'><span class='scale-zero'>0</span></span>"
            "<span>positive</span></div>")
