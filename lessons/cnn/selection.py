"""The selected map of the CNN overview: where it is in the URL, and the explanation shown for it.

The overview (FeatureMapGrid) owns the selection; this keeps it in the link (?layer=conv1_2&map=4)
and puts the right explainer under it: convolution, ReLU, pooling or softmax."""
import panel as pn
import param

from widgets.cnn.conv_explainer import ConvExplainer
from widgets.cnn.feature_map_grid import FeatureMapGrid
from widgets.cnn.pool_view import PoolView
from widgets.cnn.relu_view import ReluView
from widgets.cnn.softmax_view import SoftmaxView
from widgets.course.url_query import query_int, query_text
from widgets.style.palette import GREEN

# What the detail title calls a selected vector (the other layers: "map 4").
VECTORS = {"flatten": "the flattened vector", "linear": "the logits", "softmax": "the probabilities"}


class Place(param.Parameterized):
    """The selected map, mirrored in the URL: ?layer=conv1_2&map=4."""

    layer = param.String(default="", doc="The selected layer's name (engine view's names).")
    map = param.Integer(default=0, bounds=(0, None), doc="Its channel (for softmax: the class).")


class MapSelection:
    """The overview grid, the selected map and its detail view, for one student."""

    def __init__(self, class_names: list[str]):
        self.grid = FeatureMapGrid(scroll_to="detail-view", class_names=class_names)
        self.place = Place()
        softmax = SoftmaxView(class_names=class_names)  # also explains the flatten and logits columns
        self.explainers = {"conv": ConvExplainer(), "relu": ReluView(), "pool": PoolView(),
                           "flatten": softmax, "linear": softmax, "softmax": softmax}
        self.detail = pn.Column(sizing_mode="stretch_width", css_classes=["detail-view"])
        self.detail_title = pn.pane.HTML(sizing_mode="stretch_width", margin=(2, 10))
        self._shown = None      # the explainer in the detail view: swapped only when the kind changes
        self._pending = None    # a layer to select once the first maps arrive
        self.keep_place = self._read_place()
        pn.bind(self._explain, self.grid.param.selected, watch=True)
        pn.bind(self._record_place, self.grid.param.selected, watch=True)
        pn.bind(self._apply_place, self.place.param.layer, self.place.param.map, watch=True)
        if pn.state.location is not None:
            pn.state.location.sync(self.place, {"layer": "layer", "map": "map"})

    @property
    def maps(self) -> dict:
        return self.grid.maps

    def set_classes(self, names: list[str]):
        """Another data set: its class names, no maps until its run sends them."""
        self.grid.param.update(maps={}, class_names=names, selected=[1, 0])
        self.explainers["softmax"].class_names = names
        self.keep_place = False

    def show(self, maps: dict):
        """New maps from the run: drawn, the place from the link applied once, explained."""
        first = not self.grid.maps
        self.grid.maps = maps
        if first:
            self._apply_place()
        if self._pending:
            pending, self._pending = self._pending, None
            self.select(pending)
        self.keep_place = False
        self._explain()

    def _read_place(self) -> bool:
        """?layer=conv1_2&map=4 from the link; True when a layer was given: it wins over the step's
        default selection once."""
        layer = query_text("layer")
        if not layer:
            return False
        self.place.param.update(layer=layer, map=max(query_int("map") or 0, 0))
        return True

    def _record_place(self, *_):
        name = self.grid.selected_name
        if name and (name, self.grid.selected[1]) != (self.place.layer, self.place.map):
            self.place.param.update(layer=name, map=self.grid.selected[1])

    def _apply_place(self, *_):
        m = self.maps
        if m and self.place.layer in m["names"]:
            wanted = [m["names"].index(self.place.layer), self.place.map]
            if self.grid.selected != wanted:
                self.grid.selected = wanted

    def select(self, name: str, channel: int = 0):
        """Select a map by layer name unless the current selection is already of that kind
        (before the first maps arrive, once they do). A place given in the link wins once."""
        if self.keep_place:
            self.keep_place = False
            return
        if not self.maps:
            self._pending = name
            return
        if name in self.maps["names"]:
            current = self.grid.selected_name or ""
            if current.rstrip("0123456789_") != name.rstrip("0123456789_"):
                self.grid.select(name, channel)

    def _explain(self, *_):
        """Show the explanation of the selected map's operation (the detail view)."""
        m = self.maps
        if not m:
            return
        layer, channel = self.grid.selected
        if layer >= len(m["names"]):
            layer, channel = 1, 0
        kind = m["kinds"][layer]
        if m["maps"][layer].ndim == 3 and channel >= m["maps"][layer].shape[0]:
            channel = 0
        widget = self.explainers.get(kind)
        if widget is None:
            self._shown = None
            self.detail.objects = [pn.pane.HTML("<div class='hint'>This is the input image itself. Click a map "
                                                "in another column to see how it is computed.</div>")]
            return
        widget.from_maps(m, layer, channel)
        what = VECTORS.get(kind, f"map {channel}")
        name = m["names"][layer]
        shown = what if name in what else f"{name}, {what}"  # not "probabilities, the probabilities"
        note = ""
        if "in_overview" in widget.param:  # its own title line folded into this one: a line less under the overview
            widget.in_overview = True
            note = ": " + widget.title.split(": ", 1)[-1]
        if kind == "flatten":
            last = m["maps"][layer - 1]
            note = (f": {m['names'][layer - 1]}'s {'×'.join(map(str, last.shape))} maps read row by row into "
                    f"{last.size} numbers; the linear layer turns them into the logits below")
        self.detail_title.object = (f"<div class='detail-title' style='border-left:6px solid {GREEN};"
                                    f"padding-left:8px'><b>Explained below: {shown}</b>{note} "
                                    "(outlined in green above)</div>")
        if self._shown is not widget:  # swap only when the kind changes: no re-render per update
            self._shown = widget
            self.detail.objects = [self.detail_title, widget]
