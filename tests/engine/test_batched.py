"""Many runs stepped as one batched computation end where each would alone."""
import queue

import pytest
import torch

from engine.batched import BatchedGroup, group_key
from engine.run import TrainingRun
from engine.tasks import make_task
from engine.worker import WorkerLoop


def runs(task, args, hyper, n, lrs=None):
    return [TrainingRun(make_task(task, **args), {**hyper, "lr": (lrs or [hyper.get("lr", 0.01)] * n)[k]}, seed=k)
            for k in range(n)]


def flat(run):
    return torch.cat([p.detach().flatten() for p in run.model.parameters()])


@pytest.mark.parametrize("task, args, hyper", [
    ("sequence", {"hidden": 8}, {"optimizer": "adam"}),                      # nn.LSTM alone, explicit cells batched
    ("classify", {"dataset": "moons"}, {"optimizer": "sgd", "momentum": 0.9, "weight_decay": 0.001}),
])
def test_a_model_trained_in_a_batch_of_8_ends_where_it_ends_alone(task, args, hyper):
    torch.set_num_threads(1)
    lrs = [0.004 + 0.002 * k for k in range(8)]  # each member its own learning rate and data
    alone, batched = runs(task, args, hyper, 8, lrs), runs(task, args, hyper, 8, lrs)
    group = BatchedGroup("test")
    group.set_members(batched)
    for _ in range(50):
        assert group.step(list(range(8))) == list(range(8))
    for r in alone:
        assert r.step(50) == 50
    for a, b in zip(alone, batched):
        assert b.steps == 50 and b.history["loss"][-1] == pytest.approx(a.history["loss"][-1], rel=1e-4)
        assert ((flat(a) - flat(b)).norm() / flat(a).norm()).item() < 1e-5
        # the run's own optimiser holds the batched state: it could go on alone from here
        sa = a.optimizer.state_dict()["state"][0]
        sb = b.optimizer.state_dict()["state"][0]
        for k in sa:
            assert torch.allclose(sa[k], sb[k], rtol=1e-4, atol=1e-6)


def test_a_subset_steps_and_the_others_keep_still_and_snapshots_stay_compact():
    torch.set_num_threads(1)
    members = runs("sequence", {"hidden": 8}, {}, 4)
    for r in members:
        r.snapshot_every = 2
    group = BatchedGroup("test")
    group.set_members(members)
    group.step([0, 1, 2, 3])
    still = flat(members[3]).clone()
    group.step([0, 2])
    assert [r.steps for r in members] == [2, 1, 2, 1]
    assert torch.equal(flat(members[3]), still)
    snap = members[0].snapshots[-1]
    assert snap["step"] == 2
    state = snap["optimizer"]["state"][0]["exp_avg"]
    assert state.untyped_storage().nbytes() == state.numel() * 4  # its own, not the whole stack


def test_a_non_finite_loss_stops_that_member_only():
    torch.set_num_threads(1)
    members = runs("sequence", {"hidden": 8}, {"optimizer": "sgd"}, 3, lrs=[0.01, 100.0, 0.01])
    group = BatchedGroup("test")
    group.set_members(members)
    for _ in range(40):
        live = [i for i, r in enumerate(members) if r.status != "stopped"]
        before = flat(members[1]).clone()
        group.step(live)
        if members[1].status == "stopped":
            break
    assert members[1].status == "stopped" and "Lower the learning rate" in members[1].reason
    assert torch.equal(flat(members[1]), before)
    assert members[0].status != "stopped" and members[0].steps == members[2].steps


def test_runs_group_by_architecture_and_a_change_moves_a_run_keeping_its_weights():
    torch.set_num_threads(1)
    worker = WorkerLoop(queue.Queue(), queue.Queue())
    for k, hidden in enumerate((8, 8, 8, 8, 12)):
        worker._handle(f"r{k}", "open", {"task": "sequence", "task_args": {"hidden": hidden}, "seed": k})
        worker._handle(f"r{k}", "train")
    worker._train_round()
    sizes = sorted(len(g.members) for g in worker.groups.values())
    assert sizes == [4]  # the hidden-12 model trains alone
    moved = worker.slots["r0"].run
    weights = flat(moved).clone()
    worker._handle("r0", "set", {"batch_size": 16})  # another batch shape: another group
    worker._units([])
    assert torch.equal(flat(moved), weights)
    assert all(moved not in g.members for g in worker.groups.values())
    assert sorted(len(g.members) for g in worker.groups.values()) == [3]
    worker._handle("r1", "set", {"batch_size": 16})
    worker._units([])
    assert sorted(len(g.members) for g in worker.groups.values()) == [2, 2]
    assert any(moved in g.members for g in worker.groups.values())
    assert torch.equal(flat(moved), weights)
    steps = moved.steps
    worker._train_round()
    assert moved.steps > steps and not torch.equal(flat(moved), weights)


def test_probes_penalties_and_dropout_train_alone():
    probed = TrainingRun(make_task("sequence"), {}, probe_every=5)
    penalised = TrainingRun(make_task("classify", dataset="moons"), {"l1": 0.01})
    dropout = TrainingRun(make_task("classify", dataset="moons", dropout=0.2), {})
    plain = TrainingRun(make_task("classify", dataset="moons"), {})
    assert group_key(probed, "t") is None and group_key(penalised, "t") is None and group_key(dropout, "t") is None
    assert group_key(plain, "t") is not None
