"""The CNN lesson's engine: every number the lesson shows is the one torch computes."""
import numpy as np
import pytest
import torch
from torch.nn import functional as F

from engine.cnn import Architecture, TinyVGG, conv_at, layer_shapes, output_size, pool_at, softmax_parts
from engine.run import TrainingRun
from engine.tasks import make_task


def plain_forward(model: TinyVGG, x: torch.Tensor) -> list[torch.Tensor]:
    """The network written out with torch.nn.functional on the model's own weights."""
    outs, h = [x], x
    for b in range(1, len(model.arch.channels) + 1):
        for i in (1, 2):
            conv = getattr(model.features, f"conv{b}_{i}")
            h = F.conv2d(h, conv.weight, conv.bias, padding=model.arch.padding)
            outs.append(h)
            h = F.relu(h)
            outs.append(h)
        h = F.max_pool2d(h, 2)
        outs.append(h)
    flat = h.reshape(h.shape[0], -1)
    logits = F.linear(flat, model.classifier.weight, model.classifier.bias)
    return outs + [flat, logits, torch.softmax(logits, dim=1)]


@pytest.mark.parametrize("task_args", [{}, {"channels": (4, 6, 8)}, {"channels": (5,), "kernel": 5, "padding": 2}])
def test_every_map_the_lesson_shows_equals_a_plain_torch_forward(task_args):
    run = TrainingRun(make_task("digits", **task_args), {"input_index": 7}, seed=1)
    run.step(5)
    shown = run.view("maps")
    x = run.task.x_val[7:8]
    with torch.no_grad():
        expected = plain_forward(run.model, x)
    assert shown["names"][0] == "input" and shown["names"][-1] == "probabilities"
    assert len(shown["maps"]) == len(expected)
    for name, got, want in zip(shown["names"], shown["maps"], expected):
        np.testing.assert_allclose(got, want[0].numpy(), rtol=1e-5, atol=1e-6, err_msg=name)
    assert shown["label"] == int(run.task.y_val[7])
    assert [m.shape for m in shown["maps"]] == [s for _, _, s in layer_shapes(run.task.arch)]


def test_choosing_another_input_changes_the_maps_without_a_new_run():
    run = TrainingRun(make_task("digits"), seed=0)
    first = run.view("maps")
    run.set(input_index=3)
    other = run.view("maps")
    assert other["index"] == 3 and not np.allclose(first["maps"][0], other["maps"][0])


@pytest.mark.parametrize("padding,stride", [(0, 1), (1, 1), (2, 2), (0, 3)])
def test_the_convolution_explained_cell_by_cell_equals_conv2d(padding, stride):
    torch.manual_seed(0)
    x, w, b = torch.randn(3, 9, 9), torch.randn(4, 3, 3, 3), torch.randn(4)
    want = F.conv2d(x[None], w, b, padding=padding, stride=stride)[0]
    h_out = output_size(9, 3, padding, stride)
    assert want.shape[-1] == h_out
    for o in range(4):
        for r in range(h_out):
            for c in range(h_out):
                cell = conv_at(x.numpy(), w[o].numpy(), float(b[o]), r, c, padding, stride)
                assert cell["result"] == pytest.approx(float(want[o, r, c]), abs=1e-5)
                assert cell["channel_sums"].sum() + cell["bias"] == pytest.approx(cell["result"])
                np.testing.assert_allclose(cell["products"], cell["window"] * w[o].numpy())


def test_the_convolution_explained_on_the_live_weights_equals_the_map_shown():
    run = TrainingRun(make_task("digits"), seed=0)
    run.step(10)
    shown = run.view("maps")
    layer = shown["names"].index("conv2_1")
    x, out = shown["maps"][layer - 1], shown["maps"][layer]
    w, b = shown["weights"]["conv2_1"], shown["biases"]["conv2_1"]
    for o, r, c in [(0, 0, 0), (5, 3, 4), (15, 7, 7)]:
        assert conv_at(x, w[o], b[o], r, c, padding=shown["padding"])["result"] == pytest.approx(out[o, r, c], abs=1e-5)


def test_max_pooling_explained_equals_max_pool2d():
    x = torch.randn(6, 6)
    want = F.max_pool2d(x[None, None], 2)[0, 0]
    for r in range(3):
        for c in range(3):
            cell = pool_at(x.numpy(), r, c)
            assert cell["result"] == float(want[r, c])
            assert cell["window"][cell["argmax"]] == cell["result"]


def test_softmax_in_steps_equals_torch():
    z = torch.tensor([2.0, -1.0, 0.5, 7.25, -3.0])
    parts = softmax_parts(z.numpy())
    np.testing.assert_allclose(parts["probabilities"], torch.softmax(z.double(), 0).numpy(), rtol=1e-12)
    assert parts["total"] == pytest.approx(parts["exp"].sum())


@pytest.mark.parametrize("size,k,p,s", [(16, 3, 1, 1), (7, 3, 0, 2), (8, 5, 0, 2), (5, 4, 1, 3), (3, 5, 0, 1)])
def test_the_output_size_formula_matches_torch(size, k, p, s):
    n = output_size(size, k, p, s)
    if n < 1:
        with pytest.raises(RuntimeError):
            F.conv2d(torch.zeros(1, 1, size, size), torch.zeros(1, 1, k, k), padding=p, stride=s)
    else:
        assert F.conv2d(torch.zeros(1, 1, size, size), torch.zeros(1, 1, k, k), padding=p, stride=s).shape[-1] == n


