"""TrainingRun: one student's model, optimiser, data and metrics, stepped on demand.

It is synchronous and knows nothing about threads: the scheduler decides when it steps.
"""
import copy
import math
import threading
import time

import numpy as np
import torch

from .probes import Probe
from .settings import RunSettings, check
from .tasks import Task

# torch's default generator is one per process: thread workers seeding and building models at
# once would draw each other's numbers, and a run would not start from its seed's weights.
_SEEDING = threading.Lock()


class TrainingRun:
    """Status is "ready", "training", "paused" or "stopped" (it stopped itself; `reason` says why)."""

    def __init__(self, task: Task, hyper: dict | None = None, seed: int = 0,
                 device: str | torch.device = "cpu", probe_every: int = 0,
                 eval_every: int = 0, snapshot_every: int = 0, max_snapshots: int = 100):
        self.task, self.seed, self.device = task, seed, torch.device(device)
        self.eval_every, self.snapshot_every, self.max_snapshots = eval_every, snapshot_every, max_snapshots
        self.limits = {**RunSettings.limits(), **task.hyper_limits}
        self.hyper = {**RunSettings().as_dict(), **task.hyper_defaults}
        self.hyper.update({k: self._check(k, v) for k, v in (hyper or {}).items()})
        self.probe_every = probe_every
        self.reset()

    # --- commands -------------------------------------------------------------------------
    def reset(self):
        """Fresh weights from the run's seed; history cleared; hyperparameters kept."""
        with _SEEDING:
            torch.manual_seed(self.seed)
            self.model = self.task.build_model().to(self.device)
        self.probe = Probe(self.model) if self.probe_every else None
        self.rng = np.random.default_rng(self.seed)
        self.optimizer = self._make_optimizer()
        self.steps = 0
        self.history = {"step": [], "loss": [], "lr": [], "batch_size": [], "seconds": []}
        self.evals: list[dict] = []       # {"step", "seconds", **task.evaluate(model)}
        self.changes: list[dict] = []     # {"step", "name", "old", "new"}: acts from step + 1
        self.snapshots: list[dict] = []   # {"step", "seconds", "weights", "optimizer", "hyper"}
        self.train_seconds = 0.0
        self.status, self.reason = "ready", None
        if self.snapshot_every:
            self.snapshot()
        if self.eval_every:
            self.evaluate()

    def set(self, **changes):
        """Change hyperparameters; they take effect at the next step. Bad values change nothing."""
        checked = {k: self._check(k, v) for k, v in changes.items()}
        self.changes += [{"step": self.steps, "name": k, "old": self.hyper.get(k), "new": v}
                         for k, v in checked.items() if v != self.hyper.get(k)]
        rebuild = any(k in ("optimizer",) and v != self.hyper.get(k) for k, v in checked.items())
        self.hyper.update(checked)
        if rebuild:
            self.optimizer = self._make_optimizer()  # same weights, new optimiser state
        for group in self.optimizer.param_groups:
            group["lr"] = self.hyper["lr"]
            group["weight_decay"] = self.hyper["weight_decay"]
            if "momentum" in group:
                group["momentum"] = self.hyper["momentum"]

    def resume(self):
        if self.status == "stopped":
            raise RuntimeError(f"this run stopped itself ({self.reason}); press Reset to start again")
        if not self.budget_reached:
            self.status = "training"

    def pause(self):
        if self.status == "training":
            self.status = "paused"

    def step(self, n: int = 1) -> int:
        """Up to n optimiser steps; returns how many ran (fewer if the loss stopped being finite)."""
        if self.status == "stopped":
            return 0
        done = 0
        for _ in range(n):
            if self.budget_reached or not self._one_step():
                break
            done += 1
        self.check_budget()
        return done

    def check_budget(self):
        """At the budget: the final measures belong to the final step, and training pauses."""
        if self.budget_reached:
            if self.eval_every and (not self.evals or self.evals[-1]["step"] != self.steps):
                self.evaluate()
            if self.status == "training":
                self.status = "paused"

    def snapshot(self) -> int:
        """Keep the weights and optimiser state as they are now; returns the snapshot's index.

        Past max_snapshots, every other older snapshot is dropped, so the kept ones still
        span the whole run.
        """
        if self.snapshots and self.snapshots[-1]["step"] == self.steps:
            return len(self.snapshots) - 1
        self.snapshots.append({
            "step": self.steps, "seconds": self.train_seconds, "hyper": dict(self.hyper),
            "weights": {k: v.detach().to("cpu", copy=True) for k, v in self.model.state_dict().items()},
            "optimizer": _cloned(self.optimizer.state_dict()),
        })
        if len(self.snapshots) > self.max_snapshots:
            self.snapshots = self.snapshots[:-1:2] + self.snapshots[-1:]
        return len(self.snapshots) - 1

    def restore(self, index: int):
        """Rewind to snapshot `index`: its weights bitwise, its optimiser state, history cut there.

        Hyperparameters stay as they are now (a rewind undoes training, not settings);
        a run that stopped itself can train again.
        """
        if not -len(self.snapshots) <= index < len(self.snapshots):
            raise ValueError(f"no snapshot {index}; this run has {len(self.snapshots)}")
        snap = self.snapshots[index]
        self.model.load_state_dict(snap["weights"])
        self.optimizer = self._make_optimizer()
        if snap["hyper"]["optimizer"] == self.hyper["optimizer"]:
            self.optimizer.load_state_dict(copy.deepcopy(snap["optimizer"]))
            self.set()  # today's learning rate and decay over the restored state's
        self.steps, self.train_seconds = snap["step"], snap["seconds"]
        keep = next((i for i, s in enumerate(self.history["step"]) if s > self.steps), len(self.history["step"]))
        self.history = {k: v[:keep] for k, v in self.history.items()}
        self.evals = [e for e in self.evals if e["step"] <= self.steps]
        self.changes = [c for c in self.changes if c["step"] <= self.steps]
        self.snapshots = [s for s in self.snapshots if s["step"] <= self.steps]
        self.status, self.reason = "paused", None

    def evaluate(self) -> dict:
        """The task's held-out measures now (e.g. validation accuracy), appended to evals."""
        self.model.eval()
        try:
            with torch.no_grad():
                result = {"step": self.steps, "seconds": self.train_seconds, **self.task.evaluate(self.model)}
        finally:
            self.model.train()
        self.evals.append(result)
        return result

    # --- what pages read --------------------------------------------------------------------
    def view(self, name: str) -> dict:
        views = self.task.views()
        if name == "probes":
            return dict(self.probe.records) if self.probe else {}
        history = self.task.snapshot_views()
        if name in history:
            return history[name](self.snapshots)
        if name not in views:
            raise ValueError(f"no view {name!r}; this task offers {', '.join([*views, *history]) or 'none'}")
        self.model.eval()
        try:
            return views[name](self.model, self.hyper)
        finally:
            self.model.train()

    @property
    def budget_reached(self) -> bool:
        """True once max_steps or max_seconds (when set) are used up."""
        hp = self.hyper
        return bool((hp["max_steps"] and self.steps >= hp["max_steps"])
                    or (hp["max_seconds"] and self.train_seconds >= hp["max_seconds"]))

    @property
    def config(self) -> dict:
        """Everything that defines this run: seed, task settings and hyperparameters."""
        return {"seed": self.seed, **self.task.config(), **self.hyper}

    @property
    def last_loss(self) -> float | None:
        return self.history["loss"][-1] if self.history["loss"] else None

    # --- inside -------------------------------------------------------------------------------
    def _one_step(self) -> bool:
        started = time.perf_counter()
        x, y = self.next_batch()
        if self.probe:
            self.probe.active = self.steps % self.probe_every == 0
        output = self.model(x)
        loss = self.task.loss(output, y)
        penalty = self.task.penalty(self.model, self.hyper)  # e.g. lambda * sum|w|, or None
        if penalty is not None:
            loss = loss + penalty
        value = loss.item()
        if not self.accept_loss(value):
            return False
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        self.record_step(value, output.detach(), y, time.perf_counter() - started)
        return True

    # The parts of a step a BatchedGroup (engine/batched.py) shares with a run stepping alone.
    def next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        x, y = self.task.batch(int(self.hyper["batch_size"]), self.hyper, self.rng)
        return x.to(self.device), y.to(self.device)

    def accept_loss(self, value: float) -> bool:
        """False (and the run stops, saying why) when the loss is not finite."""
        if math.isfinite(value):
            return True
        self.status = "stopped"
        self.reason = (f"the loss became {value} at step {self.steps + 1} with learning rate "
                       f"{self.hyper['lr']:g}: the updates grew too large. Lower the learning "
                       "rate and press Reset.")
        return False

    def record_step(self, value: float, output: torch.Tensor, y: torch.Tensor, seconds: float):
        """Count a step the optimiser took: history, step metrics, evaluations, snapshots."""
        self.steps += 1
        self.train_seconds += seconds
        h = self.history
        h["step"].append(self.steps)
        h["loss"].append(value)
        h["lr"].append(self.hyper["lr"])
        h["batch_size"].append(int(self.hyper["batch_size"]))
        h["seconds"].append(self.train_seconds)
        for name, v in self.task.step_metrics(output, y).items():
            h.setdefault(name, [None] * (len(h["step"]) - 1)).append(v)
        if self.eval_every and self.steps % self.eval_every == 0:
            self.evaluate()
        if self.snapshot_every and self.steps % self.snapshot_every == 0:
            self.snapshot()

    def resume_from(self, checkpoint: dict, history: dict, evals: list):
        """Continue from a checkpoint another worker sent (its snapshot, as numpy arrays) and
        the history the pool kept: the run is as it was at checkpoint["step"], paused."""
        self.history = {k: list(v) for k, v in history.items()} or self.history
        self.evals = list(evals)
        self.snapshots = [_tensors(checkpoint)]
        self.restore(0)

    def _make_optimizer(self):
        params, hp = self.model.parameters(), self.hyper
        if hp["optimizer"] == "adam":
            return torch.optim.Adam(params, lr=hp["lr"], weight_decay=hp["weight_decay"])
        return torch.optim.SGD(params, lr=hp["lr"], momentum=hp["momentum"], weight_decay=hp["weight_decay"])

    def _check(self, name, value):
        if name not in self.limits:
            raise ValueError(f"unknown setting {name!r}; settings: {', '.join(sorted(self.limits))}")
        return check(name, value, self.limits[name])


def _cloned(tree):
    """A copy of a state dict with every tensor cloned compactly (a deepcopy of a tensor that
    is a slice of a group's stacked one would copy the whole stack)."""
    if isinstance(tree, torch.Tensor):
        return tree.detach().clone()
    if isinstance(tree, dict):
        return {k: _cloned(v) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(_cloned(v) for v in tree)
    return copy.deepcopy(tree)


def _tensors(tree):
    """numpy arrays back into tensors (a checkpoint crosses processes as numpy)."""
    if isinstance(tree, np.ndarray):
        return torch.from_numpy(tree.copy())
    if isinstance(tree, dict):
        return {k: _tensors(v) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(_tensors(v) for v in tree)
    return tree
