"""scikit-learn's handwritten digits (8x8, shipped with the package: no download), split."""
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits


@dataclass(frozen=True)
class DigitSplit:
    x_train: np.ndarray  # (N_train, 1, 8, 8) float32 in [0, 1]
    y_train: np.ndarray  # (N_train,) int64 in 0..9
    x_val: np.ndarray    # (N_val, 1, 8, 8)
    y_val: np.ndarray    # (N_val,)


def load_digit_split(val_fraction: float = 0.2, seed: int = 0) -> DigitSplit:
    """The 1797 digits, pixel values scaled to [0, 1], split by a seeded permutation."""
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must lie strictly between 0 and 1")
    bunch = load_digits()
    x = (bunch.images / 16.0).astype(np.float32)[:, None]  # (1797, 1, 8, 8)
    y = bunch.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    n_val = int(round(len(y) * val_fraction))
    val, train = order[:n_val], order[n_val:]
    return DigitSplit(x[train], y[train], x[val], y[val])


def drawing_to_digit(ink: np.ndarray) -> np.ndarray:
    """A drawing (H, W), ink in [0, 1], -> (8, 8) ints 0..16, made the way the digits were:
    the strokes' bounding box scaled so its longer side fills a 32x32 bitmap, centred,
    thresholded, then the ink pixels counted in each 4x4 block.

    Raises ValueError with a sentence for the student when nothing is drawn.
    """
    import torch
    from torch.nn import functional as F

    ink = np.asarray(ink, dtype=np.float32)
    rows, cols = np.flatnonzero(ink.max(1) > 0.5), np.flatnonzero(ink.max(0) > 0.5)
    if not len(rows):
        raise ValueError("The canvas is blank: draw a digit on it first.")
    box = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    scale = 32 / max(box.shape)
    h, w = max(1, round(box.shape[0] * scale)), max(1, round(box.shape[1] * scale))
    small = F.interpolate(torch.from_numpy(box)[None, None], size=(h, w), mode="area")[0, 0].numpy()
    bitmap = np.zeros((32, 32), dtype=np.int64)
    top, left = (32 - h) // 2, (32 - w) // 2
    bitmap[top:top + h, left:left + w] = small > 0.5 * small.max()
    return bitmap.reshape(8, 4, 8, 4).sum(axis=(1, 3))
