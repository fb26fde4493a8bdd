"""Step 'class': What others chose."""

from widgets.course.step import LessonStep
from widgets.course.tour import stop


class WhatOthersChose(LessonStep):
    id = "class"
    title = "What others chose"
    deeper = True
    text = """
For each knob, how many runs of the class used each value, **your** latest choice in blue.
Common choices are not always the best ones: compare the distribution with the high scores.
All numbers come from runs stored on this server; with too few runs the page says so.

**Your action: pick a knob.** Is your choice common or rare? Is the common choice on the map's
front?
"""
    tour = (
        stop("choices-knob", "Pick a knob", "See which values the class chose for it."),
        stop("class-distribution", "The class's choices", "Your own choice is marked."),
        stop("high-scores", "The high scores", "The challenge's best attempts, without names."),
    )

    def view(self):
        s = self.session
        s.choices.load()
        return s.choices.view(s.identity.widget())
