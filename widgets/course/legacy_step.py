"""Transition only: a lesson written as `StepSpec` data becomes LessonStep classes.

Deleted once every lesson's steps are components in lessons/<lesson>/steps/.
"""
from dataclasses import dataclass
from typing import Any, Callable

from widgets.course.check_question import Check
from widgets.course.step import LessonStep


@dataclass(frozen=True)
class StepSpec:
    id: str
    title: str
    text: str
    view: Callable[[Any], Any] | None = None
    checks: tuple[Check, ...] = ()
    deeper: bool = False
    review_terms: bool = False
    tour: tuple[dict, ...] = ()


def as_step(spec: StepSpec) -> type[LessonStep]:
    def view(self):
        return spec.view(self.session) if spec.view else None

    attrs = {k: getattr(spec, k) for k in ("id", "title", "text", "checks", "deeper", "review_terms", "tour")}
    return type(f"Step_{spec.id}", (LessonStep,), {**attrs, "view": view})