def test_an_architecture_too_small_for_its_input_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="block 2 is too small"):
        layer_shapes(Architecture(channels=(4, 4, 4), kernel=5, padding=0))
    with pytest.raises(ValueError, match="too small"):
        make_task("digits", channels=(4, 4, 4), kernel=7)  # choices the page offers, together too deep
    assert layer_shapes(Architecture(channels=(4, 4, 4, 4)))[-4][2] == (4, 1, 1)


def test_the_cnn_learns_well_above_chance_in_a_short_run():
    run = TrainingRun(make_task("digits"), {"lr": 0.003}, seed=0, eval_every=100)
    assert run.evals[0]["val_accuracy"] < 0.3
    run.step(200)
    assert run.evals[-1]["val_accuracy"] > 0.8
    assert run.history["accuracy"][-1] is not None and len(run.history["accuracy"]) == 200


def test_the_confusion_matrix_counts_the_models_predictions():
    run = TrainingRun(make_task("digits"), {"lr": 0.003}, seed=0, eval_every=50)
    run.step(50)
    p = run.view("predictions")
    with torch.no_grad():
        pred = run.model(run.task.x_val).argmax(1).numpy()
    y = run.task.y_val.numpy()
    np.testing.assert_array_equal(p["pred"], pred)
    for t in range(10):
        for q in range(10):
            assert p["confusion"][t, q] == np.sum((y == t) & (pred == q))
    np.testing.assert_array_equal(run.evals[-1]["confusion"], p["confusion"])
    assert np.trace(p["confusion"]) / len(y) == pytest.approx(run.evals[-1]["val_accuracy"])


def test_the_filter_history_reads_the_first_layers_kernels_at_every_snapshot():
    run = TrainingRun(make_task("digits"), seed=0, snapshot_every=5)
    run.step(12)
    history = run.view("filter_history")
    assert list(history["step"]) == [0, 5, 10]
    np.testing.assert_array_equal(history["filters"][1], run.snapshots[1]["weights"]["features.conv1_1.weight"])
    assert not np.allclose(history["filters"][0], history["filters"][2])


def a_drawn_seven(n: int = 64) -> np.ndarray:
    """Ink (n, n) in [0, 1]: a bar at the top and a diagonal down to the bottom left."""
    ink = np.zeros((n, n), np.float32)
    ink[10:15, 14:50] = 1
    for r in range(15, 56):
        c = int(49 - (r - 15) * 0.6)
        ink[r, c - 2:c + 3] = 1
    return ink


def test_a_drawing_is_made_into_counts_like_the_digits():
    from engine.digits import drawing_to_digit, load_digit_split
    counts = drawing_to_digit(a_drawn_seven())
    assert counts.shape == (8, 8) and counts.min() == 0 and 8 < counts.max() <= 16
    assert counts[0].sum() > 3 * counts[7].sum()  # the bar is at the top
    assert counts[7, :2].sum() == 0 and counts[7, 2:4].sum() > 0  # the diagonal ends bottom left, not in the corner
    digits = load_digit_split().x_train * 16
    assert np.allclose(digits, np.round(digits))          # the digits are counts 0..16 too
    with pytest.raises(ValueError, match="blank"):
        drawing_to_digit(np.zeros((64, 64)))


def test_a_drawing_goes_through_the_live_network_like_a_digit():
    from engine.digits import drawing_to_digit
    run = TrainingRun(make_task("digits"), {"lr": 0.003}, seed=0)
    run.step(30)
    counts = drawing_to_digit(a_drawn_seven())
    run.set(drawing=counts.ravel().tolist())
    shown = run.view("maps")
    # The same preprocessing as the training digits, written out: counts / 16, bilinear to 16x16.
    x = F.interpolate(torch.from_numpy(counts.astype(np.float32) / 16)[None, None], size=(16, 16),
                      mode="bilinear", align_corners=False).clamp(0, 1)
    with torch.no_grad():
        want = torch.softmax(run.model(x), dim=1)[0].numpy()
    np.testing.assert_allclose(shown["maps"][0], x[0].numpy(), atol=1e-7)
    np.testing.assert_allclose(shown["maps"][-1], want, rtol=1e-5, atol=1e-7)
    assert shown["label"] is None and shown["index"] is None
    run.set(drawing=[])
    assert run.view("maps")["index"] == 0
    with pytest.raises(ValueError, match="64 counts"):
        run.set(drawing=[17] * 64)


def test_the_flatten_and_logits_shown_are_the_last_pool_reshaped_and_the_linear_layer():
    run = TrainingRun(make_task("digits"), {"input_index": 2}, seed=3)
    run.step(5)
    shown = run.view("maps")
    pool, flat, logits, probs = (shown["maps"][shown["names"].index(n)] for n in ("pool2", "flatten", "logits",
                                                                                    "probabilities"))
    assert flat.shape == (pool.size,) and logits.shape == probs.shape == (10,)
    np.testing.assert_array_equal(flat, pool.reshape(-1))
    with torch.no_grad():
        want = run.model.classifier(torch.from_numpy(flat)[None])[0].numpy()
    np.testing.assert_allclose(logits, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(torch.softmax(torch.from_numpy(logits), 0).numpy(), probs, rtol=1e-5, atol=1e-7)
