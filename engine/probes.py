"""Probes: record what named layers of a live model compute, without touching model code.

A forward hook stores each watched layer's output, a tensor hook stores the gradient that
reaches it on backward. Only sample 0 of the batch is kept, cloned to numpy, so a widget can
draw it while training goes on.
"""
import numpy as np
from torch import nn


def _first_tensor(output):
    """nn.LSTM returns (out, (h, c)): the watched value is the layer's main output."""
    while isinstance(output, (tuple, list)):
        output = output[0]
    return output


class Probe:
    """Watches `names` (module names of `model`, default: its direct children).

    records[name] = {"output": array, "grad": array or absent}; shapes are the layer's
    output shape without the batch dimension, e.g. (T, hidden) for an LSTM layer.
    """

    def __init__(self, model: nn.Module, names: list[str] | None = None):
        modules = dict(model.named_modules())
        self.names = names or [n for n, _ in model.named_children()]
        unknown = [n for n in self.names if n not in modules]
        if unknown:
            raise ValueError(f"no such layer(s) to probe: {unknown}")
        self.active = False
        self.records: dict[str, dict[str, np.ndarray]] = {}
        self._handles = [modules[n].register_forward_hook(self._on_forward(n)) for n in self.names]

    def _on_forward(self, name):
        def hook(module, inputs, output):
            if not self.active:
                return
            out = _first_tensor(output)
            self.records[name] = {"output": out[0].detach().to("cpu", copy=True).numpy()}
            if out.requires_grad:
                out.register_hook(self._on_grad(name))
        return hook

    def _on_grad(self, name):
        def hook(grad):
            self.records[name]["grad"] = grad[0].detach().to("cpu", copy=True).numpy()
        return hook

    def detach(self):
        for h in self._handles:
            h.remove()
        self._handles = []
