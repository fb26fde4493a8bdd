"""The generated shapes: the same seed gives the same images, the classes are balanced, the
CNN learns them, and every map the lesson would show equals a plain torch forward."""
import numpy as np
import torch

from engine.run import TrainingRun
from engine.shapes import SHAPES, load_shape_split, make_shapes, shape_mask
from engine.tasks import make_task

from .test_cnn import plain_forward


def test_the_same_seed_gives_the_same_images_and_another_seed_others():
    a, ya = make_shapes(40, seed=3)
    b, yb = make_shapes(40, seed=3)
    c, _ = make_shapes(40, seed=4)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.allclose(a, c)


def test_the_classes_are_balanced_and_train_and_validation_differ():
    split = load_shape_split(n_train=400, n_val=100)
    assert np.bincount(split.y_train).tolist() == [100] * 4 and np.bincount(split.y_val).tolist() == [25] * 4
    assert split.x_train.shape == (400, 3, 16, 16) and split.x_train.dtype == np.float32
    assert 0 <= split.x_train.min() and split.x_train.max() <= 1
    flat_train = {img.tobytes() for img in split.x_train}
    assert not any(img.tobytes() in flat_train for img in split.x_val)


def test_colour_and_position_vary_and_every_shape_lies_inside():
    x, y = make_shapes(200, seed=0)
    colours = x.reshape(200, 3, -1).max(axis=2)
    assert colours.std(axis=0).min() > 0.1                      # each channel's brightness varies
    centres = [np.argwhere(img.sum(0) > 0).mean(0) for img in x]
    assert np.std(centres, axis=0).min() > 1.0                   # so does the place
    areas = {k: shape_mask(k, 16, 8, 8, 5).sum() for k in SHAPES}
    for k in SHAPES:  # the most extreme place a shape may get (centre r from a corner) cuts none of it off
        assert shape_mask(k, 16, 5, 5, 5).sum() == areas[k] and shape_mask(k, 16, 11, 11, 5).sum() == areas[k]
    assert len(set(areas.values())) == 4 and min(areas.values()) > 20  # four different shapes, none a speck


def test_the_cnn_learns_the_shapes_well_above_chance():
    run = TrainingRun(make_task("shapes"), {"lr": 0.003}, seed=0, eval_every=150)
    assert run.evals[0]["val_accuracy"] < 0.4
    run.step(300)
    assert run.evals[-1]["val_accuracy"] > 0.8, run.evals[-1]["val_accuracy"]


def test_every_map_on_three_channels_equals_a_plain_torch_forward():
    run = TrainingRun(make_task("shapes", channels=(4, 6)), {"input_index": 5}, seed=1)
    run.step(5)
    shown = run.view("maps")
    with torch.no_grad():
        expected = plain_forward(run.model, run.task.x_val[5:6])
    assert shown["maps"][0].shape == (3, 16, 16) and shown["maps"][-1].shape == (4,)
    assert shown["weights"]["conv1_1"].shape == (4, 3, 3, 3)
    for name, got, want in zip(shown["names"], shown["maps"], expected):
        np.testing.assert_allclose(got, want[0].numpy(), rtol=1e-5, atol=1e-6, err_msg=name)
    assert shown["label"] == int(run.task.y_val[5])
