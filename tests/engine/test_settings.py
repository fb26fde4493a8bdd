"""Settings declared once: checked when made, with a message that says what is allowed."""
import pytest

from engine.run import TrainingRun
from engine.settings import LEARNING_RATES, ClassifySettings, RunSettings, between, offered, some
from engine.sweep import TASK_SETTINGS, default_config, split_config
from engine.tasks import make_task
from engine.tasks.classify import ClassifyTask


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
