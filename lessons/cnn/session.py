"""One student's state in the CNN lesson: the data set, the live run, the chosen input and map,
and the views that explain them. Every number shown comes from the run's views
(engine/tasks/digits.py, engine/tasks/shapes.py)."""
import numpy as np
import panel as pn
import param

from engine.cnn import Architecture, layer_shapes
from engine.pool import shared_pool
from engine.digits import drawing_to_digit
from engine.shapes import SHAPES
from engine.tasks.digits import DigitsTask
from engine.tasks.shapes import ShapesTask
from widgets.cnn.confusion_matrix import ConfusionMatrix
from widgets.cnn.conv_explainer import ConvExplainer
from widgets.cnn.drawing_canvas import DrawingCanvas, read_ink
from widgets.course.html import esc
from widgets.cnn.feature_map_grid import FeatureMapGrid
from widgets.run.live_loss_chart import LiveLossChart
from widgets.run.live_run import LiveRun
from widgets.cnn.pool_view import PoolView
from widgets.cnn.relu_view import ReluView
from widgets.cnn.softmax_view import SoftmaxView
from widgets.run.train_controls import TrainControls
from widgets.course.url_query import query_int, query_text

LEARNING_RATES = [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1]
SPEEDS = {"1 batch/s": 1, "3 batches/s": 3, "10 batches/s": 10, "30 batches/s": 30, "as fast as it goes": 0}
RUN_OPTIONS = {"eval_every": 20, "snapshot_every": 20, "max_snapshots": 60}
# The data choices: the engine task, its class names (empty: the digits' own numbers) and the
# settings its runs do not have (the shapes have no drawing).
DATASETS = {"digits": {"task": DigitsTask, "names": [], "unsent": ()},
            "shapes": {"task": ShapesTask, "names": list(SHAPES), "unsent": ("drawing",)}}


class DataChoice(param.Parameterized):
    """Which images the network learns, mirrored in the URL: ?data=shapes."""

    data = param.Selector(default="digits", objects={"Handwritten digits": "digits", "Coloured shapes": "shapes"},
                          label="Data")


class CnnSettings(param.Parameterized):
    """What a student may change while the network trains; each applies at the next step."""

    lr = param.Selector(default=0.003, objects=LEARNING_RATES, label="Learning rate")
    batch_size = param.Selector(default=32, objects=[8, 16, 32, 64, 128], label="Batch size")
    steps_per_second = param.Selector(default=10, objects=SPEEDS, label="Training speed")
    input_index = param.Integer(default=0, bounds=(0, None), label="Your input (validation image)")
    drawing = param.List(default=[], doc="Your own digit as 64 counts 0..16 (engine/digits.py); "
                         "empty: the validation image is your input.")


class ArchitectureSettings(param.Parameterized):
    blocks = param.Selector(default=2, objects=[1, 2, 3, 4], label="Blocks")
    channels_1 = param.Selector(default=8, objects=[2, 4, 8, 16], label="Channels in block 1")
    channels_2 = param.Selector(default=16, objects=[4, 8, 16, 32], label="Channels in blocks 2+")
    kernel = param.Selector(default=3, objects=[3, 5, 7], label="Kernel size")
    padding = param.Selector(default=1, objects=[0, 1, 2], label="Padding")

    def architecture(self, in_channels: int = 1, classes: int = 10) -> Architecture:
        return Architecture(channels=(self.channels_1,) + (self.channels_2,) * (self.blocks - 1),
                            kernel=self.kernel, padding=self.padding, in_channels=in_channels, classes=classes)


class Place(param.Parameterized):
    """The selected map, mirrored in the URL with the input: ?input=12&layer=conv1_2&map=4."""

    layer = param.String(default="", doc="The selected layer's name (engine view's names).")
    map = param.Integer(default=0, bounds=(0, None), doc="Its channel (for softmax: the class).")


