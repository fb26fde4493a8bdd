"""Classification data for the tuning lesson: digits (64 pixels) and two 2-D sets, split and seeded.

Everything is generated or shipped with scikit-learn: no download.
"""
from dataclasses import dataclass

import numpy as np

DATASETS = ("digits", "moons", "spiral")


@dataclass(frozen=True)
class ClassData:
    x_train: np.ndarray  # (N_train, features) float32
    y_train: np.ndarray  # (N_train,) int64
    x_val: np.ndarray    # (N_val, features) float32
    y_val: np.ndarray    # (N_val,) int64
    classes: int


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved arms, n points in all: x (n, 2) in about [-1, 1], y (n,) in {0, 1}."""
    y = np.arange(n) % 2
    r = rng.uniform(0.05, 1.0, n)
    angle = 3.0 * np.pi * r + np.pi * y
    x = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1) + rng.normal(0, noise, (n, 2))
    return x.astype(np.float32), y.astype(np.int64)


def load_class_data(dataset: str = "digits", n_train: int = 0, noise: float = 0.0, seed: int = 0) -> ClassData:
    """A training and a validation set.

    n_train: keep only the first n_train training examples (0: all there are).
    noise:   for digits, the share of training labels replaced by random ones (validation stays
             clean); for moons and spiral, the spread of the points around their curve.
    """
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")
    # scikit-learn is imported here, not at the top: a worker process starts faster (~2 s)
    # when no run of this task has been opened on it yet.
    from sklearn.datasets import make_moons

    from .digits import load_digit_split

    rng = np.random.default_rng(seed)
    if dataset == "digits":
        split = load_digit_split(seed=seed)
        x_train, y_train = split.x_train.reshape(len(split.y_train), -1), split.y_train.copy()
        x_val, y_val = split.x_val.reshape(len(split.y_val), -1), split.y_val
        if n_train:
            x_train, y_train = x_train[:n_train], y_train[:n_train]
        flip = rng.random(len(y_train)) < noise
        y_train[flip] = rng.integers(0, 10, int(flip.sum()))
        return ClassData(x_train, y_train, x_val, y_val, classes=10)
    total = (n_train or 400) + 400
    if dataset == "moons":
        x, y = make_moons(total, noise=noise, random_state=seed)
        x = ((x - [0.5, 0.25]) / 1.2).astype(np.float32)  # centred, about [-1, 1]
        y = y.astype(np.int64)
    else:
        x, y = spiral(total, noise, rng)
    return ClassData(x[:-400], y[:-400], x[-400:], y[-400:], classes=2)
