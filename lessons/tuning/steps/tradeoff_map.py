"""Step 'map': The trade-off map."""
import panel as pn

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..spoken import said

MAP_INFO = dict(title="The Pareto front", body=said(r"""
A run $a$ is on the **front** when no other run $b$ is at least as accurate and at least as
cheap, and better in one of the two:
no $b$ with $\text{acc}_b \ge \text{acc}_a$ and $\text{cost}_b \le \text{cost}_a$, one of them strict.
**Training time** is the seconds the engine spent training the run, on this server while other
students trained too; **parameters** counts every weight and bias,
$\sum_\ell (n_{\ell-1} + 1)\, n_\ell$ over the layers. Only finished runs are drawn; a run of
steps 1-2 counts as finished where you paused it, with the settings it had then (its details
say how often you moved the knob while it trained).
"""))


class TradeoffMapStep(LessonStep):
    id = "map"
    title = "The trade-off map"
    text = """
Every finished run of the class is a point: **validation accuracy** up, **cost** to the right
(training time, or parameters). Yours are there too: the runs of steps 1 and 2 as they stood
when you last paused them, and every run you launched side by side. The orange line is the
**Pareto front**: the runs no other run beats on both. A run below the front wasted something.

**Your action: click points on and below the front** (or choose them under the map) and
compare their settings. Which setting
do runs on the front share? Delete your own runs you do not want in the class's map; tick
"only my runs" to hide the others.
"""
    tour = (
        stop("tradeoff-map", "The class's runs", "Each point is a finished run; click one for its settings and "
             "curves.", wait=True),
        stop("run-details", "That run", "Its settings and its curves, as stored on this server."),
    )

    done_when = "you opened a run on the Pareto front"

    def view(self):
        s = self.session
        s.tradeoff.load()
        front = s.tradeoff.map
        self.confirm_when(lambda selected: selected is not None and selected in front.front_ids, front.param.selected)
        return pn.Column(s.tradeoff.view(), Info(**MAP_INFO), sizing_mode="stretch_width")
