"""The RNN lesson: its introduction, key terms and ordered steps (lessons/rnn/steps/)."""
from widgets.course.lesson_page import Lesson

from . import text
from .session import RnnSession
from .steps import STEPS

LESSON = Lesson(
    path="/rnn",
    title="Recurrent networks and the LSTM cell",
    summary="Watch an LSTM learn to continue a wave, live, then open one cell and step through its gates.",
    minutes=20,
    thumbnail="rnn.svg",
    intro=text.INTRO,
    steps=STEPS,
    terms=text.TERMS,
    session=RnnSession,
    figure="Loss (MSE)",
)
