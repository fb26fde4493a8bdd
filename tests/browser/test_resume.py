"""A student in a class trains, the server is killed with SIGKILL and started again on the same store
(SQLite and PostgreSQL): their page, reloaded, is on the same step with their model back at its
saved snapshot: the step and loss shown are the snapshot's, and the guesses drawn are what the
snapshot's weights predict, computed here from the bytes the store holds."""
import json
import re

import numpy as np
import pytest
import torch
from playwright.sync_api import expect

from engine import saved_run
from engine.store.db import Database
from engine.tasks import make_task
from tests.browser.conftest import TEACH_PASSWORD, Watched, close_tour, start_server, wait_until

pytestmark = pytest.mark.browser
LOSS = re.compile(r"Loss \(MSE\) ([0-9.e+-]+) at step (\d+)")

# The next-step guesses the page's prediction plot draws, read from BokehJS's own data source.
GUESSES = """() => {
  for (const doc of Bokeh.documents) {
    for (const entry of doc.all_models) {
      const m = Array.isArray(entry) ? entry[1] : entry;
      if (m.tags && m.tags.includes('prediction-guess') && m.data) {
        const data = m.data instanceof Map ? Object.fromEntries(m.data) : m.data;
        if (data.y && data.y.length) return Array.from(data.y);
      }
    }
  }
  return [];
}"""


def _saved(url) -> list[dict]:
    """Every run snapshot the store holds: {run, measures, blob}."""
    db = Database(url)
    try:
        return [{"run": run, "measures": json.loads(m), "blob": bytes(blob)}
                for run, m, blob in db.read("SELECT run, measures, snapshot FROM snapshots")]
    finally:
        db.close()


def _guesses(run_key: str, blob: bytes) -> np.ndarray:
    """What the saved weights predict on the plot's fixed stretch of wave, one step ahead: (shown,)."""
    task_name, _series, args = run_key.split("|")  # LiveRun.key: task|series|k=v,...
    task_args = {k: int(v) if v.isdigit() else v for k, v in (a.split("=", 1) for a in args.split(",") if a)}
    task = make_task(task_name, **task_args)
    checkpoint = saved_run.unpack(blob)["checkpoint"]
    model = task.build_model()
    model.load_state_dict({k: torch.from_numpy(v) for k, v in checkpoint["weights"].items()})
    return task.prediction(model.eval(), checkpoint["hyper"])["one_step"]


def _same(drawn: list, expected: np.ndarray) -> bool:
    """The guesses drawn are the expected ones (float32, through JSON)."""
    return len(drawn) == len(expected) and np.allclose(drawn, expected, rtol=0, atol=1e-5)


def test_a_student_comes_back_after_the_server_was_killed(browser, store_url):
    proc, base = start_server(store_url)
    try:
        teacher = browser.new_context()
        page = teacher.new_page()
        page.goto(base + "teach/login")
        page.get_by_label("Instructor password").fill(TEACH_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"/teach$"))
        code = teacher.request.post(base + "teach/api/classes", data={"name": "R", "lesson": "rnn"}).json()["code"]

        student_ctx = browser.new_context(viewport={"width": 1280, "height": 800})
        student = Watched(student_ctx.new_page())
        me = student.page
        me.set_default_timeout(30_000)
        me.goto(base + f"join/{code}")
        me.get_by_role("button", name="Join the class").click()
        me.get_by_role("button", name="Start the lesson").click()
        close_tour(me)
        # The student goes to step 3 on their own (the class is not moved: a class's step would bring
        # the reloaded page there whatever the store kept of the student).
        for k in (1, 2):
            expect(me.get_by_text(f"Step {k} of 11")).to_be_visible()
            me.get_by_role("button", name="Next ▶").click()
        expect(me.get_by_text("Step 3 of 11")).to_be_visible()
        me.get_by_role("button", name="▶ Train").click()
        # The run opens when the page connects (not at the GET), the worker's first on this fresh
        # server: its first steps can come a few seconds after the click on a loaded machine.
        expect(me.get_by_text(re.compile(r"step [4-9]\d|step \d{3}")).first).to_be_visible(timeout=20_000)
        me.get_by_role("button", name="❚❚ Pause").click()
        # Written behind the page: the pause, then the worker's next checkpoint.
        wait_until(lambda: any(s["measures"]["step"] >= 40 for s in _saved(store_url)), 30,
                   "a checkpoint at step 40 or later")
        proc.kill()  # SIGKILL: nothing is flushed on the way out
        proc.wait(timeout=10)
        # What the store holds now is what the new server has to bring back.
        saved = max(_saved(store_url), key=lambda s: s["measures"]["step"])
        step, loss = saved["measures"]["step"], saved["measures"]["loss"]
        assert step >= 40
        expected = _guesses(saved["run"], saved["blob"])
        port = int(base.rsplit(":", 1)[1].strip("/"))
        proc, base = start_server(store_url, port=port)

        me.goto(base + "rnn")  # the student's next page request, no step in the link
        expect(me.get_by_text("Step 3 of 11")).to_be_visible()
        # The resumed run opens when the reloaded page connects: allow the fresh worker's first open.
        back = me.get_by_text(f"your model is where you left it, at step {step}")
        expect(back).to_be_visible(timeout=20_000)
        shown = LOSS.search(me.get_by_text(LOSS).first.inner_text())
        assert int(shown.group(2)) == step
        assert float(shown.group(1)) == pytest.approx(loss, rel=0.01)  # as the readout rounds it
        # The same weights: the guesses drawn are the saved weights' own (the run the page opened
        # first, fresh at step 0, is replaced by the resumed one: wait for its drawing).
        wait_until(lambda: _same(me.evaluate(GUESSES), expected), 20, "the saved weights' guesses drawn")
        teacher.close()
        student_ctx.close()
    finally:
        proc.kill()
        proc.wait(timeout=10)
