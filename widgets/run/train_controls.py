"""TrainControls: Train / Pause / Step / Reset, the run's settings as widgets, and its progress."""
import html

import panel as pn
import param

from widgets.course.html import esc
from widgets.run.run_state_line import RunStateLine, ask_on_click

# Pause and Train answer in the browser at once (see RunStateLine): a busy page took 0.4-1.3 s
# to carry the click to the server and the worker's answer back. The buttons are set in their
# DOM: setting the models' properties re-rendered each view and re-laid out the page (120-200 ms
# of a busy page's click). The server's answer then sets the properties; the views follow them.
BUTTONS = """
const training = %s;
for (const [button, disabled] of [[train, training], [pause, !training], [step, training]]) {
  const el = Bokeh.index.find_one(button)?.button_el;
  if (el) { el.disabled = disabled; } else { button.disabled = disabled; }
}
"""


class TrainControls(pn.viewable.Viewer):
    """Buttons fire the `train`, `pause`, `step_once` and `reset` events; the lesson acts on them.

    `settings` is a Parameterized holding the run's hyperparameters; `widgets` maps a name to
    the widget type to draw it with (pn.Param's convention).
    """

    settings = param.Parameter(doc="A Parameterized with the hyperparameters to show.")
    widgets = param.Dict(default={})
    status = param.String(default="ready", doc="ready, training, paused, stopped or error")
    steps = param.Integer(default=0)
    steps_per_second = param.Number(default=0.0)
    message = param.String(default="", doc="Why the run stopped, or what was refused.")
    notice = param.String(default="", doc="The engine's word on the run (a trainer restart), in the state line.")
    train = param.Event()
    pause = param.Event()
    step_once = param.Event()
    reset = param.Event()

    def __init__(self, **params):
        super().__init__(**params)
        self._train = pn.widgets.Button(label="▶ Train", button_type="success", width=120, css_classes=["tour-train"])
        self._pause = pn.widgets.Button(label="❚❚ Pause", width=110, css_classes=["tour-pause"])
        self._step = pn.widgets.Button(label="Step", width=80, css_classes=["tour-step"],
                                       description="One optimiser step, then stop")
        # Outlined red, not amber: amber text on white is 1.6:1 (axe: color-contrast, 4.5:1 needed).
        self._reset = pn.widgets.Button(label="↺ Reset", button_type="danger", button_style="outline",
                                        width=110, css_classes=["tour-reset"])
        for button, event in ((self._train, "train"), (self._pause, "pause"),
                              (self._step, "step_once"), (self._reset, "reset")):
            button.on_click(lambda _, e=event: self.param.trigger(e))
        self._state = RunStateLine(css_classes=["run-state"], width=340, height=30)
        buttons = dict(train=self._train, pause=self._pause, step=self._step)
        ask_on_click(self._train, self._state, "Training", BUTTONS % "true", **buttons)
        ask_on_click(self._pause, self._state, "Paused", BUTTONS % "false", **buttons)
        self._progress = pn.indicators.Progress(active=False, value=0, max=100, width=200, height=12,
                                                bar_color="success", align="center")
        self._alert = pn.pane.Alert("", alert_type="danger", visible=False, css_classes=["run-message"])
        form = pn.Param(self.settings, widgets=self.widgets, show_name=False,
                        parameters=list(self.widgets) or None)
        # Two columns of fixed-width sliders keep the charts above the fold on a laptop.
        for widget in form:
            widget.param.update(width=260, sizing_mode="fixed")
        self._form = pn.GridBox(*form, ncols=2, css_classes=["tour-settings"])
        self._refresh()

    @param.depends("status", "steps", "steps_per_second", "message", "notice", watch=True)
    def _refresh(self):
        training = self.status == "training"
        self._train.disabled = training or self.status == "stopped"
        self._pause.disabled = not training
        self._step.disabled = training or self.status == "stopped"
        # Striped while training, transparent at rest (an empty bar read as "0% done"). Toggling
        # visibility instead re-laid out the page and made Pause take over a second to show.
        self._progress.param.update(active=training, value=-1 if training else 0,
                                    styles={"opacity": "1" if training else "0"})
        self._state.text = self.state_text
        self._alert.object = esc(self.message)  # a worker's message may quote what a student sent
        self._alert.visible = bool(self.message)

    @property
    def state_line(self) -> pn.viewable.Viewable:
        """The run's state in one line, for a step that shows it without the buttons."""
        return self._state

    @property
    def state_text(self) -> str:
        rate = f'<span class="rate"> · {self.steps_per_second:.0f} steps/s</span>' if self.status == "training" else ""
        notice = f" · {html.escape(self.notice)}" if self.notice else ""
        return f"<b>{self.status.capitalize()}</b> · step {self.steps}{rate}{notice}"

    def __panel__(self):
        buttons = pn.Row(self._train, self._pause, self._step, self._reset, css_classes=["train-buttons"])
        return pn.Column(buttons, pn.Row(self._progress, self._state), self._alert, self._form,
                         css_classes=["train-controls"])
