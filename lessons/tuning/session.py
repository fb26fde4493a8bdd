"""One student's state in the tuning lesson: each experiment is built when its step is first opened.

The experiments talk to the engine only through RunHandles; every number shown comes from a run.
"""
import time
import uuid

import numpy as np
import panel as pn
import param

from engine.pool import merge_updates, shared_pool
from engine.run_store import shared_run_store, valid_browser
from engine.sweep import OVERFIT, default_config, one_setting_apart, run_summary, split_config
from widgets.course.browser_id import BrowserId
from widgets.course.html import esc, num
from widgets.tuning.class_distribution import ClassDistribution, value_text
from widgets.tuning.decision_boundary import DecisionBoundary
from widgets.tuning.knob_graph import KnobGraph, SeriesGraph
from widgets.run.live_run import LiveRun
from widgets.style.palette import GREEN, PURPLE
from widgets.run.rewind import RewindControl
from widgets.tuning.run_comparison import RUN_COLORS, RunComparisonChart
from widgets.tuning.run_curves import RunCurves
from widgets.tuning.tradeoff_map import TradeoffMap
from widgets.run.train_controls import TrainControls

LESSON = "tuning"
LEARNING_RATES = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
L1_WEIGHTS = [0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03]
SPEEDS = {"10 steps/s": 10, "30 steps/s": 30, "100 steps/s": 100}
GOAL_ZERO, GOAL_ACC = 0.80, 0.95
CHALLENGE_ACC, CHALLENGE_SECONDS = 0.97, 0.5

# What a side-by-side comparison may vary, and the values it spreads over (n runs take n of them).
VARIABLES = {
    "lr": ("learning rate", [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1]),
    "batch_size": ("batch size", [4, 16, 64, 256, 1024, 2048]),
    "optimizer": ("optimiser", ["sgd", "adam"]),
    "width": ("width (units per layer)", [4, 16, 64, 256, 512, 1024]),
    "depth": ("depth (hidden layers)", [0, 1, 2, 3, 4, 6]),
    "n_train": ("training-set size", [50, 100, 200, 400, 800, 1437]),
    "noise": ("label noise (share flipped)", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]),
    "weight_decay": ("weight decay", [0.0, 0.0001, 0.001, 0.003, 0.01, 0.03]),
    "dropout": ("dropout", [0.0, 0.1, 0.2, 0.3, 0.5, 0.7]),
    "l1": ("L1 weight λ", [0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01]),
}
MEASURES = {"val_accuracy": "validation accuracy", "loss": "training loss (per batch)",
            "gap": "train − validation accuracy (gap)"}


def spread(values: list, n: int) -> list:
    """n of the values, evenly spread from the first to the last."""
    if n >= len(values):
        return list(values)
    return [values[round(i * (len(values) - 1) / (n - 1))] for i in range(n)]


def on_page(callback, period_ms=100):
    """A periodic callback on this session's event loop (none outside a server, e.g. in tests)."""
    if pn.state.curdoc is None:
        return None
    return pn.state.add_periodic_callback(callback, period=period_ms)


class Identity:
    """This browser's random id (localStorage); a per-session id until the browser reports it."""

    def __init__(self):
        self.fallback = "session-" + uuid.uuid4().hex[:12]
        self.value = ""

    def widget(self) -> BrowserId:
        """A fresh invisible reporter for a step's view (each view is its own component)."""
        reporter = BrowserId()
        reporter.param.watch(lambda e: setattr(self, "value", e.new if valid_browser(e.new) else ""), "value")
        return reporter

    @property
    def id(self) -> str:
        return self.value or self.fallback


# --- step 1: one knob, one graph ------------------------------------------------------------------
class LrSettings(param.Parameterized):
    lr = param.Selector(default=0.01, objects=LEARNING_RATES, label="Learning rate")
    steps_per_second = param.Selector(default=30, objects=SPEEDS, label="Training speed")
    optimizer = param.Selector(default="sgd", objects=["sgd", "adam"], precedence=-1)
    momentum = param.Number(default=0.9, precedence=-1)


