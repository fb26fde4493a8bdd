"""Generated waves and the shipped digits are what the lessons claim they are."""
import numpy as np
import pytest

from engine.digits import load_digit_split
from engine.sequences import WAVES, next_step_batch, wave


@pytest.mark.parametrize("kind", list(WAVES))
def test_targets_are_the_inputs_shifted_by_one_step_when_clean(kind):
    x, y = next_step_batch(kind, 8, 30, 0.0, np.random.default_rng(0))
    assert x.shape == y.shape == (8, 30, 1)
    assert np.allclose(x[:, 1:], y[:, :-1])
    assert np.abs(x).max() <= 1.0 + 1e-6


def test_noise_touches_inputs_not_targets():
    clean_x, clean_y = next_step_batch("sine", 4, 20, 0.0, np.random.default_rng(1))
    noisy_x, noisy_y = next_step_batch("sine", 4, 20, 0.3, np.random.default_rng(1))
    assert np.allclose(clean_y, noisy_y)
    assert 0.15 < np.std(noisy_x - clean_x) < 0.45


def test_unknown_wave_is_refused():
    with pytest.raises(ValueError, match="unknown wave"):
        wave("square", 10)


def test_digits_split_is_disjoint_scaled_and_complete():
    split = load_digit_split(0.2, seed=0)
    assert split.x_train.shape[1:] == (1, 8, 8)
    assert len(split.y_train) + len(split.y_val) == 1797
    assert 0.0 <= split.x_train.min() and split.x_train.max() <= 1.0
    assert set(split.y_val) == set(range(10))
