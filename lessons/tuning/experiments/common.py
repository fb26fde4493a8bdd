"""What the tuning experiments share: the settings a comparison may vary, the browser's id,
periodic polling on the page."""
import uuid

import panel as pn

from engine.run_store import valid_browser
from engine.settings import LEARNING_RATES, between
from widgets.course.browser_id import BrowserId

LESSON = "tuning"
SPEEDS = {"10 steps/s": 10, "30 steps/s": 30, "100 steps/s": 100}

# What a side-by-side comparison may vary, and the values it spreads over (n runs take n of them).
VARIABLES = {
    "lr": ("learning rate", between(LEARNING_RATES, 0.0003, 0.1)),
    "batch_size": ("batch size", [4, 16, 64, 256, 1024, 2048]),
    "optimizer": ("optimiser", ["sgd", "adam"]),
    "width": ("width (units per layer)", [4, 16, 64, 256, 512, 1024]),
    "depth": ("depth (hidden layers)", [0, 1, 2, 3, 4, 6]),
    "n_train": ("training-set size", [50, 100, 200, 400, 800, 1437]),
    "noise": ("label noise (share flipped)", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]),
    "weight_decay": ("weight decay", [0.0, 0.0001, 0.001, 0.003, 0.01, 0.03]),
    "dropout": ("dropout", [0.0, 0.1, 0.2, 0.3, 0.5, 0.7]),
    "l1": ("L1 weight λ", [0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01]),
}
MEASURES = {"val_accuracy": "validation accuracy", "loss": "training loss (per batch)",
            "gap": "train − validation accuracy (gap)"}


def spread(values: list, n: int) -> list:
    """n of the values, evenly spread from the first to the last."""
    if n >= len(values):
        return list(values)
    return [values[round(i * (len(values) - 1) / (n - 1))] for i in range(n)]


def on_page(callback, period_ms=100):
    """A periodic callback on this session's event loop (none outside a server, e.g. in tests)."""
    if pn.state.curdoc is None:
        return None
    return pn.state.add_periodic_callback(callback, period=period_ms)


class Identity:
    """This browser's random id (localStorage); a per-session id until the browser reports it."""

    def __init__(self):
        self.fallback = "session-" + uuid.uuid4().hex[:12]
        self.value = ""

    def widget(self) -> BrowserId:
        """A fresh invisible reporter for a step's view (each view is its own component)."""
        reporter = BrowserId()
        pn.bind(lambda v: setattr(self, "value", v if valid_browser(v) else ""), reporter.param.value, watch=True)
        return reporter

    @property
    def id(self) -> str:
        return self.value or self.fallback
