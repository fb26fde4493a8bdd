"""The /rnn steps' live confirmations turn on when their condition holds on a real run, not before."""
import time

from lessons.rnn.session import RnnSession
from lessons.rnn.steps.memory import WhyMemory
from lessons.rnn.steps.train import TrainIt


def _train_until(runs, done, timeout=90.0):
    for run in runs:
        run.handle.train()
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        for run in runs:
            run.poll()
        time.sleep(0.05)
    for run in runs:
        run.handle.pause()


def test_train_is_confirmed_once_the_loss_fell_to_a_tenth():
    session = RnnSession()
    step = TrainIt(session)
    try:
        assert not step.confirmed
        _train_until([session.run], lambda: len(session.chart.curve()["value"]) >= 10)
        values = session.chart.curve()["value"]
        assert not step.confirmed or values[-1] < 0.1 * sum(values[:5]) / 5  # not before it holds
        _train_until([session.run], lambda: step.confirmed)
        values = session.chart.curve()["value"]
        assert step.confirmed and values[-1] < 0.1 * sum(values[:5]) / 5
    finally:
        session.run.close()


def test_memory_is_confirmed_when_the_lstm_beats_the_feed_forward_network():
    session = RnnSession()
    step = WhyMemory(session)
    try:
        step.view()
        ff, lstm = session.groups["memory"].runs.values()
        assert not step.confirmed
        _train_until([ff, lstm], lambda: step.confirmed)
        assert step.confirmed and lstm.loss < 0.2 * ff.loss
    finally:
        for run in session.runs:
            run.close()
