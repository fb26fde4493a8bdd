"""The digits CNN's raw capability on this CPU: seconds of training to 95% and 98% validation
accuracy, and the accuracy after `--seconds` of training; a TrainingRun against a plain
PyTorch loop of the same model, data, optimiser, batch size and seed, in the same process.

Seconds count training only (forward, backward, optimiser step), not the evaluations.
Target (issue 8): 98% within 10 s on the 2-core CPU.
"""
import argparse
import time

import numpy as np
import torch
from torch.nn import functional as F

from engine.cnn import Architecture, TinyVGG, count_parameters
from engine.run import TrainingRun
from engine.tasks import make_task
from engine.tasks.digits import digit_images


def first_reaching(curve, level):
    """(training seconds, steps) of the first evaluation at or above `level`, or None."""
    return next(((s, n) for s, a, n in curve if a >= level), None)


def plain_loop(seconds, lr, batch, eval_every):
    """curve [(train seconds, val accuracy)], steps taken."""
    torch.manual_seed(0)
    data = digit_images(16)
    x_tr, y_tr = torch.from_numpy(data.x_train), torch.from_numpy(data.y_train)
    x_val, y_val = torch.from_numpy(data.x_val), torch.from_numpy(data.y_val)
    model = TinyVGG(Architecture())
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    rng = np.random.default_rng(0)
    trained, steps, curve = 0.0, 0, []
    while trained < seconds:
        t0 = time.perf_counter()
        idx = torch.from_numpy(rng.integers(0, len(y_tr), batch))
        loss = F.cross_entropy(model(x_tr[idx]), y_tr[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        loss.item()
        trained += time.perf_counter() - t0
        steps += 1
        if steps % eval_every == 0:
            with torch.no_grad():
                model.eval()
                curve.append((trained, (model(x_val).argmax(1) == y_val).float().mean().item(), steps))
                model.train()
    return curve, steps


def engine_run(seconds, lr, batch, eval_every):
    run = TrainingRun(make_task("digits"), {"lr": lr, "batch_size": batch}, seed=0, eval_every=eval_every)
    while run.train_seconds < seconds:
        run.step(eval_every)
    return [(e["seconds"], e["val_accuracy"], e["step"]) for e in run.evals[1:]], run.steps


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--lr", type=float, default=0.003)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--eval-every", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (a worker process uses 1)")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    print(f"digits CNN {count_parameters(TinyVGG(Architecture()))} parameters, 16x16 input, Adam lr {a.lr}, "
          f"batch {a.batch}, {a.threads} torch thread(s), evaluated every {a.eval_every} steps")
    print("to 95% / to 98%: training seconds / optimiser steps at the first evaluation that reached it")
    print(f"{'case':22s} {'to 95%':>11s} {'to 98%':>11s} {f'acc @{a.seconds:g}s':>10s} {'steps/s':>8s} {'ratio':>6s}")
    rows = {}
    for name, fn in (("plain PyTorch loop", plain_loop), ("TrainingRun", engine_run)):
        curve, steps = fn(a.seconds, a.lr, a.batch, a.eval_every)
        rows[name] = (curve, steps / curve[-1][0])

    def sec(v):
        return f"{v[0]:.2f}s/{v[1]}" if v is not None else "never"

    base = rows["plain PyTorch loop"][1]
    for name, (curve, rate) in rows.items():
        print(f"{name:22s} {sec(first_reaching(curve, 0.95)):>11s} {sec(first_reaching(curve, 0.98)):>11s} "
              f"{curve[-1][1]:10.3f} {rate:8.1f} {rate / base:6.2f}")


if __name__ == "__main__":
    main()
