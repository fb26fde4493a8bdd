"""/teach in Chromium: the instructor logs in, starts a class, a student joins by its link and
shows on the roster, and the class controls write the class's state."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TEACH_PASSWORD, Watched, close_tour, wait_until
from widgets.style.numbers import significant

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

    page.get_by_role("cell", name="Ada", exact=True).wait_for(timeout=10_000)  # the roster shows the student
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


def test_the_instructor_views_a_training_student_read_only(server, browser):
    """'View Ada' opens her page's state: her step, and her run's loss curve, live, whose latest
    point is the one her own page shows; her data is refused to anyone but the instructor."""
    teacher_ctx = _instructor(browser, server)
    api = server + "teach/api/classes"
    code = teacher_ctx.request.post(api, data={"name": "View", "lesson": "rnn"}).json()["code"]
    ada_ctx, ada = _join(browser, server, code, "Ada")
    assert teacher_ctx.request.post(f"{api}/{code}/move", data={"step": "train"}).ok
    ada.page.get_by_text("Step 3 of 11").wait_for(timeout=15_000)
    expect(ada.page.get_by_text(re.compile(r"^Ready · step 0"))).to_be_visible(timeout=30_000)  # the step's view
    ada.page.get_by_role("button", name="▶ Train").click()
    expect(ada.page.get_by_text(re.compile(r"^Training · step \d{2,}"))).to_be_visible(timeout=60_000)

    teacher = Watched(teacher_ctx.new_page())
    page = teacher.page
    page.set_default_timeout(30_000)
    page.goto(server + "teach")
    page.get_by_label("Class", exact=True).select_option(label=f"View · {code}")
    page.get_by_role("button", name="View Ada").click()
    view = page.locator(".student-view")
    expect(view.locator(".student-step")).to_have_text("3. Train it")
    # Live while she trains: the step in the view's readout goes up without a reload.
    readout = view.locator(".stream-chart .readout")
    expect(readout).to_have_text(re.compile(r"^Loss \S+ at step \d+$"))
    first = int(shown(readout).rsplit(" ", 1)[1])
    expect(readout).not_to_have_text(re.compile(rf" at step {first}$"), timeout=10_000)
    changes = readout.evaluate(COUNT_CHANGES)  # how often the view's readout changed in 3 s of training
    print(f"student view: {len(changes)} readout updates in 3 s: {changes}")
    assert len(changes) >= 3, changes  # at least once a second

    # Paused, her page and the view settle on the same last point, the engine's.
    ada.page.get_by_role("button", name="❚❚ Pause").click()
    expect(ada.page.get_by_text(re.compile(r"^Paused · step"))).to_be_visible(timeout=15_000)
    ada_id = next(s["id"] for s in teacher_ctx.request.get(f"{api}/{code}").json()["roster"] if s["name"] == "Ada")
    data_url = server + f"teach/api/students/{ada_id}"

    def latest():  # her run's latest point, read from the engine through the API
        runs = [r for r in teacher_ctx.request.get(data_url).json()["runs"] if r["label"] == "sequence"]
        assert len(runs) == 1, runs  # the one run of "Train it"
        return tuple(runs[0]["latest"]) if runs[0]["status"] == "paused" else None
    seen = [None]

    def still():  # paused, and the same point twice in a row
        seen.append(latest())
        return bool(seen[-1]) and seen[-1] == seen[-2]
    wait_until(still, what="her paused run's latest point settling")
    step, loss = seen[-1]
    expect(ada.page.locator(".live-loss .readout")).to_have_text(f"Loss (MSE) {significant(loss)} at step {step}",
                                                                timeout=15_000)  # what her own page shows
    expect(readout).to_have_text(f"Loss {significant(loss)} at step {step}")
    expect(view.locator(".student-runs tr", has_text="sequence").locator(".latest-loss")).to_have_text(f"{loss:.6g}")
    page.wait_for_function(f"([step, loss]) => {{ const p = ({CURVE_POINTS})(); const last = p[p.length - 1]; "
                           "return !!last && last[0] === step && last[1] === loss; }", arg=[step, loss],
                           timeout=15_000)  # the line's data in the browser ends on the engine's last point
    points = page.evaluate(CURVE_POINTS)
    assert len(points) == len({s for s, _ in points}) > 20  # no point twice

    # Nobody else gets her data: not Ada herself, not a visitor.
    assert ada_ctx.request.get(data_url).status == 403
    visitor = browser.new_context()
    assert visitor.request.get(data_url).status == 403
    page.get_by_role("button", name="Close this view").click()
    expect(view).to_be_hidden()
    assert teacher.errors == [] and teacher.outside == [] and ada.errors == []
    for ctx in (visitor, teacher_ctx, ada_ctx):
        ctx.close()


def shown(locator) -> str:
    """The text a Panel pane shows: it lies in the pane's shadow root, beside its stylesheets."""
    return locator.evaluate("e => [...e.shadowRoot.children].filter((c) => c.tagName === 'DIV')"
                            ".map((c) => c.innerText).join('').trim()")


# The texts a pane showed, each time it changed, over 3 s (a MutationObserver on its shadow root).
COUNT_CHANGES = """(e) => new Promise((done) => {
  const seen = [];
  const read = () => [...e.shadowRoot.children].filter((c) => c.tagName === 'DIV').map((c) => c.innerText).join('');
  const observer = new MutationObserver(() => { const t = read(); if (t !== seen[seen.length - 1]) seen.push(t); });
  observer.observe(e.shadowRoot, { subtree: true, childList: true, characterData: true });
  setTimeout(() => { observer.disconnect(); done(seen); }, 3000);
})"""


# The points of the student view's loss line, read from BokehJS's own data source in the page.
CURVE_POINTS = """() => {
  for (const doc of Bokeh.documents) {
    for (const entry of doc.all_models) {
      const m = Array.isArray(entry) ? entry[1] : entry;
      if (m.tags && m.tags.includes('student-curve') && m.data) {
        const data = m.data instanceof Map ? Object.fromEntries(m.data) : m.data;
        return Array.from(data.step, (s, i) => [s, data.value[i]]);
      }
    }
  }
  return [];
}"""
