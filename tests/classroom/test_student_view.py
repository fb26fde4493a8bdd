"""The instructor's read-only view of one student (/teach's StudentView, GET /teach/api/students/ID):
on a real store and a real run pool, without a browser. The student's page marks its runs as theirs;
the view shows their step, answers, confirmed steps and their run's loss curve, streaming only new
points, and changes nothing; the JSON answers 403 to anyone but the logged-in instructor."""
import time

import param
import pytest
import requests

from engine.pool import RunPool, merge_updates
from explorables.classroom import Classroom, follow
from explorables.classroom.auth import INSTRUCTOR_COOKIE
from explorables.classroom.student_view import StudentView
from lessons import LESSONS
from widgets.course.lesson_page import LessonPage
from widgets.run.live_run import LiveRun

RNN = next(lesson for lesson in LESSONS if lesson.path.strip("/") == "rnn")


class Settings(param.Parameterized):
    lr = param.Number(default=0.01)


def wait_until(condition, timeout=30.0, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def pool():
    p = RunPool(workers=1, backend="thread")
    yield p
    p.shutdown()


def test_the_view_shows_the_students_step_answers_and_live_curve_and_changes_nothing(store, pool):
    classroom = Classroom(store, None, LESSONS, pool)
    code = store.classes.start("Tuesday", "rnn")
    ada = store.classes.join(code, "Ada")
    bo = store.classes.join(code, "Bo")
    follow._states.clear()

    # Ada's page: in the class, on "Train it", one check answered, one step confirmed, a run training.
    page = LessonPage(RNN)
    link = follow.attach(page, store, ada)
    page.step = "train"
    store.progress.record_answer(ada, "rnn", "check", "check · Which curve fell?", "an answer", False)
    store.progress.mark_done(ada, "rnn", "train")
    run = LiveRun(pool, "sequence", Settings())
    bo_run = pool.open("sequence")  # another student's run: never in Ada's view
    bo_run.owner = bo
    link._mark_runs([run])  # what the page's once-a-second poll does with its runs
    assert run.handle.owner == ada and pool.owned_by(ada) == [run.handle]
    assert store.flush()

    run.handle.train()
    wait_until(lambda: run.handle.curve()["count"] >= 20, what="20 training steps")
    run.handle.pause()
    wait_until(lambda: run.handle.status == "paused", what="the pause")
    student_saw = merge_updates(run.handle.updates())  # what Ada's page drains from the engine
    before = (store.progress.load(ada, "rnn"), store.classes.state(code), store.classes.student(ada))

    sent = []
    run.handle.send = lambda op, payload=None: sent.append(op)  # any command from the view is caught
    view = StudentView(classroom)
    view.student = ada  # what the "View Ada" button does
    heading = view.heading.object
    assert "Ada" in heading and "3. Train it" in heading
    assert "an answer" in view.details.object and "✗ wrong" in view.details.object
    assert "3. Train it" in view.details.object  # the confirmed step
    line = view.chart.curve(view.chart.series[0])
    engine_loss = student_saw["metrics"]["loss"][-1]
    assert line["value"][-1] == engine_loss and line["step"][-1] == student_saw["metrics"]["step"][-1]
    assert view.chart.series == ["sequence"] and len(line["value"]) == run.handle.curve()["count"]
    assert f"{engine_loss:.6g}" in view.runs.object

    # Live: more steps arrive; a refresh streams only them (no point twice, none missing).
    del run.handle.send
    run.handle.train()
    wait_until(lambda: run.handle.curve()["count"] >= len(line["value"]) + 10, what="10 more steps")
    run.handle.pause()
    wait_until(lambda: run.handle.status == "paused", what="the pause")
    view.show(view.read())
    whole = run.handle.curve()
    line = view.chart.curve(view.chart.series[0])
    assert line["step"] == whole["step"] and line["value"] == whole["value"]
    view.show(view.read())  # no new point: the latest stays said
    assert f"{whole['value'][-1]:.6g}" in view.runs.object
    assert len(view.chart.curve("sequence")["step"]) == whole["count"]

    # Read-only: the view sent no command and wrote nothing.
    assert sent == []
    assert store.flush()
    assert (store.progress.load(ada, "rnn"), store.classes.state(code), store.classes.student(ada)) == before
    view.student = ""
    assert not view._layout.visible
    bo_run.close()
    run.close()


def test_a_students_data_is_refused_without_the_instructor_cookie(site):
    code = site.store.classes.start("Thursday", "rnn")
    student, _ = site.join(code, "Ada")
    ada = site.store.classes.roster(code)[0]["id"]
    site.store.progress.record_step(ada, "rnn", "train")
    assert site.store.flush()
    path = f"/teach/api/students/{ada}"
    forged = requests.Session()
    forged.cookies.set(INSTRUCTOR_COOKIE, "instructor:0123456789abcdef")
    for who in (requests.Session(), student, forged):  # nobody, Ada herself, a forged login
        r = site.get(who, path)
        assert r.status_code == 403 and "Ada" not in r.text and "train" not in r.text
    teacher, _ = site.login()
    r = site.get(teacher, path)
    assert r.status_code == 200
    data = r.json()
    assert (data["name"], data["step"], data["step_title"], data["runs"]) == ("Ada", "train", "3. Train it", [])
    assert site.get(teacher, "/teach/api/students/" + "0" * 32).status_code == 404
