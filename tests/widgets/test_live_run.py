"""LiveRun carries a real engine run to the page's widgets: what they show is the run's."""
import time

import param
import pytest
import torch

from engine.pool import RunPool
from engine.run import TrainingRun
from engine.tasks import make_task
from widgets.run.live_run import LiveRun
from widgets.run.stream_chart import StreamChart
from widgets.run.train_controls import TrainControls


class Settings(param.Parameterized):
    lr = param.Number(0.01, bounds=(1e-6, 100))
    steps_per_second = param.Number(0.0)


@pytest.fixture
def pool():
    p = RunPool(workers=1)
    yield p
    p.shutdown()


def poll_until(live, predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        live.poll()
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out at status {live.status}, step {live.steps}")


def test_the_chart_shows_exactly_the_losses_torch_computed():
    # A process worker, as the server runs by default: thread workers share torch's generator with
    # every thread the earlier tests left (a run opened beside them drew other initial weights).
    pool = RunPool(workers=1, backend="process")
    settings, chart = Settings(), StreamChart()
    controls = TrainControls(settings=settings, widgets={"lr": None})
    live = LiveRun(pool, "sequence", settings, watch=["prediction"], chart=chart, controls=controls)
    live.handle.step(25)
    poll_until(live, lambda: live.steps == 25)
    # The same seed, task and settings trained here directly: the page shows these numbers.
    # Computed as the worker computes, on one torch thread (another count sums in another order).
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        reference = TrainingRun(make_task("sequence"), {"lr": 0.01}, seed=0)
        reference.step(25)
    finally:
        torch.set_num_threads(threads)
    assert list(chart.curve()["value"]) == reference.history["loss"]
    assert controls.steps == 25 and live.views["prediction"]["continuation"].shape == (40,)
    live.close()
    pool.shutdown()


def test_a_changed_setting_reaches_the_run_and_bad_input_shows_a_message(pool):
    settings = Settings()
    controls = TrainControls(settings=settings, widgets={"lr": None})
    live = LiveRun(pool, "sequence", settings, controls=controls)
    settings.lr = 0.002
    poll_until(live, lambda: live.hyper.get("lr") == 0.002)
    live.handle.set(lr=-1)
    poll_until(live, lambda: "lr must lie between" in controls.message)
    assert live.hyper["lr"] == 0.002
    live.close()


def test_train_pause_and_reset_buttons_drive_the_run(pool):
    settings, chart = Settings(), StreamChart()
    controls = TrainControls(settings=settings, widgets={"lr": None})
    live = LiveRun(pool, "sequence", settings, chart=chart, controls=controls)
    controls._train.clicks += 1
    poll_until(live, lambda: live.steps > 20)
    controls._pause.clicks += 1
    poll_until(live, lambda: live.status == "paused")
    controls._reset.clicks += 1
    poll_until(live, lambda: live.steps == 0 and live.status == "ready")
    assert len(chart.curve()["step"]) == 0
    live.close()


def test_pause_shows_at_once_and_an_update_sent_before_it_does_not_undo_it(pool):
    settings = Settings()
    controls = TrainControls(settings=settings, widgets={"lr": None})
    live = LiveRun(pool, "sequence", settings, controls=controls)
    controls._train.clicks += 1
    assert controls.status == "training"  # before any answer from the worker
    poll_until(live, lambda: live.steps > 5)
    controls._pause.clicks += 1
    assert controls.status == "paused" and controls._pause.disabled and not controls._train.disabled
    # An update the worker sent while still training arrives after the click: still paused.
    live.handle._updates.append({"status": "training", "steps": live.steps + 1, "metrics": {}})
    live.poll()
    assert controls.status == "paused" and controls.steps == live.steps
    # The worker's own answer: paused, at the step it really stopped at; later statuses count.
    time.sleep(0.5)
    live.poll()
    stopped_at = live.steps
    time.sleep(0.3)
    live.poll()
    assert live.status == "paused" and live.steps == stopped_at and live._stale is None
    live.close()


def test_a_group_pauses_all_its_runs_at_once_and_reads_out_each_runs_step(pool):
    from widgets.run.run_group import RunGroup
    chart = StreamChart(series=["a", "b"])
    runs = {label: LiveRun(pool, "sequence", Settings(), chart=chart, series=label) for label in "ab"}
    group = RunGroup(runs, chart)
    group._train.clicks += 1
    assert [r.status for r in runs.values()] == ["training", "training"]  # before the worker answers
    for run in runs.values():
        poll_until(run, lambda run=run: run.steps >= 3)
    group._pause.clicks += 1
    assert group.state_text.startswith("<b>Paused</b> · a step ")
    for run in runs.values():
        poll_until(run, lambda run=run: run.status == "paused" and run._stale is None)
    a, b = runs["a"].steps, runs["b"].steps
    assert group._state.text == f"<b>Paused</b> · a step {a} · b step {b}"
    assert chart.curve("a")["step"][-1] == a and chart.curve("b")["step"][-1] == b  # each run its own line
    runs["a"].status = "training"
    assert group.state_text == f"<b>Training</b> · a step {a} · b step {b} (paused)"
    group.close()


def test_a_session_alone_for_a_few_seconds_closes_its_run_whatever_the_client_did(pool, monkeypatch):
    """The watchdog reads the server session's websocket count, as a served page's poll does."""
    import types

    import widgets.run.live_run as live_run
    monkeypatch.setattr(live_run, "ALONE_SECONDS", 0.5)
    session = types.SimpleNamespace(connection_count=1)
    live = LiveRun(pool, "sequence", Settings())
    live._doc = types.SimpleNamespace(session_context=types.SimpleNamespace(_session=session))
    live.handle.train()
    poll_until(live, lambda: live.steps > 0)
    assert pool.stats()["open_runs"] == 1
    session.connection_count = 0  # the browser left; nothing told the session to end
    live.poll()
    assert pool.stats()["open_runs"] == 1  # a moment alone (a reconnect) is not enough
    session.connection_count = 1
    time.sleep(0.6)
    live.poll()
    assert pool.stats()["open_runs"] == 1  # it came back: the clock starts again
    session.connection_count = 0
    deadline = time.monotonic() + 5
    while pool.stats()["open_runs"] and time.monotonic() < deadline:
        live.poll()
        time.sleep(0.05)
    assert pool.stats()["open_runs"] == 0
    live.poll()  # later polls of a closed run do nothing


def test_a_click_while_the_last_is_pending_is_ignored_and_the_page_says_so(pool):
    from widgets.run.live_run import BUSY, COMMANDS_PER_SECOND
    settings = Settings()
    controls = TrainControls(settings=settings, widgets={"lr": None})
    live = LiveRun(pool, "sequence", settings, controls=controls)
    try:
        sent = []
        live.command = lambda op: sent.append(op)
        for _ in range(COMMANDS_PER_SECOND * 4):  # a burst of clicks within a second
            controls.param.trigger("train")
        assert sent == ["train"] * COMMANDS_PER_SECOND and controls.message == BUSY
        deadline = time.monotonic() + 3
        while len(sent) == COMMANDS_PER_SECOND and time.monotonic() < deadline:
            controls.param.trigger("pause")  # accepted again once the second has passed
            time.sleep(0.05)
        assert sent[-1] == "pause"
    finally:
        live.close()


def test_a_page_holds_at_most_its_run_cap_and_a_closed_run_frees_a_place(pool, monkeypatch):
    from bokeh.document import Document
    from panel.io.state import set_curdoc

    import widgets.run.live_run as live_run
    monkeypatch.setattr(live_run, "RUNS_PER_SESSION", 2)
    with set_curdoc(Document()):
        first, second = LiveRun(pool, "sequence", Settings()), LiveRun(pool, "sequence", Settings())
        with pytest.raises(live_run.TooManyRuns, match="already has 2 runs open"):
            LiveRun(pool, "sequence", Settings())
        assert pool.stats()["open_runs"] == 2
        second.reopen()  # a fresh run in the same place is no new place
        first.close()
        third = LiveRun(pool, "sequence", Settings())
    with set_curdoc(Document()):  # another student's page has its own cap
        other = LiveRun(pool, "sequence", Settings())
    for run in (second, third, other):
        run.close()
    assert pool.stats()["open_runs"] == 0


class _Session:
    """What LiveRun reads of a served Bokeh session: its websocket count."""
    connection_count = 0


class _Context:
    _session = None  # Bokeh sets it once it has built the page
    request = type("Request", (), {"cookies": {}})()  # a cookieless browser's (the server reads its owner there)


def served_document():
    """A Bokeh document as a served page's session has it while Bokeh builds it: no browser yet."""
    import weakref

    from bokeh.document import Document
    doc, context = Document(), _Context()
    doc._session_context = weakref.ref(context)
    doc._keep = context  # the document holds its context alive, as Bokeh's server does
    return doc, context


def test_one_browser_trains_in_at_most_its_tab_cap_and_another_browser_is_not_held_by_it(pool, monkeypatch):
    from bokeh.document import Document
    from panel.io.state import set_curdoc

    import widgets.run.live_run as live_run
    owner = {"who": "visitor:a"}
    monkeypatch.setattr(live_run, "session_owner", lambda: owner["who"])
    pages = []
    for who in ("visitor:a", "visitor:a", "visitor:a", "visitor:b"):
        owner["who"] = who
        with set_curdoc(Document()):
            settings = Settings()
            controls = TrainControls(settings=settings, widgets={"lr": None})
            pages.append((LiveRun(pool, "sequence", settings, controls=controls), controls))
    try:
        (a1, _), (a2, _), (a3, a3_controls), (b, b_controls) = pages
        a1.command("train")
        a2.command("train")
        assert a1.status == a2.status == "training"
        assert live_run.tabs_training("visitor:a") == 2 and live_run.tabs_training("visitor:a", but=a1._doc) == 1
        a3.command("train")  # a third tab of the same browser
        assert a3.status != "training" and a3_controls.message == live_run.TRAINING_ELSEWHERE.format(n=2)
        b.command("train")  # another browser is not held by the first one's tabs
        assert b.status == "training" and not b_controls.message
        a2.command("pause")
        a3.command("train")  # a tab freed: the third may train now
        assert a3.status == "training"
    finally:
        for run, _ in pages:
            run.close()


def test_a_page_built_for_a_plain_request_opens_no_run_until_its_browser_connects(pool):
    """A GET builds the page; the run opens on the pool only once the browser has drawn the page
    (Panel's onload), and what the page asked of it meanwhile (a prepared state) is carried out
    then, in order."""
    from panel.io.state import set_curdoc
    doc, context = served_document()
    settings = Settings()
    with set_curdoc(doc):
        live = LiveRun(pool, "sequence", settings)
        settings.lr = 0.002
        live.prepare(7, lr=0.003)
    assert not live.opened and pool.stats()["open_runs"] == 0
    context._session = _Session()  # built, but no browser yet: polls change nothing
    for _ in range(3):
        live.poll()
    assert not live.opened and pool.stats()["open_runs"] == 0
    context._session.connection_count = 1  # the browser's websocket: still nothing
    for _ in range(3):
        live.poll()
    assert not live.opened
    live.connect()  # the browser drew the page (Panel's onload)
    poll_until(live, lambda: live.steps == 7)
    assert pool.stats()["open_runs"] == 1 and live.hyper["lr"] == 0.003
    live.close()
    assert pool.stats()["open_runs"] == 0


def test_a_page_whose_browser_never_came_frees_its_place_and_never_opens_a_run(pool):
    from panel.io.state import set_curdoc

    import widgets.run.live_run as live_run
    doc, context = served_document()
    with set_curdoc(doc):
        live = LiveRun(pool, "sequence", Settings())
        live.reopen(kind="square")  # a query value applied while the page is built
    context._session = _Session()
    live.close()  # the session ended (Bokeh's unused-session check)
    live.connect()  # an onload that came too late does nothing
    assert pool.stats()["open_runs"] == 0 and not live_run._open_runs.get(doc)


def test_a_run_resumed_while_its_page_is_built_reopens_from_the_saved_state_once_the_browser_connects():
    """The class link resumes a student's run while their page is built (at the GET): the run
    opens from the saved state only when the browser connects."""
    from panel.io.state import set_curdoc
    pool = RunPool(workers=1, backend="process")  # process workers send checkpoints
    try:
        first = LiveRun(pool, "sequence", Settings(lr=0.02))  # no served session: open at once
        first.handle.step(12)
        poll_until(first, lambda: first.steps == 12, timeout=60)
        first.handle.pause()  # a paused run's state is sent at once
        poll_until(first, lambda: (first.saved() or {}).get("checkpoint", {}).get("step") == 12, timeout=60)
        state = first.saved()
        first.close()

        doc, context = served_document()
        settings = Settings()
        with set_curdoc(doc):
            live = LiveRun(pool, "sequence", settings)
            live.resume(state, "Welcome back")
        notices = []
        live.param.watch(lambda e: notices.append(e.new), "notice")
        assert not live.opened and live.saved() is None and pool.stats()["open_runs"] == 0
        assert settings.lr == 0.02  # the page's controls show the saved settings at once
        context._session = _Session()
        context._session.connection_count = 1
        live.connect()  # the browser drew the page (Panel's onload)
        poll_until(live, lambda: live.steps == 12, timeout=60)
        assert pool.stats()["open_runs"] == 1 and live.status == "paused" and "Welcome back" in notices
        assert live.hyper["lr"] == 0.02
        live.close()
    finally:
        pool.shutdown()
