"""The CNN lesson: its introduction, key terms and ordered steps (lessons/cnn/steps/)."""
from widgets.course.lesson_page import Lesson

from . import text
from .session import CnnSession
from .steps import STEPS

LESSON = Lesson(
    path="/cnn",
    title="Convolutional networks: reading an image",  # one line in the header at 1280 px
    summary="Watch a small CNN learn digits live, and follow one image through every layer down to one "
            "multiplication.",
    minutes=20,
    thumbnail="cnn.svg",
    intro=text.INTRO,
    steps=STEPS,
    terms=text.TERMS,
    session=CnnSession,
    figure="Accuracy (validation)",
)
