"""Every core step's live confirmation turns on when the student's action shows in the live state,
and not before: set through the same parameters the widgets and runs set."""
import time

import pytest

from lessons.cnn.session import CnnSession
from lessons.cnn.steps.conv import Conv
from lessons.cnn.steps.draw import Draw
from lessons.cnn.steps.mistakes import Mistakes
from lessons.cnn.steps.overview import Overview
from lessons.cnn.steps.task import Task
from lessons.rnn.lesson import LESSON as RNN
from lessons.rnn.session import RnnSession
from lessons.rnn.steps.cell import IntoTheCell
from lessons.rnn.steps.network import Network
from lessons.tuning.experiments.common import Identity
from lessons.tuning.experiments.comparison import Comparison
from lessons.tuning.steps.lr import rates_trained, tried_both_extremes
from widgets.course.lesson_page import LessonPage


def test_rnn_network_is_confirmed_at_the_update_phase_only():
    session = RnnSession()
    step = Network(session)
    for phase in ("forward", "error", "backward"):
        session.diagram.phase = phase
        assert not step.confirmed
    session.diagram.phase = "update"
    assert step.confirmed
    session.diagram.phase = "idle"
    assert step.confirmed  # it stays: the student did it


def test_rnn_cell_needs_the_output_sub_step_and_the_values_shown():
    session = RnnSession()
    step = IntoTheCell(session)
    session.cell.substep = 4
    assert not step.confirmed
    session.cell.substep = 2
    session.cell.show_values = True
    assert not step.confirmed
    session.cell.substep = 4
    assert step.confirmed


def test_a_check_step_is_done_when_every_question_is_answered_right_and_the_wrapup_when_all_core_steps_are():
    page = LessonPage(RNN)
    page.step = "check"
    questions = page.checks["check"]
    step = page.steps["check"]
    for q in questions[:-1]:
        q.answer(q.check.answer)
    wrong = next(i for i in range(len(questions[-1].check.options)) if i != questions[-1].check.answer)
    questions[-1].answer(wrong)
    assert not step.confirmed and "check" not in page.done
    questions[-1].answer(questions[-1].check.answer)
    assert step.confirmed and "check" in page.done
    assert page.answers[page.check_id("check", questions[-1].check)]["correct"] is True
    page.step = "wrapup"
    wrapup = page.steps["wrapup"]
    core = [s.id for s in RNN.steps if not s.deeper and s.done_when and s.id != "wrapup"]
    page.done = [s for s in core if s != "memory"]
    assert not wrapup.confirmed
    page.done = page.done + ["memory"]
    assert wrapup.confirmed


@pytest.mark.parametrize("lesson", ["rnn", "cnn", "tuning"])
def test_every_lesson_ends_with_a_wrapup_done_once_every_earlier_core_step_is(lesson):
    import importlib
    LESSON = importlib.import_module(f"lessons.{lesson}.lesson").LESSON
    assert LESSON.steps[-1].id == "wrapup" and not LESSON.steps[-1].deeper
    page = LessonPage(LESSON)
    page.step = "wrapup"
    wrapup = page.steps["wrapup"]
    core = [s.id for s in LESSON.steps if not s.deeper and s.id != "wrapup"]
    page.done = core[1:]
    assert not wrapup.confirmed
    page.done = core
    assert wrapup.confirmed


def _maps(session, timeout=60):
    session.run.start()
    deadline = time.monotonic() + timeout
    while not session.maps and time.monotonic() < deadline:
        session.run.poll()
        time.sleep(0.05)
    assert session.maps, "no maps from the run"


def test_cnn_steps_are_confirmed_by_the_students_own_choices():
    session = CnnSession()
    try:
        task, overview, mistakes, draw = Task(session), Overview(session), Mistakes(session), Draw(session)
        session.settings.input_index = session.settings.input_index  # the page's own value: no choice
        assert not task.confirmed
        session.choose_input(5)
        assert task.confirmed
        session.run.steps = 199
        assert not overview.confirmed
        session.run.steps = 200
        assert overview.confirmed
        session.confusion.cell = [3, 3]
        assert not mistakes.confirmed
        session.confusion.cell = [3, 8]
        assert mistakes.confirmed
        assert not draw.confirmed
        session.settings.drawing = [0] * 64
        assert draw.confirmed

        _maps(session)
        conv = Conv(session)
        conv.active = True  # entering selects a convolution map for the student: not their pick
        assert session.grid.selected_name.startswith("conv") and not conv.confirmed
        names = session.maps["names"]
        session.grid.canvas.selected = [names.index("pool1"), 0]  # a click on a pooling map
        assert not conv.confirmed
        session.grid.canvas.selected = [names.index("conv1_2"), 3]  # a click on a convolution map
        assert conv.confirmed
    finally:
        session.run.close()


def test_tuning_lr_counts_only_rates_the_run_took_steps_at():
    changes = [{"step": 0, "name": "lr", "old": None, "new": 0.03},
               {"step": 40, "name": "lr", "old": 0.03, "new": 0.0001},
               {"step": 40, "name": "steps_per_second", "old": 30, "new": 100},
               {"step": 90, "name": "lr", "old": 0.0001, "new": 30.0}]
    assert rates_trained(changes, 90) == {0.03, 0.0001}  # 30 set, not yet trained at
    assert not tried_both_extremes(changes, 90)
    assert tried_both_extremes(changes, 91)
    passing = changes[:1] + [{"step": 40, "name": "lr", "old": 0.03, "new": 30.0},
                             {"step": 40, "name": "lr", "old": 30.0, "new": 0.0001}]
    assert not tried_both_extremes(passing, 100)  # 30 passed through on the way, never trained at


def test_tuning_compare_counts_runs_stored_for_the_class(tmp_path, monkeypatch):
    import engine.store as store_module
    monkeypatch.setattr(store_module, "_shared", store_module.Store(str(tmp_path / "runs.sqlite")))
    comparison = Comparison(Identity(), ["lr"], max_steps=30, speed=0.0, n=2)
    try:
        comparison.start()
        assert comparison.stored_runs == 0
        deadline = time.monotonic() + 60
        while comparison.stored_runs < 2 and time.monotonic() < deadline:
            comparison.poll()
            time.sleep(0.05)
        assert comparison.stored_runs == 2
        assert len(store_module.shared_store().runs.runs("tuning")) == 2
    finally:
        comparison.close()
