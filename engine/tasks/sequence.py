"""Next-step prediction on a generated wave: the recurrent lessons' task."""
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ..cells import layer_weights, run_cells
from ..models import SequenceRegressor
from ..sequences import next_step_batch, wave
from ..task_settings import SequenceHyper, SequenceSettings
from .base import Task


class SequenceTask(Task):
    """Read a wave for `window` steps, predict each next value.

    The "prediction" view feeds a fixed stretch of the wave (`shown` samples) and then lets
    the model continue on its own for `horizon` samples, feeding back its own outputs.
    """

    hyper_defaults = SequenceHyper().as_dict()
    hyper_limits = SequenceHyper.limits()

    def __init__(self, shown: int = 60, horizon: int = 40, traced: int = 30, **settings):
        """settings: those of SequenceSettings (kind, hidden, layers, cell, pins, window); a bad one
        raises ValueError."""
        self.settings = SequenceSettings.make(**settings)
        self.shown, self.horizon, self.traced = shown, horizon, traced

    def build_model(self) -> nn.Module:
        s = self.settings
        return SequenceRegressor(s.hidden, s.layers, s.cell, s.pins)

    def batch(self, batch_size, hyper, rng):
        x, y = next_step_batch(self.settings.kind, batch_size, self.settings.window, hyper["noise"], rng)
        return torch.from_numpy(x), torch.from_numpy(y)

    def loss(self, output, target):
        return F.mse_loss(output, target)

    def views(self):
        return {"prediction": self.prediction, "trace": self.trace, "bptt": self.bptt}

    def display_input(self, hyper: dict) -> tuple[np.ndarray, np.ndarray]:
        """The fixed stretch of wave every view feeds: (truth (shown+horizon,), seen (shown,))."""
        rng = np.random.default_rng(1234)  # the same noise every time, so only the model changes
        truth = wave(self.settings.kind, self.shown + self.horizon)
        seen = truth[: self.shown] + rng.normal(0, hyper["noise"], self.shown).astype(np.float32)
        return truth, seen

    @torch.no_grad()
    def prediction(self, model: nn.Module, hyper: dict) -> dict:
        """What the page draws: the wave, the model's next-step guesses, its free continuation.

        t (shown+horizon,), truth (shown+horizon,), seen (shown,) = the noisy input fed,
        one_step (shown,) = prediction of sample t+1 from samples up to t,
        continuation (horizon,) = the model fed its own outputs after the seen part.
        """
        device = next(model.parameters()).device
        truth, seen = self.display_input(hyper)
        x = torch.from_numpy(seen).to(device)[None, :, None]   # (1, shown, 1)
        out, state = model.recur(x)                            # (1, shown, hidden)
        one_step = model.head(out)[0, :, 0]                    # (shown,)
        value = one_step[-1:].view(1, 1, 1)
        continuation = []
        for _ in range(self.horizon):
            continuation.append(value.item())
            out, state = model.recur(value, state)
            value = model.head(out)
        return {
            "t": np.arange(self.shown + self.horizon),
            "truth": truth,
            "seen": seen,
            "one_step": one_step.cpu().numpy(),
            "continuation": np.array(continuation, dtype=np.float32),
        }

    def trace(self, model: nn.Module, hyper: dict) -> dict:
        """Every quantity of every recurrent layer for the first `traced` steps of the display input.

        layers[k][name] is (traced, hidden) for h_prev, c_prev, z_*, gates, c, h and
        (traced, inputs) for x; weights[k] holds that layer's w_ih (4H, I), w_hh (4H, H),
        b (4H,) = b_ih + b_hh, so a gate's equation can be written out with its numbers.
        prediction (traced,) is the model's guess of each next value, target (traced,) the truth.
        """
        if model.cell == "ff":
            raise ValueError("a feed-forward network has no recurrent cell to trace")
        truth, seen = self.display_input(hyper)
        x = torch.from_numpy(seen[: self.traced]).to(next(model.parameters()).device)[None, :, None]
        with torch.no_grad():
            out, _, steps = run_cells(model.cell, model.rnn, x, pins=model.pins)
            prediction = model.head(out)[0, :, 0]
        layers, weights = [], []
        for k, record in enumerate(steps):
            names = [n for n, v in record[0].items() if v is not None]
            layers.append({n: torch.stack([s[n][0] for s in record]).cpu().numpy() for n in names})
            w_ih, w_hh, b_ih, b_hh = layer_weights(model.rnn, k)
            weights.append({"w_ih": w_ih.detach().cpu().numpy(), "w_hh": w_hh.detach().cpu().numpy(),
                            "b": (b_ih + b_hh).detach().cpu().numpy()})
        return {"cell": model.cell, "input": seen[: self.traced], "target": truth[1: self.traced + 1],
                "prediction": prediction.cpu().numpy(), "layers": layers, "weights": weights,
                "pins": dict(model.pins)}

    def bptt(self, model: nn.Module, hyper: dict) -> dict:
        """How much gradient of the last step's error reaches each earlier time step.

        grad_norm (traced,) = || dL_T / dh_t || for the top layer, L_T the squared error of
        the prediction at the last traced step: backpropagation through time, measured.
        """
        if model.cell == "ff":
            raise ValueError("a feed-forward network has no time steps to backpropagate through")
        truth, seen = self.display_input(hyper)
        device = next(model.parameters()).device
        x = torch.from_numpy(seen[: self.traced]).to(device)[None, :, None]
        with torch.enable_grad():
            out, _, steps = run_cells(model.cell, model.rnn, x, pins=model.pins, keep_graph_of_h=True)
            loss = (model.head(out[:, -1]) - float(truth[self.traced])).pow(2).sum()
            loss.backward()
        norms = [s["h"].grad.norm().item() if s["h"].grad is not None else 0.0 for s in steps[-1]]
        model.zero_grad(set_to_none=True)
        return {"cell": model.cell, "grad_norm": np.array(norms, dtype=np.float64)}
