"""RunGroup: several live runs trained side by side, their loss curves overlaid in one chart.

Each run keeps its colour and label everywhere; Train / Pause / Reset act on all at once.
"""
import panel as pn
import param

from widgets.course.html import esc
from widgets.run.run_state_line import RunStateLine, ask_on_click
from widgets.run.stream_chart import StreamChart


class RunGroup(pn.viewable.Viewer):
    """`runs` maps a label to a LiveRun that pushes into `chart` as series=label."""

    status = param.String(default="ready")

    def __init__(self, runs: dict, chart: StreamChart, **params):
        super().__init__(**params)
        self.runs, self.chart = runs, chart
        self._train = pn.widgets.Button(label="▶ Train all", button_type="success", width=140,
                                        css_classes=["group-train"])
        self._pause = pn.widgets.Button(label="❚❚ Pause all", width=130)
        # Outlined red, not amber: amber text on white is 1.6:1 (axe: color-contrast, 4.5:1 needed).
        self._reset = pn.widgets.Button(label="↺ Reset all", button_type="danger", button_style="outline", width=130)
        self._train.on_click(lambda _: self._command("train"))
        self._pause.on_click(lambda _: self._command("pause"))
        self._reset.on_click(lambda _: [r.handle.reset() for r in self.runs.values()])
        self._state = RunStateLine(css_classes=["run-state"], sizing_mode="stretch_width", height=30,
                                   margin=(5, 0))  # a side margin on a stretched component overflows its column
        ask_on_click(self._train, self._state, "Training")
        ask_on_click(self._pause, self._state, "Paused")
        self._alert = pn.pane.Alert("", alert_type="danger", visible=False)
        for run in runs.values():
            run.param.watch(self._refresh, ["status", "steps", "message"])
        self._refresh()

    def _command(self, op: str):
        for run in self.runs.values():
            if run.status != "stopped":
                run.command(op)

    @property
    def state_text(self) -> str:
        """One status for the group, in bold (Training while any run trains), then each run's step
        and, where it differs, its own status."""
        statuses = [r.status for r in self.runs.values()]
        shared = "training" if "training" in statuses else max(set(statuses), key=statuses.count)
        parts = [f"{label} step {r.steps}" + ("" if r.status == shared else f" ({r.status})")
                 for label, r in self.runs.items()]
        return f"<b>{shared.capitalize()}</b> · " + " · ".join(parts)

    def _refresh(self, *_):
        self._state.text = self.state_text
        messages = [esc(f"{label}: {r.message}") for label, r in self.runs.items() if r.message]
        self._alert.param.update(object="\n\n".join(messages), visible=bool(messages))

    def close(self):
        for run in self.runs.values():
            run.close()

    def __panel__(self):
        return pn.Column(pn.Row(self._train, self._pause, self._reset), self._state, self._alert, self.chart,
                         sizing_mode="stretch_width")
