"""A lesson page in a class (explorables/classroom/follow.py), on a real store, without a browser:
its progress is written and read back, and it obeys the instructor's move and closed steps."""
import pytest

from explorables.classroom import follow
from widgets.course.check_question import Check
from widgets.course.lesson_page import Lesson, LessonPage
from widgets.course.step import LessonStep

CHECK = Check("Which curve fell?", ("the LSTM's", "the RNN's"), 0, ("Yes.", "No."))


def _step(sid, checks=(), done_when=""):
    return type(f"S_{sid}", (LessonStep,), {"id": sid, "title": sid.title(), "text": sid,
                                            "checks": checks, "done_when": done_when})


LESSON = Lesson(path="/demo", title="Demo", summary="", minutes=1, thumbnail="", intro="",
                steps=(_step("one"), _step("two", (CHECK,), done_when="the loss fell"), _step("three")))


@pytest.fixture(autouse=True)
def fresh_states():
    follow._states.clear()  # the class state cache is per process


def test_progress_is_written_and_a_new_page_resumes_it(store):
    student = store.classes.enrol_self_paced()
    page = LessonPage(LESSON)
    link = follow.attach(page, store, student)
    page.step = "two"
    page.checks["two"][0].answer("the RNN's")
    page.steps["two"].confirmed = True
    assert store.flush()
    saved = store.progress.load(student, "demo")
    assert saved["step"] == "two" and saved["done"] == ["two"]
    assert list(saved["answers"].values()) == [{"step": "two", "answer": "the RNN's", "correct": False}]
    assert not link.page.in_class  # self-paced: no class line, no follow switch

    again = LessonPage(LESSON)
    follow.attach(again, store, student)
    assert again.step == "two" and again.checks["two"][0].choice == 1 and again.done == ["two"]


def test_a_following_page_goes_where_the_class_is_moved_and_not_past_closed_steps(store):
    code = store.classes.start("Class", "demo")
    student = store.classes.join(code, "Ada")
    page = LessonPage(LESSON)
    link = follow.attach(page, store, student)
    assert page.in_class and page.step == "one"
    store.classes.move(code, "two")
    follow._states.clear()
    link.poll()
    assert page.step == "two" and "moved the class to step 2: Two" in page.notice

    store.classes.lock_beyond(code, "two")
    follow._states.clear()
    link.poll()
    page.navigator.go(3)
    assert page.step == "two" and page.navigator.limit == 2

    page.follow = False  # own pace: a later move leaves the page where it is
    store.classes.move(code, "one")
    follow._states.clear()
    link.poll()
    assert page.step == "two"


def test_a_visitor_without_the_student_cookie_gets_nothing_attached(store):
    assert follow.attach(LessonPage(LESSON), store, None) is None
