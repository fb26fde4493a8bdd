"""A run saved as bytes (what the store keeps for a student) reopens with the same weights, step
and history; a blob that carries code is refused without running it."""
import os
import pickle
import time

import numpy as np
import pytest

from engine import saved_run
from engine.pool import RunPool, merge_updates


def _drain_until(handle, done, timeout=120):
    merged, deadline = None, time.monotonic() + timeout
    while time.monotonic() < deadline:
        merged = merge_updates(([merged] if merged else []) + handle.updates())
        if done(merged):
            return merged
        time.sleep(0.05)
    raise AssertionError(f"no such update within {timeout} s: {merged and {k: merged[k] for k in ('steps', 'status')}}")


def _leaves(tree):
    if isinstance(tree, dict):
        return [x for k in sorted(tree) for x in _leaves(tree[k])]
    if isinstance(tree, (list, tuple)):
        return [x for v in tree for x in _leaves(v)]
    return [tree]


def test_a_saved_run_reopens_where_it_was():
    pool = RunPool(workers=1, backend="process")
    try:
        h = pool.open("sequence", {"kind": "sine"}, seed=3)
        h.train()
        _drain_until(h, lambda m: h._checkpoint is not None and h._checkpoint["step"] >= 20)
        h.pause()
        state = h.saved_state()
        k = state["checkpoint"]["step"]
        blob = saved_run.pack(state)
        h.close()

        again = pool.open("sequence", {"kind": "sine"}, seed=99,  # another seed: the weights must come from the blob
                          resume={**saved_run.unpack(blob), "notice": "back"})
        first = _drain_until(again, lambda m: m is not None and m.get("reset") and again._checkpoint is not None)
        assert first["steps"] == k and first["status"] == "paused" and first["notice"] == "back"
        assert first["metrics"]["loss"] == state["history"]["loss"]  # the curve up to step k comes back
        saved, now = _leaves(state["checkpoint"]["weights"]), _leaves(again._checkpoint["weights"])
        assert len(saved) == len(now) and all(np.array_equal(a, b) for a, b in zip(saved, now))
    finally:
        pool.shutdown()


def test_a_paused_run_is_saved_at_the_step_it_paused():
    """The state a student comes back to is the one they left, not the checkpoint before it."""
    pool = RunPool(workers=1, backend="process")
    try:
        h = pool.open("sequence", {"kind": "sine"}, seed=3)
        h.train()
        _drain_until(h, lambda m: h._checkpoint is not None and m is not None and m["steps"] >= 5)
        h.pause()
        paused = _drain_until(h, lambda m: m is not None and m["status"] == "paused")
        _drain_until(h, lambda m: h._checkpoint["step"] == paused["steps"], timeout=1.5)  # within a checkpoint period
        assert h.saved_state()["checkpoint"]["step"] == paused["steps"] >= 5
    finally:
        pool.shutdown()


class _Payload:
    def __reduce__(self):
        return (os.system, ("touch /tmp/explorables-pwned",))


def test_a_blob_with_code_in_it_is_refused_unrun(tmp_path):
    if os.path.exists("/tmp/explorables-pwned"):
        os.remove("/tmp/explorables-pwned")
    with pytest.raises(pickle.UnpicklingError):
        saved_run.unpack(pickle.dumps({"checkpoint": _Payload(), "history": {}, "evals": []}))
    assert not os.path.exists("/tmp/explorables-pwned")
    with pytest.raises(ValueError):
        saved_run.unpack(saved_run.pack({"not": "a run"}))
