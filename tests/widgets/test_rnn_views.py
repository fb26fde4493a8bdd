"""The RNN lesson's views show the live model's numbers: trace in, the same numbers out."""
import numpy as np
import pytest
import torch

from engine.run import TrainingRun
from engine.tasks import make_task
from widgets.rnn.gate_equation import evaluate_gate, gate_substituted, gate_terms
from widgets.rnn.lstm_cell_view import LSTMCellView
from widgets.rnn.network_diagram import NetworkDiagram


@pytest.fixture(scope="module")
def trained():
    run = TrainingRun(make_task("sequence", layers=2, hidden=8), seed=0)
    run.step(40)
    return run


def test_the_cell_view_shows_the_values_it_is_given():
    view = LSTMCellView(values={"f": 0.25, "i": -0.000123, "h": 0.5}, show_values=True)
    svg = view._svg.object
    assert "data-part='f'>0.25<" in svg
    assert "data-part='i'>-0.000123<" in svg  # significant digits: a tiny negative stays negative
    view.show_values = False
    assert "data-part=" not in view._svg.object


def test_the_sub_steps_highlight_one_part_at_a_time():
    view = LSTMCellView()
    assert "class='active'" not in view._svg.object
    view.substep = 3
    assert view._svg.object.count("class='active'") == 1
    assert view.caption.startswith("3 · Cell state")


def test_the_session_shows_the_traced_numbers_of_the_chosen_unit(trained):
    from lessons.rnn.session import RnnSession
    session = RnnSession()
    session.run.views = {"trace": trained.view("trace")}
    session.arch.param.update(layers=2, hidden=8)
    session.player.param.update(layer=2, unit=5, t=7)
    layer = trained.view("trace")["layers"][1]
    values = session.cell.values
    for part in ("i", "f", "g", "o", "c", "h", "h_prev", "c_prev"):
        assert values[part] == pytest.approx(float(layer[part][7, 5]), abs=0)
    assert values["x"] == pytest.approx(float(layer["x"][7, 5]))  # layer 2 reads layer 1's h
    session.run.close()


def test_the_trace_equals_torchs_lstm_on_the_same_input(trained):
    trace = trained.view("trace")
    x = torch.from_numpy(trace["input"])[None, :, None]
    with torch.no_grad():
        out, _ = trained.model.rnn(x)
        prediction = trained.model.head(out)[0, :, 0]
    assert np.allclose(trace["layers"][1]["h"], out[0].numpy(), atol=1e-6)
    assert np.allclose(trace["prediction"], prediction.numpy(), atol=1e-6)


def test_each_gate_equation_evaluates_to_the_traced_gate(trained):
    trace = trained.view("trace")
    for gate in "ifgo":
        terms = gate_terms(gate, 3, trace["layers"][0], trace["weights"][0], 12)
        assert terms["w_x"] + terms["u_h"] + terms["b"] == pytest.approx(terms["z"], abs=1e-5)
        assert evaluate_gate(gate, terms) == pytest.approx(terms["value"], abs=1e-6)
        shown = float(gate_substituted(gate, terms).split("= ")[-1])
        assert shown == pytest.approx(terms["value"], rel=2e-3, abs=2e-4)  # printed with 4 digits


def test_the_gate_heatmaps_draw_the_trace(trained):
    from lessons.rnn.session import RnnSession
    from lessons.rnn.steps.gates import gate_heatmaps
    session = RnnSession()
    session.arch.param.update(layers=2, hidden=8)
    session.run.views = {"trace": trained.view("trace")}
    i, f, o, c = gate_heatmaps(session).values()
    layers = trained.view("trace")["layers"]
    assert np.array_equal(f.data, layers[0]["f"]) and np.array_equal(c.data, layers[0]["c"])
    top = float(np.abs(layers[0]["c"]).max())
    assert (c.mapper.low, c.mapper.high) == (-top, top) and (f.mapper.low, f.mapper.high) == (0, 1)
    session.player.layer = 2
    assert np.array_equal(o.data, layers[1]["o"]) and f.x_range.end == layers[1]["f"].shape[0] - 0.5
    session.run.close()


def test_the_diagram_draws_one_box_per_layer_and_animates_by_phase():
    diagram = NetworkDiagram(layers=[("input", 1), ("lstm", 16), ("lstm", 16), ("dense", 1)])
    svg = diagram._svg.object
    assert svg.count("<rect class='layer") == 4 and svg.count("class='loop") == 2
    diagram.phase = "backward"
    assert "flow-backward" in diagram._svg.object and diagram.phase_text.startswith("3 · Backward")


