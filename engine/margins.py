"""The measurements behind engine/defaults.py: shared by bench/ (which prints them over seeds) and
tests/engine/test_defaults.py (which asserts their margins). Each trains real runs on this thread.
"""
import numpy as np
import torch

from .defaults import RNN_COMPARE
from .run import TrainingRun
from .tasks import make_task

BACK = 20  # how many time steps back the BPTT gradient is read


def trained_sequence_run(cell: str, seed: int, steps: int | None = None, kind: str | None = None,
                         pins: dict | None = None) -> TrainingRun:
    """A /rnn compare-step run: `cell` on the compare wave at the compare settings, trained `steps`."""
    task = make_task("sequence", kind=kind or RNN_COMPARE["kind"], cell=cell, pins=pins)
    run = TrainingRun(task, hyper=RNN_COMPARE["hyper"], seed=seed)
    run.step(RNN_COMPARE["steps"] if steps is None else steps)
    return run


def final_loss(run: TrainingRun) -> float:
    """The loss a student reads at the end of the curve: the mean of the last 20 steps."""
    return float(np.mean(run.history["loss"][-20:]))


def bptt_reach(run: TrainingRun, back: int = BACK) -> float:
    """|dL/dh| `back` steps before the last traced step over |dL/dh| at it: the BPTT view's ratio."""
    grad = run.view("bptt")["grad_norm"]
    return float(grad[-1 - back] / grad[-1])


@torch.no_grad()
def held_out_loss(run: TrainingRun, pins: dict | None = None, batches: int = 8, seed: int = 999) -> float:
    """Mean loss of the run's model on fixed fresh batches; with `pins`, its gates pinned as gate
    surgery pins them (same weights, no retraining)."""
    model, task = run.model, run.task
    saved = model.pins
    model.pins = dict(pins or {})
    rng = np.random.default_rng(seed)
    try:
        losses = [task.loss(model(x), y).item()
                  for x, y in (task.batch(32, run.hyper, rng) for _ in range(batches))]
    finally:
        model.pins = saved
    return float(np.mean(losses))
