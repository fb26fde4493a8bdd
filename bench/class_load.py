"""A whole class on one server, measured twice: N simulated students over real websocket sessions
(`python -m bench.class_load --students 1,10,30,60`), and N /rnn runs on the shared RunPool alone.

Websocket part: each student is a Bokeh client (bench/ws_students.py) that opens /rnn at the
"Train it" step, presses ▶ Train through a real button event and timestamps the loss chart's
updates it receives. Reported beside the same figures for a minimal Panel page streaming one
plot every 200 ms (bench/floor_page.py, the floor): time until every page is open, updates/s
per student (median, slowest), p95 gap, and the site's aggregate steps/s against the best of
two raw PyTorch arrangements measured in the same run (bench/raw_torch.py).

Pool part: each student holds the run the "Train it" step opens (an LSTM on a sine, the prediction view
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

from . import raw_torch
from .run_vs_plain import plain_loop
from .ws_students import bench_store, import_models, latest_step, open_class, rates, served, site, wait_for_updates

RNN_TRAIN_STEP = {"step": "3"}  # /rnn's "Train it"


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


def over_websockets(students: int, workers: int, window: float, db: str) -> dict:
    """N students on the served site's /rnn "Train it" step, each pressing ▶ Train."""
    with site(workers, db) as (base, _):
        opened, open_s = open_class(base + "/rnn", RNN_TRAIN_STEP, students)
        try:
            sources = {id(s): s.watch("Loss") for s in opened}
            pressed = sum(bool(s.click("Train")) for s in opened)
            wait_for_updates(opened)  # every run built and training
            time.sleep(1.0)
            first = [latest_step(s, s.watched) for s in opened]
            since = time.monotonic()
            time.sleep(window)
            until = time.monotonic()
            last = [latest_step(s, s.watched) for s in opened]
            r = rates(opened, since, until)
            return {**r, "open_s": open_s, "opened": len(opened), "pressed": pressed,
                    "charts": min(sources.values(), default=0),
                    "steps_per_s": sum(b - a for a, b in zip(first, last)) / (until - since)}
        finally:
            for s in opened:
                s.close()


def floor(students: int, window: float, period_ms: int = 200) -> dict:
    """N sessions of the minimal streaming page, measured as the students are."""
    with served(["bench.floor_page", "--period", str(period_ms)], "/floor") as (base, _):
        opened, open_s = open_class(base + "/floor", {}, students)
        try:
            for s in opened:
                s.watch("value")
            time.sleep(2.0)
            since = time.monotonic()
            time.sleep(window)
            return {**rates(opened, since, time.monotonic()), "open_s": open_s, "opened": len(opened)}
        finally:
            for s in opened:
                s.close()


def websocket_table(sizes: list, workers: int, window: float):
    import_models()
    db = bench_store()
    print(f"\n/rnn 'Train it' over websockets ({workers} worker processes) vs the floor (a minimal Panel "
          "page streaming one plot every 200 ms); clients, server and raw PyTorch share this machine's cores\n")
    print("| students | pages open s (site / floor) | updates/s median (site / floor) | slowest (site / floor) "
          "| p95 gap ms (site / floor) | site steps/s | best raw steps/s (arrangement; looped / batched) "
          "| site / raw |")
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        w, f = over_websockets(n, workers, window, db), floor(n, window)
        kind, raw, both = raw_torch.best(n)
        note = "" if w["opened"] == n and w["pressed"] == w["opened"] else \
            f" ({w['opened']} opened, {w['pressed']} pressed Train)"
        print(f"| {n}{note} | {w['open_s']:.1f} / {f['open_s']:.1f} | {w['median']:.1f} / {f['median']:.1f} "
              f"| {w['slowest']:.1f} / {f['slowest']:.1f} | {1000 * w['p95_gap']:.0f} / {1000 * f['p95_gap']:.0f} "
              f"| {w['steps_per_s']:.0f} | {raw:.0f} ({kind}; {both['looped']:.0f} / {both['batched']:.0f}) "
              f"| {w['steps_per_s'] / raw:.2f} |", flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--students", default="1,10", help="class sizes, comma-separated (e.g. 1,10,30,60)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--window", type=float, default=8.0, help="seconds measured per class size")
    ap.add_argument("--only", choices=("websockets", "pool"), default=None, help="run one part only")
    a = ap.parse_args(argv)
    a.students = [int(n) for n in a.students.replace(" ", ",").split(",") if n]
    if a.only != "pool":
        websocket_table(a.students, a.workers, a.window)
    if a.only == "websockets":
        return
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
