"""What the tuning experiments share: the settings a comparison may vary, whose runs a page's are,
periodic polling on the page."""
import uuid

import panel as pn
import param

from engine.run_store import shared_run_store, valid_browser
from engine.settings import LEARNING_RATES, between, offered, some
from engine.sweep import default_config, run_summary
from widgets.course.owner import session_owner

LESSON = "tuning"
SPEEDS = {"10 steps/s": 10, "30 steps/s": 30, "100 steps/s": 100}

# What a side-by-side comparison may vary, and the values it spreads over (n runs take n of them).
VARIABLES = {
    "lr": ("learning rate", between(LEARNING_RATES, 0.0003, 0.1)),
    "batch_size": ("batch size", some("batch_size", 4, 16, 64, 256, 1024, 2048)),
    "optimizer": ("optimiser", list(offered("optimizer"))[::-1]),
    "width": ("width (units per layer)", some("width", 4, 16, 64, 256, 512, 1024)),
    "depth": ("depth (hidden layers)", list(offered("depth"))),
    "n_train": ("training-set size", list(offered("n_train"))),
    "noise": ("label noise (share flipped)", list(offered("noise"))),
    "weight_decay": ("weight decay", some("weight_decay", 0.0, 0.0001, 0.001, 0.003, 0.01, 0.03)),
    "dropout": ("dropout", list(offered("dropout"))),
    "l1": ("L1 weight λ", some("l1", 0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01)),
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


class Identity(param.Parameterized):
    """Whose runs this page's are: the id the server signed into the browser's cookie (a class
    student's, else the visitor's), read once as the page is built; a per-session id until known
    (no classroom keys, a cookieless client, outside a server). Never an id the page sends."""

    value = param.String(default="", constant=True, doc="The server-issued owner ('' when none).")

    def __init__(self):
        owner = session_owner()
        super().__init__(value=owner if valid_browser(owner) else "")
        self.fallback = "session-" + uuid.uuid4().hex[:12]

    @property
    def id(self) -> str:
        return self.value or self.fallback


class KeptOnTheMap:
    """A live run of steps 1-2 counted as the student's on the class's map: whenever it is paused
    (and when the map is opened), its one record is replaced by its settings now and its
    measures so far. A run whose knob moved while it trained says so in its measures."""

    def __init__(self, run, identity: Identity, kind: str, knob: str):
        self.run, self.identity, self.kind, self.knob = run, identity, kind, knob
        self.stored: str | None = None
        self._kept = (-1, "")  # the step and the owner of the stored record
        pn.bind(lambda status: status == "paused" and self.keep(), run.param.status, watch=True)

    def keep(self) -> str | None:
        """Store (or replace) the run's record; None while it has no evaluation yet."""
        run = self.run
        me = self.identity.id
        if not run.evals or (run.evals[-1]["step"], me) == self._kept:
            return self.stored
        measures, curve = run_summary(run.evals)
        measures["status"] = run.status
        measures["knob_changes"] = sum(c["name"] == self.knob for c in run.changes)
        base = default_config()
        config = {k: v for k, v in {**run.task_args, **run.hyper}.items() if k in base}
        store = shared_run_store()
        if self.stored is not None:  # replaced: the newer record is the run as it stands
            store.delete(self.stored, browser=self._kept[1])
        self.stored = store.add(me, {**base, **config}, measures, curve, LESSON, self.kind)
        self._kept = (run.evals[-1]["step"], me)
        return self.stored
