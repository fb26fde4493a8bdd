"""Conditions on live runs that steps use for their live confirmations (LessonStep.done_when)."""
import numpy as np

FIRST = 5         # the first losses a curve is compared with: one noisy batch is no baseline
MIN_POINTS = 20   # and no verdict before this many points


def fell_to(values, fraction: float) -> bool:
    """The latest loss of a curve is below `fraction` of where it started."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    return bool(len(values) >= MIN_POINTS and values[-1] < fraction * values[:FIRST].mean())


def below(loss: float | None, other: float | None, fraction: float) -> bool:
    """One run's loss is below `fraction` of another's (both trained: neither is None)."""
    return bool(loss is not None and other is not None and np.isfinite(loss) and loss < fraction * other)


def climbed(evals: list[dict], key: str, start_below: float, reach: float) -> bool:
    """Since the run last started from fresh weights (an eval at step 0), `key` began below
    `start_below` and has reached `reach`: the climb was seen, not only its end."""
    start = max((i for i, e in enumerate(evals) if e["step"] == 0), default=None)
    if start is None:
        return False
    values = [e[key] for e in evals[start:] if key in e]
    return bool(values and values[0] < start_below and max(values) >= reach)
