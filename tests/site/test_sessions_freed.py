"""A closed page gives back what it took: the lesson pages of closed sessions are freed by the
server process (nothing keeps a reference to them), so memory does not grow with each student
who comes and goes. Real sessions over websockets, in a Panel server running in this process."""
import gc
import time

import pytest

from bench.ws_students import Student, import_models
from explorables.site import configure_panel, routes
from tests.in_process import served_here
from widgets.course.lesson_page import LessonPage

PAGES = [("/rnn", {"step": "train"}), ("/cnn", {"step": "overview"}), ("/tuning", {"step": "lr"})]


@pytest.fixture(scope="module")
def base():
    configure_panel()
    with served_here(routes(), unused_session_lifetime_milliseconds=1000,
                     check_unused_sessions_milliseconds=300) as url:
        import_models()
        yield url


def alive_pages() -> int:
    gc.collect()
    return sum(isinstance(o, LessonPage) for o in gc.get_objects())


def test_the_pages_of_closed_sessions_are_freed(base):
    before = alive_pages()
    for path, arguments in PAGES * 2:  # each lesson twice, its step's live view (and run) asked for
        student = Student(base + path, arguments).start()
        assert student.wait_open(120), student.error
        assert alive_pages() > before  # built in this process
        student.close()
    deadline = time.monotonic() + 30
    while alive_pages() > before and time.monotonic() < deadline:
        time.sleep(0.5)  # the server drops a session a second or so after its connection closes
    assert alive_pages() == before
