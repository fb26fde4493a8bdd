"""One student's state in the CNN lesson: the data set, the live run, the chosen input, the
drawing and the architecture; the selected map and its explanation live in selection.py. Every
number shown comes from the run's views (engine/tasks/digits.py, engine/tasks/shapes.py)."""
import numpy as np
import panel as pn
import param

from engine.cnn import Architecture, layer_shapes
from engine.digits import drawing_to_digit
from engine.pool import shared_pool
from engine.settings import BATCH_SIZES, LEARNING_RATES, between
from engine.shapes import SHAPES
from engine.task_settings import BLOCKS, FIRST_CHANNELS, LATER_CHANNELS, ConvSettings
from engine.tasks.digits import DigitsTask
from engine.tasks.shapes import ShapesTask
from widgets.cnn.confusion_matrix import ConfusionMatrix
from widgets.cnn.drawing_canvas import DrawingCanvas, read_ink
from widgets.course.html import esc
from widgets.course.step import LessonSession
from widgets.course.url_query import query_int, query_text
from widgets.run.live_run import LiveRun
from widgets.run.stream_chart import StreamChart
from widgets.run.train_controls import TrainControls

from .selection import MapSelection

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

    lr = param.Selector(default=0.003, objects=between(LEARNING_RATES, 0.0003, 0.1), label="Learning rate")
    batch_size = param.Selector(default=32, objects=between(BATCH_SIZES, 8, 128), label="Batch size")
    steps_per_second = param.Selector(default=10, objects=SPEEDS, label="Training speed")
    input_index = param.Integer(default=0, bounds=(0, None), label="Your input (validation image)")
    drawing = param.List(default=[], doc="Your own digit as 64 counts 0..16 (engine/digits.py); "
                         "empty: the validation image is your input.")


class ArchitectureSettings(param.Parameterized):
    blocks = param.Selector(default=2, objects=list(BLOCKS), label="Blocks")
    channels_1 = param.Selector(default=8, objects=list(FIRST_CHANNELS), label="Channels in block 1")
    channels_2 = param.Selector(default=16, objects=list(LATER_CHANNELS), label="Channels in blocks 2+")
    kernel = param.Selector(default=3, objects=list(ConvSettings.offered("kernel")), label="Kernel size")
    padding = param.Selector(default=1, objects=list(ConvSettings.offered("padding")), label="Padding")

    def architecture(self, in_channels: int = 1, classes: int = 10) -> Architecture:
        return Architecture(channels=(self.channels_1,) + (self.channels_2,) * (self.blocks - 1),
                            kernel=self.kernel, padding=self.padding, in_channels=in_channels, classes=classes)


class CnnSession(LessonSession):
    """What the CNN lesson's steps share: the data choice, the live run and its charts, the map
    selection with its detail view (selection.py), the drawing and the architecture settings."""

    def __init__(self):
        super().__init__()
        self.choice = DataChoice()
        self._data = self._data_name = None
        self._read_data()  # before the run opens: it opens on the chosen task
        self.settings = CnnSettings()
        self.settings.param.input_index.bounds = (0, len(self.data.y_val) - 1)
        index = query_int("input")  # before the run opens: its first maps are for this input
        if index is not None and 0 <= index < len(self.data.y_val):
            self.settings.input_index = index
        self.selection = MapSelection(self.class_names)
        self.grid, self.detail = self.selection.grid, self.selection.detail
        self.detail_steps: set[str] = set()  # the steps that show the compact overview (parts.DetailStep)
        pn.bind(lambda step: setattr(self.grid, "compact", step in self.detail_steps), self.param.step, watch=True)
        self.softmax = self.selection.explainers["softmax"]
        self.arch = ArchitectureSettings()
        self.loss_chart = StreamChart(label="Training loss", height=200)
        self.accuracy_chart = StreamChart(label="Validation accuracy", logy=False, height=200, ylim=(0, 1.02),
                                          percent=True)
        self.controls = TrainControls(settings=self.settings, widgets={
            "lr": pn.widgets.DiscreteSlider, "batch_size": pn.widgets.DiscreteSlider,
            "steps_per_second": pn.widgets.DiscreteSlider})
        self.run = LiveRun(shared_pool(), self.choice.data, self.settings, task_args=self.task_args(),
                           watch=["maps", "predictions", "filter_history"], chart=self.loss_chart,
                           controls=self.controls, run_options=RUN_OPTIONS, unsent=self.dataset["unsent"],
                           views_period=0.4)  # every map of the network: the heaviest view of the site
        self.confusion = ConfusionMatrix(images=self.confusion_images(), class_names=self.class_names)
        self.canvas = DrawingCanvas(css_classes=["drawing-canvas"])
        self.draw_message = pn.pane.HTML("", css_classes=["draw-message"], sizing_mode="stretch_width")
        self.arch_message = pn.pane.Alert("", alert_type="danger", visible=False, css_classes=["arch-message"])
        self._pushed_evals = self._eval_start = 0
        pn.bind(self._on_drawing, self.canvas.param.pixels, watch=True)
        pn.bind(self._on_views, self.run.param.views, watch=True)
        pn.bind(self._on_evals, self.run.param.evals, watch=True)
        if pn.state.location is not None:
            pn.state.location.sync(self.settings, {"input_index": "input"})
            pn.state.location.sync(self.choice, {"data": "data"})
        pn.bind(self._on_data, self.choice.param.data, watch=True)
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

    def _on_data(self, name: str):
        """A fresh run of the chosen set's task replaces the current one, and every view forgets
        the old images (the input is the new set's first validation image)."""
        self.settings.param.update(input_index=0, drawing=[])
        self.settings.param.input_index.bounds = (0, len(self.data.y_val) - 1)
        names = self.class_names
        self.selection.set_classes(names)
        self.confusion.param.update(predictions={}, cell=None, images=self.confusion_images(), class_names=names)
        self.accuracy_chart.clear()
        self._eval_start = self._pushed_evals = 0
        self.run.reopen(task=name, unsent=self.dataset["unsent"])
        self.run.views = {}

    def architecture(self) -> Architecture:
        """The architecture settings on the chosen data (its input channels and classes)."""
        return self.arch.architecture(self.in_channels, len(self.class_names))

    def task_args(self) -> dict:
        a = self.arch.architecture()
        return {"channels": list(a.channels), "kernel": a.kernel, "padding": a.padding}

    # --- the run's updates -> the views -----------------------------------------------------
    def _on_views(self, views: dict):
        if "maps" in views:
            self.selection.show(views["maps"])
        new = views.get("predictions")
        old = self.confusion.predictions
        # Predictions change only at an evaluation: skip the redraw in between.
        if new is not None and not (old and np.array_equal(old["pred"], new["pred"])
                                    and np.array_equal(old["probs"], new["probs"])):
            self.confusion.predictions = new

    def _on_drawing(self, pixels: list):
        """The canvas's ink -> the digit format; the worker traces it through the live network."""
        try:
            counts = drawing_to_digit(read_ink(pixels, self.canvas.size))
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

    def _on_evals(self, evals: list):
        """Stream validation accuracy; a run that starts again (reset, rewind, new network)
        starts the chart again."""
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
        return self.selection.maps

    def select(self, name: str, channel: int = 0):
        """Select a map of this layer's kind for a step that explains it (selection.py)."""
        self.selection.select(name, channel)

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
