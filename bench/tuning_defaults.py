"""The /tuning defaults' measurements: step 1's loss per learning rate, the challenge's accuracy per budget.

`python -m bench.tuning_defaults`; engine/defaults.py keeps the table that chose each value.
"""
import time

import numpy as np
import torch

from engine.defaults import CHALLENGE_STEPS, TUNING_LR_STEP
from engine.run import TrainingRun
from engine.sweep import default_config, split_config
from engine.tasks import make_task

CHALLENGE = dict(lr=0.001, optimizer="sgd", momentum=0.0, batch_size=32, width=128, depth=1)
CHOICES = {"the challenge's defaults": {}, "sgd lr 0.1 momentum 0.9": dict(lr=0.1, momentum=0.9),
           "adam lr 0.01": dict(optimizer="adam", lr=0.01), "adam lr 0.003": dict(optimizer="adam", lr=0.003),
           "adam 0.01 batch 128 width 256": dict(optimizer="adam", lr=0.01, batch_size=128, width=256)}


def lr_table(seeds=range(3), checkpoints=(15, 30, 45, 60, 90)):
    s = TUNING_LR_STEP
    print(f"step 1: loss after n steps / loss of the first 5 (mean of 5 around n); {s['steps_per_second']} steps/s")
    print(f"{'lr':>7} {'seed':>4} " + " ".join(f"{n:>6}" for n in checkpoints) + "  seconds")
    for lr in (0.0001, 0.001, 0.01, 0.03, 0.1, 0.3, 1.0):
        for seed in seeds:
            run = TrainingRun(make_task("classify", **s["task_args"]), hyper={**s["hyper"], "lr": lr}, seed=seed)
            started = time.perf_counter()
            run.step(max(checkpoints))
            loss = np.array(run.history["loss"])
            shares = " ".join(f"{loss[n - 5:n].mean() / loss[:5].mean():6.2f}" for n in checkpoints)
            print(f"{lr:7g} {seed:4d} {shares}  {time.perf_counter() - started:6.2f}", flush=True)


def challenge_table(seeds=(0, 1), checkpoints=(100, 150, CHALLENGE_STEPS, 300)):
    print(f"challenge: validation accuracy after n steps (budget {CHALLENGE_STEPS})")
    print(f"{'choice':>30} {'seed':>4} " + " ".join(f"{n:>6}" for n in checkpoints))
    for name, choice in CHOICES.items():
        for seed in seeds:
            task_args, hyper, _ = split_config(default_config(**{**CHALLENGE, **choice}))
            run = TrainingRun(make_task("classify", **task_args), hyper, seed=seed, eval_every=25)
            run.step(max(checkpoints))
            acc = {e["step"]: e["val_accuracy"] for e in run.evals}
            print(f"{name:>30} {seed:4d} " + " ".join(f"{acc[n]:6.3f}" for n in checkpoints), flush=True)


def main():
    torch.set_num_threads(1)
    lr_table()
    challenge_table()


if __name__ == "__main__":
    main()
