"""/teach in Chromium: the instructor logs in, starts a class, a student joins by its link and
shows on the roster, and the class controls write the class's state."""
import re

import pytest

from tests.browser.conftest import TEACH_PASSWORD, Watched

pytestmark = pytest.mark.browser


def test_an_instructor_starts_a_class_a_student_joins_and_the_class_is_moved(server, browser):
    teacher_ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    teacher = Watched(teacher_ctx.new_page())
    page = teacher.page
    page.set_default_timeout(30_000)
    assert page.goto(server + "teach").status == 403
    teacher.errors.clear()  # the browser logs the 403 itself
    page.goto(server + "teach/login")
    page.get_by_label("Instructor password").fill(TEACH_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Start a class").wait_for()
    page.get_by_label("Class name").fill("Browser class")
    page.get_by_role("button", name="Start a class").click()
    link = page.get_by_role("link", name=re.compile(r"join.[A-Z0-9]{5}$"))
    link.wait_for()
    code = link.inner_text().rsplit("/", 1)[1]
    assert page.locator("svg.segno").count() == 1  # the QR code, drawn inline

    student_ctx = browser.new_context()
    student = Watched(student_ctx.new_page())
    student.page.goto(server + f"join/{code}")
    student.page.get_by_label(re.compile("Your name")).fill("Ada")
    student.page.get_by_role("button", name="Join the class").click()
    student.page.wait_for_url(re.compile(r"/rnn"))
    cookies = {c["name"]: c for c in student_ctx.cookies()}
    assert cookies["explorables_student"]["httpOnly"]
    assert student.page.evaluate("document.cookie").find("explorables_student") == -1  # not readable by scripts

    page.get_by_role("cell", name="Ada").wait_for(timeout=10_000)  # the roster shows the student
    page.get_by_label("Step").select_option(label="3. Train it")
    page.get_by_role("button", name="Bring the class to this step").click()
    page.get_by_text("The class was brought to step 3. Train it.").wait_for()
    state = teacher_ctx.request.get(server + f"teach/api/classes/{code}").json()
    assert state["class"]["step"] == "train" and [s["name"] for s in state["roster"]] == ["Ada"]
    assert student_ctx.request.get(server + f"teach/api/classes/{code}").status == 403
    assert teacher.errors == [] and teacher.outside == [] and student.outside == []
    teacher_ctx.close()
    student_ctx.close()
