"""Next-step prediction on a generated wave: the recurrent lessons' task."""
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ..models import SequenceRegressor
from ..sequences import WAVES, next_step_batch, wave
from .base import Task


class SequenceTask(Task):
    """Read a wave for `window` steps, predict each next value.

    The "prediction" view feeds a fixed stretch of the wave (`shown` samples) and then lets
    the model continue on its own for `horizon` samples, feeding back its own outputs.
    """

    hyper_defaults = {"noise": 0.0}
    hyper_limits = {"noise": (0.0, 1.0)}

    def __init__(self, kind: str = "sine", hidden: int = 16, layers: int = 1, cell: str = "lstm",
                 window: int = 40, shown: int = 60, horizon: int = 40):
        if kind not in WAVES:
            raise ValueError(f"unknown wave {kind!r}; choose one of {', '.join(WAVES)}")
        self.kind, self.hidden, self.layers, self.cell = kind, hidden, layers, cell
        self.window, self.shown, self.horizon = window, shown, horizon

    def build_model(self) -> nn.Module:
        return SequenceRegressor(self.hidden, self.layers, self.cell)

    def batch(self, batch_size, hyper, rng):
        x, y = next_step_batch(self.kind, batch_size, self.window, hyper["noise"], rng)
        return torch.from_numpy(x), torch.from_numpy(y)

    def loss(self, output, target):
        return F.mse_loss(output, target)

    def views(self):
        return {"prediction": self.prediction}

    @torch.no_grad()
    def prediction(self, model: nn.Module, hyper: dict) -> dict:
        """What the page draws: the wave, the model's next-step guesses, its free continuation.

        t (shown+horizon,), truth (shown+horizon,), seen (shown,) = the noisy input fed,
        one_step (shown,) = prediction of sample t+1 from samples up to t,
        continuation (horizon,) = the model fed its own outputs after the seen part.
        """
        device = next(model.parameters()).device
        rng = np.random.default_rng(1234)  # the same noise every time, so only the model changes
        truth = wave(self.kind, self.shown + self.horizon)
        seen = truth[: self.shown] + rng.normal(0, hyper["noise"], self.shown).astype(np.float32)
        x = torch.from_numpy(seen).to(device)[None, :, None]   # (1, shown, 1)
        out, state = model.rnn(x)                              # (1, shown, hidden)
        one_step = model.head(out)[0, :, 0]                    # (shown,)
        value = one_step[-1:].view(1, 1, 1)
        continuation = []
        for _ in range(self.horizon):
            continuation.append(value.item())
            out, state = model.rnn(value, state)
            value = model.head(out)
        return {
            "t": np.arange(self.shown + self.horizon),
            "truth": truth,
            "seen": seen,
            "one_step": one_step.cpu().numpy(),
            "continuation": np.array(continuation, dtype=np.float32),
        }
