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
