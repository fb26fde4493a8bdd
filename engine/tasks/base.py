"""The interface between a TrainingRun and what it learns."""
import numpy as np
import torch
from torch import nn


class Task:
    """A learning problem. Subclasses fill in the four methods and may add hyperparameters.

    hyper_defaults: task hyperparameters a run may change between steps (e.g. noise).
    hyper_limits:   name -> (lowest, highest) for numeric ones; checked before applying.
                    A callable instead checks (and may convert) a value that is not a number.
    """

    hyper_defaults: dict = {}
    hyper_limits: dict = {}

    def build_model(self) -> nn.Module:
        raise NotImplementedError

    def batch(self, batch_size: int, hyper: dict, rng: np.random.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        """(inputs, targets) on the CPU; the run moves them to its device."""
        raise NotImplementedError

    def loss(self, output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def penalty(self, model: nn.Module, hyper: dict) -> torch.Tensor | None:
        """A secondary objective added to the loss (e.g. lambda * sum|w|); None: nothing added."""
        return None

    def config(self) -> dict:
        """The task's own settings (data, model size), recorded with each run."""
        return {}

    def step_metrics(self, output: torch.Tensor, target: torch.Tensor) -> dict:
        """Extra numbers recorded every step beside the loss (e.g. batch accuracy)."""
        return {}

    def evaluate(self, model: nn.Module) -> dict:
        """Held-out measures (e.g. validation loss and accuracy), run every eval_every steps."""
        return {}

    def views(self) -> dict:
        """name -> function(model, hyper) returning a dict of numpy arrays and numbers to draw."""
        return {}

    def snapshot_views(self) -> dict:
        """name -> function(snapshots) reading the run's kept snapshots (e.g. filters over time)."""
        return {}
