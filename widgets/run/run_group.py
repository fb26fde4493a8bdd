"""RunGroup: several live runs trained side by side, their loss curves overlaid in one chart.

Each run keeps its colour and label everywhere; Train / Pause / Reset act on all at once.
"""
import numpy as np
import panel as pn
import param
from bokeh.models import ColumnDataSource

from widgets.course.html import esc
from widgets.run.live_loss_chart import significant
from widgets.run.run_state_line import RunStateLine, ask_on_click
from widgets.style.bokeh_style import add_hover, live_figure
from widgets.style.palette import BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION

COLOURS = [ORANGE, BLUE, GREEN, VERMILLION, PURPLE, SKY]


class _Series:
    """What LiveRun pushes into: one curve of a MultiLossChart."""

    def __init__(self, chart, label):
        self.chart, self.label = chart, label
        self.source = ColumnDataSource({"step": [], "value": []})
        self.current = None

    def push(self, steps, values):
        steps, values = np.asarray(steps, dtype=np.int64), np.asarray(values, dtype=float)
        keep = np.isfinite(values) & (values > 0)
        if keep.any():
            self.source.stream({"step": steps[keep].tolist(), "value": values[keep].tolist()})
            self.current = float(values[keep][-1])
            self.chart._refresh()

    def clear(self):
        self.source.data = {"step": [], "value": []}
        self.current = None
        self.chart._refresh()


class MultiLossChart(pn.viewable.Viewer):
    """One log-scale loss chart, one curve per label, streamed point by point."""

    labels = param.List(default=[])
    ylabel = param.String(default="Loss (MSE)")
    height = param.Integer(default=280)

    def __init__(self, **params):
        super().__init__(**params)
        self.series = {label: _Series(self, label) for label in self.labels}
        fig = live_figure(self.height, "training step", self.ylabel, logy=True)
        lines = [fig.line("step", "value", source=s.source, color=COLOURS[k % len(COLOURS)], line_width=2.5,
                          legend_label=label) for k, (label, s) in enumerate(self.series.items())]
        fig.legend.location = "top_right"
        fig.legend.click_policy = "hide"
        fig.legend.label_text_font_size = "12pt"
        add_hover(fig, lines, [("step", "@step"), (self.ylabel, "@value{0.000g}")])
        self._plot = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        self._readout = pn.pane.HTML(css_classes=["readout"])
        self._refresh()

    @property
    def readout_text(self) -> str:
        return " · ".join(f"{label} {significant(s.current)}" for label, s in self.series.items())

    def _refresh(self):
        self._readout.object = self.readout_text

    def __panel__(self):
        return pn.Column(self._readout, self._plot, sizing_mode="stretch_width")


class RunGroup(pn.viewable.Viewer):
    """`runs` maps a label to a LiveRun already bound to `chart.series[label]`."""

    status = param.String(default="ready")

    def __init__(self, runs: dict, chart: MultiLossChart, **params):
        super().__init__(**params)
        self.runs, self.chart = runs, chart
        self._train = pn.widgets.Button(label="▶ Train all", button_type="success", width=140,
                                        css_classes=["group-train"])
        self._pause = pn.widgets.Button(label="❚❚ Pause all", width=130)
        self._reset = pn.widgets.Button(label="↺ Reset all", button_type="warning", button_style="outline", width=130)
        self._train.on_click(lambda _: self._command("train"))
        self._pause.on_click(lambda _: self._command("pause"))
        self._reset.on_click(lambda _: [r.handle.reset() for r in self.runs.values()])
        self._state = RunStateLine(css_classes=["run-state"], sizing_mode="stretch_width", height=30)
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
