"""Tasks a TrainingRun can train: each names its model, its batches, its loss and its views."""
from .base import Task
from .classify import ClassifyTask
from .digits import DigitsTask
from .sequence import SequenceTask
from .shapes import ShapesTask
from .text import TextTask

TASKS: dict[str, type[Task]] = {"sequence": SequenceTask, "digits": DigitsTask, "classify": ClassifyTask,
                               "shapes": ShapesTask, "text": TextTask}


def make_task(name: str, **kwargs) -> Task:
    if name not in TASKS:
        raise ValueError(f"unknown task {name!r}; known: {', '.join(TASKS)}")
    return TASKS[name](**kwargs)
