"""The CNN lesson's widgets without a browser: what they show is what torch computes."""
import re

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from engine.run import TrainingRun
from engine.tasks import make_task
from widgets.cnn.confusion_matrix import ConfusionMatrix
from widgets.cnn.conv_explainer import ConvExplainer
from widgets.cnn.feature_map_grid import FeatureMapGrid
from widgets.cnn.pool_view import PoolView
from widgets.cnn.relu_view import ReluView
from widgets.cnn.softmax_view import SoftmaxView
from widgets.style.colour_scale import LUT, colour, colour_index, contrast, ink_on
from widgets.style.numbers import significant


@pytest.fixture(scope="module")
def trained():
    run = TrainingRun(make_task("digits"), {"lr": 0.003, "input_index": 4}, seed=0, eval_every=40)
    run.step(40)
    return run


def test_the_colour_scale_is_centred_on_zero_and_the_same_everywhere():
    assert colour(0.0, 3.0) == "#ffffff" and LUT[127] == "#ffffff"
    assert colour(-3.0, 3.0) == "#0072b2" and colour(3.0, 3.0) == "#d55e00"
    assert colour_index([-1, 1], 1).tolist() == [0, 254]
    assert significant(-2.1e-05) == "-2.1e-05" and significant(-0.0) == "0"


def test_a_number_reads_on_every_colour_of_the_scale():
    """WCAG's 4.5:1 (axe: color-contrast): white on the mid-blues was 4.0:1, on vermillion 4.0:1."""
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    ratios = [contrast(ink_on(v, 1.0), colour(v, 1.0)) for v in np.linspace(-1, 1, 1001)]
    assert min(ratios) >= 4.5


def test_every_number_of_the_confusion_matrix_reads_on_its_cell():
    """WCAG's 4.5:1 (axe: color-contrast): white on a translucent vermillion was 2.6:1 to 3.9:1."""
    counts = np.array([[50, 0, 3, 40], [1, 45, 0, 12], [20, 7, 48, 0], [0, 2, 30, 49]])
    cm = ConfusionMatrix(predictions={"confusion": counts})
    cells = [re.search(r"background:(#\w{6});color:(#\w{6})'>(\d*)<", item) for item in cm.grid.items]
    numbered = [c for c in cells if c and c.group(3)]
    assert len(numbered) == np.count_nonzero(counts)
    assert min(contrast(c.group(2), c.group(1)) for c in numbered) >= 4.5
    # The corner tile is a button too: its name starts with its words (axe: label-content-name-mismatch).
    assert cm.grid.labels[0].startswith("true ↓ / said →") and "true ↓ / said →" in cm.grid.items[0]


def test_the_overview_draws_every_layer_and_a_click_selects_a_map(trained):
    maps = trained.view("maps")
    grid = FeatureMapGrid(maps=maps)
    names = [c["name"] for c in grid.columns]
    assert names[0] == "input" and names[-1] == "softmax" and "pool2" in names
    conv = next(c for c in grid.columns if c["name"] == "conv2_1")
    assert len(conv["maps"]) == 16 and len(conv["maps"][0]) == 64
    # The colours drawn are the layer's values through the one colour table.
    values = maps["maps"][maps["names"].index("conv2_1")]
    vmax = np.abs(values).max()
    assert conv["maps"][3] == colour_index(values[3], vmax).ravel().tolist()
    softmax = grid.columns[-1]
    np.testing.assert_allclose(softmax["values"], maps["maps"][-1], atol=1e-5)
    flatten, logits = grid.columns[-3], grid.columns[-2]  # drawn between pool2 and the softmax
    assert (flatten["kind"], logits["kind"]) == ("flatten", "linear")
    np.testing.assert_allclose(logits["values"], maps["maps"][-2], rtol=1e-2, atol=1e-6)
    assert len(flatten["cells"]) == maps["maps"][-3].size
    grid.canvas.selected = [3, 2]  # what a click in the browser sets
    assert grid.selected == [3, 2] and grid.selected_name == "conv1_2"


