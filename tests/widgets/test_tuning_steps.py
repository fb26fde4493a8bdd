"""The /tuning steps at their defaults: step 2's goal can be reached with one λ and missed on
either side of it (the trade-off the step teaches), and its live confirmation turns on with it."""
import time

from engine.sweep import default_config
from lessons.tuning.experiments.knobs import L1Settings, goal_met
from lessons.tuning.session import TuningSession
from lessons.tuning.steps.l1 import L1Penalty
from tests.engine.test_tuning import run_from


def _evals_at(l1: float, steps: int = 1000) -> list[dict]:
    s = L1Settings()
    run = run_from(default_config(l1=l1, lr=s.lr, optimizer=s.optimizer), eval_every=100)
    run.step(steps)
    return run.evals


def test_the_l1_goal_is_met_by_a_middle_lambda_and_missed_on_both_sides():
    assert any(goal_met(e) for e in _evals_at(0.003))
    small, large = _evals_at(0.0003), _evals_at(0.01)
    assert max(e["near_zero"] for e in small) < 0.7      # too weak: most weights stay
    assert max(e["val_accuracy"] for e in large[3:]) < 0.92  # too strong: it reads worse


def test_the_l1_step_is_confirmed_when_its_goal_is_reached():
    session = TuningSession()
    step = L1Penalty(session)
    l1 = session.l1
    try:
        assert not step.confirmed
        l1.settings.param.update(l1=0.003, steps_per_second=100)
        l1.run.handle.train()
        deadline = time.monotonic() + 90
        while not step.confirmed and time.monotonic() < deadline:
            l1.run.poll()
            time.sleep(0.05)
        assert step.confirmed and any(goal_met(e) for e in l1.run.evals)
    finally:
        l1.run.close()


def test_step_one_default_learning_rate_moves_the_loss_within_three_seconds():
    from lessons.tuning.experiments.knobs import LrSettings
    s = LrSettings()
    run = run_from(default_config(lr=s.lr, optimizer=s.optimizer, momentum=s.momentum))
    run.step(90)  # three seconds at the step's default 30 steps/s
    loss = run.history["loss"]
    assert sum(loss[-10:]) / 10 < 0.4 * sum(loss[:10]) / 10  # visibly falling (0.23x; at lr 0.01 it was 0.75x)


def test_challenge_attempts_rank_by_accuracy_then_fewer_steps_and_old_timed_ones_last():
    from engine.defaults import CHALLENGE_STEPS
    from lessons.tuning.experiments.challenge import challenge_rank

    def attempt(name, acc, steps=None):
        measures = {"val_accuracy": acc, **({"step": steps} if steps is not None else {})}
        return {"id": name, "measures": measures}
    runs = [attempt("timed", 0.99), attempt("b", 0.95, CHALLENGE_STEPS), attempt("a", 0.98, CHALLENGE_STEPS),
            attempt("early", 0.95, CHALLENGE_STEPS - 50)]
    assert [r["id"] for r in challenge_rank(runs)] == ["a", "early", "b", "timed"]


def test_a_paused_step_one_run_is_the_students_on_the_class_map(tmp_path, monkeypatch):
    """Steps 1-2's runs count as the student's: paused, the run is on the map as theirs, once, under
    the owner the server signed for the page, and its accuracy is the run's last eval."""
    import engine.store as store_module
    from widgets.course import owner
    monkeypatch.setattr(store_module, "_shared", store_module.Store(str(tmp_path / "runs.sqlite")))
    monkeypatch.setattr(owner, "_source", lambda: "0123456789abcdef")  # the signed cookie's id
    session = TuningSession()
    lr = session.lr
    try:
        lr.settings.steps_per_second = 100
        lr.run.handle.train()
        deadline = time.monotonic() + 60
        while len(lr.run.evals) < 2 and time.monotonic() < deadline:
            lr.run.poll()
            time.sleep(0.05)
        lr.run.handle.pause()
        while lr.run.status != "paused" and time.monotonic() < deadline:
            lr.run.poll()
            time.sleep(0.05)
        store = store_module.shared_store().runs
        store.db.flush()
        [kept] = store.runs("tuning")
        assert kept["browser"] == session.identity.id == "0123456789abcdef" and kept["kind"] == "lr-knob"
        assert kept["measures"]["val_accuracy"] == lr.run.evals[-1]["val_accuracy"]
        assert kept["settings"]["lr"] == lr.settings.lr and kept["settings"]["depth"] == 3
        explorer = session.tradeoff  # the map opens: the run is kept again, as it stands
        store.db.flush()
        [kept] = store.runs("tuning")
        assert kept["browser"] == "0123456789abcdef"
        assert [p["mine"] for p in explorer.map.points] == [True]
    finally:
        lr.run.close()
