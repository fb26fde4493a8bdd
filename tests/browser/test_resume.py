"""A student in a class trains, the server is killed with SIGKILL and started again: their page,
reloaded, is on the same step with their model back at its saved step and loss."""
import json
import os
import re
import sqlite3
import tempfile

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TEACH_PASSWORD, Watched, close_tour, start_server, wait_until

pytestmark = pytest.mark.browser
LOSS = re.compile(r"Loss \(MSE\) ([0-9.e+-]+) at step (\d+)")


def _saved(db):
    with sqlite3.connect(db) as c:
        return [json.loads(m) for (m,) in c.execute("SELECT measures FROM snapshots")]


def test_a_student_comes_back_after_the_server_was_killed(browser):
    db = os.path.join(tempfile.mkdtemp(prefix="explorables-resume-"), "runs.sqlite")
    proc, base = start_server(db)
    try:
        teacher = browser.new_context()
        page = teacher.new_page()
        page.goto(base + "teach/login")
        page.get_by_label("Instructor password").fill(TEACH_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"/teach$"))
        code = teacher.request.post(base + "teach/api/classes", data={"name": "R", "lesson": "rnn"}).json()["code"]
        assert teacher.request.post(f"{base}teach/api/classes/{code}/move", data={"step": "train"}).ok

        student_ctx = browser.new_context(viewport={"width": 1280, "height": 800})
        student = Watched(student_ctx.new_page())
        me = student.page
        me.set_default_timeout(30_000)
        me.goto(base + f"join/{code}")
        me.get_by_role("button", name="Join the class").click()
        me.get_by_role("button", name="Start the lesson").click()
        close_tour(me)
        expect(me.get_by_text("Step 3 of 11")).to_be_visible()
        me.get_by_role("button", name="▶ Train").click()
        # The run opens when the page connects (not at the GET), the worker's first on this fresh
        # server: its first steps can come a few seconds after the click on a loaded machine.
        expect(me.get_by_text(re.compile(r"step [4-9]\d|step \d{3}")).first).to_be_visible(timeout=20_000)
        me.get_by_role("button", name="❚❚ Pause").click()
        # Written behind the page: the pause, then the worker's next checkpoint.
        wait_until(lambda: any(m["step"] >= 40 for m in _saved(db)), 30, "a checkpoint at step 40 or later")
        saved = max(_saved(db), key=lambda m: m["step"])
        assert saved["step"] >= 40

        proc.kill()  # SIGKILL: nothing is flushed on the way out
        proc.wait(timeout=10)
        port = int(base.rsplit(":", 1)[1].strip("/"))
        proc, base = start_server(db, port=port)

        me.goto(base + "rnn")
        expect(me.get_by_text("Step 3 of 11")).to_be_visible()
        # The resumed run opens when the reloaded page connects: allow the fresh worker's first open.
        back = me.get_by_text(f"your model is where you left it, at step {saved['step']}")
        expect(back).to_be_visible(timeout=20_000)
        shown = LOSS.search(me.get_by_text(LOSS).first.inner_text())
        assert int(shown.group(2)) == saved["step"]
        assert float(shown.group(1)) == pytest.approx(saved["loss"], rel=0.01)  # as the readout rounds it
        teacher.close()
        student_ctx.close()
    finally:
        proc.kill()
        proc.wait(timeout=10)