def test_the_convolution_explainer_shows_conv2d_of_the_live_weights(trained):
    maps = trained.view("maps")
    layer = maps["names"].index("conv2_2")
    explainer = ConvExplainer()
    explainer.from_maps(maps, layer, 5)
    x = torch.from_numpy(maps["maps"][layer - 1])[None]
    w = torch.from_numpy(maps["weights"]["conv2_2"])
    b = torch.from_numpy(maps["biases"]["conv2_2"])
    want = F.conv2d(x, w, b, padding=1)[0, 5]
    explainer.player.value = 8 * 3 + 6  # the Player drives the position: row 3, column 6
    cell = explainer.cell
    assert cell["result"] == pytest.approx(float(want[3, 6]), abs=1e-5)
    assert cell["channel_sums"].shape == (16,)
    assert f"= <span class='result'>{significant(want[3, 6])}</span> → output cell (3, 6)" in explainer.sums_text
    np.testing.assert_allclose(explainer._outputs, want.numpy(), atol=1e-5)


def test_the_convolution_explainer_handles_stride_padding_and_a_kernel_that_does_not_fit():
    x = np.arange(49, dtype=float).reshape(1, 7, 7)
    w = np.ones((1, 3, 3))
    e = ConvExplainer()
    e.show(x, w, 0.5, padding=1, stride=2)
    want = F.conv2d(torch.from_numpy(x)[None], torch.from_numpy(w)[None], torch.tensor([0.5], dtype=torch.float64),
                    padding=1, stride=2)[0, 0].numpy()
    np.testing.assert_allclose(e._outputs, want)
    assert e.player.end == want.size - 1
    e.show(x, np.ones((1, 9, 9)), 0.0)
    assert e.cell is None and "does not fit" in e._maps.object


def test_the_relu_view_marks_negatives_and_zeroes_them(trained):
    maps = trained.view("maps")
    view = ReluView()
    layer = maps["names"].index("relu2_1")
    view.from_maps(maps, layer, 2)
    before = maps["maps"][layer - 1][2]
    np.testing.assert_allclose(view.after, F.relu(torch.from_numpy(before)).numpy())
    np.testing.assert_allclose(view.after, maps["maps"][layer][2], atol=1e-6)
    assert f"{int((before < 0).sum())} of 64 cells negative" in view._maps.object


def test_the_pool_view_equals_max_pool2d(trained):
    maps = trained.view("maps")
    layer = maps["names"].index("pool1")
    view = PoolView()
    view.from_maps(maps, layer, 1)
    np.testing.assert_allclose(view.pooled, F.max_pool2d(torch.from_numpy(maps["maps"][layer - 1][1:2]), 2)[0].numpy())
    np.testing.assert_allclose(view.pooled, maps["maps"][layer][1], atol=1e-6)
    view.player.value = 9
    assert re.search(r"→ output cell \(1, 1\)", view.line_text)


def test_the_softmax_view_equals_torch_softmax(trained):
    maps = trained.view("maps")
    view = SoftmaxView()
    view.from_maps(maps)
    logits = torch.from_numpy(maps["maps"][maps["names"].index("logits")]).double()
    np.testing.assert_allclose(view.parts["probabilities"], torch.softmax(logits, 0).numpy(), rtol=1e-10)
    np.testing.assert_allclose(view.parts["probabilities"], maps["maps"][-1], atol=1e-6)
    top = int(torch.argmax(logits))
    assert f"p_{{{top}}}" in view._formula.object and "✔ true class" in view._table.object
    # A screen reader hears the formula with the same numbers (axe: svg-img-alt on MathJax's drawing).
    q = significant(view.parts["probabilities"][top])
    assert re.search(rf"role='math' aria-label='p {top} equals .* equals {re.escape(q)}'", view._formula.object)


def test_the_confusion_matrix_equals_the_counts_of_the_models_predictions(trained):
    predictions = trained.view("predictions")
    images = trained.task.x_val[:, 0].numpy()
    cm = ConfusionMatrix(predictions=predictions, images=images)
    with torch.no_grad():
        pred = trained.model(trained.task.x_val).argmax(1).numpy()
    y = trained.task.y_val.numpy()
    for t in range(10):
        for p in range(10):
            assert cm.counts[t, p] == np.sum((y == t) & (pred == p))
    t, p = np.argwhere(cm.counts - np.diag(np.diag(cm.counts)))[0]
    cm.grid.chosen = (t + 1) * 11 + (p + 1)  # a click on that cell
    assert cm.cell == [t, p]
    n = int(cm.counts[t, p])
    assert f"True {t}, the model said {p}: {n} image" in cm.examples_text
    assert list(cm.examples(t, p)) == list(np.flatnonzero((y == t) & (pred == p)))