class LrExperiment:
    """A digits MLP trained with SGD + momentum; the learning-rate knob beside its loss graph."""

    NOTE = ("**When it shows:** a new rate acts from the very next step; the curve shows it within a "
            "second. A red dashed line marks each change.\n\n**Undo:** moving the knob back does **not** "
            "undo what the big steps did to the weights. **⟲ Rewind** does: it puts back the weights "
            "and the optimiser exactly as they were at a snapshot (one every 25 steps).")

    def __init__(self):
        self.settings = LrSettings()
        self.graph = SeriesGraph(label="Training loss", logy=True, height=300)
        knob = pn.widgets.DiscreteSlider.from_param(self.settings.param.lr, width=260, css_classes=["knob-lr"])
        self.knob = KnobGraph(knob=knob, graphs=[self.graph], note=self.NOTE)
        self.controls = TrainControls(settings=self.settings,
                                      widgets={"steps_per_second": pn.widgets.DiscreteSlider})
        self.run = LiveRun(shared_pool(), "classify", self.settings, chart=self.graph, controls=self.controls,
                           task_args={"depth": 3, "width": 64}, run_options={"snapshot_every": 25})
        self.rewind = RewindControl()
        self.run.param.watch(self._on_changes, ["changes", "snapshots"])
        self.rewind.param.watch(lambda _: self.run.handle.restore(self.rewind.index), "rewind")
        if pn.state.curdoc is not None:
            self.run.start()

    def _on_changes(self, *_):
        lr_changes = [c for c in self.run.changes if c["name"] == "lr"]
        self.knob.mark([c["step"] for c in lr_changes])
        self.rewind.param.update(snapshots=self.run.snapshots, changes=lr_changes)

    def view(self):
        return pn.Column(self.controls, self.knob, self.rewind, sizing_mode="stretch_width")


# --- step 2: a trade-off, Jiang's way ------------------------------------------------------------
class L1Settings(param.Parameterized):
    l1 = param.Selector(default=0.0, objects=L1_WEIGHTS, label="L1 weight λ")
    lr = param.Number(default=0.3, precedence=-1)
    optimizer = param.Selector(default="sgd", objects=["sgd"], precedence=-1)
    steps_per_second = param.Selector(default=30, objects=SPEEDS, label="Training speed")


