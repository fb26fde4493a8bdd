"""Classification with an MLP: the tuning lesson's task, on digits or a 2-D set.

Task settings (fixed when a run opens): dataset, width, depth, dropout, n_train, noise.
Hyperparameter (changeable while it trains): l1, the weight of an L1 penalty on the weights,
so the loss is  cross-entropy + l1 * sum|w|  (biases are not penalised).
"""
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ..classify_data import load_class_data
from ..models import MLP
from ..settings import ClassifySettings, PenaltySettings
from .base import Task

NEAR_ZERO = 1e-2  # a weight with |w| below this counts as "near zero"


class ClassifyTask(Task):
    hyper_defaults = PenaltySettings().as_dict()
    hyper_limits = PenaltySettings.limits()

    def __init__(self, data_seed: int = 0, grid: int = 60, **settings):
        """settings: those of ClassifySettings (dataset, width, ...); a bad one raises ValueError."""
        self.settings = ClassifySettings.make(**settings).as_dict()
        self.data = load_class_data(self.settings["dataset"], self.settings["n_train"], self.settings["noise"],
                                    data_seed)
        self.grid = grid
        self._x_train, self._y_train = torch.from_numpy(self.data.x_train), torch.from_numpy(self.data.y_train)
        self._x_val, self._y_val = torch.from_numpy(self.data.x_val), torch.from_numpy(self.data.y_val)

    def config(self) -> dict:
        return dict(self.settings)

    def build_model(self) -> nn.Module:
        s = self.settings
        return MLP(self.data.x_train.shape[1], self.data.classes, s["width"], s["depth"], s["dropout"])

    def batch(self, batch_size, hyper, rng):
        n = len(self.data.y_train)
        index = rng.choice(n, batch_size, replace=batch_size > n)
        return self._x_train[index], self._y_train[index]

    def loss(self, output, target):
        return F.cross_entropy(output, target)

    def penalty(self, model, hyper):
        if not hyper.get("l1"):
            return None
        return hyper["l1"] * sum(p.abs().sum() for p in weights(model))

    def step_metrics(self, output, target):
        return {"batch_accuracy": (output.argmax(1) == target).float().mean().item()}

    def evaluate(self, model) -> dict:
        """Train and validation loss (cross-entropy only) and accuracy, sparsity, size, gap."""
        device = next(model.parameters()).device
        out = {}
        for part, x, y in (("train", self._x_train, self._y_train), ("val", self._x_val, self._y_val)):
            logits = model(x.to(device))
            out[f"{part}_loss"] = F.cross_entropy(logits, y.to(device)).item()
            out[f"{part}_accuracy"] = (logits.argmax(1).cpu() == y).float().mean().item()
        w = torch.cat([p.detach().flatten() for p in weights(model)])
        out["near_zero"] = (w.abs() < NEAR_ZERO).float().mean().item()
        out["params"] = sum(p.numel() for p in model.parameters())
        out["gap"] = out["train_accuracy"] - out["val_accuracy"]
        return out

    def views(self):
        return {"boundary": self.boundary} if self.data.x_train.shape[1] == 2 else {}

    @torch.no_grad()
    def boundary(self, model: nn.Module, hyper: dict) -> dict:
        """The decision boundary of a 2-D set.

        xs (grid,), ys (grid,): the grid's coordinates; p (grid, grid): P(class 1) at (ys[i], xs[j]);
        x (n, 2), y (n,): up to 300 training points.
        """
        device = next(model.parameters()).device
        xs = np.linspace(-1.6, 1.6, self.grid, dtype=np.float32)
        gx, gy = np.meshgrid(xs, xs)
        points = torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1)).to(device)  # (grid*grid, 2)
        p = torch.softmax(model(points), 1)[:, 1].reshape(self.grid, self.grid).cpu().numpy()
        return {"xs": xs, "ys": xs, "p": p, "x": self.data.x_train[:300], "y": self.data.y_train[:300]}


def weights(model: nn.Module) -> list[torch.Tensor]:
    """The weight matrices (not the biases): what the L1 penalty and the sparsity measure count."""
    return [p for name, p in model.named_parameters() if name.endswith("weight")]
