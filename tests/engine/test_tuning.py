"""The tuning lesson's engine: a classifier whose knobs do what the lesson says they do."""
import math
import time

import numpy as np
import pytest
import torch

from engine.pool import RunPool, merge_updates
from engine.run import TrainingRun
from engine.sweep import OVERFIT, default_config, one_setting_apart, run_summary, split_config
from engine.tasks import make_task


def run_from(config, **options) -> TrainingRun:
    task_args, hyper, seed = split_config(config)
    return TrainingRun(make_task("classify", **task_args), hyper, seed=seed, **options)


def test_runs_that_differ_in_one_setting_differ_in_exactly_that_one():
    base = default_config(lr=0.01)
    for name, values in (("lr", [0.001, 0.01, 0.1]), ("width", [8, 32]), ("n_train", [100, 0]),
                         ("l1", [0.0, 1e-3])):
        runs = [run_from(c) for c in one_setting_apart(base, name, values)]
        configs = [r.config for r in runs]
        for config, value in zip(configs, values):
            assert {k for k in base if config[k] != base[k]} <= {name}
            assert config[name] == value
        assert len({c[name] for c in configs}) == len(values)
    with pytest.raises(ValueError, match="not a setting"):
        one_setting_apart(base, "colour", [1, 2])


def test_a_higher_learning_rate_on_the_same_seed_changes_the_trajectory():
    slow, fast = (run_from(default_config(lr=lr, optimizer="sgd")) for lr in (0.01, 0.3))
    assert all(torch.equal(a, b) for a, b in zip(slow.model.parameters(), fast.model.parameters()))
    slow.step(60), fast.step(60)
    assert slow.history["loss"][0] == fast.history["loss"][0]  # same weights, same first batch
    assert slow.history["loss"][1:] != fast.history["loss"][1:]
    assert np.mean(fast.history["loss"][-10:]) < np.mean(slow.history["loss"][-10:])


def test_a_larger_l1_weight_raises_the_share_of_weights_near_zero():
    shares = []
    for l1 in (0.0, 1e-3, 1e-2):
        run = run_from(default_config(l1=l1, lr=0.01), eval_every=300)
        run.step(300)
        shares.append(run.evals[-1]["near_zero"])
    assert shares[0] < shares[1] < shares[2]
    assert shares[2] > 0.8


def test_the_l1_penalty_is_added_to_the_loss():
    plain, penalised = run_from(default_config()), run_from(default_config(l1=0.01))
    weights = sum(p.abs().sum().item() for n, p in plain.model.named_parameters() if n.endswith("weight"))
    plain.step(1), penalised.step(1)  # the same starting weights and batch
    assert penalised.history["loss"][0] == pytest.approx(plain.history["loss"][0] + 0.01 * weights, rel=1e-5)


def test_the_measures_are_all_there_and_consistent():
    run = run_from(default_config(n_train=200), eval_every=50)
    run.step(100)
    e = run.evals[-1]
    assert e["params"] == 64 * 32 + 32 + 32 * 10 + 10
    assert e["gap"] == pytest.approx(e["train_accuracy"] - e["val_accuracy"])
    assert 0 <= e["near_zero"] <= 1 and e["val_accuracy"] > 0.5
    measures, curve = run_summary(run.evals, run.history)
    assert measures["seconds_per_step"] == pytest.approx(run.train_seconds / 100)
    assert curve["step"] == [0, 50, 100] and len(curve["loss"]) == 50 and curve["loss_step"][-1] == 100


def test_a_step_budget_pauses_the_run_with_final_measures():
    run = run_from(default_config(max_steps=30), eval_every=20)
    run.resume()
    assert run.step(100) == 30
    assert run.status == "paused" and run.evals[-1]["step"] == 30
    run.resume()
    assert run.status == "paused" and run.step(5) == 0
    run.set(max_steps=40)
    assert run.step(100) == 10


