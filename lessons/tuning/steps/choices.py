"""Step 'class': What others chose."""
import panel as pn

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

CHOICES_INFO = dict(title="How the counts are made", body=r"""
For the knob you pick, each bar counts the finished runs stored on this server (from every
student of this lesson, without names) that used that value. **Yours** is the value of your
latest stored run. With fewer than 5 runs stored the page says so instead of drawing a
distribution from a handful of points.
""")


class WhatOthersChose(LessonStep):
    id = "class"
    title = "What others chose"
    deeper = True
    text = """
For each knob, how many runs of the class used each value, **your** latest choice outlined
in blue (the server's example runs stacked lighter).
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
        return pn.Column(s.choices.view(), Info(**CHOICES_INFO), sizing_mode="stretch_width")
