"""Steps 'lr' and 'l1': one knob, its graph(s), and how long its effect takes to show."""

import panel as pn
import param

from engine.pool import shared_pool
from engine.settings import LEARNING_RATES, between
from widgets.run.live_run import LiveRun
from widgets.run.rewind import RewindControl
from widgets.run.stream_chart import StreamChart
from widgets.run.train_controls import TrainControls
from widgets.style.palette import GREEN, PURPLE
from widgets.tuning.knob_graph import KnobGraph

from .common import SPEEDS, Identity, KeptOnTheMap

L1_WEIGHTS = [0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03]
GOAL_ZERO, GOAL_ACC = 0.80, 0.95


# --- step 1: one knob, one graph ------------------------------------------------------------------
class LrSettings(param.Parameterized):
    # 0.03: with momentum 0.9 the loss is down to a quarter in 3 s at 30 steps/s (0.01: still 3/4)
    lr = param.Selector(default=0.03, objects=between(LEARNING_RATES, 0.0001, 100.0), label="Learning rate")
    steps_per_second = param.Selector(default=30, objects=SPEEDS, label="Training speed")
    optimizer = param.Selector(default="sgd", objects=["sgd", "adam"], precedence=-1)
    momentum = param.Number(default=0.9, precedence=-1)


class LrExperiment:
    """A digits MLP trained with SGD + momentum; the learning-rate knob beside its loss graph."""

    NOTE = ("**When it shows:** a new rate acts from the very next step; the curve shows it within a "
            "second. A red dashed line marks each change.\n\n**Undo:** moving the knob back does **not** "
            "undo what the big steps did to the weights. **⟲ Rewind** does: it puts back the weights "
            "and the optimiser exactly as they were at a snapshot (one every 25 steps).")

    def __init__(self, identity: Identity):
        self.settings = LrSettings()
        self.graph = StreamChart(label="Training loss", logy=True, height=300, css_classes=["series-graph"])
        knob = pn.widgets.DiscreteSlider.from_param(self.settings.param.lr, width=260, css_classes=["knob-lr"])
        self.knob = KnobGraph(knob=knob, graphs=[self.graph], note=self.NOTE)
        self.controls = TrainControls(settings=self.settings,
                                      widgets={"steps_per_second": pn.widgets.DiscreteSlider})
        self.run = LiveRun(shared_pool(), "classify", self.settings, chart=self.graph, controls=self.controls,
                           task_args={"depth": 3, "width": 64},
                           run_options={"snapshot_every": 25, "eval_every": 50})
        self.kept = KeptOnTheMap(self.run, identity, "lr-knob", "lr")
        self.rewind = RewindControl().follow(self.run, "lr")
        pn.bind(self._on_changes, self.run.param.changes, watch=True)
        if pn.state.curdoc is not None:
            self.run.start()

    def _on_changes(self, *_):
        self.knob.mark([c["step"] for c in self.run.changes if c["name"] == "lr"])

    def view(self):
        return pn.Column(self.controls, self.knob, self.rewind, sizing_mode="stretch_width")



def goal_met(e: dict) -> bool:
    """Step 2's goal, on one evaluation: sparse enough and still accurate enough."""
    return e.get("near_zero", 0) >= GOAL_ZERO and e.get("val_accuracy", 0) >= GOAL_ACC

# --- step 2: a trade-off, Jiang's way ------------------------------------------------------------
class L1Settings(param.Parameterized):
    l1 = param.Selector(default=0.0, objects=L1_WEIGHTS, label="L1 weight λ")
    lr = param.Number(default=0.3, precedence=-1)
    optimizer = param.Selector(default="sgd", objects=["sgd"], precedence=-1)
    steps_per_second = param.Selector(default=30, objects=SPEEDS, label="Training speed")


