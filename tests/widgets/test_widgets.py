"""Widgets without a browser: set a parameter, check what the component shows."""
import numpy as np
import param
import pytest

from widgets.course.check_question import Check, CheckQuestion
from widgets.course.info import Info
from widgets.course.intro_dialog import IntroDialog
from widgets.course.step_navigator import StepNavigator
from widgets.course.term_review import TermReview
from widgets.run.train_controls import TrainControls
from widgets.style.numbers import percent, significant


def test_the_navigator_shows_the_step_and_guards_its_ends():
    nav = StepNavigator(titles=["a", "b", "c"], deeper=[3])
    assert nav.label_text == "Step 1 of 3" and nav._back.disabled and not nav._next.disabled
    nav._next.clicks += 1
    assert nav.step == 2 and "Step <b>2</b> of 3" in nav._label.object
    nav.step = 3
    assert nav._next.disabled and nav._jump.value == 3
    nav.go(4)
    assert nav.step == 3
    nav._keys.param.trigger("left")
    assert nav.step == 2
    assert "deeper" in nav.option_label(3) and "deeper" not in nav.option_label(2)
    nav._jump.value = 1
    assert nav.step == 1


def test_significant_digits_keep_small_values_readable():
    assert significant(0.0000123) == "1.23e-05"
    assert significant(-0.0004) == "-0.0004"
    assert significant(None) == "–"
    assert significant(0.00022) == "0.00022" and significant(1 / 3) == "0.333" and significant(-0.0) == "0"
    assert significant(1024) == "1024" and significant(np.int64(64)) == "64"  # sizes are exact
    assert significant(np.float32(0.5)) == "0.5" and significant(np.array(2.5)) == "2.5"
    assert significant("adam") == "adam" and significant(float("nan")) == "nan"
    assert percent(0.9731) == "97.3%" and percent(None) == "–"


class Settings(param.Parameterized):
    lr = param.Number(0.01, bounds=(0, 1))


def test_train_controls_follow_the_run_state_and_fire_events():
    controls = TrainControls(settings=Settings(), widgets={"lr": None})
    fired = []
    controls.param.watch(lambda e: fired.append(e.name), ["train", "pause", "reset", "step_once"])
    controls._train.clicks += 1
    controls._reset.clicks += 1
    assert fired == ["train", "reset"]
    controls.param.update(status="training", steps=42, steps_per_second=19.6)
    assert controls._train.disabled and not controls._pause.disabled and controls._progress.active
    assert controls.state_text == '<b>Training</b> · step 42<span class="rate"> · 20 steps/s</span>'
    controls.param.update(status="stopped", message="the loss became nan")
    assert controls._alert.visible and "nan" in controls._alert.object and controls._train.disabled


def test_a_check_gives_the_feedback_of_the_chosen_answer():
    check = Check("Q?", ("yes", "no", "maybe"), 1, ("because yes", "because no", "because maybe"))
    q = CheckQuestion(check)
    assert q.choice is None and q.feedback_text == ""
    q._buttons[0].clicks += 1
    assert q.correct is False and "because yes" in q.feedback_text and "Not quite" in q.feedback_text
    assert q._buttons[0].button_type == "danger"
    q.answer("no")
    assert q.correct is True and "because no" in q.feedback_text
    assert q._buttons[1].button_type == "success" and q._buttons[0].button_type == "light"


def test_the_right_answer_is_not_always_shown_first():
    from lessons.rnn.steps.check import CHECKS as CORE
    assert {c.order.index(c.answer) for c in CORE} != {0}


def test_a_check_refuses_feedback_that_does_not_fit_its_options():
    with pytest.raises(ValueError):
        Check("Q?", ("a", "b"), 2, ("x", "y"))


def test_the_term_review_records_what_was_opened():
    review = TermReview(terms={"loss": "how wrong", "epoch": "one pass"})
    review.reveal("epoch")
    assert review.revealed == ["epoch"]
    review._accordion.active = [0, 1]
    assert review.revealed == ["loss", "epoch"]


def test_info_shows_its_details_only_on_demand():
    info = Info(title="Loss", body="the mean squared error")
    assert not info._details.visible and info._details.object == ""  # parsed only when opened
    info.button.value = True
    assert info.shown and info._details.visible and info._details.object == "the mean squared error"
    info.body = "the mean of the squared errors"
    assert info._details.object == "the mean of the squared errors"


def test_the_intro_dialog_opens_on_a_first_visit_and_on_request():
    intro = IntroDialog(title="T", body="B", key="/x")
    assert not intro.is_open
    intro._first.first = True
    assert intro.is_open and intro.opened == 1
    intro.close()
    intro.about_button.clicks += 1
    assert intro.is_open and intro.opened == 2


def test_a_throttle_follows_at_most_once_per_period_and_flushes_on_pause():
    from widgets.course.throttle import Throttle

    class Source(param.Parameterized):
        views = param.Dict(default={})
        status = param.String(default="training")

    source = Source()
    slow = Throttle(source, "views", period=60)
    source.views = {"a": 1}
    source.views = {"a": 2}
    assert slow.value == {"a": 1}  # the second change came within the period
    source.status = "paused"
    assert slow.value == {"a": 2}  # a paused run's last state shows at once