def test_a_drawing_on_the_canvas_passes_through_the_live_network_and_its_probabilities_are_torchs():
    import time

    from engine.digits import drawing_to_digit
    from engine.tasks.digits import drawn_input
    from lessons.cnn.session import CnnSession
    from lessons.cnn.steps.draw import drawn_probabilities
    from tests.engine.test_cnn import a_drawn_seven

    session = CnnSession()
    try:
        ink = a_drawn_seven(session.canvas.size)
        session.canvas.pixels = (ink * 255).astype(int).ravel().tolist()  # what the browser sends
        counts = drawing_to_digit(ink)
        assert session.settings.drawing == counts.ravel().tolist()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the worker traces the drawing; the page polls
            session.run.poll()
            m = session.run.views.get("maps")
            if m and m["label"] is None:
                break
            time.sleep(0.05)
        assert m["label"] is None
        # The worker's untrained model has the same seed, hence the same weights, as this one.
        with torch.no_grad():
            want = torch.softmax(TrainingRun(make_task("digits"), seed=0).model(drawn_input(counts, 16)), 1)[0]
        np.testing.assert_allclose(m["maps"][-1], want.numpy(), rtol=1e-5, atol=1e-7)
        html = drawn_probabilities(session.run.views)
        for p in want.numpy():
            assert f"{p:.1%}" in html
        session.canvas.pixels = [0] * session.canvas.size ** 2  # Clear
        assert session.settings.drawing == [] and "blank" in session.draw_message.object
    finally:
        session.run.close()


@pytest.mark.parametrize("size,padding,stride,f", [(7, 0, 1, 0), (7, 1, 2, 3), (9, 2, 3, 7), (5, 0, 2, 5)])
def test_the_sandbox_convolves_the_input_with_the_live_first_layer_filter_as_conv2d(trained, size, padding, stride, f):
    from widgets.cnn.conv_sandbox import ConvSandbox
    maps = trained.view("maps")
    box = ConvSandbox(maps=maps, size=size, padding=padding, stride=stride, filter=f)
    x = F.interpolate(torch.from_numpy(maps["maps"][0]).double()[None], size=(size, size), mode="bilinear",
                      align_corners=False).clamp(0, 1)
    w = trained.model.features.conv1_1.weight.detach().double()
    b = trained.model.features.conv1_1.bias.detach().double()
    want = F.conv2d(x, w[f:f + 1], b[f:f + 1], padding=padding, stride=stride)[0, 0].numpy()
    np.testing.assert_allclose(box.explainer._outputs, want, atol=1e-6)
    assert box.explainer.out_shape == want.shape
    assert f"filter {f} of conv1_1" in box.explainer.title


def test_the_sandbox_explains_a_combination_that_does_not_fit(trained):
    from widgets.cnn.conv_sandbox import ConvSandbox
    box = ConvSandbox(maps=trained.view("maps"), size=2, padding=0)
    assert "No output" in box.formula.object and box.explainer.cell is None
    box.size, box.stride = 8, 2
    assert "Does not divide evenly" in box.formula.object
    assert "aria-label='output equals the floor of W minus K plus 2 P, over S, plus 1; equals the floor of " \
           "8 minus 3 plus 2 times 0, over 2, plus 1; equals the floor of 5 over 2, plus 1; equals 3'" \
           in box.formula.object


