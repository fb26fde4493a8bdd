"""Fair turns: many runs share a worker without one starving, and nothing grows without bound.

Counted in updates and steps, not wall time, so they hold on a loaded machine.
"""
import statistics
import time

import pytest
import torch

import engine.pool
from engine.pool import RunPool, merge_updates


@pytest.fixture
def pool():
    torch.set_num_threads(1)  # the thread backend trains in this process
    p = RunPool(workers=1, backend="thread")
    yield p
    p.shutdown()


def drain_until(handles, predicate, timeout=120.0):
    """Poll every handle (a page's loop) until predicate(per-handle update lists) holds."""
    seen = [[] for _ in handles]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for got, h in zip(seen, handles):
            got.extend(u for u in h.updates() if "closed" not in u)
        if predicate(seen):
            return seen
        time.sleep(0.02)
    raise AssertionError(f"timed out; updates per run {[len(s) for s in seen]}")


def test_with_20_runs_the_slowest_gets_at_least_0_8_of_the_median_updates(pool):
    # 10 of one architecture (a batched group) and 10 of ten others (each alone)
    args = [{"hidden": 8}] * 10 + [{"hidden": 9 + k} for k in range(10)]
    handles = [pool.open("sequence", a, seed=k) for k, a in enumerate(args)]
    for h in handles:
        h.train()
    drain_until(handles, lambda seen: all(any(u["steps"] > 0 for u in s) for s in seen))
    seen = drain_until(handles, lambda seen: statistics.median(map(len, seen)) >= 15)
    counts = [len(s) for s in seen]
    assert min(counts) >= 0.8 * statistics.median(counts), counts
    for s in seen:  # each update carries the steps done since the one before
        merged = merge_updates(s)
        assert merged["metrics"]["step"] == list(range(s[0]["steps"] - len(s[0]["metrics"]["step"]) + 1,
                                                       merged["steps"] + 1))


def test_a_long_step_command_runs_in_turns_while_another_run_trains(pool):
    trainer, stepper = pool.open("sequence", seed=0), pool.open("sequence", {"hidden": 12}, seed=1)
    trainer.train()
    drain_until([trainer], lambda seen: any(u["steps"] > 0 for u in seen[0]))
    stepper.step(200)
    seen = drain_until([trainer, stepper], lambda seen: any(u["steps"] == 200 for u in seen[1]))
    done_at = next(i for i, u in enumerate(seen[1]) if u["steps"] == 200)
    assert len(seen[1]) > 3 and seen[1][0]["steps"] < 200  # stepped in turns, and it said so
    assert seen[1][done_at]["status"] == "ready"
    steps = [u["steps"] for u in seen[0]]
    assert len(steps) >= 3 and steps[-1] > steps[0]  # the other run kept training meanwhile


def test_a_flood_of_commands_is_dropped_and_counted_and_updates_stay_bounded(monkeypatch):
    torch.set_num_threads(1)
    monkeypatch.setattr(engine.pool, "INBOX_SIZE", 50)
    monkeypatch.setattr(engine.pool, "MAX_UPDATES", 5)
    pool = RunPool(workers=1, backend="thread")
    try:
        h = pool.open("sequence")
        sent = [h.send("set", {"lr": 0.001 + k * 1e-6}) for k in range(3000)]
        assert not all(sent) and pool.stats()["dropped_commands"] == sent.count(False)
        received, receive = [], h._receive
        h._receive = lambda update: (received.append(1), receive(update))  # counts what arrives
        h.train()
        while not h.send("train"):
            time.sleep(0.05)  # the worker drains the flood in turns
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(received) <= 20:  # four times what a handle may hold
            time.sleep(0.05)
        assert len(received) > 20
        assert len(h._updates) <= 6  # never polled, yet folded into a few
        merged = merge_updates(h.updates())
        assert merged["status"] == "training"
        assert merged["metrics"]["step"] == list(range(1, len(merged["metrics"]["step"]) + 1))
    finally:
        pool.shutdown()
