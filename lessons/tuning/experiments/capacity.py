"""Step 'capacity': a wide network memorises a few noisy points; its boundary and gap, live."""

import panel as pn
import param

from engine.pool import shared_pool
from engine.settings import some
from engine.sweep import OVERFIT
from widgets.run.live_run import LiveRun
from widgets.run.stream_chart import StreamChart
from widgets.run.train_controls import TrainControls
from widgets.style.palette import PURPLE
from widgets.tuning.decision_boundary import DecisionBoundary


# --- step 5: capacity, one run drawn in 2-D -------------------------------------------------------
class CapacityShape(param.Parameterized):
    """Task settings: a change opens a fresh run (same seed, same points)."""
    width = param.Selector(default=OVERFIT["width"], objects=some("width", 4, 16, 64, 256),
                           label="Width (units per layer)")
    dropout = param.Selector(default=0.0, objects=some("dropout", 0.0, 0.2, 0.5), label="Dropout")


class CapacitySettings(param.Parameterized):
    weight_decay = param.Selector(default=0.0, objects=some("weight_decay", 0.0, 0.001, 0.003, 0.01, 0.03),
                                  label="Weight decay")
    lr = param.Number(default=OVERFIT["lr"], precedence=-1)
    max_steps = param.Integer(default=OVERFIT["max_steps"], precedence=-1)
    steps_per_second = param.Number(default=60.0, precedence=-1)


class CapacityExperiment:
    """OVERFIT's moons run: its decision boundary live beside its train/validation gap."""

    def __init__(self):
        self.shape, self.settings = CapacityShape(), CapacitySettings()
        self.controls = TrainControls(settings=self.settings, widgets={"weight_decay": pn.widgets.DiscreteSlider})
        self.boundary = DecisionBoundary(height=380)
        self.gap = StreamChart(label="Gap (train − validation accuracy)", logy=False, ylim=(-0.1, 0.5),
                               percent=True, colour=PURPLE, height=300, css_classes=["series-graph"])
        self.readout = pn.pane.HTML(css_classes=["capacity-readout"], sizing_mode="stretch_width")
        args = {k: OVERFIT[k] for k in ("dataset", "n_train", "noise", "depth")}
        self.run = LiveRun(shared_pool(), "classify", self.settings, controls=self.controls, watch=["boundary"],
                           task_args={**args, "width": self.shape.width, "dropout": 0.0},
                           run_options={"eval_every": 10})
        self._pushed = 0
        pn.bind(lambda views: setattr(self.boundary, "view", views.get("boundary")), self.run.param.views, watch=True)
        pn.bind(self._on_evals, self.run.param.evals, watch=True)
        pn.bind(self._on_changes, self.run.param.changes, watch=True)
        pn.bind(self._reshape, self.shape.param.width, self.shape.param.dropout, watch=True)
        self._on_evals()
        if pn.state.curdoc is not None:
            self.run.start()

    def _reshape(self, *_):
        self.run.reopen(width=self.shape.width, dropout=self.shape.dropout)

    def _on_evals(self, *_):
        evals = self.run.evals
        if len(evals) < self._pushed:  # a reset, a rewind or a fresh run
            self.gap.clear()
            self._pushed = 0
        new = evals[self._pushed:]
        if new:
            self.gap.push([e["step"] for e in new], [e["gap"] for e in new])
            self._pushed = len(evals)
        if not evals:
            self.readout.object = "<p>Press ▶ Train: the run takes 600 steps (about 10 s).</p>"
            return
        e = evals[-1]
        self.readout.object = (f"<p>Step {e['step']}: training accuracy <b>{e['train_accuracy']:.1%}</b>, "
                               f"validation accuracy <b>{e['val_accuracy']:.1%}</b>, gap "
                               f"<b>{e['gap']:.1%}</b> · {e['params']} weights for {OVERFIT['n_train']} points</p>")

    def _on_changes(self, *_):
        self.gap.mark([c["step"] for c in self.run.changes if c["name"] == "weight_decay"])

    def view(self):
        knobs = pn.Column(pn.pane.Markdown("**Width** (a change starts a fresh run)"),
                          pn.widgets.RadioButtonGroup.from_param(self.shape.param.width, css_classes=["cap-width"]),
                          pn.pane.Markdown("**Dropout**"),
                          pn.widgets.RadioButtonGroup.from_param(self.shape.param.dropout), width=300)
        return pn.Column(self.controls, self.readout,
                         pn.Row(knobs, pn.Column(self.boundary, sizing_mode="stretch_width"),
                                pn.Column(self.gap, sizing_mode="stretch_width"), sizing_mode="stretch_width"),
                         sizing_mode="stretch_width")