def test_choosing_shapes_runs_the_shapes_task_and_every_view_shows_its_numbers():
    import time

    from lessons.cnn.session import CnnSession
    from lessons.cnn.steps.task import your_input

    session = CnnSession()
    try:
        session.choose_data("shapes")
        session.choose_input(3)
        deadline = time.monotonic() + 30
        m = {}
        while time.monotonic() < deadline:  # the worker opens the shapes run; the page polls
            session.run.poll()
            m = session.run.views.get("maps") or {}
            if m.get("index") == 3 and m["maps"][0].shape[0] == 3:
                break
            time.sleep(0.05)
        assert session.run.task == "shapes" and m["maps"][0].shape == (3, 16, 16)
        x = session.data.x_val[3:4]
        np.testing.assert_array_equal(m["maps"][0], x[0])  # the input shown is the image chosen
        # The worker's untrained model has the run's seed, hence the same weights as this one.
        with torch.no_grad():
            want = torch.softmax(TrainingRun(make_task("shapes"), seed=0).model(torch.from_numpy(x)), 1)[0].numpy()
        np.testing.assert_allclose(m["maps"][-1], want, rtol=1e-5, atol=1e-7)
        session.grid.maps = m
        softmax = session.grid.columns[-1]
        assert softmax["names"] == ["circle", "square", "triangle", "cross"]
        np.testing.assert_allclose(softmax["values"], want, atol=1e-5)
        session.softmax.from_maps(m, m["names"].index("probabilities"))
        table = session.softmax._table.object
        assert all(f"<td>{n}</td>" in table for n in ("circle", "square", "triangle", "cross"))
        shown = your_input(session).object
        assert f"a {session.class_names[session.data.y_val[3]]}" in shown and "3 channels" in shown
        assert session.confusion.counts.shape == (4, 4) and session.confusion.grid.ncols == 5
    finally:
        session.run.close()


def test_a_padded_convolution_starts_where_the_window_lies_on_the_image_and_holds_ink(trained):
    maps = trained.view("maps")
    explainer = ConvExplainer()
    explainer.from_maps(maps, maps["names"].index("conv1_1"), 0)
    w_out = explainer.out_shape[1]
    r, c = divmod(explainer.position, w_out)
    x = maps["maps"][0]
    assert 1 <= r <= 14 and 1 <= c <= 14  # padding 1: the window lies wholly on the 16x16 image
    assert np.abs(x[:, r - 1:r + 2, c - 1:c + 2]).max() > 0.05 * np.abs(x).max()  # and shows some ink
    assert explainer.player.value == explainer.position
    explainer.from_maps(maps, maps["names"].index("conv1_1"), 0)  # the next update keeps the student's place
    explainer.player.value = 0
    explainer.from_maps(maps, maps["names"].index("conv1_1"), 1)
    assert explainer.position == 0


def test_the_step_player_moves_the_explanation_with_buttons_that_say_what_they_do():
    from widgets.cnn.step_player import StepPlayer
    view = PoolView()
    view.x = np.arange(16, dtype=float).reshape(4, 4)
    player = view.player
    assert isinstance(player, StepPlayer) and player.end == 3
    names = [b.label for b in (player._first, player._back, player._play, player._next, player._last)]
    assert all(any(ch.isalpha() for ch in n) for n in names)  # each button is named in words
    player._next.clicks += 1
    assert view.position == 1 and "<b>2</b> of 4" in player._where.object
    player._last.clicks += 1
    assert view.position == 3
    player._next.clicks += 1  # past the end: stays
    assert view.position == 3
    player._first.clicks += 1
    assert view.position == 0
    view.position = 2  # the explanation moves the player too
    assert player.value == 2
    player._play.clicks += 1
    assert player.playing and player._play.label == "❚❚ Pause"
    player._tick(), player._tick()
    assert view.position == 3 and not player.playing  # once through, then it stops


def test_a_long_number_gets_a_font_that_fits_its_cell_instead_of_being_cut():
    from widgets.style.colour_scale import map_html
    html = map_html(np.array([[-0.0042912, 1.0]]), 1.0, cell=50)
    m = re.search(r"font-size:(\d+)px;[^>]*>(-0\.00429)<", html)
    assert m, html
    assert int(m.group(1)) * 0.62 * len(m.group(2)) <= 50 - 4  # about 0.62 em a digit in the site's font
    assert "font-size:" not in re.search(r"<div[^>]*>1</div>", html).group(0)  # a short one keeps the grid's
