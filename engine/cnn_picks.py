"""What the /cnn lesson shows first, picked from the live model: an input it is unsure of, a ReLU map
with strong negatives, and a kernel position over ink. Numbers in, indices out; no UI.
"""
import numpy as np
import torch
from torch import nn

from .cnn import output_size


def softmax_entropy(probs: np.ndarray) -> np.ndarray:
    """probs (N, K) -> entropy in nats (N,): 0 for a sure answer, log K for a uniform one."""
    p = np.clip(np.asarray(probs, dtype=np.float64), 1e-12, 1.0)
    return -(p * np.log(p)).sum(axis=-1)


@torch.no_grad()
def pick_unsure_input(model: nn.Module, images: torch.Tensor, labels: torch.Tensor | None = None) -> int:
    """The index of the image (images (N, C, H, W)) whose softmax has the highest entropy.

    With labels, only images the model classifies right compete (when there are any): the
    softmax step then shows a right answer that is not 100% sure, not a confusing mistake.
    """
    was_training = model.training
    model.eval()
    try:
        probs = torch.softmax(model(images.to(next(model.parameters()).device)), dim=1).cpu().numpy()
    finally:
        model.train(was_training)
    entropy = softmax_entropy(probs)
    if labels is not None:
        right = probs.argmax(1) == np.asarray(labels)
        if right.any():
            entropy = np.where(right, entropy, -np.inf)
    return int(np.argmax(entropy))


def negative_mass(pre_relu: np.ndarray) -> float:
    """How much a ReLU removes from a map (H, W): the sum of its negative values' magnitudes."""
    return float(np.clip(-np.asarray(pre_relu, dtype=np.float64), 0, None).sum())


def pick_relu_example(view: dict) -> dict:
    """The ReLU map to explain in the "maps" view `view` (engine/tasks/digits.py): among all ReLU
    layers and channels, the one whose input has the most of both negative and positive mass, so
    the ReLU visibly removes much and keeps much (on the first layer's channel 0, the old default,
    2-15% of cells were negative, or all were). Returns {"layer", "channel", "row"}:
    layer indexes view["names"], row is the map's row with the most negative mass (the row printed).
    """
    best, best_score = None, -1.0
    for layer, kind in enumerate(view["kinds"]):
        if kind != "relu":
            continue
        for channel, before in enumerate(view["maps"][layer - 1]):
            score = min(negative_mass(before), negative_mass(-before))
            if score > best_score:
                best, best_score = (layer, channel), score
    if best is None:
        raise ValueError("this network has no ReLU layer")
    before = np.asarray(view["maps"][best[0] - 1][best[1]])
    row = int(np.argmax(np.clip(-before, 0, None).sum(axis=1)))
    return {"layer": best[0], "channel": best[1], "row": row}


def first_inked_position(x: np.ndarray, kernel: int, padding: int = 0, stride: int = 1,
                         share: float = 0.5) -> int:
    """The first kernel position (row-major over the output, as the explainer's player counts) whose
    window over x (C, H, W) has at least `share` of its cells non-zero in some channel; if none has,
    the position whose window holds the most non-zero cells. Position 0 of a padded input is mostly
    padding, and a digit's corner is blank: the arithmetic shown there is all zeros.
    """
    x = np.asarray(x)
    c, h, w = x.shape
    h_out, w_out = output_size(h, kernel, padding, stride), output_size(w, kernel, padding, stride)
    if h_out < 1 or w_out < 1:
        raise ValueError(f"a {kernel}x{kernel} kernel with padding {padding} does not fit a {h}x{w} input")
    inked = (np.pad(x, ((0, 0), (padding, padding), (padding, padding))) != 0).any(axis=0)
    windows = np.lib.stride_tricks.sliding_window_view(inked, (kernel, kernel))[::stride, ::stride]
    counts = windows[:h_out, :w_out].sum(axis=(2, 3)).ravel()  # (h_out * w_out,)
    enough = np.flatnonzero(counts >= share * kernel * kernel)
    return int(enough[0]) if len(enough) else int(np.argmax(counts))
