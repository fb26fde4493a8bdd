"""One student's state in the RNN lesson: settings, the live runs, and the cell animation.

Runs beyond the main LSTM (the feed-forward baseline, the gate surgery, the compared cells)
open only when their step is first shown, so a student on step 2 trains one model.
"""
import numpy as np
import panel as pn
import param

from engine.pool import shared_pool
from engine.settings import BATCH_SIZES, LEARNING_RATES, between
from engine.task_settings import SequenceHyper, SequenceSettings, TextHyper
from widgets.course.step import LessonSession
from widgets.rnn.lstm_cell_view import LSTMCellView
from widgets.rnn.network_diagram import NetworkDiagram
from widgets.run.live_run import LiveRun, page_is_live
from widgets.run.run_group import RunGroup
from widgets.run.stream_chart import StreamChart
from widgets.run.train_controls import TrainControls
from widgets.style.palette import MODEL_COLOURS

RATES = between(LEARNING_RATES, 0.0001, 3.0)  # a stretch of the engine's one ladder
# The sequence and text tasks' offers (engine/task_settings.py); noise and temperature are evenly
# spaced, so a slider shows them by its ends and its step.
NOISES, TEMPERATURES = SequenceHyper.offered("noise"), TextHyper.offered("temperature")
HIDDEN, LAYERS = SequenceSettings.offered("hidden"), SequenceSettings.offered("layers")
SPEEDS = {"1 step/s": 1, "5 steps/s": 5, "20 steps/s": 20, "100 steps/s": 100, "as fast as it goes": 0}
PHASE_ORDER = ("forward", "error", "backward", "update")
PIN_CHOICES = {"forget gate fixed at 1 (never forget)": {"f": 1.0},
               "forget gate fixed at 0 (forget at once)": {"f": 0.0},
               "output gate fixed at 1 (always show)": {"o": 1.0},
               "input gate off (never write)": {"i": 0.0}}
# The prepared state the cell step's tour offers: trained on the worker at the student's request.
PREPARED_STEPS = 200
PREPARED_SETTINGS = {"lr": 0.01, "batch_size": 32, "noise": 0.0}
# Which views each step draws from the main run (1-based step -> views).
STEP_VIEWS = {"cell": ("prediction", "trace"), "gates": ("prediction", "trace")}


class RnnSettings(param.Parameterized):
    """What a student may change while the network trains; each applies at the next step."""

    lr = param.Selector(default=0.01, objects=RATES, label="Learning rate")
    batch_size = param.Selector(default=32, objects=between(BATCH_SIZES, 4, 128), label="Batch size")
    noise = param.Number(default=0.0, bounds=(NOISES[0], NOISES[-1]), step=NOISES[1] - NOISES[0],
                         label="Noise on the input")
    steps_per_second = param.Selector(default=20, objects=SPEEDS, label="Training speed")


class TextSettings(param.Parameterized):
    """The text network's settings; the temperature changes only how it writes, not its weights."""

    lr = param.Selector(default=0.01, objects=RATES, label="Learning rate")
    temperature = param.Number(default=0.7, bounds=(TEMPERATURES[0], TEMPERATURES[-1]),
                               step=TEMPERATURES[1] - TEMPERATURES[0], label="Temperature")
    steps_per_second = param.Selector(default=20, objects=SPEEDS, label="Training speed")


class Architecture(param.Parameterized):
    """The network's shape: a change builds a new network (new weights)."""

    layers = param.Integer(default=1, bounds=(LAYERS[0], LAYERS[-1]), label="Recurrent layers")
    hidden = param.Selector(default=16, objects=list(HIDDEN), label="Units per layer")


class CellPlayer(param.Parameterized):
    """Where the cell animation stands: layer, unit, time step, sub-step; and its speed."""

    layer = param.Integer(default=1, bounds=(LAYERS[0], LAYERS[-1]), label="Layer")
    unit = param.Integer(default=0, bounds=(0, max(HIDDEN) - 1), label="Unit")
    t = param.Integer(default=0, bounds=(0, 29), label="Time step")
    speed = param.Selector(default=900, objects={"slow": 1600, "medium": 900, "fast": 350}, label="Speed")
    playing = param.Boolean(default=False)