def test_hyperparameter_changes_are_recorded_at_the_step_they_act_from():
    run = run_from(default_config())
    run.step(5)
    run.set(lr=0.1, l1=1e-3, batch_size=32)  # batch_size unchanged: not a change
    assert [(c["step"], c["name"], c["new"]) for c in run.changes] == [(5, "lr", 0.1), (5, "l1", 1e-3)]
    run.step(1)
    assert run.history["lr"][-1] == 0.1


def test_rewind_restores_the_weights_bitwise_and_training_goes_on_from_there():
    run = run_from(default_config(l1=1e-3), snapshot_every=20)
    run.step(30)
    at_twenty = {k: v.clone() for k, v in run.snapshots[1]["weights"].items()}
    run.set(l1=0.1)
    run.step(15)
    run.restore(1)
    assert all(torch.equal(at_twenty[k], v) for k, v in run.model.state_dict().items())
    assert run.steps == 20 and run.history["step"][-1] == 20
    assert run.changes == []  # the change made at step 30 is cut with the history after 20
    run.resume()
    assert run.step(5) == 5 and run.history["step"][-1] == 25


def test_a_divergent_run_stops_cleanly_with_a_reason():
    run = run_from(default_config(depth=4, width=64, optimizer="sgd", lr=100.0, momentum=0.9),
                   snapshot_every=10)
    run.resume()
    done = run.step(400)
    assert run.status == "stopped" and done < 400
    assert "learning rate 100" in run.reason and ("nan" in run.reason or "inf" in run.reason)
    assert all(math.isfinite(v) for v in run.history["loss"])
    assert run.step(5) == 0
    run.restore(0)
    run.set(lr=0.01)
    run.resume()
    assert run.step(5) == 5


@pytest.mark.parametrize("dataset", ["moons", "spiral"])
def test_the_2d_sets_draw_a_decision_boundary_that_learns(dataset):
    run = run_from(default_config(dataset=dataset, width=32, depth=2, lr=0.03, noise=0.1), eval_every=400)
    before = run.view("boundary")
    assert before["p"].shape == (60, 60) and before["x"].shape[1] == 2
    run.step(400)
    after = run.view("boundary")
    assert run.evals[-1]["val_accuracy"] > run.evals[0]["val_accuracy"] + 0.15
    assert not np.allclose(before["p"], after["p"])


def test_the_pool_reports_changes_and_final_evals():
    pool = RunPool(workers=1)
    try:
        task_args, hyper, seed = split_config(default_config(max_steps=40, lr=0.01))
        h = pool.open("classify", task_args, hyper, seed=seed, eval_every=20)
        h.set(lr=0.02)
        h.train()
        merged, deadline = None, 200
        while deadline and not (merged and merged["status"] == "paused"):
            time.sleep(0.05)
            deadline -= 1
            got = merge_updates(([merged] if merged else []) + h.updates())
            merged = got or merged
        assert merged["steps"] == 40 and [e["step"] for e in merged["evals"]] == [0, 20, 40]
        assert merged["changes"] == [{"step": 0, "name": "lr", "old": 0.01, "new": 0.02}]
    finally:
        pool.shutdown()


def final_measures(seed: int, **changes) -> dict:
    run = run_from(default_config(**{**OVERFIT, "seed": seed, **changes}))
    run.step(OVERFIT["max_steps"])
    return run.evaluate()


@pytest.mark.parametrize("seed", [0, 1])
def test_the_capacity_settings_over_fit_and_weight_decay_closes_the_gap(seed):
    wide, narrow, decayed = (final_measures(seed, **c) for c in ({}, {"width": 4}, {"weight_decay": 0.01}))
    # What the capacity step's text and checks say: the wide net memorises its 40 points...
    assert wide["train_accuracy"] == 1.0 and wide["gap"] > 0.10
    assert wide["gap"] > narrow["gap"] + 0.03  # ...more than a narrow one...
    # ...and weight decay nearly closes the gap by bringing the training accuracy down.
    assert decayed["gap"] < 0.05 and wide["gap"] > decayed["gap"] + 0.08
    assert decayed["train_accuracy"] < wide["train_accuracy"]
