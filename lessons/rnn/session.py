"""One student's state in the RNN lesson: the settings, the live run, its chart and controls."""
import panel as pn
import param

from engine.pool import shared_pool
from engine.sequences import WAVES
from widgets.live_loss_chart import LiveLossChart
from widgets.live_run import LiveRun
from widgets.train_controls import TrainControls

LEARNING_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
SPEEDS = {"1 step/s": 1, "5 steps/s": 5, "20 steps/s": 20, "100 steps/s": 100, "as fast as it goes": 0}


class RnnSettings(param.Parameterized):
    """What a student may change while the network trains; each applies at the next step."""

    lr = param.Selector(default=0.01, objects=LEARNING_RATES, label="Learning rate")
    batch_size = param.Selector(default=32, objects=[4, 8, 16, 32, 64, 128], label="Batch size")
    noise = param.Number(default=0.0, bounds=(0.0, 0.5), step=0.05, label="Noise on the input")
    steps_per_second = param.Selector(default=20, objects=SPEEDS, label="Training speed")


class RnnSession:
    def __init__(self):
        self.settings = RnnSettings()
        self.wave = pn.widgets.RadioButtonGroup(name="Wave", options=list(WAVES), value="sine",
                                                button_type="primary", button_style="outline",
                                                css_classes=["wave-choice"])
        self.chart = LiveLossChart(label="Loss (MSE)", height=260)
        self.controls = TrainControls(settings=self.settings, widgets={
            "lr": pn.widgets.DiscreteSlider, "batch_size": pn.widgets.DiscreteSlider,
            "noise": pn.widgets.FloatSlider, "steps_per_second": pn.widgets.DiscreteSlider})
        self.run = LiveRun(shared_pool(), "sequence", self.settings, task_args={"kind": "sine"},
                           watch=["prediction"], chart=self.chart, controls=self.controls)
        self.wave.param.watch(lambda e: self.run.reopen(kind=e.new), "value")
        if pn.state.curdoc is not None:
            self.run.start()
