"""/rnn: a recurrent network learns to continue a wave, live."""
from .lesson import LESSON

__all__ = ["LESSON"]
