"""Snapshots: rewinding restores the weights bitwise and undoes a change that broke the run."""
import math

import pytest
import torch

from engine.pool import RunPool
from engine.run import TrainingRun
from engine.tasks import make_task

from .test_pool import wait_for


def test_rewinding_to_a_snapshot_restores_the_weights_bitwise_and_cuts_the_history():
    run = TrainingRun(make_task("sequence"), seed=0, snapshot_every=10)
    run.step(25)
    assert [s["step"] for s in run.snapshots] == [0, 10, 20]
    at_ten = {k: v.clone() for k, v in run.snapshots[1]["weights"].items()}
    run.restore(1)
    assert all(torch.equal(at_ten[k], v) for k, v in run.model.state_dict().items())
    assert run.steps == 10 and run.history["step"][-1] == 10 and len(run.history["loss"]) == 10
    assert [s["step"] for s in run.snapshots] == [0, 10]
    run.step(1)
    assert run.history["step"][-1] == 11


def test_training_on_from_a_snapshot_repeats_the_same_weights_as_the_first_time():
    """The optimiser state is restored too: the same batches give the same weights."""
    a = TrainingRun(make_task("sequence"), seed=0)
    a.step(5)
    a.snapshot()
    rng_state = a.rng.bit_generator.state
    a.step(5)
    first = {k: v.clone() for k, v in a.model.state_dict().items()}
    a.restore(-1)
    a.rng.bit_generator.state = rng_state
    a.step(5)
    assert all(torch.equal(first[k], v) for k, v in a.model.state_dict().items())


def test_a_rewind_undoes_an_exploded_learning_rate_and_keeps_the_new_settings():
    run = TrainingRun(make_task("sequence"), {"optimizer": "sgd", "lr": 0.05}, seed=0, snapshot_every=10)
    run.step(20)
    good = run.history["loss"][-1]
    run.set(lr=100.0)
    run.step(20)
    assert run.status == "stopped"
    run.restore(-1)
    assert run.status == "paused" and run.steps == 20 and math.isfinite(run.history["loss"][-1])
    assert run.history["loss"][-1] == good
    assert run.hyper["lr"] == 100.0  # settings are the student's; only training is undone
    run.set(lr=0.05)
    run.resume()
    assert run.step(5) == 5


def test_snapshots_beyond_the_cap_are_thinned_evenly():
    run = TrainingRun(make_task("sequence"), seed=0, snapshot_every=1, max_snapshots=8)
    run.step(30)
    steps = [s["step"] for s in run.snapshots]
    assert len(steps) <= 9 and steps[0] == 0 and steps[-1] == 30


def test_a_bad_snapshot_index_is_refused():
    run = TrainingRun(make_task("sequence"))
    with pytest.raises(ValueError, match="no snapshot"):
        run.restore(3)


def test_a_restore_through_the_pool_resends_the_history_from_the_start():
    pool = RunPool(workers=1)
    try:
        h = pool.open("sequence", snapshot_every=10)
        h.step(30)
        wait_for(h, lambda u: u["steps"] == 30)
        h.restore(1)
        state = wait_for(h, lambda u: u["reset"] and u["steps"] == 10)
        assert state["metrics"]["step"] == list(range(1, 11))
        assert [s for s, _ in state["snapshots"]] == [0, 10]
    finally:
        pool.shutdown()