SETTING_WIDGETS = {"lr": pn.widgets.DiscreteSlider, "batch_size": pn.widgets.DiscreteSlider,
                   "noise": pn.widgets.FloatSlider, "steps_per_second": pn.widgets.DiscreteSlider}


class RnnSession(LessonSession):
    """What the /rnn steps share: the main run and its settings, the network's shape, the cell
    player, the runs compared side by side. Views follow these parameters (param.depends)."""

    wave = param.Selector(default="sine", objects=list(SequenceSettings.offered("kind")), label="Wave")
    settings = param.ClassSelector(class_=RnnSettings)
    arch = param.ClassSelector(class_=Architecture)
    player = param.ClassSelector(class_=CellPlayer)
    run = param.ClassSelector(class_=LiveRun)

    def __init__(self):
        super().__init__(settings=RnnSettings(), arch=Architecture(), player=CellPlayer())
        self.pool = shared_pool()
        # Set before the run: its parameters' watchers (param.depends below) fire when it is set.
        self._phase_callback = self._cell_callback = None
        self.diagram = NetworkDiagram(layers=self.layer_list())
        self.cell = LSTMCellView()
        self.groups: dict[str, RunGroup] = {}
        self.live = page_is_live()
        self.runs: list[LiveRun] = []       # every run of this page
        self.wave_runs: list[LiveRun] = []  # those that follow the wave choice (not the echo compares)
        self.wave_choice = pn.widgets.RadioButtonGroup.from_param(
            self.param.wave, name="Wave", button_type="primary", button_style="outline", css_classes=["wave-choice"])
        self.chart = StreamChart(label="Loss (MSE)", height=250, colour=MODEL_COLOURS["lstm"],
                                 css_classes=["live-loss"])
        self.controls = TrainControls(settings=self.settings, widgets=SETTING_WIDGETS)
        # The prediction plot was most of the browser's work while training (measured: hiding it
        # took the page's main-thread lag from ~360 ms to ~7 ms): redrawn twice a second, not five.
        self.run = LiveRun(self.pool, "sequence", self.settings, task_args={"kind": "sine"},
                           watch=["prediction"], chart=self.chart, controls=self.controls,
                           run_options={"snapshot_every": 25}, views_period=0.5)
        self.runs.append(self.run)
        self.wave_runs.append(self.run)
        if self.live:
            self.run.start()

    # --- the main network ---------------------------------------------------------------
    def layer_list(self):
        return [("input", 1)] + [("lstm", self.arch.hidden)] * self.arch.layers + [("dense", 1)]

    @param.depends("arch.layers", "arch.hidden", watch=True)
    def _on_architecture(self):
        self.diagram.layers = self.layer_list()
        self.player.param.update(layer=min(self.player.layer, self.arch.layers),
                                 unit=min(self.player.unit, self.arch.hidden - 1))
        self.run.reopen(layers=self.arch.layers, hidden=self.arch.hidden)

    @param.depends("wave", watch=True)
    def _reopen_all(self):
        for run in self.wave_runs:
            run.reopen(kind=self.wave)

    @param.depends("run.status", watch=True)
    def _on_status(self):
        if self._phase_callback is None:
            self.diagram.phase = "training" if self.run.status == "training" else "idle"

    def open_cell(self, layer: int):
        """Zoom into one layer's cell: select it and move to the cell step."""
        self.diagram.selected = layer
        self.player.layer = layer
        self.step = "cell"

    def load_trained(self):
        """A prepared state for the cell step: the network trained PREPARED_STEPS steps on the
        chosen wave from its fixed seed, so the gates it shows have learnt something."""
        self.run.prepare(PREPARED_STEPS, **PREPARED_SETTINGS)

    @param.depends("step", watch=True)
    def _watch_step_views(self):
        """The run computes only the views the step on screen draws."""
        self.run.set_watch(*STEP_VIEWS.get(self.step, ("prediction",)))

    def slow_step(self):
        """One training step shown phase by phase, then taken for real on the live model."""
        if self._phase_callback is not None or self.run.status == "training":
            return
        order = iter(PHASE_ORDER)

        def advance():
            phase = next(order, None)
            if phase is None:
                self._phase_callback.stop()
                self._phase_callback = None
                self.diagram.phase = "idle"
                return
            self.diagram.phase = phase
            if phase == "update":
                self.run.handle.step(1)

        advance()
        if self.live:
            self._phase_callback = pn.state.add_periodic_callback(advance, period=self.player.speed * 2)

    # --- the cell view --------------------------------------------------------------------
    def cell_values(self) -> dict:
        """The traced numbers of one unit at one time step of the chosen layer."""
        trace = self.run.views.get("trace")
        if not trace or self.player.layer > len(trace["layers"]):
            return {}
        layer, t, j = trace["layers"][self.player.layer - 1], self.player.t, self.player.unit
        if t >= len(layer["h"]) or j >= layer["h"].shape[1]:
            return {}
        x = layer["x"][t]
        values = {name: float(layer[name][t, j]) for name in ("h_prev", "c_prev", "i", "f", "g", "o", "c", "h")}
        values["tanh_c"] = float(np.tanh(layer["c"][t, j]))
        values["x"] = float(x[0] if len(x) == 1 else x[j % len(x)])
        return values

    @param.depends("run.views", watch=True)
    def _on_views(self):
        self.refresh_cell()

    @param.depends("player.layer", "player.unit", "player.t", watch=True)
    def refresh_cell(self):
        if self.run is None:
            return
        trace = self.run.views.get("trace") or {}
        self.cell.param.update(values=self.cell_values(), pins=trace.get("pins", {}))

    def next_substep(self):
        if self.cell.substep < 4:
            self.cell.substep += 1
        else:
            self.cell.substep = 1
            self.player.t = (self.player.t + 1) % (self.player.param.t.bounds[1] + 1)

    @param.depends("player.playing", watch=True)
    def _on_play(self):
        if self.player.playing and self.live:
            self._cell_callback = pn.state.add_periodic_callback(self.next_substep, period=self.player.speed)
        elif self._cell_callback is not None:
            self._cell_callback.stop()
            self._cell_callback = None

    # --- text --------------------------------------------------------------------------------
    def text_run(self) -> LiveRun:
        """The character-level LSTM of the text step, opened when that step is first shown."""
        if not hasattr(self, "_text_run"):
            self.text_settings = TextSettings()
            self.text_chart = StreamChart(label="Loss (cross-entropy)", height=220, colour=MODEL_COLOURS["lstm"])
            self.text_controls = TrainControls(settings=self.text_settings, widgets={
                "lr": pn.widgets.DiscreteSlider, "temperature": pn.widgets.FloatSlider,
                "steps_per_second": pn.widgets.DiscreteSlider})
            self._text_run = LiveRun(self.pool, "text", self.text_settings, task_args={"corpus": "pattern"},
                                     watch=["sample"], chart=self.text_chart, controls=self.text_controls)
            if self.live:
                self._text_run.start()
            self.runs.append(self._text_run)
        return self._text_run

    # --- runs side by side ----------------------------------------------------------------
    def group(self, name: str, members: dict, watch=()) -> RunGroup:
        """A RunGroup opened once per session: members maps a label to task arguments."""
        if name not in self.groups:
            # Each line in its model's colour, as in the diagram; a variant of a model (a pinned
            # gate) in the same colour, dashed.
            chart = StreamChart(series=list(members), label="Loss (MSE)", height=280,
                                colours={label: MODEL_COLOURS[args.get("cell", "lstm")]
                                         for label, args in members.items()},
                                dashed=[label for label, args in members.items() if args.get("pins")])
            runs = {}
            for label, task_args in members.items():
                settings = RnnSettings(steps_per_second=20)
                run = LiveRun(self.pool, "sequence", settings, task_args={"kind": self.wave, **task_args},
                              chart=chart, series=label, watch=watch)
                if self.live:
                    run.start()
                runs[label] = run
                self.runs.append(run)
                if "kind" not in task_args:  # a comparison on its own task keeps it
                    self.wave_runs.append(run)
            self.groups[name] = RunGroup(runs, chart)
        return self.groups[name]
