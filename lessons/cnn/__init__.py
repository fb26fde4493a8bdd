"""/cnn: a small convolutional network learns handwritten digits, explained down to one multiplication."""
from .lesson import LESSON

__all__ = ["LESSON"]
