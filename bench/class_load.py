"""A whole class on one server: N students' /rnn runs training at once on the shared RunPool.

Each student holds the run the "Train it" step opens (an LSTM on a sine, the prediction view
watched, snapshots every 25 steps) and trains at full speed. Reported per class size:
aggregate optimiser steps/s and its ratio to one plain PyTorch loop measured in the same run
(what the cores do for everyone together), the updates/s each student's page receives
(median and slowest student; the /rnn lesson asks >= 5), and the p95 wait between two of a
student's updates.
"""
import argparse
import statistics
import time

import torch

from engine.pool import RunPool

from .run_vs_plain import plain_loop


def measure(students: int, workers: int, window: float) -> dict:
    pool = RunPool(workers=workers, backend="process")
    try:
        handles = []
        for k in range(students):
            h = pool.open("sequence", {"kind": "sine"}, {"lr": 0.01, "batch_size": 32}, seed=k,
                          snapshot_every=25)
            h.watch("prediction")
            h.train()
            handles.append(h)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not all(h._updates for h in handles):
            time.sleep(0.05)  # every run built and training
        time.sleep(1.0)
        for h in handles:
            h.updates()
        arrivals = [[] for _ in handles]
        first_steps = [None] * students
        last_steps = [0] * students
        started = time.monotonic()
        while time.monotonic() - started < window:
            now = time.monotonic()
            for i, h in enumerate(handles):
                for u in h.updates():
                    arrivals[i].append(now)
                    if "steps" in u:
                        first_steps[i] = u["steps"] if first_steps[i] is None else first_steps[i]
                        last_steps[i] = u["steps"]
            time.sleep(0.005)
        elapsed = time.monotonic() - started
        rates = sorted(len(a) / elapsed for a in arrivals)
        gaps = sorted(b - a for times in arrivals for a, b in zip(times, times[1:]))
        steps = sum(last - (first or last) for first, last in zip(first_steps, last_steps))
        return {"students": students, "steps_per_s": steps / elapsed,
                "updates_median": statistics.median(rates), "updates_min": rates[0],
                "p95_wait_ms": 1000 * gaps[int(0.95 * (len(gaps) - 1))] if gaps else float("nan")}
    finally:
        pool.shutdown()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--students", type=int, nargs="+", default=[1, 10, 30])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--window", type=float, default=8.0, help="seconds measured per class size")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    plain_loop(50)  # warm-up
    plain = statistics.median(plain_loop(300) for _ in range(3))
    print(f"/rnn 'Train it' runs, {a.workers} worker processes; plain loop (one model, one process): "
          f"{plain:.0f} steps/s")
    print(f"{'students':>8s} {'steps/s':>8s} {'ratio':>6s} {'updates/s median':>17s} {'slowest':>8s} "
          f"{'p95 wait ms':>12s}")
    for n in a.students:
        r = measure(n, a.workers, a.window)
        print(f"{n:8d} {r['steps_per_s']:8.0f} {r['steps_per_s'] / plain:6.2f} {r['updates_median']:17.1f} "
              f"{r['updates_min']:8.1f} {r['p95_wait_ms']:12.0f}")


if __name__ == "__main__":
    main()
