"""The tuning lesson: its introduction, key terms and ordered steps (lessons/tuning/steps/); the
experiments the steps show live in lessons/tuning/experiments/."""
from widgets.course.lesson_page import Lesson

from . import text
from .session import TuningSession
from .steps import STEPS

LESSON = Lesson(
    path="/tuning",
    title="Tuning: knobs, trade-offs and the class's runs",
    summary="Steer a live network with paired knobs and graphs, compare runs side by side, find the trade-off.",
    minutes=25,
    thumbnail="tuning.svg",
    intro=text.INTRO,
    steps=STEPS,
    terms=text.TERMS,
    session=TuningSession,
    figure="Accuracy (validation)",
)
