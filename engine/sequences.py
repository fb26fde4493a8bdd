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


# The echo: a cue of random size and sign, then silence, then the same value again ECHO_DELAY steps
# later. Only a network that remembers the cue can predict its echo: the wave where memory matters.
ECHO_PERIOD, ECHO_CUE, ECHO_DELAY = 50, 10, 20


def cue_amplitude(k: np.ndarray) -> np.ndarray:
    """The k-th cue's value: a sign and a size in [0.4, 1), a fixed pseudo-random function of k."""
    u = np.sin(np.asarray(k, dtype=np.float64) * 12.9898 + 78.233) * 43758.5453
    u = u - np.floor(u)                                   # in [0, 1): the classic shader hash
    return np.where(u < 0.5, -1.0, 1.0) * (0.4 + 1.2 * (u % 0.5))


def echo(t: np.ndarray) -> np.ndarray:
    # Cues at ECHO_CUE + k * ECHO_PERIOD (integer t only); echoes ECHO_DELAY later; zero elsewhere.
    k = np.floor((t - ECHO_CUE) / ECHO_PERIOD)
    local = t - ECHO_CUE - k * ECHO_PERIOD
    return cue_amplitude(k) * ((local == 0) | (local == ECHO_DELAY))


WAVES = {"sine": sine, "sawtooth": sawtooth, "damped": damped, "two sines": two_sines, "echo": echo}


def window_starts(kind: str, batch: int, rng: np.random.Generator) -> np.ndarray:
    """Where training windows begin. An echo window begins at a cue: one that began after its cue
    would hold an echo nothing can predict, and a cue arriving inside a window is unpredictable
    (ECHO_PERIOD > window, so none does for windows up to 49 steps)."""
    if kind == "echo":
        return ECHO_CUE + ECHO_PERIOD * rng.integers(0, 10_000, size=batch).astype(np.float64)
    return rng.uniform(0, 4 * PERIOD, size=batch)


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
    starts = window_starts(kind, batch, rng)
    clean = np.stack([wave(kind, steps + 1, s) for s in starts])  # (batch, steps+1)
    noisy = clean + (rng.normal(0.0, noise, size=clean.shape) if noise > 0 else 0.0)
    x = noisy[:, :-1, None].astype(np.float32)
    y = clean[:, 1:, None].astype(np.float32)
    return x, y
