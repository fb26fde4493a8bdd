"""The explicit cells equal torch's nn.RNN / nn.GRU / nn.LSTM for the same weights."""
import pytest
import torch

from engine.cells import lstm_cell, run_cells

MODULES = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}


@pytest.mark.parametrize("kind", list(MODULES))
@pytest.mark.parametrize("layers", [1, 3])
def test_explicit_cells_equal_torch_forward_and_gradients(kind, layers, device):
    torch.manual_seed(0)
    module = MODULES[kind](2, 5, num_layers=layers, batch_first=True).to(device).double()
    x = torch.randn(3, 7, 2, dtype=torch.float64, device=device, requires_grad=True)

    ours, ours_state, _ = run_cells(kind, module, x)
    theirs, theirs_state = module(x)
    assert torch.allclose(ours, theirs, atol=1e-12)
    for a, b in zip(ours_state if kind == "lstm" else [ours_state], theirs_state if kind == "lstm" else [theirs_state]):
        assert torch.allclose(a, b, atol=1e-12)

    grads = []
    for out in (ours, theirs):
        module.zero_grad()
        x.grad = None
        (out.sin().sum()).backward(retain_graph=False)
        grads.append([x.grad.clone()] + [p.grad.clone() for p in module.parameters()])
        if out is ours:
            ours = None  # free the graph
    for a, b in zip(*grads):
        assert torch.allclose(a, b, atol=1e-10)


def test_lstm_trace_values_recompute_the_cell_output_exactly():
    torch.manual_seed(1)
    module = torch.nn.LSTM(1, 4, batch_first=True)
    _, _, steps = run_cells("lstm", module, torch.randn(1, 6, 1))
    for s in steps[0]:
        c = s["f"] * s["c_prev"] + s["i"] * s["g"]
        assert torch.equal(c, s["c"])
        assert torch.equal(s["o"] * torch.tanh(c), s["h"])
        assert torch.equal(torch.sigmoid(s["z_f"]), s["f"])


def test_pinning_the_forget_gate_changes_the_computation_as_stated():
    torch.manual_seed(2)
    module = torch.nn.LSTM(1, 3, batch_first=True)
    x = torch.randn(2, 5, 1)
    _, _, free = run_cells("lstm", module, x)
    _, _, forget_all = run_cells("lstm", module, x, pins={"f": 0.0})
    _, _, keep_all = run_cells("lstm", module, x, pins={"f": 1.0, "i": 0.0})
    for s in forget_all[0]:
        assert torch.equal(s["c"], s["i"] * s["g"])          # f = 0: nothing of c_{t-1} survives
    for s in keep_all[0]:
        assert torch.equal(s["c"], s["c_prev"])               # f = 1, i = 0: the cell state never changes
    assert not torch.equal(free[0][-1]["c"], forget_all[0][-1]["c"])


def test_an_output_gate_pinned_open_shows_tanh_of_the_cell_state():
    w = [torch.randn(8, 1), torch.randn(8, 2), torch.randn(8), torch.randn(8)]
    h, c, parts = lstm_cell(torch.randn(1, 1), torch.zeros(1, 2), torch.ones(1, 2), *w, pins={"o": 1.0})
    assert torch.equal(parts["o"], torch.ones(1, 2)) and torch.equal(h, torch.tanh(c))
