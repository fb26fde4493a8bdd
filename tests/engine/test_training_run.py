"""A TrainingRun learns, stops itself on a non-finite loss, and takes changes between steps."""
import math
import threading

import pytest
import torch

from engine.run import TrainingRun
from engine.tasks import make_task


def sine_run(device="cpu", **hyper):
    return TrainingRun(make_task("sequence", kind="sine"), hyper, seed=0, device=device)


def test_training_lowers_the_loss(device):
    run = sine_run(device)
    run.step(150)
    first, last = run.history["loss"][0], run.history["loss"][-1]
    assert run.steps == 150
    assert last < first / 20, (first, last)
    assert next(run.model.parameters()).device.type == device


def test_the_sine_is_learned_to_a_low_loss_within_a_bounded_number_of_steps():
    run = sine_run()
    run.step(300)
    assert min(run.history["loss"][-20:]) < 2e-3


def test_a_nan_loss_stops_the_run_and_says_why():
    run = sine_run(optimizer="sgd", lr=100.0)
    done = run.step(100)
    assert run.status == "stopped"
    assert done < 100
    assert "Lower the learning rate" in run.reason
    assert all(math.isfinite(v) for v in run.history["loss"])
    assert run.step(5) == 0  # a stopped run does nothing more until Reset
    run.reset()
    assert run.status == "ready" and run.steps == 0


def test_a_learning_rate_change_applies_at_the_next_step_and_keeps_the_weights():
    run = sine_run()
    run.step(5)
    before = {k: v.clone() for k, v in run.model.state_dict().items()}
    run.set(lr=0.001)
    after = run.model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert run.optimizer.param_groups[0]["lr"] == 0.001
    run.step(1)
    assert run.history["lr"][-2:] == [0.01, 0.001]


def test_a_batch_size_change_applies_at_the_next_step():
    run = sine_run()
    run.step(1)
    run.set(batch_size=8)
    run.step(1)
    assert run.history["batch_size"] == [32, 8]


def test_changing_the_optimizer_keeps_the_weights():
    run = sine_run()
    run.step(3)
    w = run.model.head.weight.detach().clone()
    run.set(optimizer="sgd", momentum=0.9)
    assert torch.equal(w, run.model.head.weight)
    assert isinstance(run.optimizer, torch.optim.SGD)


@pytest.mark.parametrize("bad", [{"lr": -1}, {"lr": float("nan")}, {"batch_size": 0},
                                 {"optimizer": "magic"}, {"lr": "fast"}, {"colour": 3}])
def test_bad_settings_are_refused_and_change_nothing(bad):
    run = sine_run()
    hyper = dict(run.hyper)
    with pytest.raises(ValueError):
        run.set(**bad)
    assert run.hyper == hyper


def test_the_same_seed_gives_the_same_run():
    a, b = sine_run(), sine_run()
    a.step(10)
    b.step(10)
    assert a.history["loss"] == b.history["loss"]


def test_reset_restores_the_initial_weights():
    run = sine_run()
    w0 = run.model.head.weight.detach().clone()
    run.step(10)
    assert not torch.equal(w0, run.model.head.weight)
    run.reset()
    assert torch.equal(w0, run.model.head.weight)
    assert run.history["loss"] == []


def test_runs_opened_in_several_threads_at_once_start_from_their_seeds_weights():
    # Thread workers share torch's one default generator (a CI run showed a run's first loss
    # 0.68 where its seed gives 0.54): each run must still start from its own seed's weights.
    expected = {seed: TrainingRun(make_task("sequence"), seed=seed).model.head.weight.detach().clone()
                for seed in (1, 2)}
    wrong = []

    def open_runs(seed):
        for _ in range(40):
            if not torch.equal(TrainingRun(make_task("sequence"), seed=seed).model.head.weight, expected[seed]):
                wrong.append(seed)

    threads = [threading.Thread(target=open_runs, args=(seed,)) for seed in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []
