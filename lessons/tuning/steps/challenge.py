"""Step 'challenge': A challenge."""
import panel as pn

from engine.defaults import CHALLENGE_STEPS
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..experiments.challenge import CHALLENGE_ACC

CHALLENGE_INFO = dict(title="The rules", body=rf"""
An attempt trains with your settings from a fixed seed for **{CHALLENGE_STEPS} optimiser steps**;
the engine then stops it and evaluates it on the validation set. Attempts are ranked by
validation accuracy, ties by fewer steps. The budget is counted in steps, not seconds, so a busy
server gives everyone the same chance and the same settings always score the same.

A step's cost is not the same for every setting: a batch of 128 examples is one step, as is a
batch of 8. On a real budget of compute time a big batch would cost more; here it is free.
""")


class ChallengeStep(LessonStep):
    id = "challenge"
    title = "A challenge"
    text = f"""
**Reach at least {CHALLENGE_ACC:.0%} validation accuracy within {CHALLENGE_STEPS} training
steps.** Set the knobs, press ▶ Start an attempt; the engine stops the run after
{CHALLENGE_STEPS} steps and stores it. See where your attempt lands in the class,
then try again: use what the map and the side-by-side runs showed you.
"""
    tour = (
        stop("challenge-go", "Start an attempt", "Choose settings, then press it: the engine stops the run when its "
             "steps are used up.", wait=True),
        stop("challenge-result", "Where it lands", "Your attempt among the class's."),
    )

    done_when = f"an attempt of yours reached {CHALLENGE_ACC:.0%}"

    def view(self):
        s = self.session
        self.confirm_when(lambda best: best >= CHALLENGE_ACC, s.challenge.param.best)
        return pn.Column(s.challenge.view(), Info(**CHALLENGE_INFO), sizing_mode="stretch_width")
