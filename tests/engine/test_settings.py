"""Settings declared once: checked when made, with a message that says what is allowed."""
import re

import pytest

from engine.run import TrainingRun
from engine.settings import LEARNING_RATES, ClassifySettings, RunSettings, between, offered, some
from engine.sweep import TASK_SETTINGS, default_config, split_config
from engine.task_settings import (
    BLOCKS,
    FIRST_CHANNELS,
    LATER_CHANNELS,
    ConvSettings,
    DigitsHyper,
    SequenceHyper,
    SequenceSettings,
    ShapesHyper,
    TextHyper,
    TextSettings,
)
from engine.tasks import make_task
from engine.tasks.classify import ClassifyTask

LESSON_SETTINGS = (SequenceSettings, SequenceHyper, ConvSettings, DigitsHyper, ShapesHyper, TextSettings, TextHyper)


def test_defaults_are_valid_and_values_come_back_as_the_run_keeps_them():
    s = RunSettings(batch_size=64.0, lr="0.1")
    assert s.batch_size == 64 and isinstance(s.batch_size, int) and s.lr == 0.1
    assert RunSettings().as_dict()["optimizer"] == "adam"


@pytest.mark.parametrize("bad, message", [
    ({"lr": 0.0}, "lr must lie between 1e-06 and 100, not 0.0"),
    ({"lr": float("nan")}, "lr must lie between"),
    ({"batch_size": "many"}, "batch_size must be a number, not 'many'"),
    ({"optimizer": "rmsprop"}, "optimizer must be one of adam, sgd, not 'rmsprop'"),
    ({"momentum": 1.0}, "momentum must lie between 0 and 0.999"),
])
def test_a_bad_run_setting_raises_a_clear_value_error(bad, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        RunSettings(**bad)
    with pytest.raises(ValueError, match=message.split(",")[0]):
        TrainingRun(make_task("sequence"), bad)  # the engine checks with the same declaration


def test_a_bad_task_setting_raises_before_any_data_is_made():
    with pytest.raises(ValueError, match="width must lie between 1 and 1024, not 2000"):
        ClassifyTask(width=2000)
    with pytest.raises(ValueError, match="dataset must be one of digits, moons, spiral"):
        ClassifyTask(dataset="cifar")
    with pytest.raises(ValueError, match="unknown settings colour"):
        ClassifySettings.make(colour="red")


def test_the_sweep_splits_a_config_by_the_declarations_not_by_a_signature():
    assert TASK_SETTINGS == ClassifySettings.names()
    config = default_config(width=64, lr=0.1)
    task_args, hyper, seed = split_config(config)
    assert task_args == {**ClassifySettings().as_dict(), "width": 64}
    assert set(hyper) == set(RunSettings.names()) | set(ClassifyTask.hyper_defaults) and hyper["lr"] == 0.1
    with pytest.raises(ValueError, match="unknown settings: colour"):
        default_config(colour="red")


def test_one_ladder_of_learning_rates_each_page_takes_a_stretch_of():
    assert between(LEARNING_RATES, 0.0003, 0.1) == [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1]
    assert RunSettings.offered("lr") == LEARNING_RATES
    assert all(b / a == pytest.approx(10 / 3) or b / a == pytest.approx(3) for a, b in
               zip(LEARNING_RATES, LEARNING_RATES[1:]))


def test_a_page_picks_only_values_the_settings_offer():
    assert some("dropout", 0.0, 0.5) == [0.0, 0.5]
    assert 0.003 in offered("l1") and offered("weight_decay") == offered("l1")
    with pytest.raises(ValueError, match="dropout: \\[0.25\\] not among the offered"):
        some("dropout", 0.0, 0.25)
    with pytest.raises(KeyError):
        offered("learning_rate")


@pytest.mark.parametrize("task, bad, message", [
    ("sequence", {"hidden": 0}, "hidden must lie between 1 and 64, not 0"),
    ("sequence", {"cell": "xyz"}, "cell must be one of lstm, gru, rnn, ff, not 'xyz'"),
    ("sequence", {"pins": {"q": 1}}, "pins: only an LSTM's gates i, f, o can be pinned, not q"),
    ("sequence", {"pins": {"f": 2}}, "pins['f'] must lie between 0 and 1, not 2"),
    ("sequence", {"cell": "gru", "pins": {"f": 1}}, "pins: only an LSTM's gates i, f, o can be pinned, not a gru's"),
    ("sequence", {"kind": "square"}, "kind must be one of sine, sawtooth, damped, two sines, echo, not 'square'"),
    ("sequence", {"window": 0}, "window must lie between 1 and 200, not 0"),
    ("digits", {"channels": ()}, "channels must name 1 to 4 blocks, not 0"),
    ("digits", {"channels": (8, 0)}, "a block's channels must lie between 1 and 64, not 0"),
    ("digits", {"kernel": 0}, "kernel must lie between 1 and 15, not 0"),
    ("shapes", {"padding": -1}, "padding must lie between 0 and 7, not -1"),
    ("text", {"corpus": "nope"}, "corpus must be one of pattern, paragraph, not 'nope'"),
    ("text", {"temperature": 1.0}, "unknown settings temperature"),  # a hyperparameter, not the task's
])
def test_each_task_refuses_a_bad_setting_with_a_value_error_naming_it(task, bad, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make_task(task, **bad)


@pytest.mark.parametrize("task, bad, message", [
    ("sequence", {"noise": 1.5}, "noise must lie between 0 and 1, not 1.5"),
    ("text", {"temperature": 0}, "temperature must lie between 0.05 and 3, not 0"),
    ("digits", {"drawing": [1, 2, 3]}, "a drawing is 64 counts between 0 and 16"),
    ("digits", {"input_index": -1}, "input_index must lie between 0 and 100000, not -1"),
    ("shapes", {"drawing": [0] * 64}, "unknown setting 'drawing'"),  # the shapes have no drawing
])
def test_a_bad_task_hyperparameter_is_refused_when_a_run_opens_and_when_it_changes(task, bad, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        TrainingRun(make_task(task), bad)
    run = TrainingRun(make_task(task))
    before = dict(run.hyper)
    with pytest.raises(ValueError, match=re.escape(message)):
        run.set(**bad)
    assert run.hyper == before


@pytest.mark.parametrize("kind", LESSON_SETTINGS)
def test_defaults_round_trip_and_every_offered_value_is_allowed(kind):
    assert kind.make(**kind().as_dict()) == kind()
    for name in kind.names():
        for value in kind.offered(name):
            assert getattr(kind.make(**{name: value}), name) == value


def test_the_tasks_keep_their_settings_as_declared():
    assert make_task("sequence").settings == SequenceSettings()
    assert make_task("text").settings == TextSettings()
    assert make_task("sequence", pins={"f": 1}).settings.pins == {"f": 1.0}
    assert make_task("digits", channels=[4, 6]).arch.channels == (4, 6)  # a list, as a stored run keeps it
    for task, hyper in (("sequence", SequenceHyper), ("text", TextHyper), ("digits", DigitsHyper),
                        ("shapes", ShapesHyper)):
        assert TrainingRun(make_task(task)).hyper == {**RunSettings().as_dict(), **hyper().as_dict()}


def test_every_architecture_the_cnn_page_offers_passes_the_channel_check():
    for blocks in BLOCKS:
        for first in FIRST_CHANNELS:
            for later in LATER_CHANNELS:
                channels = (first,) + (later,) * (blocks - 1)
                assert ConvSettings(channels=list(channels)).channels == channels
