"""/teach in Chromium: the instructor logs in, starts a class, a student joins by its link and
shows on the roster, and the class controls write the class's state."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TEACH_PASSWORD, Watched, close_tour, wait_until

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


def _instructor(browser, server):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(server + "teach/login")
    page.get_by_label("Instructor password").fill(TEACH_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/teach$"))
    return ctx


def _join(browser, server, code, name):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    watched = Watched(ctx.new_page())
    watched.page.set_default_timeout(30_000)
    watched.page.goto(server + f"join/{code}")
    watched.page.get_by_label(re.compile("Your name")).fill(name)
    watched.page.get_by_role("button", name="Join the class").click()
    watched.page.get_by_role("button", name="Start the lesson").click()
    close_tour(watched.page)
    watched.page.get_by_text("Step 1 of 11").wait_for()
    return ctx, watched


def test_students_follow_the_class_their_answers_count_and_come_back_after_a_reload(server, browser):
    teacher = _instructor(browser, server)
    api = server + "teach/api/classes"
    code = teacher.request.post(api, data={"name": "Follow", "lesson": "rnn"}).json()["code"]
    (ada_ctx, ada), (bo_ctx, bo) = _join(browser, server, code, "Ada"), _join(browser, server, code, "Bo")

    assert teacher.request.post(f"{api}/{code}/move", data={"step": "train"}).ok
    for student in (ada, bo):  # both pages move, and say why
        student.page.get_by_text("Step 3 of 11").wait_for(timeout=15_000)
        student.page.get_by_text("Your instructor moved the class to step 3: Train it.").wait_for()

    assert teacher.request.post(f"{api}/{code}/move", data={"step": "check"}).ok
    ada.page.get_by_text("Step 5 of 11").wait_for(timeout=15_000)
    question = ada.page.locator(".check").first
    choice = question.get_by_role("button").first
    answer = choice.inner_text()
    choice.click()
    question.locator(".check-feedback").wait_for()

    def answered():
        summary = teacher.request.get(f"{api}/{code}").json()
        return sum(sum(counts.values()) for counts in summary["answers"].values())
    # The answer is written behind the page, then read by the dashboard.
    wait_until(lambda: answered() == 1, 10, "the dashboard counting one answer")

    # Closed steps: after "check", Next is off; the pause holds training.
    assert teacher.request.post(f"{api}/{code}/lock", data={"step": "check"}).ok
    expect(ada.page.get_by_role("button", name="Next ▶")).to_be_disabled(timeout=10_000)

    # A reload comes back to the same step with the same answer.
    assert teacher.request.post(f"{api}/{code}/lock", data={"step": ""}).ok
    ada.page.goto(server + "rnn")
    ada.page.get_by_text("Step 5 of 11").wait_for(timeout=15_000)
    ada.page.locator(".check").first.locator(".check-feedback").wait_for()
    assert ada.page.locator(".check").first.get_by_role("button", name=answer).count() == 1
    assert ada.errors == [] and bo.errors == [] and ada.outside == []
    for ctx in (teacher, ada_ctx, bo_ctx):
        ctx.close()
