"""The one live chart: only new points travel, each line keeps its colour, the axis is as asked."""
import numpy as np
from bokeh.document import Document
from bokeh.document.events import ColumnsStreamedEvent
from bokeh.models import LogScale

from widgets.run.stream_chart import StreamChart
from widgets.style.palette import MODEL_COLOURS, RUN_COLOURS


def streamed(chart) -> list[dict]:
    """Attach the chart's figure to a Bokeh document, as a served page does; return the list
    that will collect what each later change sends: {series: data} per streamed message."""
    doc, sent = Document(), []
    doc.add_root(chart.figure)
    names = {id(source): name for name, source in chart.sources.items()}

    def on_change(event):
        if isinstance(event, ColumnsStreamedEvent):
            sent.append({names[id(event.model)]: dict(event.data)})
    doc.on_change(on_change)
    return sent


def test_a_push_sends_only_the_new_points_and_the_readout_follows():
    chart = StreamChart(label="Loss")
    assert chart.readout_text == "Loss: no steps yet"
    sent = streamed(chart)
    chart.push([1, 2, 3], [0.5, 0.25, 0.000123456])
    chart.push([4, 5], [float("nan"), 0.0001])  # a NaN is dropped (the run says it in words)
    assert sent == [{"value": {"step": [1, 2, 3], "value": [0.5, 0.25, 0.000123456]}},
                    {"value": {"step": [5], "value": [0.0001]}}]
    assert chart._readout.object == "Loss 0.0001 at step 5"
    chart.clear()
    assert chart.curve() == {"step": [], "value": []} and chart.readout_text == "Loss: no steps yet"


def test_an_empty_plot_says_it_waits_for_training_until_a_line_can_be_drawn_and_again_after_a_clear():
    chart = StreamChart(label="Loss")
    waiting = [a for a in chart.figure.center if getattr(a, "text", None) == chart.waiting_text]
    assert len(waiting) == 1 and waiting[0].visible
    chart.push([1], [float("nan")])  # dropped: still nothing drawn
    assert waiting[0].visible
    chart.push([2], [0.5])
    assert waiting[0].visible  # one point draws no line
    chart.push([3], [0.4])
    assert not waiting[0].visible
    assert chart.figure.x_range.start == 0
    chart.clear()
    assert waiting[0].visible


def test_a_whole_curve_given_again_sends_only_its_tail_and_a_shorter_one_starts_over():
    chart = StreamChart(series=["lr = 0.01", "lr = 0.1"], logy=False)
    sent = streamed(chart)
    chart.set_curve("lr = 0.1", [0, 10], [0.1, 0.5])
    chart.set_curve("lr = 0.1", [0, 10, 20], [0.1, 0.5, 0.7])
    assert sent == [{"lr = 0.1": {"step": [0, 10], "value": [0.1, 0.5]}},
                    {"lr = 0.1": {"step": [20], "value": [0.7]}}]
    assert chart.curve("lr = 0.01")["step"] == []
    chart.set_curve("lr = 0.1", [0], [0.2])  # a reset: redrawn from its start
    assert chart.curve("lr = 0.1") == {"step": [0], "value": [0.2]}
    assert chart.readout_text == "lr = 0.01 – · lr = 0.1 0.2"


def test_the_axis_is_log_or_linear_and_a_log_axis_drops_what_it_cannot_draw():
    log, linear = StreamChart(), StreamChart(logy=False, ylim=(0, 1.02), percent=True, label="Accuracy")
    assert isinstance(log.figure.y_scale, LogScale)
    assert not isinstance(linear.figure.y_scale, LogScale)
    assert (linear.figure.y_range.start, linear.figure.y_range.end) == (0, 1.02)
    log.push([1, 2], [0.0, -1.0])
    assert log.curve()["step"] == []
    linear.push([1, 2], [0.0, 0.875])
    assert linear.curve()["step"] == [1, 2] and linear.readout_text == "Accuracy 87.5% at step 2"


def test_each_line_has_its_models_colour_or_its_runs_and_keeps_it_when_a_line_is_added():
    chart = StreamChart(series=["vanilla RNN", "LSTM"], colours={"vanilla RNN": MODEL_COLOURS["rnn"],
                                                                 "LSTM": MODEL_COLOURS["lstm"]},
                        dashed=["LSTM"])
    lines = {r.glyph.line_color: r.glyph.line_dash for r in chart.figure.renderers if hasattr(r.glyph, "y")}
    assert lines[MODEL_COLOURS["lstm"]] == [6] and lines[MODEL_COLOURS["rnn"]] == []  # dashed, solid
    runs = StreamChart(series=["a"], colour="#000000")
    assert runs.colour_of("a") == "#000000"
    runs.push([1], [0.5], series="b")  # a push to a new line adds it
    runs.push([1], [0.4], series="c")
    assert runs.series == ["a", "b", "c"]
    assert [runs.colour_of(s) for s in runs.series] == list(RUN_COLOURS[:3])
    assert runs.curve("b") == {"step": [1], "value": [0.5]}  # kept across the rebuild
    assert len(set(RUN_COLOURS)) == len(RUN_COLOURS)


def test_marks_sit_half_a_step_after_each_change():
    chart = StreamChart()
    chart.mark([12, 40])
    assert chart.marks.data == {"x": [12.5, 40.5]}
    chart.clear()
    assert chart.marks.data == {"x": []}


def test_numpy_steps_and_values_arrive_as_plain_numbers():
    chart = StreamChart()
    chart.push(np.arange(3, dtype=np.int64), np.array([0.3, 0.2, 0.1], dtype=np.float32))
    assert chart.curve()["step"] == [0, 1, 2] and chart.latest["value"][0] == 2


def test_a_two_line_chart_shows_its_legend_once_a_line_is_drawn():
    chart = StreamChart(series=["RNN", "LSTM"], logy=False)
    legend = chart.figure.right[0]
    assert not legend.visible  # names without swatches (Bokeh draws none for a line with no points)
    chart.push([0, 1], [0.5, 0.4], series="RNN")
    assert legend.visible
    chart.clear()
    assert not legend.visible