class L1Experiment:
    """The same digits, loss = cross-entropy + λ·Σ|w|; λ beside validation accuracy and sparsity."""

    def __init__(self, identity: Identity):
        self.settings = L1Settings()
        self.accuracy = StreamChart(label="Validation accuracy", logy=False, ylim=(0, 1.02), percent=True,
                                    colour=GREEN, height=240, css_classes=["series-graph"])
        self.sparsity = StreamChart(label="Weights near zero", logy=False, ylim=(0, 1.02), percent=True,
                                    colour=PURPLE, height=240, css_classes=["series-graph"])
        knob = pn.widgets.DiscreteSlider.from_param(self.settings.param.l1, width=260, css_classes=["knob-l1"])
        self.knob = KnobGraph(knob=knob, graphs=[self.accuracy, self.sparsity], note=self.note())
        self.controls = TrainControls(settings=self.settings,
                                      widgets={"steps_per_second": pn.widgets.DiscreteSlider})
        self.goal = pn.pane.HTML(css_classes=["goal"], sizing_mode="stretch_width")
        self.run = LiveRun(shared_pool(), "classify", self.settings, controls=self.controls,
                           run_options={"snapshot_every": 50, "eval_every": 10})
        self.kept = KeptOnTheMap(self.run, identity, "l1-knob", "l1")
        self.rewind = RewindControl().follow(self.run, "l1")
        self._pushed = 0
        pn.bind(self._on_evals, self.run.param.evals, watch=True)
        pn.bind(self._on_changes, self.run.param.changes, watch=True)
        pn.bind(lambda *_: setattr(self.knob, "note", self.note()), self.settings.param.l1,
                self.settings.param.steps_per_second, watch=True)
        self._on_evals()
        if pn.state.curdoc is not None:
            self.run.start()

    def steps_due(self) -> int | None:
        """Steps for λ to pull an unneeded weight of 0.1 to zero: each step shrinks it by lr·λ."""
        if not self.settings.l1:
            return None
        return int(round(0.1 / (self.settings.lr * self.settings.l1)))

    def note(self) -> str:
        n = self.steps_due()
        if n is None:
            due = "λ is 0: nothing pulls the weights to zero."
        else:
            seconds = n / self.settings.steps_per_second
            pull = self.settings.lr * self.settings.l1
            due = (f"At λ = {self.settings.l1:g} each step pulls every weight {pull:.2g} "
                   f"towards zero, so a weight of 0.1 the data does not need gets there in **about {n} steps** "
                   f"(~{seconds:.0f} s at this speed). The accuracy answers over a similar time.")
        return (f"**When it shows:** not at once. {due}\n\n**Undo:** moving λ back to 0 does **not** bring "
                "the zeroed weights back: they have to be relearned. **⟲ Rewind** restores them exactly.")

    def _on_evals(self, *_):
        evals = self.run.evals
        if len(evals) < self._pushed:  # a reset or a rewind resent everything
            self.accuracy.clear(), self.sparsity.clear()
            self._pushed = 0
        new = evals[self._pushed:]
        if new:
            steps = [e["step"] for e in new]
            self.accuracy.push(steps, [e["val_accuracy"] for e in new])
            self.sparsity.push(steps, [e["near_zero"] for e in new])
            self._pushed = len(evals)
        self.goal.object = self.goal_text()
        if self.run.changes:
            self._on_changes()

    def goal_text(self) -> str:
        target = (f"Goal: at least <b>{GOAL_ZERO:.0%}</b> of the weights near zero and at least "
                  f"<b>{GOAL_ACC:.0%}</b> validation accuracy.")
        if not self.run.evals:
            return target
        e = self.run.evals[-1]
        met = goal_met(e)
        return (f"{target} Now: {e['near_zero']:.1%} near zero, {e['val_accuracy']:.1%} accuracy "
                f"(step {e['step']}) · <b>{'reached' if met else 'not yet'}</b>")

    def _on_changes(self, *_):
        self.knob.mark([c["step"] for c in self.run.changes if c["name"] == "l1"])

    def view(self):
        return pn.Column(self.controls, self.goal, self.knob, self.rewind, sizing_mode="stretch_width")