class CnnSession:
    def __init__(self):
        self.choice = DataChoice()
        self._data = self._data_name = None
        self._read_data()  # before the run opens: it opens on the chosen task
        self.settings = CnnSettings()
        self.settings.param.input_index.bounds = (0, len(self.data.y_val) - 1)
        self.place = Place()
        self._keep_place = self._read_place()  # before the run opens: its first maps are for this input
        self.arch = ArchitectureSettings()
        self.loss_chart = LiveLossChart(label="Training loss", height=200)
        self.accuracy_chart = LiveLossChart(label="Validation accuracy", logy=False, height=200)
        self.controls = TrainControls(settings=self.settings, widgets={
            "lr": pn.widgets.DiscreteSlider, "batch_size": pn.widgets.DiscreteSlider,
            "steps_per_second": pn.widgets.DiscreteSlider})
        self.run = LiveRun(shared_pool(), self.choice.data, self.settings, task_args=self.task_args(),
                           watch=["maps", "predictions", "filter_history"], chart=self.loss_chart,
                           controls=self.controls, run_options=RUN_OPTIONS, unsent=self.dataset["unsent"])
        self.grid = FeatureMapGrid(scroll_to="detail-view")
        self.conv = ConvExplainer()
        self.relu = ReluView()
        self.pool = PoolView()
        names = self.class_names
        self.grid.class_names = names
        self.softmax = SoftmaxView(class_names=names)
        self.confusion = ConfusionMatrix(images=self.confusion_images(), class_names=names)
        self.detail = pn.Column(sizing_mode="stretch_width", css_classes=["detail-view"])
        self.detail_title = pn.pane.HTML(sizing_mode="stretch_width")
        self.canvas = DrawingCanvas(css_classes=["drawing-canvas"])
        self.canvas.param.watch(self._on_drawing, "pixels")
        self.draw_message = pn.pane.HTML("", css_classes=["draw-message"], sizing_mode="stretch_width")
        self.arch_message = pn.pane.Alert("", alert_type="danger", visible=False, css_classes=["arch-message"])
        self._pushed_evals = self._eval_start = 0
        self._detail_widget = None
        self._pending = None  # a layer to select once the first maps arrive
        self.run.param.watch(self._on_views, "views")
        self.run.param.watch(self._on_evals, "evals")
        self.grid.param.watch(lambda _: self._explain(), "selected")
        self.grid.param.watch(self._record_place, "selected")
        self.place.param.watch(self._apply_place, ["layer", "map"])
        if pn.state.location is not None:
            pn.state.location.sync(self.settings, {"input_index": "input"})
            pn.state.location.sync(self.place, {"layer": "layer", "map": "map"})
            pn.state.location.sync(self.choice, {"data": "data"})
        self.choice.param.watch(self._on_data, "data")
        if pn.state.curdoc is not None:
            self.run.start()

    # --- the data set -----------------------------------------------------------------------
    @property
    def dataset(self) -> dict:
        return DATASETS[self.choice.data]

    @property
    def class_names(self) -> list[str]:
        """The classes as the page names them: digits by their number, shapes by their name."""
        return self.dataset["names"] or [str(k) for k in range(self.dataset["task"].classes)]

    @property
    def in_channels(self) -> int:
        return self.dataset["task"].in_channels

    def _read_data(self):
        """?data=shapes from the link this page was opened with; anything else means digits."""
        name = query_text("data")
        if name in DATASETS:
            self.choice.data = name

    @property
    def data(self):
        """The chosen set's images. Derived from the choice, so views redrawn by the choice itself
        (they may run before `_on_data`) never pair the new class names with the old images."""
        if self._data_name != self.choice.data:
            self._data, self._data_name = self.dataset["task"].load_data(16), self.choice.data
        return self._data

    def confusion_images(self):
        """The validation images for the confusion matrix: grey (N, H, W) or colour (N, 3, H, W)."""
        x = self.data.x_val
        return x[:, 0] if x.shape[1] == 1 else x

    def choose_data(self, name: str):
        """Another data set ("digits" or "shapes"), as the step 1 buttons choose it."""
        self.choice.data = name

    def _on_data(self, event):
        """A fresh run of the chosen set's task replaces the current one, and every view forgets
        the old images (the input is the new set's first validation image)."""
        name = event.new
        self.settings.param.update(input_index=0, drawing=[])
        self.settings.param.input_index.bounds = (0, len(self.data.y_val) - 1)
        names = self.class_names
        self.grid.param.update(maps={}, class_names=names, selected=[1, 0])
        self.softmax.class_names = names
        self.confusion.param.update(predictions={}, cell=None, images=self.confusion_images(), class_names=names)
        self.accuracy_chart.clear()
        self._eval_start = self._pushed_evals = 0
        self._keep_place = False
        self.run.reopen(task=name, unsent=self.dataset["unsent"])
        self.run.views = {}

    def architecture(self) -> Architecture:
        """The architecture settings on the chosen data (its input channels and classes)."""
        return self.arch.architecture(self.in_channels, len(self.class_names))

    def task_args(self) -> dict:
        a = self.arch.architecture()
        return {"channels": list(a.channels), "kernel": a.kernel, "padding": a.padding}

    # --- the run's updates -> the views -----------------------------------------------------
    def _on_views(self, event):
        views = event.new
        if "maps" in views:
            first = not self.grid.maps
            self.grid.maps = views["maps"]
            if first:
                self._apply_place()
            if self._pending:
                pending, self._pending = self._pending, None
                self.select(pending)
            self._keep_place = False
            self._explain()
        new = views.get("predictions")
        old = self.confusion.predictions
        # Predictions change only at an evaluation: skip the redraw in between.
        if new is not None and not (old and np.array_equal(old["pred"], new["pred"])
                                    and np.array_equal(old["probs"], new["probs"])):
            self.confusion.predictions = new

    def _on_drawing(self, event):
        """The canvas's ink -> the digit format; the worker traces it through the live network."""
        try:
            counts = drawing_to_digit(read_ink(event.new, self.canvas.size))
        except ValueError as exc:
            self.draw_message.object = (f"<div class='hint'>{esc(exc)} Until then the network reads validation "
                                        f"image {self.settings.input_index}.</div>")
            self.settings.drawing = []
            return
        self.draw_message.object = ""
        self.settings.drawing = [int(v) for v in counts.ravel()]

    def choose_input(self, index: int):
        """A validation image becomes your input (and replaces a drawing)."""
        self.settings.param.update(input_index=index, drawing=[])

    def _on_evals(self, event):
        """Stream validation accuracy; a run that starts again (reset, rewind, new network)
        starts the chart again."""
        evals = event.new
        start = max((i for i, e in enumerate(evals) if e["step"] == 0), default=0)
        segment = evals[start:]
        if start != self._eval_start or len(segment) < self._pushed_evals:
            self.accuracy_chart.clear()
            self._eval_start, self._pushed_evals = start, 0
        new = segment[self._pushed_evals:]
        if new:
            self.accuracy_chart.push([e["step"] for e in new], [e["val_accuracy"] for e in new])
        self._pushed_evals = len(segment)

    @property
    def maps(self) -> dict:
        return self.grid.maps

    # --- the student's place (URL) ----------------------------------------------------------
    def _read_place(self) -> bool:
        """?input=12&layer=conv1_2&map=4 from the link this page was opened with; odd values are
        ignored. True when a layer was given: it wins over the step's default selection."""
        index = query_int("input")
        if index is not None and 0 <= index < len(self.data.y_val):
            self.settings.input_index = index
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
        (before the first update arrives, once it does). A place given in the link wins once."""
        if self._keep_place:
            self._keep_place = False
            return
        if not self.maps:
            self._pending = name
            return
        if name in self.maps["names"]:
            current = self.grid.selected_name or ""
            if current.rstrip("0123456789_") != name.rstrip("0123456789_"):
                self.grid.select(name, channel)

    def _explain(self):
        """Show the explanation of the selected map's operation (the detail view)."""
        m = self.maps
        if not m:
            return
        layer, channel = self.grid.selected
        if layer >= len(m["names"]):
            layer, channel = 1, 0
        kind = m["kinds"][layer]
        if kind not in ("softmax",) and channel >= m["maps"][layer].shape[0]:
            channel = 0
        widget = {"conv": self.conv, "relu": self.relu, "pool": self.pool, "softmax": self.softmax}.get(kind)
        if widget is None:
            self._detail_widget = None
            self.detail.objects = [pn.pane.HTML("<div class='hint'>This is the input image itself. Click a map "
                                                "in another column to see how it is computed.</div>")]
            return
        widget.from_maps(m, layer, channel)
        what = "the probabilities" if kind == "softmax" else f"map {channel}"
        self.detail_title.object = (f"<div class='detail-title' style='border-left:6px solid #009E73;"
                                    f"padding-left:8px'><b>Explained below: {m['names'][layer]}, {what}</b> "
                                    "(outlined in green above)</div>")
        if self._detail_widget is not widget:  # swap only when the kind changes: no re-render per update
            self._detail_widget = widget
            self.detail.objects = [self.detail_title, widget]

    # --- commands ---------------------------------------------------------------------------
    def rebuild(self) -> bool:
        """A new network with the architecture settings; refused with a message if it cannot fit."""
        try:
            layer_shapes(self.architecture())
        except ValueError as exc:
            self.arch_message.param.update(object=str(exc), visible=True)
            return False
        self.arch_message.visible = False
        self.grid.selected = [1, 0]
        self.run.reopen(**self.task_args())
        return True

    def head_start(self, steps: int = 200):
        """Train `steps` batches at full speed on the worker (about a second)."""
        self.run.handle.step(steps)

    def image(self, index: int) -> np.ndarray:
        """Validation image `index`: (C, H, W), C = 1 for digits, 3 for shapes."""
        return self.data.x_val[min(index, len(self.data.x_val) - 1)]
