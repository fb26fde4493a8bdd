"""/teach's roster shows each student's current figure, the one their lesson names (Lesson.figure):
/rnn a student's loss, /cnn their validation accuracy. On a real store and run pool, without a
browser: a student's page trains a run, and the number in their roster row is the run's own."""
import param
import pytest
from bokeh.document import Document
from panel.io.state import set_curdoc

from engine.pool import RunPool
from explorables.classroom import Classroom, follow
from explorables.classroom.teach import TeachDashboard
from lessons import LESSONS
from widgets.course.lesson_page import LessonPage
from widgets.run.live_run import LiveRun

from .test_student_view import wait_until

BY_PATH = {lesson.path.strip("/"): lesson for lesson in LESSONS}


class Settings(param.Parameterized):
    lr = param.Number(default=0.01)


@pytest.fixture
def pool():
    p = RunPool(workers=1, backend="thread")
    yield p
    p.shutdown()


def test_each_lesson_names_what_the_roster_shows():
    assert {path: lesson.figure for path, lesson in BY_PATH.items()} == {
        "rnn": "Loss (MSE)", "cnn": "Accuracy (validation)", "tuning": "Accuracy (validation)"}


def _trained(pool, task, task_args, run_options, until):
    """A run of the student's page, trained until `until(run)` holds and paused, its updates applied
    (what the page's poll does)."""
    run = LiveRun(pool, task, Settings() if task == "sequence" else param.Parameterized(),
                  task_args=task_args, run_options=run_options)
    run.handle.train()
    wait_until(lambda: run.poll() or until(run), timeout=60, what=f"{task} training")
    run.handle.pause()
    wait_until(lambda: run.poll() or run.status == "paused", what="the pause")
    run.poll()
    return run


def _roster(classroom, code) -> dict:
    """The dashboard's roster as it shows it: {heading: cell} of the class's one student."""
    doc = Document()
    with set_curdoc(doc):  # pn.state.location, for the join link, needs a document
        dashboard = TeachDashboard(classroom)
        dashboard._show(dashboard._read(code))
    (row,) = dashboard.roster.rows
    return dict(zip(dashboard.roster.columns, row))


@pytest.mark.parametrize("lesson, task, task_args, run_options", [
    ("rnn", "sequence", {"kind": "sine"}, {}),
    ("cnn", "digits", {}, {"eval_every": 20}),
])
def test_a_students_run_shows_its_own_number_in_the_roster(store, pool, lesson, task, task_args, run_options):
    classroom = Classroom(store, None, LESSONS, pool)
    code = store.classes.start("Tuesday", lesson)
    ada = store.classes.join(code, "Ada")
    follow._states.clear()
    link = follow.attach(LessonPage(BY_PATH[lesson]), store, ada)

    figure = BY_PATH[lesson].figure
    if figure == "Loss (MSE)":
        run = _trained(pool, task, task_args, run_options, lambda r: r.steps >= 30 and r.loss is not None)
        own = run.loss
    else:
        run = _trained(pool, task, task_args, run_options, lambda r: len(r.evals) >= 2)
        own = run.evals[-1]["val_accuracy"]
    link._record_live([run])  # what the page's once-a-second poll does with its runs
    assert store.flush()

    kept = store.progress.load(ada, lesson)
    measure = "loss" if figure == "Loss (MSE)" else "accuracy"
    assert kept[measure] == pytest.approx(own, abs=1e-6)  # kept to 6 decimals
    roster = _roster(classroom, code)
    assert roster["Name"] == "Ada" and figure in roster
    shown = kept[measure]  # the roster shows what was kept: 6 decimals can round the 3rd figure
    assert roster[figure] == (f"{shown:.3g}" if measure == "loss" else f"{100 * shown:.1f}%")
    assert not {"Loss", "Accuracy"} & set(roster)  # one figure per lesson, not both columns
    run.close()
