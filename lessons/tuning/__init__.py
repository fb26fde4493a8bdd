"""/tuning: steer live runs with paired knobs and graphs, compare runs, find the trade-off."""
from .lesson import LESSON

__all__ = ["LESSON"]
