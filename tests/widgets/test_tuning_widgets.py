"""The tuning lesson's widgets show what they are given, and nothing invented."""
import holoviews as hv
import numpy as np
import pytest

from widgets.course.check_question import Check, CheckQuestion
from widgets.run.rewind import RewindControl
from widgets.run.stream_chart import StreamChart
from widgets.tuning.class_distribution import ClassDistribution
from widgets.tuning.knob_graph import KnobGraph
from widgets.tuning.tradeoff_map import TradeoffMap

hv.extension("bokeh")  # as the site does: plot options need a backend


def test_a_knob_steers_one_or_two_graphs_never_three():
    with pytest.raises(ValueError, match="one or two"):
        KnobGraph(knob=None, graphs=[StreamChart() for _ in range(3)])
    a, b = StreamChart(), StreamChart()
    KnobGraph(knob=None, graphs=[a, b]).mark([5])
    assert a.marks.data == b.marks.data == {"x": [5.5]}


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
    assert drawn == {"others": ["b", "c"], "examples": [], "mine": ["a"], "front": ["a", "b"], "chosen": ["b"]}
    assert m.sources["front"].data["y"] == [0.8, 0.9]


def test_the_tradeoff_maps_legend_names_what_it_draws_and_examples_apart_from_the_class():
    def legend(m):
        return [item.label.value for item in m._pane.object.legend[0].items if item.visible]
    points = [{"id": "a", "x": 1.0, "y": 0.8, "mine": True}, {"id": "b", "x": 2.0, "y": 0.9, "mine": False},
              {"id": "c", "x": 2.5, "y": 0.95, "mine": False, "example": True}]
    m = TradeoffMap(points=points)
    assert legend(m) == ["Pareto front", "examples (server)", "the class", "yours"]
    assert m.sources["examples"].data["id"] == ["c"] and m.sources["others"].data["id"] == ["b"]
    assert "an example" in next(label for label, i in m._picker.options.items() if i == "c")
    m.points = points[1:2]
    assert legend(m) == ["Pareto front", "the class"]  # no swatch-less entries for kinds it has none of
    assert legend(TradeoffMap(points=points[1:2], mine_label="")) == ["Pareto front", "the class"]  # the instructor's


def test_the_tradeoff_maps_runs_are_also_a_select_for_the_keyboard():
    points = [{"id": "a", "x": 1.0, "y": 0.8, "mine": True}, {"id": "b", "x": 2.0, "y": 0.9, "mine": False},
              {"id": "c", "x": 2.5, "y": 0.85, "mine": False}]
    m = TradeoffMap(points=points)
    assert list(m._picker.options.items()) == [
        ("– none –", ""), ("80.0% validation accuracy, training time (s) 1, yours, on the front", "a"),
        ("90.0% validation accuracy, training time (s) 2, on the front", "b"),
        ("85.0% validation accuracy, training time (s) 2.5", "c")]  # cheapest first, as the map reads
    m._picker.value = "c"
    assert m.selected == "c" and m.sources["chosen"].data["id"] == ["c"]
    m._on_tap(x=2.02, y=0.899)  # a click shows in the select too
    assert m._picker.value == "b"
    m.points = points[:1]  # the chosen run gone (only mine): none chosen
    assert m._picker.value == "" and m.selected is None


def test_the_distribution_says_when_there_are_too_few_runs_and_marks_the_choice():
    d = ClassDistribution(knob="learning rate", counts={0.01: 2, 0.1: 1}, mine=0.01, min_runs=5)
    assert d.note_text.startswith("**Too few runs") and "3 stored" in d.note_text
    assert not d._pane.visible
    d.counts = {0.01: 4, 0.1: 2}
    assert d._pane.visible and "4 of them used it" in d.note_text and d.total == 6
    d.examples = {0.01: 3, 0.001: 3}  # the server's sweep: counted apart, stacked lighter
    assert d.total == 12 and "12 runs stored: 6 by the class, 6 examples" in d.note_text
    assert "7 of them used it" in d.note_text
    bars = d._draw(d.counts, d.examples, d.mine)
    stacked = bars.get(0)
    assert sorted(stacked.dimension_values("runs of", expanded=False)) == ["examples (server)", "the class"]
    assert sum(stacked.dimension_values("runs")) == 12


def test_the_rewind_suggests_the_snapshot_before_the_latest_change():
    r = RewindControl(snapshots=[(0, 0.0), (25, 0.1), (50, 0.2), (75, 0.3)],
                      changes=[{"step": 60, "name": "lr", "old": 0.01, "new": 100}])
    assert r.suggested == 2
    fired = []
    r.param.watch(lambda _: fired.append(r.index), "rewind")
    r._button.clicks += 1
    assert fired == [2] and r.step == 50 and r._slider.value == 2


def test_the_rewind_follows_new_snapshots_unless_an_older_one_is_picked():
    r = RewindControl(every=25)
    assert r.index is None and r._button.disabled and r.note_text == "No snapshots yet."
    r.snapshots = [(0, 0.0)]
    r.snapshots = [(0, 0.0), (25, 0.1)]
    assert r.index == 1 and r.note_text == "<b>step 25</b>: snapshot 2 of 2 (one kept every 25 steps)"
    r._slider.value = 0  # the student drags back: the pick stays there
    r.snapshots = [(0, 0.0), (25, 0.1), (50, 0.2)]
    assert r.index == 0 and r._slider.end == 2
    r.index = 2  # set from outside (a view's own slider): the control shows it
    assert r._slider.value == 2 and "step 50" in r._note.object
    r.snapshots = []  # a reset
    assert r.index is None and r._button.disabled


def test_the_rewind_follows_a_runs_changes_of_one_setting_and_restores_the_run_picked():
    import param

    class FakeRun(param.Parameterized):  # LiveRun's parameters the control reads
        snapshots = param.List(default=[])
        changes = param.List(default=[])

    restored = []
    run = FakeRun()
    run.run_options = {"snapshot_every": 25}
    run.handle = type("Handle", (), {"restore": lambda self, i: restored.append(i)})()
    r = RewindControl().follow(run, "lr")
    assert r.every == 25 and r.index is None
    run.snapshots = [(0, 0.0), (25, 0.1), (50, 0.2), (75, 0.3)]
    assert r.index == 3
    run.changes = [{"step": 60, "name": "lr", "old": 0.01, "new": 100},
                   {"step": 70, "name": "steps_per_second", "old": 10, "new": 30}]
    assert r.changes == run.changes[:1] and r.index == 2  # the other setting's change is not this knob's
    r._button.clicks += 1
    assert restored == [2]


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


