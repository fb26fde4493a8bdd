"""A generated shapes set: circles, squares, triangles and crosses in random colours, sizes and
places on a black 3-channel (RGB) image. Seeded, so the same seed gives the same images."""
from dataclasses import dataclass

import numpy as np

SHAPES = ("circle", "square", "triangle", "cross")
SUPER = 4  # each pixel is the mean of SUPER x SUPER samples: smooth edges


@dataclass(frozen=True)
class ShapeSplit:
    x_train: np.ndarray  # (N_train, 3, size, size) float32 in [0, 1]
    y_train: np.ndarray  # (N_train,) int64 in 0..3, an index into SHAPES
    x_val: np.ndarray    # (N_val, 3, size, size)
    y_val: np.ndarray    # (N_val,)


def shape_mask(kind: str, size: int, cy: float, cx: float, r: float) -> np.ndarray:
    """Coverage (size, size) in [0, 1] of one shape of half-width r centred at (cy, cx)."""
    s = (np.arange(size * SUPER) + 0.5) / SUPER
    dy, dx = s[:, None] - cy, s[None, :] - cx
    if kind == "circle":
        inside = dx ** 2 + dy ** 2 <= r ** 2
    elif kind == "square":
        inside = np.maximum(abs(dx), abs(dy)) <= 0.85 * r
    elif kind == "triangle":  # pointing up: apex at the top, base at the bottom
        inside = (dy <= 0.8 * r) & (abs(dx) <= (dy + r) * 0.5)
    elif kind == "cross":
        t = 0.3 * r
        inside = ((abs(dx) <= t) & (abs(dy) <= r)) | ((abs(dy) <= t) & (abs(dx) <= r))
    else:
        raise ValueError(f"unknown shape {kind!r}; known: {', '.join(SHAPES)}")
    return inside.reshape(size, SUPER, size, SUPER).mean(axis=(1, 3))


def make_shapes(n: int, size: int = 16, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n images (n, 3, size, size) and labels (n,): n // 4 of each shape (the rest in order),
    shuffled; colour, size and position drawn at random, every shape wholly inside."""
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(n) % len(SHAPES)).astype(np.int64)
    x = np.zeros((n, 3, size, size), np.float32)
    for i, label in enumerate(y):
        r = rng.uniform(0.22, 0.4) * size
        cy, cx = rng.uniform(r, size - r, 2)
        colour = rng.uniform(0.25, 1.0, 3)
        colour[rng.integers(3)] = 1.0  # at least one bright channel: never near-black on black
        x[i] = colour[:, None, None] * shape_mask(SHAPES[label], size, cy, cx, r)[None]
    return x, y


def load_shape_split(n_train: int = 1600, n_val: int = 400, size: int = 16, seed: int = 0) -> ShapeSplit:
    """Training and validation images from separate seeded streams (never the same image)."""
    x_train, y_train = make_shapes(n_train, size, seed=2 * seed)
    x_val, y_val = make_shapes(n_val, size, seed=2 * seed + 1)
    return ShapeSplit(x_train, y_train, x_val, y_val)
