"""Probes record exactly what a plain torch forward and backward compute."""
import numpy as np
import torch

from engine.models import SequenceRegressor
from engine.probes import Probe
from engine.run import TrainingRun
from engine.tasks import make_task


def test_probe_outputs_and_gradients_match_a_plain_forward_and_backward():
    torch.manual_seed(0)
    model = SequenceRegressor(hidden=8)
    x = torch.randn(4, 12, 1)
    probe = Probe(model)
    probe.active = True
    out = model(x)
    out.pow(2).mean().backward()

    probe.active = False
    h = model.rnn(x)[0]
    h.retain_grad()
    y = model.head(h)
    y.retain_grad()
    y.pow(2).mean().backward()
    assert np.allclose(probe.records["rnn"]["output"], h[0].detach().numpy(), atol=1e-6)
    assert np.allclose(probe.records["head"]["output"], y[0].detach().numpy(), atol=1e-6)
    assert np.allclose(probe.records["rnn"]["grad"], h.grad[0].numpy(), atol=1e-7)
    assert np.allclose(probe.records["head"]["grad"], y.grad[0].numpy(), atol=1e-7)


def test_an_inactive_probe_records_nothing_and_detach_removes_hooks():
    model = SequenceRegressor(hidden=4)
    probe = Probe(model)
    model(torch.randn(2, 5, 1))
    assert probe.records == {}
    probe.detach()
    probe.active = True
    model(torch.randn(2, 5, 1))
    assert probe.records == {}


def test_a_run_with_probes_records_every_kth_step():
    run = TrainingRun(make_task("sequence"), probe_every=5)
    run.step(1)
    records = run.view("probes")
    assert records["rnn"]["output"].shape == (40, 16)
    assert records["rnn"]["grad"].shape == (40, 16)
