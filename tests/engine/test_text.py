"""The text step's task: a character LSTM learns the pattern and writes it back."""
import numpy as np
import pytest
import torch

from engine.run import TrainingRun
from engine.tasks import make_task


def test_a_character_lstm_learns_the_pattern_and_writes_it():
    run = TrainingRun(make_task("text", corpus="pattern"), {"lr": 0.01}, seed=0)
    before = run.view("sample")["text"]
    run.step(150)
    assert run.history["loss"][-1] < run.history["loss"][0] / 20
    run.set(temperature=0.1)
    text = run.view("sample")["text"]
    assert text == ("ba" * 40)[: len(text)]  # the corpus starts with "a": it continues "baba..."
    assert before != text


def test_the_sample_cell_state_is_the_explicit_cells_replay_of_what_it_wrote():
    task = make_task("text", corpus="paragraph")
    run = TrainingRun(task, seed=0)
    run.step(5)
    sample = run.view("sample")
    codes = [task.index[c] for c in sample["text"]]
    with torch.no_grad():
        _, (h, c) = run.model.rnn(task.one_hot([codes]))
    assert np.allclose(sample["cell"][-1], c[0, 0].numpy(), atol=1e-6)
    assert sample["cell"].shape == (80, 32) and np.all((0 < sample["probability"]) & (sample["probability"] <= 1))


def test_the_temperature_is_checked_and_changes_no_weight():
    run = TrainingRun(make_task("text"), seed=0)
    w = run.model.head.weight.clone()
    run.set(temperature=2.0)
    assert torch.equal(w, run.model.head.weight)
    with pytest.raises(ValueError):
        run.set(temperature=0)
