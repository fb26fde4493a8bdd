"""The CNN lesson's steps do what their text promises: 'Watch it learn' starts from fresh weights,
and 'Look at the mistakes' can always go back to a network that makes them."""
import time

import numpy as np

from engine.run import TrainingRun
from engine.tasks import make_task
from lessons.cnn.session import RUN_OPTIONS, CnnSession
from lessons.cnn.steps.learn import Learn
from lessons.cnn.steps.mistakes import MISTAKES_BELOW, snapshot_with_mistakes
from lessons.cnn.steps.overview import Overview


def test_the_head_start_trains_the_mistakes_away_and_a_kept_snapshot_brings_them_back():
    run = TrainingRun(make_task("digits"), {"lr": 0.003, "batch_size": 32}, seed=0, **RUN_OPTIONS)
    run.step(200)  # what "Train 200 batches" does
    assert run.evals[-1]["val_accuracy"] >= 0.95  # few mistakes left: why the step needs a way back
    found = snapshot_with_mistakes([(s["step"], s["seconds"]) for s in run.snapshots], run.evals, classes=10)
    assert found is not None
    index, step, accuracy = found
    assert 0.2 <= accuracy < MISTAKES_BELOW and step == run.snapshots[index]["step"]
    run.restore(index)
    after = run.evaluate()
    assert after["val_accuracy"] == accuracy  # the same weights, bitwise
    confusion = np.asarray(after["confusion"])
    mistakes = confusion.sum() - np.trace(confusion)
    assert mistakes >= 0.1 * confusion.sum()  # at least 36 of 359 images to look at


def test_no_snapshot_is_offered_when_none_has_mistakes_worth_a_look():
    evals = [{"step": 0, "val_accuracy": 0.1}, {"step": 20, "val_accuracy": 0.95}]
    assert snapshot_with_mistakes([(0, 0.0), (20, 1.0)], evals, classes=10) is None


def _poll_until(session, done, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        session.run.poll()
        if done():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s: steps {session.run.steps}, status {session.run.status}")


def test_coming_to_watch_it_learn_gives_fresh_weights_once():
    session = CnnSession()
    try:
        overview, learn = Overview(session), Learn(session)
        session.step, overview.active = "overview", True
        session.head_start(60)
        _poll_until(session, lambda: session.run.steps >= 60)
        overview.active, learn.active = False, True   # Next: the page leaves overview for learn
        _poll_until(session, lambda: session.run.steps == 0)
        session.step = "learn"
        session.head_start(30)
        _poll_until(session, lambda: session.run.steps >= 30)
        learn.active = False
        session.step, overview.active = "overview", True
        overview.active, learn.active = False, True   # back again: the student's training stays
        time.sleep(0.5)
        session.run.poll()
        assert session.run.steps >= 30
    finally:
        session.run.close()


def test_watch_it_learn_is_confirmed_once_the_climb_from_fresh_weights_is_seen():
    session = CnnSession()
    try:
        overview, learn = Overview(session), Learn(session)
        session.step, overview.active = "overview", True
        overview.active, learn.active = False, True   # fresh weights
        session.step = "learn"
        _poll_until(session, lambda: session.run.evals and session.run.evals[-1]["step"] == 0)
        assert not learn.confirmed
        session.settings.steps_per_second = 0  # as fast as it goes
        session.run.handle.train()
        _poll_until(session, lambda: learn.confirmed, timeout=90)
        accuracies = [e["val_accuracy"] for e in session.run.evals]
        assert accuracies[0] < 0.3 and max(accuracies) >= 0.9
    finally:
        session.run.close()
