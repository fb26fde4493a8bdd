"""Handwritten digits for the CNN lesson: a TinyVGG classifies scikit-learn's 8x8 digits,
upsampled to `size` x `size`, with views of every layer's maps, the filters and the mistakes.
"""
import functools

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ..cnn import Architecture, TinyVGG, layer_shapes
from ..task_settings import ConvSettings, DigitsHyper
from .base import Task


def upsample(x: np.ndarray, size: int) -> np.ndarray:
    """(N, 1, 8, 8) in [0, 1] -> (N, 1, size, size), bilinear: how every digit the network sees is made."""
    if size == 8:
        return x
    t = F.interpolate(torch.from_numpy(x), size=(size, size), mode="bilinear", align_corners=False)
    return t.clamp(0, 1).numpy()


@functools.lru_cache(maxsize=4)
def digit_images(size: int = 16, val_fraction: float = 0.2, seed: int = 0):
    """The digits split (a DigitSplit), each image bilinearly upsampled from 8x8 to
    (1, size, size), in [0, 1]."""
    from ..digits import DigitSplit, load_digit_split  # scikit-learn loads only when digits are used
    split = load_digit_split(val_fraction, seed)
    return DigitSplit(upsample(split.x_train, size), split.y_train, upsample(split.x_val, size), split.y_val)


def drawn_input(counts, size: int) -> torch.Tensor:
    """A drawing as the digits are stored, 64 counts 0..16 row by row (engine/digits.py
    drawing_to_digit), -> the network's input (1, 1, size, size), scaled like a digit."""
    x = (np.asarray(counts, dtype=np.float32).reshape(1, 1, 8, 8) / 16.0)
    return torch.from_numpy(upsample(x, size))


class DigitsTask(Task):
    """Classify digits 0-9. `input_index` (a hyperparameter) picks the validation image the
    "maps" view traces, so choosing another input needs no new run; `drawing`, when not
    empty, is traced instead: the student's own digit."""

    hyper_defaults = DigitsHyper().as_dict()
    hyper_limits = DigitsHyper.limits()

    in_channels, classes = 1, 10

    def __init__(self, **settings):
        """settings: those of ConvSettings (channels, kernel, padding, size); a bad one raises ValueError."""
        self.arch = Architecture(**ConvSettings.make(**settings).as_dict(), in_channels=self.in_channels,
                                 classes=self.classes)
        layer_shapes(self.arch)  # refuses an architecture that does not fit its input, before any run starts
        data = self.load_data(self.arch.size)
        self.x_train, self.y_train = torch.from_numpy(data.x_train), torch.from_numpy(data.y_train)
        self.x_val, self.y_val = torch.from_numpy(data.x_val), torch.from_numpy(data.y_val)

    @staticmethod
    def load_data(size: int):
        """x_train, y_train, x_val, y_val as numpy arrays (N, C, size, size) and (N,)."""
        return digit_images(size)

    def build_model(self) -> nn.Module:
        self._predictions = None  # a reset forgets the old model's predictions
        return TinyVGG(self.arch)

    def batch(self, batch_size, hyper, rng):
        idx = torch.from_numpy(rng.integers(0, len(self.y_train), batch_size))
        return self.x_train[idx], self.y_train[idx]  # (B, 1, size, size), (B,)

    def loss(self, output, target):
        return F.cross_entropy(output, target)

    def step_metrics(self, output, target):
        return {"accuracy": (output.argmax(1) == target).float().mean().item()}

    def evaluate(self, model):
        """Validation loss, accuracy and confusion[true, predicted]; the per-image predictions
        are kept for the "predictions" view (one forward of the set serves both)."""
        device = next(model.parameters()).device
        logits = model(self.x_val.to(device))
        y = self.y_val.to(device)
        probs = torch.softmax(logits, dim=1).cpu().numpy()
        pred = probs.argmax(1)
        k = self.arch.classes
        confusion = np.bincount(self.y_val.numpy() * k + pred, minlength=k * k).reshape(k, k)
        self._predictions = {"y": self.y_val.numpy(), "pred": pred, "probs": probs.astype(np.float32),
                             "confusion": confusion}
        return {"val_loss": F.cross_entropy(logits, y).item(),
                "val_accuracy": (logits.argmax(1) == y).float().mean().item(),
                "confusion": confusion}

    def views(self):
        return {"maps": self.maps, "predictions": self.predictions}

    def snapshot_views(self):
        return {"filter_history": self.filter_history}

    # --- views ------------------------------------------------------------------------------
    @torch.no_grad()
    def maps(self, model: TinyVGG, hyper: dict) -> dict:
        """Every layer's output for validation image `input_index` (or the drawing, when there
        is one; index and label are then None), and the weights behind them.

        names, kinds: lists, input to probabilities; maps: one array per layer for the one
        image: (C, H, W) for input/conv/relu/pool, (F,) flatten, (classes,) logits and
        probabilities. weights/biases: conv layer name -> (C_out, C_in, K, K) / (C_out,).
        """
        index = min(int(hyper.get("input_index", 0)), len(self.y_val) - 1)
        drawing = hyper.get("drawing") or ()
        x = drawn_input(drawing, self.arch.size) if drawing else self.x_val[index:index + 1]
        device = next(model.parameters()).device
        trace = model.trace(x.to(device))
        convs = model.conv_layers()
        return {
            "index": None if drawing else index, "label": None if drawing else int(self.y_val[index]),
            "names": [n for n, _, _ in trace], "kinds": [k for _, k, _ in trace],
            "maps": [t[0].cpu().numpy() for _, _, t in trace],
            "weights": {n: m.weight.cpu().numpy() for n, m in convs.items()},
            "biases": {n: m.bias.cpu().numpy() for n, m in convs.items()},
            "kernel": self.arch.kernel, "padding": self.arch.padding,
            "channels": list(self.arch.channels),
        }

    @torch.no_grad()
    def predictions(self, model: TinyVGG, hyper: dict) -> dict:
        """The whole validation set at the latest evaluation (a forward of it costs ~30 ms on
        one core, too much for every update): y (N,), pred (N,), probs (N, classes) and
        confusion (classes, classes) with confusion[true, predicted] = count."""
        if getattr(self, "_predictions", None) is None:
            model.eval()
            self.evaluate(model)
        return self._predictions

    @staticmethod
    def filter_history(snapshots: list[dict]) -> dict:
        """The first conv layer's kernels at every snapshot: step (S,), filters (S, C_out, C_in, K, K)."""
        if not snapshots:
            return {"step": np.zeros(0, dtype=np.int64), "filters": np.zeros((0, 0, 0, 0, 0), np.float32)}
        return {"step": np.array([s["step"] for s in snapshots]),
                "filters": np.stack([s["weights"]["features.conv1_1.weight"].numpy() for s in snapshots])}
