"""Step 'challenge': A challenge."""
import panel as pn

from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..experiments.challenge import CHALLENGE_ACC, CHALLENGE_SECONDS

CHALLENGE_INFO = dict(title="The rules", body=r"""
An attempt trains with your settings from a fixed seed until its **training time** reaches the
limit; the engine then stops it and evaluates it on the validation set. Attempts are ranked by
validation accuracy. The time is measured on this shared server: while many students train,
each step takes longer, so the same settings may do fewer steps than on a quiet server.
""")


class ChallengeStep(LessonStep):
    id = "challenge"
    title = "A challenge"
    text = f"""
**Reach at least {CHALLENGE_ACC:.0%} validation accuracy within {CHALLENGE_SECONDS:g} s of
training time.** Set the knobs, press ▶ Start an attempt; the engine stops the run after
{CHALLENGE_SECONDS:g} s of training and stores it. See where your attempt lands in the class,
then try again: use what the map and the side-by-side runs showed you.
"""
    tour = (
        stop("challenge-go", "Start an attempt", "Choose settings, then press it: the engine stops the run at the "
             "time limit.", wait=True),
        stop("challenge-result", "Where it lands", "Your attempt among the class's."),
    )

    def view(self):
        s = self.session
        return pn.Column(s.challenge.view(s.identity.widget()), Info(**CHALLENGE_INFO), sizing_mode="stretch_width")
