"""Runs side by side: 2-6 runs from the same seed, one setting apart, stored for the class when done."""
import time

import numpy as np
import panel as pn
import param

from engine.pool import merge_updates, shared_pool
from engine.run_store import shared_run_store
from engine.sweep import default_config, one_setting_apart, run_summary, split_config
from widgets.course.html import esc, num
from widgets.run.stream_chart import StreamChart
from widgets.style.numbers import significant

from .common import LESSON, MEASURES, VARIABLES, Identity, on_page, spread


# --- steps 3-5: runs side by side ------------------------------------------------------------------
class Comparison(param.Parameterized):
    """2-6 runs of one base config that differ in exactly one setting, training at once.

    Each finished run (its step budget used) is stored for the class.
    """

    stored_runs = param.Integer(default=0, doc="Runs of the last launch finished and stored for the class.")

    def __init__(self, identity: Identity, variables: list[str], measure: str = "val_accuracy",
                 x: str = "step", base: dict | None = None, default: str | None = None, n: int = 3,
                 max_steps: int = 400, speed: float = 40.0, kind: str = "compare", key: str = "compare"):
        super().__init__()
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
        self.chart = StreamChart(series=[], label=MEASURES[measure], logy=measure == "loss",
                                 x_label="training time (s)" if x == "seconds" else "training step",
                                 ylim=None if measure == "loss" else (-0.05 if measure == "gap" else 0, 1.02),
                                 readout=False, height=320, empty_text="No runs yet: launch some.",
                                 css_classes=["run-comparison"])
        self.table = pn.pane.HTML(css_classes=["run-table"], sizing_mode="stretch_width")
        self.state = pn.pane.HTML(css_classes=["run-state"])
        self.runs: list[dict] = []
        pn.bind(lambda *_: self._describe(), self.vary.param.value, self.count.param.value, watch=True)
        self._describe()
        self._callback = on_page(self.poll)
        if self._callback is not None:
            pn.state.on_session_destroyed(lambda _ctx, c=self: c.close())

    def configs(self) -> list[dict]:
        name = self.vary.value
        return one_setting_apart(self.base, name, spread(VARIABLES[name][1], self.count.value))

    def _describe(self):
        def shown(k, v):
            return "all" if k == "n_train" and not v else significant(v)  # 0 examples: the whole set

        name, configs = self.vary.value, self.configs()
        others = ", ".join(f"{VARIABLES[k][0]} {shown(k, self.base[k])}" for k in (
            "lr", "batch_size", "optimizer", "width", "depth", "n_train") if k != name)
        self.values_note.object = (f"**{len(configs)} runs**, {VARIABLES[name][0]} = "
                                   f"{', '.join(significant(c[name]) for c in configs)}. Everything else the same: "
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
            self.runs.append({"label": f"{name} = {significant(config[name])}", "config": config, "handle": handle,
                              "update": None, "stored": None, "started": time.monotonic()})
        self.chart.clear()
        self.chart.series = [r["label"] for r in self.runs]
        self.poll()

    def poll(self):
        for run in self.runs:
            fresh = run["handle"].updates()
            if not fresh:
                continue
            run["update"] = merge_updates(([run["update"]] if run["update"] else []) + fresh)
            self.chart.set_curve(run["label"], *self.curve(run["update"]))
            if self.finished(run) and run["stored"] is None:
                run["stored"] = self.store(run)
        stored = sum(r["stored"] is not None for r in self.runs)
        if stored != self.stored_runs:
            self.stored_runs = stored
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
            return ""  # the chart says "No runs yet: launch some."
        done = sum(self.finished(r) for r in self.runs)
        return f"<b>{done} of {len(self.runs)} runs finished</b>" + (
            " · stored for the class's map" if done == len(self.runs) else " · training together on the shared engine")

    def table_html(self) -> str:
        if not self.runs:
            return ""
        head = ("<tr><th></th><th>run</th><th>steps</th><th>training time</th><th>ms / step</th>"
                "<th>val. acc.</th><th>train acc.</th><th>gap</th><th>weights ≈ 0</th><th>parameters</th></tr>")
        rows = []
        for run in self.runs:
            u = run["update"] or {}
            e = (u.get("evals") or [{}])[-1]
            steps, secs = u.get("steps", 0), u.get("train_seconds", 0.0)
            swatch = f"<span class='swatch' style='background:{self.chart.colour_of(run['label'])}'></span>"
            stopped = " (stopped: the loss was no longer a number)" if u.get("status") == "stopped" else ""
            rows.append(f"<tr><td>{swatch}</td><td>{esc(run['label'])}{stopped}</td><td>{steps}</td>"
                        f"<td>{secs:.2f} s</td><td>{1000 * secs / steps if steps else 0:.2f}</td>"
                        f"<td>{num(e.get('val_accuracy'), '.1%')}</td>"
                        f"<td>{num(e.get('train_accuracy'), '.1%')}</td><td>{num(e.get('gap'), '.1%')}</td>"
                        f"<td>{num(e.get('near_zero'), '.1%')}</td><td>{esc(e.get('params', '–'))}</td></tr>")
        return f"<table class='runs'>{head}{''.join(rows)}</table>"

    def close_runs(self):
        for run in self.runs:
            run["handle"].close()

    def close(self):
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
        self.close_runs()

    def view(self):
        controls = pn.Row(self.vary, self.count, self.launch, css_classes=["compare-controls"])
        return pn.Column(controls, self.values_note, self.state, self.chart, self.table, sizing_mode="stretch_width")
