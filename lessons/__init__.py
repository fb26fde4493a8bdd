"""The course: every lesson, in the order the home page lists them."""
from .cnn import LESSON as CNN
from .rnn import LESSON as RNN
from .tuning import LESSON as TUNING

LESSONS = [RNN, CNN, TUNING]
