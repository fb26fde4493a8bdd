"""A worker process killed mid-lesson is replaced and its runs go on from their checkpoint."""
import os
import signal
import time

from engine.pool import RunPool, merge_updates


def test_a_sigkilled_worker_is_replaced_and_its_run_trains_again_from_its_checkpoint():
    pool = RunPool(workers=1, backend="process")
    try:
        h = pool.open("sequence", seed=3)
        h.train()
        merged, deadline = None, time.monotonic() + 120
        while time.monotonic() < deadline and not (h._checkpoint and h._checkpoint["step"] > 0):
            merged = merge_updates(([merged] if merged else []) + h.updates())
            time.sleep(0.05)
        k = h._checkpoint["step"]
        old = pool.stats()["per_worker"][0]["pid"]
        os.kill(old, signal.SIGKILL)
        killed = time.monotonic()
        while pool.stats()["restarts"] == 0 and time.monotonic() - killed < 10:
            time.sleep(0.02)
        assert time.monotonic() - killed < 2.0  # noticed and replaced within 2 s
        status = pool.stats()
        assert status["workers"] == 1 and status["per_worker"][0]["pid"] != old
        assert status["per_worker"][0]["runs"] == 1 and status["per_worker"][0]["alive"]
        merged, deadline = None, time.monotonic() + 120
        while time.monotonic() < deadline:
            merged = merge_updates(([merged] if merged else []) + h.updates())
            if merged and merged.get("notice") and merged["steps"] > k + 5:
                break
            time.sleep(0.05)
        assert merged["notice"] == f"The trainer restarted; your model went back to step {k}."
        assert merged["status"] == "training"
        assert merged["metrics"]["step"][:3] == [1, 2, 3]  # the history before step k came back
    finally:
        pool.shutdown()
