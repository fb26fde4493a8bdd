"""Generated shapes for the CNN lesson's second data choice: the digits task's model, views
and evaluation on 3-channel (RGB) images of 4 classes (engine/shapes.py)."""
import functools

from ..shapes import load_shape_split
from ..task_settings import ShapesHyper
from .digits import DigitsTask


class ShapesTask(DigitsTask):
    """Classify circle, square, triangle, cross. No drawing: `input_index` picks the input."""

    in_channels, classes = 3, 4
    hyper_defaults = ShapesHyper().as_dict()
    hyper_limits = ShapesHyper.limits()

    @staticmethod
    @functools.lru_cache(maxsize=4)
    def load_data(size: int):
        return load_shape_split(size=size)