def test_the_char_strip_colours_each_character_by_the_chosen_units_cell_state():
    from widgets.rnn.char_strip import CharStrip, diverging
    cell = np.array([[0.5, -1.0], [-0.5, 0.0], [0.0, 1.0]])
    strip = CharStrip(text="abc", cell=cell, unit=1)
    assert strip.colours() == [diverging(-1.0, 1.0), diverging(0.0, 1.0), diverging(1.0, 1.0)]
    assert diverging(0.0, 1.0) == "rgb(255,255,255)" and diverging(-1.0, 1.0) != diverging(1.0, 1.0)
    assert ">a</span>" in strip._html.object and "c = -1" in strip._html.object


# The formula each part's (i) must hold, written here independently of the lesson's text.
CELL_FORMULAS = {
    "i": r"i_t = \sigma", "f": r"f_t = \sigma", "g": r"g_t = \tanh", "o": r"o_t = \sigma",
    "x": r"W\, x_t", "h_prev": r"U\, h_{t-1}", "c_prev": r"f_t \odot c_{t-1}",
    "c": r"c_t = f_t \odot c_{t-1} + i_t \odot g_t", "h": r"h_t = o_t \odot \tanh(c_t)",
    "prediction": r"\hat{x}_{t+1} = w^\top h_t + b", "loss": r"\left(\hat{x}_{t+1} - x_{t+1}\right)^2",
}


def test_every_part_of_the_cell_has_an_info_with_its_formula(trained):
    from lessons.rnn.session import RnnSession
    from lessons.rnn.steps.cell import cell_infos
    from widgets.rnn.lstm_cell_view import PARTS
    session = RnnSession()
    infos = cell_infos(session)
    drawn = set(PARTS) - {"tanh_c"}  # tanh(c_t) is a step of h_t's formula, not a part of its own
    assert drawn | {"prediction", "loss"} == set(infos) == set(CELL_FORMULAS)
    for part, formula in CELL_FORMULAS.items():
        maths = infos[part].body.split("$$")[1::2]  # the display formulas only
        assert any(formula in m for m in maths), part
    # Opened with a trace, a gate's (i) keeps its formula and adds the live numbers.
    session.arch.param.update(layers=2, hidden=8)
    session.run.views = {"trace": trained.view("trace")}
    infos["f"].shown = True
    terms = gate_terms("f", session.player.unit, trained.view("trace")["layers"][0],
                       trained.view("trace")["weights"][0], session.player.t)
    assert CELL_FORMULAS["f"] in infos["f"].body and gate_substituted("f", terms) in infos["f"].body
    session.run.close()


def test_the_prepared_model_the_tour_loads_is_trained_now_and_beats_the_untrained_one():
    import time

    from lessons.rnn.session import PREPARED_SETTINGS, PREPARED_STEPS, RnnSession

    def poll_until(predicate, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            session.run.poll()
            if predicate():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out at step {session.run.steps}")

    def error(p):  # the one-step guesses' mean squared error on the traced input
        return float(np.mean((p["one_step"] - p["truth"][1:len(p["seen"]) + 1]) ** 2))

    session = RnnSession()
    session.settings.lr = 3.0  # whatever the student had set: the prepared state uses its own
    poll_until(lambda: "prediction" in session.run.views)
    untrained = error(session.run.views["prediction"])
    session.load_trained()
    poll_until(lambda: session.run.steps == PREPARED_STEPS and session.run.status != "training")
    assert error(session.run.views["prediction"]) < untrained / 5
    assert session.settings.lr == PREPARED_SETTINGS["lr"]
    # Trained from the run's fixed seed: the same losses as torch gives here, step for step.
    reference = TrainingRun(make_task("sequence", kind="sine"),
                            {**PREPARED_SETTINGS, "steps_per_second": 20}, seed=0)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as the workers train: one thread's sums round the same way
    try:
        reference.step(PREPARED_STEPS)
    finally:
        torch.set_num_threads(threads)
    # Within float32 rounding: once in a full run the two differed in the 7th digit (a kernel may
    # sum in another order for differently aligned buffers), never by more.
    assert np.allclose(session.chart.curve()["value"], reference.history["loss"], rtol=1e-5, atol=0)
    assert len(session.chart.curve()["value"]) == len(reference.history["loss"]) == PREPARED_STEPS
    session.run.close()


def test_the_cell_steps_sliders_follow_the_architecture():
    import panel as pn

    from lessons.rnn.session import RnnSession
    from lessons.rnn.steps.cell import cell_view
    session = RnnSession()
    sliders = {w.name: w for w in cell_view(session).select(pn.widgets.IntSlider)}
    session.arch.param.update(layers=3, hidden=8)
    assert sliders["Layer"].visible and sliders["Layer"].end == 3 and sliders["Unit"].end == 7
    session.arch.param.update(layers=1, hidden=4)
    assert not sliders["Layer"].visible and sliders["Unit"].end == 3  # one layer: nothing to choose
    session.run.close()
