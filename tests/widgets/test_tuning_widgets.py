"""The tuning lesson's widgets show what they are given, and nothing invented."""
import holoviews as hv
import numpy as np
import pytest

from widgets.course.check_question import Check, CheckQuestion
from widgets.run.rewind import RewindControl
from widgets.tuning.class_distribution import ClassDistribution
from widgets.tuning.knob_graph import KnobGraph, SeriesGraph
from widgets.tuning.run_comparison import RUN_COLORS, RunComparisonChart
from widgets.tuning.tradeoff_map import TradeoffMap

hv.extension("bokeh")  # as the site does: plot options need a backend


def test_a_series_graph_streams_points_and_marks_changes_half_a_step_after():
    g = SeriesGraph(label="Validation accuracy", percent=True)
    g.push([10, 20], [0.5, np.nan])
    g.push([30], [0.875])
    assert g.source.data == {"step": [10, 30], "value": [0.5, 0.875]}
    assert g.readout_text == "Validation accuracy 87.5% at step 30"
    g.mark([12, 40])
    assert g.marks.data == {"x": [12.5, 40.5]}
    g.clear()
    assert g.source.data["step"] == [] and g.marks.data == {"x": []} and g.readout_text.endswith("no steps yet")


def test_a_knob_steers_one_or_two_graphs_never_three():
    with pytest.raises(ValueError, match="one or two"):
        KnobGraph(knob=None, graphs=[SeriesGraph() for _ in range(3)])
    a, b = SeriesGraph(), SeriesGraph()
    KnobGraph(knob=None, graphs=[a, b]).mark([5])
    assert a.marks.data == b.marks.data == {"x": [5.5]}


def test_the_comparison_keeps_each_runs_colour_and_sends_only_new_points():
    chart = RunComparisonChart()
    chart.labels = ["lr = 0.01", "lr = 0.1", "lr = 1"]
    chart.set_curve(1, [0, 10], [0.1, 0.5])
    chart.set_curve(1, [0, 10, 20], [0.1, 0.5, 0.7])
    assert chart.curve(1)["x"].tolist() == [0, 10, 20] and len(chart.curve(0)) == 0
    chart.set_curve(1, [0], [0.1])  # a reset: redrawn from the start
    assert chart.curve(1)["x"].tolist() == [0]
    assert RUN_COLORS[1] == "#E69F00" and len(set(RUN_COLORS)) == 6


def test_the_tradeoff_map_draws_the_front_and_selects_the_clicked_point():
    points = [{"id": "a", "x": 1.0, "y": 0.8, "mine": True}, {"id": "b", "x": 2.0, "y": 0.9, "mine": False},
              {"id": "c", "x": 2.5, "y": 0.85, "mine": False}]
    m = TradeoffMap(points=points)
    assert m.front_ids == ["a", "b"]
    m._on_tap(x=2.02, y=0.899)
    assert m.selected == "b"
    m._on_tap(x=1.5, y=0.5)  # far from every point: the selection stays
    assert m.selected == "b"
    drawn = {k: src.data["id"] for k, src in m.sources.items()}
    assert drawn == {"others": ["b", "c"], "mine": ["a"], "front": ["a", "b"], "chosen": ["b"]}
    assert m.sources["front"].data["y"] == [0.8, 0.9]


def test_the_distribution_says_when_there_are_too_few_runs_and_marks_the_choice():
    d = ClassDistribution(knob="learning rate", counts={0.01: 2, 0.1: 1}, mine=0.01, min_runs=5)
    assert d.note_text.startswith("**Too few runs") and "3 stored" in d.note_text
    assert not d._pane.visible
    d.counts = {0.01: 4, 0.1: 2}
    assert d._pane.visible and "4 of them used it" in d.note_text and d.total == 6


def test_the_rewind_suggests_the_snapshot_before_the_latest_change():
    r = RewindControl(snapshots=[(0, 0.0), (25, 0.1), (50, 0.2), (75, 0.3)],
                      changes=[{"step": 60, "name": "lr", "old": 0.01, "new": 100}])
    assert r.suggested == 2
    fired = []
    r.param.watch(lambda _: fired.append(r.index), "rewind")
    r._button.clicks += 1
    assert fired == [2]


def test_a_check_starts_with_no_answer_picked():
    q = CheckQuestion(Check("?", ("a", "b"), 1, ("no", "yes")))
    assert q.choice is None and q.correct is None and q.feedback_text == ""
    assert all(b.button_type == "light" for b in q._buttons.values())


def test_the_decision_boundary_shows_the_models_predictions_on_the_grid_and_the_runs_data():
    import torch

    from engine.run import TrainingRun
    from engine.sweep import OVERFIT, default_config, split_config
    from engine.tasks import make_task
    from widgets.tuning.decision_boundary import DecisionBoundary

    task_args, hyper, seed = split_config(default_config(**OVERFIT))
    run = TrainingRun(make_task("classify", **task_args), hyper, seed=seed)
    run.step(40)
    shown = DecisionBoundary(view=run.view("boundary"))
    image, = shown.grid.data["image"]
    xs = np.linspace(-1.6, 1.6, image.shape[1], dtype=np.float32)
    gx, gy = np.meshgrid(xs, xs)  # row i is y = xs[i], column j is x = xs[j]
    run.model.eval()
    with torch.no_grad():
        p = torch.softmax(run.model(torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1))), 1)[:, 1]
    assert np.allclose(image, p.reshape(gx.shape).numpy(), atol=1e-6)
    assert shown.grid.data["x"] == [pytest.approx(-1.6)] and shown.grid.data["dw"] == [pytest.approx(3.2)]
    data = run.task.data
    assert np.array_equal(shown.points.data["x0"], data.x_train[:, 0])
    assert np.array_equal(shown.points.data["x1"], data.x_train[:, 1])
    assert shown.points.data["label"] == [f"class {k}" for k in data.y_train]
    run.step(200)
    shown.view = run.view("boundary")  # a later view replaces the grid
    assert not np.allclose(shown.grid.data["image"][0], image)


def test_run_curves_draw_the_stored_curve_of_the_chosen_run():
    from widgets.tuning.run_curves import RunCurves
    c = RunCurves(curve={"step": [0, 10, 20], "val_accuracy": [0.1, 0.6, 0.8], "train_accuracy": [0.1, 0.7, 0.9]})
    assert c.source.data == {"step": [0, 10, 20], "val": [0.1, 0.6, 0.8], "train": [0.1, 0.7, 0.9]}
    c.curve = {"step": [0, 50], "val_accuracy": [0.2, 0.5], "train_accuracy": [0.3, 0.4]}
    assert c.source.data["step"] == [0, 50] and c.source.data["train"] == [0.3, 0.4]
