"""Generated 1-D sequences for the recurrent lessons, and next-step training windows.

Every generator is deterministic given a numpy Generator, so a seed reproduces a run.
"""
import numpy as np

# One period of each wave is PERIOD samples long: long enough to draw, short enough
# that a 40-step window holds more than one period.
PERIOD = 25.0


def sine(t: np.ndarray) -> np.ndarray:
    return np.sin(2 * np.pi * t / PERIOD)


def sawtooth(t: np.ndarray) -> np.ndarray:
    return 2 * ((t / PERIOD) % 1.0) - 1


def damped(t: np.ndarray) -> np.ndarray:
    # Restarts every 4 periods so that any window still sees an oscillation.
    local = t % (4 * PERIOD)
    return np.exp(-local / (1.5 * PERIOD)) * np.cos(2 * np.pi * local / PERIOD)


def two_sines(t: np.ndarray) -> np.ndarray:
    return 0.6 * np.sin(2 * np.pi * t / PERIOD) + 0.4 * np.sin(2 * np.pi * t / (2.7 * PERIOD))


WAVES = {"sine": sine, "sawtooth": sawtooth, "damped": damped, "two sines": two_sines}


def wave(kind: str, length: int, start: float = 0.0, noise: float = 0.0,
         rng: np.random.Generator | None = None) -> np.ndarray:
    """`length` samples of wave `kind` from time `start`, plus Gaussian noise of std `noise`."""
    if kind not in WAVES:
        raise ValueError(f"unknown wave {kind!r}; choose one of {', '.join(WAVES)}")
    y = WAVES[kind](start + np.arange(length, dtype=np.float64))
    if noise > 0:
        y = y + (rng or np.random.default_rng()).normal(0.0, noise, size=length)
    return y.astype(np.float32)


def next_step_batch(kind: str, batch: int, steps: int, noise: float,
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random windows: inputs x (batch, steps, 1) and targets y (batch, steps, 1) = x shifted by one.

    Noise is added to the inputs only, so the target stays the clean continuation.
    """
    starts = rng.uniform(0, 4 * PERIOD, size=batch)
    clean = np.stack([wave(kind, steps + 1, s) for s in starts])  # (batch, steps+1)
    noisy = clean + (rng.normal(0.0, noise, size=clean.shape) if noise > 0 else 0.0)
    x = noisy[:, :-1, None].astype(np.float32)
    y = clean[:, 1:, None].astype(np.float32)
    return x, y
