"""The course: every lesson, in the order the home page lists them."""
from .rnn import LESSON as RNN
from .tuning import LESSON as TUNING

LESSONS = [RNN, TUNING]