class L1Experiment:
    """The same digits, loss = cross-entropy + λ·Σ|w|; λ beside validation accuracy and sparsity."""

    def __init__(self):
        self.settings = L1Settings()
        self.accuracy = SeriesGraph(label="Validation accuracy", ylim=(0, 1.02), percent=True, color=GREEN)
        self.sparsity = SeriesGraph(label="Weights near zero", ylim=(0, 1.02), percent=True, color=PURPLE)
        knob = pn.widgets.DiscreteSlider.from_param(self.settings.param.l1, width=260, css_classes=["knob-l1"])
        self.knob = KnobGraph(knob=knob, graphs=[self.accuracy, self.sparsity], note=self.note())
        self.controls = TrainControls(settings=self.settings,
                                      widgets={"steps_per_second": pn.widgets.DiscreteSlider})
        self.goal = pn.pane.HTML(css_classes=["goal"], sizing_mode="stretch_width")
        self.run = LiveRun(shared_pool(), "classify", self.settings, controls=self.controls,
                           run_options={"snapshot_every": 50, "eval_every": 10})
        self.rewind = RewindControl()
        self._pushed = 0
        self.run.param.watch(self._on_evals, "evals")
        self.run.param.watch(self._on_changes, ["changes", "snapshots"])
        self.settings.param.watch(lambda _: setattr(self.knob, "note", self.note()), ["l1", "steps_per_second"])
        self.rewind.param.watch(lambda _: self.run.handle.restore(self.rewind.index), "rewind")
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
            due = (f"At λ = {self.settings.l1:g} each step pulls every weight {self.settings.lr * self.settings.l1:.2g} "
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
        met = e["near_zero"] >= GOAL_ZERO and e["val_accuracy"] >= GOAL_ACC
        return (f"{target} Now: {e['near_zero']:.0%} near zero, {e['val_accuracy']:.1%} accuracy "
                f"(step {e['step']}) · <b>{'reached' if met else 'not yet'}</b>")

    def _on_changes(self, *_):
        changes = [c for c in self.run.changes if c["name"] == "l1"]
        self.knob.mark([c["step"] for c in changes])
        self.rewind.param.update(snapshots=self.run.snapshots, changes=changes)

    def view(self):
        return pn.Column(self.controls, self.goal, self.knob, self.rewind, sizing_mode="stretch_width")


# --- step 5: capacity, one run drawn in 2-D -------------------------------------------------------
class CapacityShape(param.Parameterized):
    """Task settings: a change opens a fresh run (same seed, same points)."""
    width = param.Selector(default=OVERFIT["width"], objects=[4, 16, 64, 256], label="Width (units per layer)")
    dropout = param.Selector(default=0.0, objects=[0.0, 0.2, 0.5], label="Dropout")


class CapacitySettings(param.Parameterized):
    weight_decay = param.Selector(default=0.0, objects=[0.0, 0.001, 0.003, 0.01, 0.03], label="Weight decay")
    lr = param.Number(default=OVERFIT["lr"], precedence=-1)
    max_steps = param.Integer(default=OVERFIT["max_steps"], precedence=-1)
    steps_per_second = param.Number(default=60.0, precedence=-1)


class CapacityExperiment:
    """OVERFIT's moons run: its decision boundary live beside its train/validation gap."""

    def __init__(self):
        self.shape, self.settings = CapacityShape(), CapacitySettings()
        self.controls = TrainControls(settings=self.settings, widgets={"weight_decay": pn.widgets.DiscreteSlider})
        self.boundary = DecisionBoundary(height=380)
        self.gap = SeriesGraph(label="Gap (train − validation accuracy)", ylim=(-0.1, 0.5), percent=True,
                               color=PURPLE, height=300)
        self.readout = pn.pane.HTML(css_classes=["capacity-readout"], sizing_mode="stretch_width")
        args = {k: OVERFIT[k] for k in ("dataset", "n_train", "noise", "depth")}
        self.run = LiveRun(shared_pool(), "classify", self.settings, controls=self.controls, watch=["boundary"],
                           task_args={**args, "width": self.shape.width, "dropout": 0.0},
                           run_options={"eval_every": 10})
        self._pushed = 0
        self.run.param.watch(lambda e: setattr(self.boundary, "view", e.new.get("boundary")), "views")
        self.run.param.watch(self._on_evals, "evals")
        self.run.param.watch(self._on_changes, "changes")
        self.shape.param.watch(self._reshape, ["width", "dropout"])
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


# --- steps 3-5: runs side by side ------------------------------------------------------------------
class Comparison:
    """2-6 runs of one base config that differ in exactly one setting, training at once.

    Each finished run (its step budget used) is stored for the class.
    """

    def __init__(self, identity: Identity, variables: list[str], measure: str = "val_accuracy",
                 x: str = "step", base: dict | None = None, default: str | None = None, n: int = 3,
                 max_steps: int = 400, speed: float = 40.0, kind: str = "compare", key: str = "compare"):
        self.identity, self.measure, self.x, self.kind = identity, measure, x, kind
        self.base = default_config(**{"max_steps": max_steps, "steps_per_second": speed, "lr": 0.01,
                                       **(base or {})})
        self.vary = pn.widgets.Select(name="Vary", options={VARIABLES[v][0]: v for v in variables},
                                      value=default or variables[0], width=260, css_classes=[f"{key}-vary"])
        self.count = pn.widgets.IntSlider(name="Runs", start=2, end=6, value=n, width=200)
        self.values_note = pn.pane.Markdown(css_classes=["values-note"], sizing_mode="stretch_width")
        self.launch = pn.widgets.Button(label="▶ Launch runs", button_type="success", width=160,
                                        css_classes=[f"{key}-launch"])
        self.launch.on_click(lambda _: self.start())
        self.chart = RunComparisonChart(ylabel=MEASURES[measure], logy=measure == "loss",
                                        xlabel="training time (s)" if x == "seconds" else "training step",
                                        ylim=None if measure == "loss" else (-0.05 if measure == "gap" else 0, 1.02))
        self.table = pn.pane.HTML(css_classes=["run-table"], sizing_mode="stretch_width")
        self.state = pn.pane.HTML(css_classes=["run-state"])
        self.runs: list[dict] = []
        self.vary.param.watch(lambda _: self._describe(), "value")
        self.count.param.watch(lambda _: self._describe(), "value")
        self._describe()
        self._callback = on_page(self.poll)
        if self._callback is not None:
            pn.state.on_session_destroyed(lambda _ctx, c=self: c.close())

    def configs(self) -> list[dict]:
        name = self.vary.value
        return one_setting_apart(self.base, name, spread(VARIABLES[name][1], self.count.value))

    def _describe(self):
        name, configs = self.vary.value, self.configs()
        others = ", ".join(f"{k} {value_text(self.base[k])}" for k in ("lr", "batch_size", "optimizer", "width",
                                                                        "depth", "n_train") if k != name)
        self.values_note.object = (f"**{len(configs)} runs**, {VARIABLES[name][0]} = "
                                   f"{', '.join(value_text(c[name]) for c in configs)}. Everything else the same: "
                                   f"seed {self.base['seed']}, {others}; {self.base['max_steps']} steps each.")

    def start(self):
        """Close the runs of the last launch and start one run per config, all at once."""
        self.close_runs()
        name, configs = self.vary.value, self.configs()
        pool = shared_pool()
        self.runs = []
        for config in configs:
            task_args, hyper, seed = split_config(config)
            handle = pool.open("classify", task_args, hyper, seed=seed, eval_every=10)
            handle.train()
            self.runs.append({"label": f"{name} = {value_text(config[name])}", "config": config, "handle": handle,
                              "update": None, "stored": None, "started": time.monotonic()})
        self.chart.labels = [r["label"] for r in self.runs]
        self.poll()

    def poll(self):
        for k, run in enumerate(self.runs):
            fresh = run["handle"].updates()
            if not fresh:
                continue
            run["update"] = merge_updates(([run["update"]] if run["update"] else []) + fresh)
            self.chart.set_curve(k, *self.curve(run["update"]))
            if self.finished(run) and run["stored"] is None:
                run["stored"] = self.store(run)
        self.table.object = self.table_html()
        self.state.object = self.state_text()

    @staticmethod
    def finished(run) -> bool:
        u = run["update"]
        return bool(u) and u["status"] in ("paused", "stopped") and (
            u["status"] == "stopped" or u["steps"] >= run["config"]["max_steps"])

    def curve(self, update) -> tuple[np.ndarray, np.ndarray]:
        if self.measure == "loss":
            m = update["metrics"]
            xs = m.get("seconds", []) if self.x == "seconds" else m.get("step", [])
            return np.asarray(xs), np.asarray(m.get("loss", []))
        evals = update["evals"]
        return (np.array([e["seconds" if self.x == "seconds" else "step"] for e in evals]),
                np.array([e[self.measure] for e in evals]))

    def store(self, run) -> str | None:
        u = run["update"]
        measures, curve = run_summary(u["evals"], u["metrics"])
        if not measures:
            return None
        measures["status"] = u["status"]
        return shared_run_store().add(self.identity.id, run["config"], measures, curve, LESSON, self.kind)

    def state_text(self) -> str:
        if not self.runs:
            return "No runs yet."
        done = sum(self.finished(r) for r in self.runs)
        return f"<b>{done} of {len(self.runs)} runs finished</b>" + (
            " · stored for the class's map" if done == len(self.runs) else " · training together on the shared engine")

    def table_html(self) -> str:
        if not self.runs:
            return ""
        head = ("<tr><th></th><th>run</th><th>steps</th><th>training time</th><th>ms / step</th>"
                "<th>val. acc.</th><th>train acc.</th><th>gap</th><th>weights ≈ 0</th><th>parameters</th></tr>")
        rows = []
        for k, run in enumerate(self.runs):
            u = run["update"] or {}
            e = (u.get("evals") or [{}])[-1]
            steps, secs = u.get("steps", 0), u.get("train_seconds", 0.0)
            pct = lambda v: num(v, ".1%")  # noqa: E731
            swatch = f"<span class='swatch' style='background:{RUN_COLORS[k % len(RUN_COLORS)]}'></span>"
            stopped = " (stopped: the loss was no longer a number)" if u.get("status") == "stopped" else ""
            rows.append(f"<tr><td>{swatch}</td><td>{esc(run['label'])}{stopped}</td><td>{num(steps, 'd')}</td>"
                        f"<td>{num(secs, '.2f')} s</td><td>{1000 * secs / steps if steps else 0:.2f}</td>"
                        f"<td>{pct(e.get('val_accuracy'))}</td><td>{pct(e.get('train_accuracy'))}</td>"
                        f"<td>{pct(e.get('gap'))}</td><td>{pct(e.get('near_zero'))}</td>"
                        f"<td>{num(e.get('params'), 'd')}</td></tr>")
        return f"<table class='runs'>{head}{''.join(rows)}</table>"

    def close_runs(self):
        for run in self.runs:
            run["handle"].close()

    def close(self):
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
        self.close_runs()

    def view(self, reporter):
        controls = pn.Row(self.vary, self.count, self.launch, reporter, css_classes=["compare-controls"])
        return pn.Column(controls, self.values_note, self.state, self.chart, self.table, sizing_mode="stretch_width")


# --- step 6: the trade-off map --------------------------------------------------------------------
COSTS = {"training time (s)": "seconds", "parameters": "params"}


class TradeoffExplorer:
    def __init__(self, identity: Identity):
        self.identity = identity
        self.cost = pn.widgets.RadioButtonGroup(options=list(COSTS), value="training time (s)",
                                                button_type="primary", button_style="outline")
        self.only_mine = pn.widgets.Checkbox(name="Show only my runs", value=False, width=190, margin=(14, 20))
        self.refresh = pn.widgets.Button(label="↻ Reload the class's runs", width=220)
        self.map = TradeoffMap()
        self.summary = pn.pane.Markdown(css_classes=["map-summary"], sizing_mode="stretch_width")
        self.details = pn.pane.HTML(css_classes=["run-details"], sizing_mode="stretch_width")
        self.curves = RunCurves()
        self.curves_box = pn.Column(pn.pane.Markdown("**Its curves**"), self.curves, visible=False,
                                    sizing_mode="stretch_width")
        self.delete = pn.widgets.Button(label="Delete this run", button_type="danger", button_style="outline",
                                        width=160, visible=False)
        self.delete.on_click(lambda _: self._delete())
        self.runs: dict[str, dict] = {}
        for w in (self.cost, self.only_mine):
            w.param.watch(lambda _: self.load(), "value")
        self.refresh.on_click(lambda _: self.load())
        self.map.param.watch(lambda _: self._show_selected(), "selected")
        self.load()

    def load(self):
        me = self.identity.id
        runs = [r for r in shared_run_store().runs(LESSON) if r["measures"].get("val_accuracy") is not None]
        if self.only_mine.value:
            runs = [r for r in runs if r["browser"] == me]
        self.runs = {r["id"]: r for r in runs}
        key = COSTS[self.cost.value]
        self.map.param.update(xlabel=self.cost.value, logx=key == "params", points=[
            {"id": r["id"], "x": r["measures"].get(key, np.nan), "y": r["measures"]["val_accuracy"],
             "mine": r["browser"] == me} for r in runs])
        n_mine = sum(r["browser"] == me for r in runs)
        front = len(self.map.front_ids)
        self.summary.object = (f"**{len(runs)} finished runs** ({n_mine} yours). {front} of them are on the "
                               "Pareto front: no other run is both cheaper and more accurate."
                               if runs else "No finished runs stored yet: launch some on the earlier steps.")
        self._show_selected()

    def _show_selected(self):
        run = self.runs.get(self.map.selected)
        if run is None:
            self.details.object = "<p><i>Click a point for its settings and curves.</i></p>"
            self.delete.visible = self.curves_box.visible = False
            return
        self.curves.curve, self.curves_box.visible = run["curve"], True
        s, m = run["settings"], run["measures"]
        keys = ("lr", "batch_size", "optimizer", "momentum", "width", "depth", "dropout", "weight_decay", "l1",
                "n_train", "noise", "max_steps")
        settings = "".join(f"<tr><th>{k}</th><td>{esc(value_text(s[k]))}</td></tr>" for k in keys if k in s)
        on_front = "on the Pareto front" if run["id"] in self.map.front_ids else "not on the front"
        mine = "yours" if run["browser"] == self.identity.id else "another student's"
        self.details.object = (
            f"<p><b>{num(m['val_accuracy'], '.1%')}</b> validation accuracy in <b>{num(m.get('seconds', 0), '.2f')} s"
            f"</b> of training, {num(m.get('params'), 'd', '?')} parameters, gap {num(m.get('gap', 0), '.1%')}; "
            f"{on_front}; {mine}.</p>"
            f"<table class='settings'>{settings}</table>")
        self.delete.visible = run["browser"] == self.identity.id

    def _delete(self):
        if self.map.selected and shared_run_store().delete(self.map.selected, browser=self.identity.id):
            self.map.selected = None
            self.load()

    def view(self, reporter):
        return pn.Column(pn.Row(self.cost, self.only_mine, self.refresh, reporter), self.summary,
                         pn.Row(pn.Column(self.map, sizing_mode="stretch_width"),
                                pn.Column(self.details, self.curves_box, self.delete, width=340)),
                         sizing_mode="stretch_width")


# --- step 7: what others chose ---------------------------------------------------------------------
class ClassChoices:
    KNOBS = ("lr", "batch_size", "optimizer", "width", "depth", "l1", "dropout", "weight_decay")

    def __init__(self, identity: Identity):
        self.identity = identity
        self.knob = pn.widgets.Select(name="Knob", options={VARIABLES[k][0]: k for k in self.KNOBS}, value="lr",
                                      width=260, css_classes=["choices-knob"])
        self.refresh = pn.widgets.Button(label="↻ Reload", width=120, align="end")
        self.distribution = ClassDistribution(knob="learning rate")
        self.scores = pn.pane.HTML(css_classes=["high-scores"], sizing_mode="stretch_width")
        self.knob.param.watch(lambda _: self.load(), "value")
        self.refresh.on_click(lambda _: self.load())
        self.load()

    def load(self):
        store, name = shared_run_store(), self.knob.value
        mine = [r for r in store.runs(LESSON) if r["browser"] == self.identity.id]
        self.distribution.param.update(knob=VARIABLES[name][0], counts=store.distribution(name, LESSON),
                                       mine=mine[0]["settings"].get(name) if mine else None)
        self.scores.object = high_scores(store.runs(LESSON, kind="challenge"), self.identity.id)

    def view(self, reporter):
        return pn.Column(pn.Row(self.knob, self.refresh, reporter), self.distribution,
                         pn.pane.Markdown("### High scores of the challenge"), self.scores,
                         sizing_mode="stretch_width")


def challenge_rank(runs: list[dict]) -> list[dict]:
    """Challenge runs best first: within the time limit first, then by accuracy, then by time."""
    def key(r):
        m = r["measures"]
        return (m.get("seconds", 1e9) > CHALLENGE_SECONDS + 0.05, -m.get("val_accuracy", 0), m.get("seconds", 1e9))
    return sorted(runs, key=key)


def high_scores(runs: list[dict], me: str, top: int = 10) -> str:
    if not runs:
        return "<p><i>No challenge attempts stored yet.</i></p>"
    rows = []
    for place, r in enumerate(challenge_rank(runs)[:top], 1):
        m, s = r["measures"], r["settings"]
        who = "<b>you</b>" if r["browser"] == me else "a classmate"
        hit = "✔" if m.get("val_accuracy", 0) >= CHALLENGE_ACC else ""
        rows.append(f"<tr><td>{place}</td><td>{num(m.get('val_accuracy', 0), '.1%')} {hit}</td>"
                    f"<td>{num(m.get('seconds', 0), '.2f')} s</td><td>{esc(s.get('optimizer'))} lr "
                    f"{esc(value_text(s.get('lr')))}, batch {esc(s.get('batch_size'))}, "
                    f"{esc(s.get('depth'))}×{esc(s.get('width'))}</td><td>{who}</td></tr>")
    return ("<table class='runs'><tr><th>#</th><th>val. acc.</th><th>time</th><th>settings</th><th></th></tr>"
            + "".join(rows) + f"</table><p>{len(runs)} attempts stored in all.</p>")


# --- step 8: the challenge -------------------------------------------------------------------------
class ChallengeSettings(param.Parameterized):
    lr = param.Selector(default=0.001, objects=[0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0],
                        label="Learning rate")
    optimizer = param.Selector(default="sgd", objects=["adam", "sgd"], label="Optimiser")
    momentum = param.Selector(default=0.0, objects=[0.0, 0.5, 0.9], label="Momentum (SGD)")
    batch_size = param.Selector(default=32, objects=[8, 16, 32, 64, 128, 256], label="Batch size")
    width = param.Selector(default=128, objects=[8, 16, 32, 64, 128, 256], label="Width")
    depth = param.Selector(default=1, objects=[0, 1, 2, 3], label="Depth")
    dropout = param.Selector(default=0.0, objects=[0.0, 0.1, 0.2, 0.3], label="Dropout")
    l1 = param.Selector(default=0.0, objects=[0.0, 0.0001, 0.001], label="L1 weight λ")


class Challenge:
    """One attempt at a time: full speed, stopped by the engine after CHALLENGE_SECONDS of training."""

    def __init__(self, identity: Identity):
        self.identity = identity
        self.settings = ChallengeSettings()
        self.form = pn.GridBox(*[pn.widgets.DiscreteSlider.from_param(self.settings.param[p], width=230)
                                 for p in ("lr", "batch_size", "width", "depth", "dropout", "l1", "momentum")],
                               pn.widgets.RadioButtonGroup.from_param(self.settings.param.optimizer, width=230),
                               ncols=2)
        self.go = pn.widgets.Button(label="▶ Start an attempt", button_type="success", width=200,
                                    css_classes=["challenge-go"])
        self.go.on_click(lambda _: self.start())
        self.graph = SeriesGraph(label="Validation accuracy", ylim=(0, 1.02), percent=True, color=GREEN, height=260)
        self.result = pn.pane.HTML("<p>No attempt yet.</p>", css_classes=["challenge-result"],
                                   sizing_mode="stretch_width")
        self.handle, self.update, self.config, self.stored = None, None, None, None
        self._callback = on_page(self.poll)
        if self._callback is not None:
            pn.state.on_session_destroyed(lambda _ctx, c=self: c.close())

    def start(self):
        if self.handle is not None:
            self.handle.close()
        self.config = default_config(**{p: getattr(self.settings, p) for p in self.settings.param if p != "name"},
                                     max_seconds=CHALLENGE_SECONDS)
        task_args, hyper, seed = split_config(self.config)
        self.handle = shared_pool().open("classify", task_args, hyper, seed=seed, eval_every=25)
        self.handle.train()
        self.update, self.stored = None, None
        self.graph.clear()
        self.result.object = "<p>Training…</p>"
        self.go.disabled = True

    def poll(self):
        if self.handle is None:
            return
        fresh = self.handle.updates()
        if not fresh:
            return
        before = len(self.update["evals"]) if self.update else 0
        self.update = merge_updates(([self.update] if self.update else []) + fresh)
        new = self.update["evals"][before:]
        self.graph.push([e["step"] for e in new], [e["val_accuracy"] for e in new])
        u = self.update
        if u["status"] in ("paused", "stopped") and self.stored is None and u["steps"] > 0:
            self.finish()
        elif self.stored is None:
            self.result.object = f"<p>Training… {u['train_seconds']:.1f} of {CHALLENGE_SECONDS:g} s, step {u['steps']}</p>"

    def finish(self):
        u = self.update
        measures, curve = run_summary(u["evals"], u["metrics"])
        measures["status"] = u["status"]
        store = shared_run_store()
        self.stored = store.add(self.identity.id, self.config, measures, curve, LESSON, "challenge")
        ranked = challenge_rank(store.runs(LESSON, kind="challenge"))
        place = next(i for i, r in enumerate(ranked, 1) if r["id"] == self.stored)
        acc = measures.get("val_accuracy", 0)
        verdict = "✔ Target reached!" if acc >= CHALLENGE_ACC else f"Below the {CHALLENGE_ACC:.0%} target."
        stopped = " The run stopped itself: the loss stopped being a number." if u["status"] == "stopped" else ""
        self.result.object = (f"<p><b>{acc:.1%}</b> validation accuracy after {u['train_seconds']:.2f} s "
                              f"({u['steps']} steps). {verdict}{stopped} Your attempt ranks <b>{place} of "
                              f"{len(ranked)}</b> in the class.</p>")
        self.go.disabled = False

    def close(self):
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
        if self.handle is not None:
            self.handle.close()

    def view(self, reporter):
        return pn.Column(pn.Row(self.form, reporter), pn.Row(self.go, self.result), self.graph,
                         sizing_mode="stretch_width")


class TuningSession:
    """Everything one student has in this lesson; each experiment starts when its step opens."""

    def __init__(self):
        self.identity = Identity()
        self._parts: dict = {}

    def part(self, name: str, make):
        if name not in self._parts:
            self._parts[name] = make()
        return self._parts[name]

    @property
    def lr(self) -> LrExperiment:
        return self.part("lr", LrExperiment)

    @property
    def l1(self) -> L1Experiment:
        return self.part("l1", L1Experiment)

    def comparison(self, key: str, **options) -> Comparison:
        return self.part(key, lambda: Comparison(self.identity, key=key, **options))

    @property
    def capacity(self) -> CapacityExperiment:
        return self.part("capacity-run", CapacityExperiment)

    @property
    def tradeoff(self) -> TradeoffExplorer:
        return self.part("tradeoff", lambda: TradeoffExplorer(self.identity))

    @property
    def choices(self) -> ClassChoices:
        return self.part("choices", lambda: ClassChoices(self.identity))

    @property
    def challenge(self) -> Challenge:
        return self.part("challenge", lambda: Challenge(self.identity))
