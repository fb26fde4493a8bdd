"""The "ray" backend: workers as actors of a local Ray (2 CPUs), behind the same handles."""
import os
import signal
import subprocess
import sys
import time

import pytest

from engine.pool import RunPool, merge_updates
from tests.engine.test_pool import train_then_pause, wait_for


@pytest.fixture(scope="module")
def pool():
    ray = pytest.importorskip("ray")
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)  # never a cluster found here
    p = RunPool(workers=2, backend="ray")
    yield p
    p.shutdown()
    ray.shutdown()


def drain(handle, steps, timeout=60.0):
    """Every update until the run reached `steps`, as the page would receive them."""
    got, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline and not (got and got[-1]["steps"] >= steps):
        got += handle.updates()
        time.sleep(0.02)
    return got


def test_a_run_trains_through_an_actor_pauses_steps_and_closes(pool):
    status = pool.stats()
    assert status["backend"] == "ray" and status["where"] == "local Ray, 2 CPUs"
    assert status["workers"] == 2 and all(w["pid"] for w in status["per_worker"])
    h, paused = train_then_pause(pool, timeout=60)
    h.step(7)
    stepped = wait_for(h, lambda u: u["steps"] >= paused["steps"] + 7)
    time.sleep(0.3)
    assert stepped["steps"] == paused["steps"] + 7 and stepped["status"] == "paused"
    assert all(u["steps"] == stepped["steps"] for u in h.updates())
    h.close()
    deadline = time.monotonic() + 10
    while pool.stats()["worker_runs"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.stats()["worker_runs"] == 0 and pool.stats()["open_runs"] == 0


def test_updates_arrive_as_from_a_thread_worker(pool):
    threads = RunPool(workers=1, backend="thread")
    try:
        runs = {}
        for name, p in (("thread", threads), ("ray", pool)):
            h = p.open("sequence", seed=5)
            h.step(40)
            runs[name] = drain(h, 40)
            h.close()
    finally:
        threads.shutdown()
    shapes = {name: [sorted(u) for u in got] for name, got in runs.items()}
    assert {tuple(k) for k in shapes["ray"]} == {tuple(k) for k in shapes["thread"]}
    merged = {name: merge_updates(got) for name, got in runs.items()}
    assert merged["ray"]["steps"] == merged["thread"]["steps"] == 40
    assert merged["ray"]["metrics"]["step"] == merged["thread"]["metrics"]["step"]
    assert merged["ray"]["metrics"]["loss"] == pytest.approx(merged["thread"]["metrics"]["loss"], rel=1e-5)


def test_a_killed_actor_is_replaced_and_its_run_goes_on_from_its_checkpoint(pool):
    h = pool.open("sequence", seed=3)
    h.train()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (h._checkpoint and h._checkpoint["step"] > 0):
        h.updates()
        time.sleep(0.05)
    k = h._checkpoint["step"]
    old = pool.stats()["per_worker"][h.worker]["pid"]
    os.kill(old, signal.SIGKILL)
    killed = time.monotonic()
    while pool.stats()["restarts"] == 0 and time.monotonic() - killed < 10:
        time.sleep(0.02)
    assert time.monotonic() - killed < 3.0  # noticed and replaced
    merged = wait_for(h, lambda u: bool(u.get("notice")) and u["steps"] > k + 5, timeout=60)
    assert merged["notice"] == f"The trainer restarted; your model went back to step {k}."
    assert merged["status"] == "training" and merged["metrics"]["step"][:3] == [1, 2, 3]
    worker = pool.stats()["per_worker"][h.worker]
    assert worker["alive"] and worker["pid"] not in (None, old) and worker["runs"] == 1
    h.close()


def serve(*args, block_ray=False):
    code = ("import sys; sys.modules['ray'] = None\n" if block_ray else "") + \
        "from explorables.cli import main; main(sys.argv[1:])"
    return subprocess.run([sys.executable, "-c", "import sys\n" + code, "serve", *args],
                          capture_output=True, text=True, timeout=120)


def test_the_cli_says_in_one_line_that_no_ray_cluster_answers():
    pytest.importorskip("ray")
    done = serve("--engine", "ray://127.0.0.1:1")
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "explorables: cannot reach the Ray cluster at 127.0.0.1:1 (Connection refused)"]


def test_the_cli_says_in_one_line_that_ray_is_not_installed():
    done = serve("--engine", "ray", block_ray=True)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "explorables: --engine ray needs Ray: pip install 'explorables[ray]'"]
