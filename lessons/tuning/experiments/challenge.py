"""Step 'challenge': reach an accuracy within a training budget; attempts ranked for the class."""

import panel as pn
import param

from engine.defaults import CHALLENGE_STEPS
from engine.pool import merge_updates, shared_pool
from engine.run_store import shared_run_store
from engine.settings import BATCH_SIZES, LEARNING_RATES, WIDTHS, between, offered, some
from engine.sweep import default_config, run_summary, split_config
from widgets.course.html import esc, num
from widgets.run.stream_chart import StreamChart
from widgets.style.numbers import significant
from widgets.style.palette import GREEN

from .common import LESSON, Identity, on_page

CHALLENGE_ACC = 0.97


def challenge_rank(runs: list[dict]) -> list[dict]:
    """Challenge runs best first: by validation accuracy, then by fewer steps. Attempts stored
    under the old wall-clock budget (no step count, or over the budget) rank after the rest."""
    def key(r):
        steps = r["measures"].get("step", 1e9)
        return (steps > CHALLENGE_STEPS, -r["measures"].get("val_accuracy", 0), steps)
    return sorted(runs, key=key)


def high_scores(runs: list[dict], me: str, top: int = 10) -> str:
    if not runs:
        return "<p><i>No challenge attempts stored yet.</i></p>"
    rows = []
    for place, r in enumerate(challenge_rank(runs)[:top], 1):
        m, s = r["measures"], r["settings"]
        who = "<b>you</b>" if r["browser"] == me else "a classmate"
        hit = "✔" if m.get("val_accuracy", 0) >= CHALLENGE_ACC else ""
        rows.append(f"<tr><td>{place}</td><td>{num(m.get('val_accuracy', 0), '.1%')} {hit}</td>"
                    f"<td>{esc(m.get('step', '–'))}</td><td>{esc(s.get('optimizer'))} lr "
                    f"{esc(significant(s.get('lr')))}, batch {esc(s.get('batch_size'))}, "
                    f"{esc(s.get('depth'))}×{esc(s.get('width'))}</td><td>{who}</td></tr>")
    return ("<table class='runs'><tr><th>#</th><th>val. acc.</th><th>steps</th><th>settings</th><th></th></tr>"
            + "".join(rows) + f"</table><p>{len(runs)} attempts stored in all.</p>")


# --- step 8: the challenge -------------------------------------------------------------------------
class ChallengeSettings(param.Parameterized):
    lr = param.Selector(default=0.001, objects=between(LEARNING_RATES, 0.0003, 1.0),
                        label="Learning rate")
    optimizer = param.Selector(default="sgd", objects=list(offered("optimizer")), label="Optimiser")
    momentum = param.Selector(default=0.0, objects=list(offered("momentum")), label="Momentum (SGD)")
    batch_size = param.Selector(default=32, objects=between(BATCH_SIZES, 8, 256), label="Batch size")
    width = param.Selector(default=128, objects=between(WIDTHS, 8, 256), label="Width")
    depth = param.Selector(default=1, objects=between(offered("depth"), 0, 3), label="Depth")
    dropout = param.Selector(default=0.0, objects=between(offered("dropout"), 0.0, 0.3), label="Dropout")
    l1 = param.Selector(default=0.0, objects=some("l1", 0.0, 0.0001, 0.001), label="L1 weight λ")


class Challenge(param.Parameterized):
    """One attempt at a time: full speed, stopped by the engine after CHALLENGE_STEPS optimiser steps."""

    best = param.Number(default=0.0, doc="The best validation accuracy of this student's attempts here.")

    def __init__(self, identity: Identity):
        super().__init__()
        self.identity = identity
        self.settings = ChallengeSettings()
        self.form = pn.GridBox(*[pn.widgets.DiscreteSlider.from_param(self.settings.param[p], width=230)
                                 for p in ("lr", "batch_size", "width", "depth", "dropout", "l1", "momentum")],
                               pn.widgets.RadioButtonGroup.from_param(self.settings.param.optimizer, width=230),
                               ncols=2)
        self.go = pn.widgets.Button(label="▶ Start an attempt", button_type="success", width=200,
                                    css_classes=["challenge-go"])
        self.go.on_click(lambda _: self.start())
        self.graph = StreamChart(label="Validation accuracy", logy=False, ylim=(0, 1.02), percent=True, colour=GREEN,
                                 height=260, css_classes=["series-graph"])
        self.result = pn.pane.HTML("<p>No attempt yet.</p>", css_classes=["challenge-result"],
                                   sizing_mode="stretch_width")
        self.handle, self.update, self.config, self.stored = None, None, None, None
        self._callback = on_page(self.poll)
        if self._callback is not None:
            pn.state.on_session_destroyed(lambda _ctx, c=self: c.close())

    def start(self):
        if self.handle is not None:
            self.handle.close()
        self.config = default_config(**{p: getattr(self.settings, p) for p in self.settings.param if p != "name"},
                                     max_steps=CHALLENGE_STEPS)
        task_args, hyper, seed = split_config(self.config)
        self.handle = shared_pool().open("classify", task_args, hyper, seed=seed, eval_every=25)
        self.handle.train()
        self.update, self.stored = None, None
        self.graph.clear()
        self.result.object = "<p>Training…</p>"
        self.go.disabled = True

    def poll(self):
        if self.handle is None:
            return
        fresh = self.handle.updates()
        if not fresh:
            return
        before = len(self.update["evals"]) if self.update else 0
        self.update = merge_updates(([self.update] if self.update else []) + fresh)
        new = self.update["evals"][before:]
        self.graph.push([e["step"] for e in new], [e["val_accuracy"] for e in new])
        u = self.update
        if u["status"] in ("paused", "stopped") and self.stored is None and u["steps"] > 0:
            self.finish()
        elif self.stored is None:
            self.result.object = f"<p>Training… step {u['steps']} of {CHALLENGE_STEPS}</p>"

    def finish(self):
        u = self.update
        measures, curve = run_summary(u["evals"], u["metrics"])
        measures["status"] = u["status"]
        store = shared_run_store()
        self.stored = store.add(self.identity.id, self.config, measures, curve, LESSON, "challenge")
        ranked = challenge_rank(store.runs(LESSON, kind="challenge"))
        place = next(i for i, r in enumerate(ranked, 1) if r["id"] == self.stored)
        acc = measures.get("val_accuracy", 0)
        self.best = max(self.best, acc)
        verdict = "✔ Target reached!" if acc >= CHALLENGE_ACC else f"Below the {CHALLENGE_ACC:.0%} target."
        stopped = " The run stopped itself: the loss stopped being a number." if u["status"] == "stopped" else ""
        self.result.object = (f"<p><b>{acc:.1%}</b> validation accuracy after {u['steps']} steps "
                              f"({u['train_seconds']:.1f} s on this server). {verdict}{stopped} "
                              f"Your attempt ranks <b>{place} of {len(ranked)}</b> in the class.</p>")
        self.go.disabled = False

    def close(self):
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
        if self.handle is not None:
            self.handle.close()

    def view(self):
        return pn.Column(pn.Row(self.form), pn.Row(self.go, self.result), self.graph,
                         sizing_mode="stretch_width")
