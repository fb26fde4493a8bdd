"""Runs behind handles: commands in, updates out, in threads or worker processes."""
import time

import pytest

from engine.pool import RunPool, merge_updates


def wait_for(handle, predicate, timeout=20.0):
    """Drain updates until the merged state satisfies predicate; return it."""
    merged, deadline = None, time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = handle.updates()
        if new:
            merged = merge_updates(([merged] if merged else []) + new)
            if merged and predicate(merged):
                return merged
        time.sleep(0.02)
    last = merged and {k: merged[k] for k in ('status', 'steps', 'message')}
    raise AssertionError(f"timed out; last update: {last}")


@pytest.fixture(params=["thread", "process"])
def pool(request):
    p = RunPool(workers=2, backend=request.param)
    yield p
    p.shutdown()


def train_then_pause(pool, timeout=20.0) -> tuple:
    """A sequence run trained 100 steps: its loss falls 5x, its view arrives, and once paused no
    update moves its step. (handle, the paused update), for a backend's test to go on with."""
    h = pool.open("sequence", hyper={"lr": 0.01})
    h.watch("prediction")
    h.train()
    state = wait_for(h, lambda u: u["steps"] >= 100, timeout=timeout)
    losses = state["metrics"]["loss"]
    assert losses[-1] < losses[0] / 5
    assert state["views"]["prediction"]["continuation"].shape == (40,)
    h.pause()
    paused = wait_for(h, lambda u: u["status"] == "paused")
    time.sleep(0.3)  # updates the worker sent before it paused have come by now
    assert all(u["steps"] == paused["steps"] for u in h.updates())
    return h, paused


def test_a_run_trains_pauses_and_reports_a_falling_loss(pool):
    h, paused = train_then_pause(pool)
    assert paused["status"] == "paused" and paused["steps"] >= 100
    h.close()


def test_a_setting_changes_mid_training_and_a_bad_one_gives_a_message(pool):
    h = pool.open("sequence")
    h.train()
    wait_for(h, lambda u: u["steps"] > 5)
    h.set(lr=0.002)
    wait_for(h, lambda u: u["hyper"]["lr"] == 0.002 and u["metrics"]["lr"] and u["metrics"]["lr"][-1] == 0.002)
    h.set(lr=-3)
    bad = wait_for(h, lambda u: u["message"] is not None)
    assert "lr must lie between" in bad["message"]
    assert bad["hyper"]["lr"] == 0.002 and bad["status"] == "training"
    h.close()


def test_a_diverging_run_stops_itself_and_the_worker_serves_others(pool):
    bad = pool.open("sequence", hyper={"optimizer": "sgd", "lr": 100.0})
    good = pool.open("sequence")
    bad.train()
    good.train()
    stopped = wait_for(bad, lambda u: u["status"] == "stopped")
    assert "Lower the learning rate" in stopped["reason"]
    wait_for(good, lambda u: u["steps"] > 50)
    bad.close()
    good.close()


def test_closing_a_handle_frees_its_run_on_the_worker(pool):
    handles = [pool.open("sequence") for _ in range(3)]
    for h in handles:
        h.train()
    wait_for(handles[-1], lambda u: u["steps"] > 0)
    for h in handles:
        h.close()
    deadline = time.monotonic() + 10
    while pool.stats()["worker_runs"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.stats()["open_runs"] == 0
    assert pool.stats()["worker_runs"] == 0


def test_pacing_limits_steps_per_second():
    pool = RunPool(workers=1)
    try:
        h = pool.open("sequence", hyper={"steps_per_second": 20})
        h.train()
        time.sleep(1.0)
        state = merge_updates(h.updates())
        assert 10 <= state["steps"] <= 30, state["steps"]
    finally:
        pool.shutdown()


def test_an_unknown_task_reports_an_error_instead_of_crashing():
    pool = RunPool(workers=1)
    try:
        h = pool.open("no-such-task")
        state = wait_for(h, lambda u: u["status"] == "error")
        assert "unknown task" in state["message"]
        h.close()
        ok = pool.open("sequence")
        ok.step(3)
        assert wait_for(ok, lambda u: u["steps"] == 3)
    finally:
        pool.shutdown()


def test_a_worker_process_ends_when_its_server_is_killed(tmp_path):
    """A server stopped by a signal runs no clean-up: its workers must notice on their own."""
    import os
    import signal
    import subprocess
    import sys
    script = tmp_path / "server.py"
    script.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {os.getcwd()!r})\n"
        "from engine.pool import RunPool\n"
        "if __name__ == '__main__':\n"
        "    pool = RunPool(workers=1, backend='process')\n"
        "    handle = pool.open('sequence')\n"
        "    handle.step(0)\n"
        "    while not handle.updates():\n"
        "        time.sleep(0.05)\n"  # the worker is up and serving
        "    print(pool._workers[0].pid, flush=True)\n"
        "    time.sleep(60)\n")
    server = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    worker = int(server.stdout.readline())
    server.send_signal(signal.SIGKILL)
    server.wait()
    deadline, ended = time.monotonic() + 20, False
    while not ended and time.monotonic() < deadline:
        try:
            # ended: gone, or a zombie waiting to be reaped by whoever adopted it
            ended = open(f"/proc/{worker}/stat").read().split()[2] == "Z"
        except FileNotFoundError:
            ended = True
        time.sleep(0.2)
    if not ended:
        os.kill(worker, signal.SIGKILL)
    assert ended, "the orphaned worker kept running"


def test_a_training_run_sends_its_losses_often_and_its_costly_views_less_often():
    from engine.worker import EMIT_S, VIEW_S
    pool = RunPool(workers=1, backend="thread")
    try:
        h = pool.open("sequence", hyper={"lr": 0.01})
        h.watch("prediction")
        h.train()
        wait_for(h, lambda u: u["steps"] >= 5)
        time.sleep(2.0)
        updates = [u for u in h.updates() if "closed" not in u]
        with_views = [u for u in updates if u["views"]]
        assert len(updates) >= 0.5 * 2.0 / EMIT_S          # the loss streams at ~10 updates/s
        assert 0.5 * 2.0 / VIEW_S <= len(with_views) <= 2.0 / VIEW_S + 2
        assert len(with_views) < len(updates)
        h.pause()
        paused = wait_for(h, lambda u: u["status"] == "paused" and bool(u["views"]))
        assert paused["views"]["prediction"]["continuation"].shape == (40,)  # a stop always carries them
    finally:
        pool.shutdown()
