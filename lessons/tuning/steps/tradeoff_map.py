"""Step 'map': The trade-off map."""

from widgets.course.step import LessonStep
from widgets.course.tour import stop


class TradeoffMapStep(LessonStep):
    id = "map"
    title = "The trade-off map"
    text = """
Every finished run of the class is a point: **validation accuracy** up, **cost** to the right
(training time, or parameters). The orange line is the **Pareto front**: the runs no other run
beats on both. A run below the front wasted something.

**Your action: click points on and below the front** and compare their settings. Which setting
do runs on the front share? Delete your own runs you do not want in the class's map; tick
"only my runs" to hide the others.
"""
    tour = (
        stop("tradeoff-map", "The class's runs", "Each point is a finished run; click one for its settings and "
             "curves.", wait=True),
        stop("run-details", "That run", "Its settings and its curves, as stored on this server."),
    )

    def view(self):
        s = self.session
        s.tradeoff.load()
        return s.tradeoff.view(s.identity.widget())
