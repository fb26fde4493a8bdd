"""A TrainingRun of the /rnn page's model, probes on, against a plain PyTorch loop.

Same model, data generator, optimiser, batch size and seed; one torch thread each (as in a
worker process). Reports steps/s (median of repeats, run interleaved) and ratio to plain.
Target: the engine keeps >= 0.9 of the plain loop.
"""
import argparse
import statistics
import time

import numpy as np
import torch
from torch.nn import functional as F

from engine.models import SequenceRegressor
from engine.pool import RunPool, merge_updates
from engine.run import TrainingRun
from engine.sequences import next_step_batch
from engine.tasks import make_task


def plain_loop(steps: int) -> float:
    torch.manual_seed(0)
    model = SequenceRegressor(16, 1, "lstm")
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    for _ in range(steps):
        x, y = next_step_batch("sine", 32, 40, 0.0, rng)
        loss = F.mse_loss(model(torch.from_numpy(x)), torch.from_numpy(y))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        loss.item()  # the engine reads every loss too
    return steps / (time.perf_counter() - started)


def engine_run(steps: int, probe_every: int) -> float:
    run = TrainingRun(make_task("sequence"), {"lr": 0.01, "batch_size": 32}, seed=0, probe_every=probe_every)
    started = time.perf_counter()
    run.step(steps)
    return steps / (time.perf_counter() - started)


def pooled_run(steps: int, probe_every: int) -> float:
    """The whole path a page uses: a worker process, commands in, updates (with views) out."""
    pool = RunPool(workers=1, backend="process")
    try:
        handle = pool.open("sequence", hyper={"lr": 0.01, "batch_size": 32}, probe_every=probe_every)
        handle.watch("prediction")
        handle.step(0)
        while not handle.updates():  # the worker has started and built the run
            time.sleep(0.01)
        started = time.perf_counter()
        handle.train()
        done = 0
        while done < steps:
            merged = merge_updates(handle.updates())
            done = merged["steps"] if merged else done
            time.sleep(0.01)
        return done / (time.perf_counter() - started)
    finally:
        pool.shutdown()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    cases = {
        "plain PyTorch loop": lambda: plain_loop(a.steps),
        "TrainingRun, probes every 20th step": lambda: engine_run(a.steps, 20),
        "TrainingRun, probes every step": lambda: engine_run(a.steps, 1),
        "worker process + 10 updates/s with views, probes 1/20": lambda: pooled_run(4 * a.steps, 20),
    }
    plain_loop(50)  # warm-up
    results = {name: [] for name in cases}
    for _ in range(a.repeats):
        for name, fn in cases.items():
            results[name].append(fn())
    base = statistics.median(results["plain PyTorch loop"])
    print(f"LSTM(1,16)+linear, batch 32, 40 steps, Adam; {a.steps} steps x {a.repeats}, 1 torch thread")
    print(f"{'case':52s} {'steps/s':>9s} {'ratio':>6s}")
    for name, values in results.items():
        med = statistics.median(values)
        print(f"{name:52s} {med:9.1f} {med / base:6.2f}")


if __name__ == "__main__":
    main()
