"""The Pareto front of runs: those no other run beats on both cost and quality. Pure numpy."""
import numpy as np


def pareto_front(cost, quality) -> np.ndarray:
    """Indices of the points on the front, cheapest first.

    cost (N,): lower is better (seconds, parameters); quality (N,): higher is better (accuracy).
    A point is on the front when no other point has cost <= and quality >= with one strictly
    better. Of exact duplicates the first is kept. Non-finite points are never on it.
    """
    cost, quality = np.asarray(cost, dtype=float), np.asarray(quality, dtype=float)
    if cost.shape != quality.shape or cost.ndim != 1:
        raise ValueError("cost and quality must be 1-D arrays of the same length")
    valid = np.flatnonzero(np.isfinite(cost) & np.isfinite(quality))
    # Cheapest first; among equal cost, best quality first; then by index (stable).
    order = valid[np.lexsort((valid, -quality[valid], cost[valid]))]
    front, best = [], -np.inf
    for i in order:
        if quality[i] > best:
            front.append(i)
            best = quality[i]
    return np.array(front, dtype=int)
