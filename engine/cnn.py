"""A small VGG-like CNN, a forward that keeps every intermediate, and the arithmetic of one
output cell (convolution, max pooling, softmax) spelled out for the lesson's detail views.

Everything here is torch + numpy. The explanation helpers take numpy arrays and are tested
equal to torch.nn.functional on the live weights.
"""
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


@dataclass(frozen=True)
class Architecture:
    channels: tuple[int, ...] = (8, 16)  # output channels of each block; one block per entry
    kernel: int = 3                      # square kernel of every conv layer
    padding: int = 1                     # zero padding of every conv layer
    size: int = 16                       # input height = width
    in_channels: int = 1
    classes: int = 10


def layer_shapes(arch: Architecture) -> list[tuple[str, str, tuple[int, ...]]]:
    """[(name, kind, shape of one sample's output)] from the input to the probabilities.

    Raises ValueError with a sentence a student can read when a map shrinks to nothing (the
    channels themselves are checked by engine/task_settings.py ConvSettings).
    """
    shapes = [("input", "input", (arch.in_channels, arch.size, arch.size))]
    c, s = arch.in_channels, arch.size
    for b, out in enumerate(arch.channels, start=1):
        for i in (1, 2):
            new = s - arch.kernel + 2 * arch.padding + 1
            if new < 1:
                raise ValueError(
                    f"block {b} is too small: its maps are {s}x{s} and a {arch.kernel}x{arch.kernel} kernel "
                    f"with padding {arch.padding} does not fit ({s} - {arch.kernel} + 2*{arch.padding} + 1 = "
                    f"{new}). Use fewer blocks, a smaller kernel or more padding.")
            c, s = out, new
            shapes.append((f"conv{b}_{i}", "conv", (c, s, s)))
            shapes.append((f"relu{b}_{i}", "relu", (c, s, s)))
        if s < 2:
            raise ValueError(f"block {b} is too small: its {s}x{s} maps cannot be max-pooled 2x2. "
                             "Use fewer blocks, a smaller kernel or more padding.")
        s //= 2
        shapes.append((f"pool{b}", "pool", (c, s, s)))
    shapes.append(("flatten", "flatten", (c * s * s,)))
    shapes.append(("logits", "linear", (arch.classes,)))
    shapes.append(("probabilities", "softmax", (arch.classes,)))
    return shapes


class TinyVGG(nn.Module):
    """Blocks of conv-ReLU-conv-ReLU-maxpool(2), then flatten and one linear layer.

    forward returns logits (B, classes); softmax is applied by the loss and by trace().
    """

    def __init__(self, arch: Architecture = Architecture()):
        super().__init__()
        self.arch = arch
        self.shapes = layer_shapes(arch)  # checks the architecture fits its input
        layers, c = {}, arch.in_channels
        for b, out in enumerate(arch.channels, start=1):
            for i in (1, 2):
                layers[f"conv{b}_{i}"] = nn.Conv2d(c, out, arch.kernel, padding=arch.padding)
                layers[f"relu{b}_{i}"] = nn.ReLU()
                c = out
            layers[f"pool{b}"] = nn.MaxPool2d(2)
        self.features = nn.Sequential()
        for name, layer in layers.items():
            self.features.add_module(name, layer)
        self.classifier = nn.Linear(self.shapes[-3][2][0], arch.classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.features(x)                 # (B, C, s, s)
        return self.classifier(h.flatten(1))  # (B, classes)

    def trace(self, x: torch.Tensor) -> list[tuple[str, str, torch.Tensor]]:
        """Every intermediate for x (B, C, H, W): [(name, kind, tensor)], input to probabilities."""
        out = [("input", "input", x)]
        h = x
        for name, layer in self.features.named_children():
            h = layer(h)
            out.append((name, name.rstrip("0123456789_"), h))
        flat = h.flatten(1)
        logits = self.classifier(flat)
        out += [("flatten", "flatten", flat), ("logits", "linear", logits),
                ("probabilities", "softmax", torch.softmax(logits, dim=1))]
        return out

    def conv_layers(self) -> dict[str, nn.Conv2d]:
        return {n: m for n, m in self.features.named_children() if isinstance(m, nn.Conv2d)}


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# --- one output cell, spelled out ----------------------------------------------------------------
def output_size(size: int, kernel: int, padding: int = 0, stride: int = 1) -> int:
    """floor((W - K + 2P) / S) + 1, as torch computes it; < 1 means the kernel does not fit."""
    return (size - kernel + 2 * padding) // stride + 1


def conv_at(x: np.ndarray, weight: np.ndarray, bias: float, row: int, col: int,
            padding: int = 0, stride: int = 1) -> dict:
    """The arithmetic behind output cell (row, col) of one output channel.

    x (C_in, H, W) is the layer's input, weight (C_in, K, K) the kernel of that output channel.
    Returns window (C_in, K, K) of the zero-padded input, products = window * weight,
    channel_sums (C_in,), bias, result = channel_sums.sum() + bias, and top/left: where the
    window starts in padded coordinates (subtract `padding` for the input's own).
    """
    c, h, w = x.shape
    k = weight.shape[-1]
    h_out, w_out = output_size(h, k, padding, stride), output_size(w, k, padding, stride)
    if not (0 <= row < h_out and 0 <= col < w_out):
        raise ValueError(f"output cell ({row}, {col}) is outside the {h_out}x{w_out} output")
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    top, left = row * stride, col * stride
    window = padded[:, top:top + k, left:left + k]
    products = window * weight
    channel_sums = products.reshape(c, -1).sum(axis=1)
    return {"window": window, "kernel": weight, "products": products, "channel_sums": channel_sums,
            "bias": float(bias), "result": float(channel_sums.sum() + bias), "top": top, "left": left}


def pool_at(x: np.ndarray, row: int, col: int, size: int = 2) -> dict:
    """Max pooling of one map x (H, W) at output cell (row, col): window, argmax (r, c), max."""
    window = x[row * size:(row + 1) * size, col * size:(col + 1) * size]
    if window.shape != (size, size):
        raise ValueError(f"output cell ({row}, {col}) is outside the pooled map")
    r, c = np.unravel_index(int(np.argmax(window)), window.shape)
    return {"window": window, "argmax": (int(r), int(c)), "result": float(window[r, c])}


def softmax_parts(logits: np.ndarray) -> dict:
    """logits (K,) -> exp (K,), total, probabilities (K,): softmax in the steps the lesson shows.

    The exponentials are of the logits themselves (no max subtracted), as the formula reads;
    a model this small keeps its logits far below float overflow.
    """
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z)
    total = float(e.sum())
    return {"logits": z, "exp": e, "total": total, "probabilities": e / total}


def resize_image(image: np.ndarray, size: int) -> np.ndarray:
    """One image (C, H, W) bilinearly resized to (C, size, size): the sandbox's small input."""
    t = torch.from_numpy(np.asarray(image, dtype=np.float32))[None]
    return F.interpolate(t, size=(size, size), mode="bilinear", align_corners=False)[0].clamp(0, 1).double().numpy()
