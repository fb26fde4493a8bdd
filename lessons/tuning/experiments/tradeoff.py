"""Step 'map': the class's finished runs on accuracy against cost, with the Pareto front."""

import numpy as np
import panel as pn

from engine.run_store import shared_run_store
from widgets.course.checkbox import LabelledCheckbox
from widgets.course.html import esc, num
from widgets.run.stream_chart import StreamChart
from widgets.style.numbers import significant
from widgets.style.palette import BLUE, ORANGE
from widgets.tuning.tradeoff_map import COSTS, TradeoffMap

from .common import LESSON, VARIABLES, Identity

# --- step 6: the trade-off map --------------------------------------------------------------------
# A run's settings as the page names them (n_train = 0: the whole training set).
SETTING_NAMES = {"lr": "learning rate", "batch_size": "batch size", "optimizer": "optimiser",
                 "momentum": "momentum (SGD)",
                 **{k: VARIABLES[k][0] for k in ("width", "depth", "dropout", "weight_decay", "l1", "n_train",
                                                 "noise")},
                 "max_steps": "step budget"}


def setting_text(name: str, value) -> str:
    if name == "n_train" and not value:
        return "all"
    if name == "max_steps" and not value:
        return "none (paused by the student)"
    return significant(value)


class TradeoffExplorer:
    def __init__(self, identity: Identity, before_load=lambda: None):
        self.identity, self.before_load = identity, before_load
        self.cost = pn.widgets.RadioButtonGroup(options=list(COSTS), value="training time (s)",
                                                button_type="primary", button_style="outline")
        self.only_mine = LabelledCheckbox(label="Show only my runs", width=190, margin=(14, 20))
        self.refresh = pn.widgets.Button(label="↻ Reload the class's runs", width=220)
        self.map = TradeoffMap()
        self.summary = pn.pane.Markdown(css_classes=["map-summary"], sizing_mode="stretch_width")
        self.details = pn.pane.HTML(css_classes=["run-details"], sizing_mode="stretch_width")
        self.curves = StreamChart(series=["validation", "training"], label="accuracy", logy=False, ylim=(0, 1.02),
                                  percent=True, colours={"validation": BLUE, "training": ORANGE}, readout=False,
                                  height=220, css_classes=["run-curves"])
        self.curves_box = pn.Column(pn.pane.Markdown("**Its curves**"), self.curves, visible=False,
                                    sizing_mode="stretch_width")
        self.delete = pn.widgets.Button(label="Delete this run", button_type="danger", button_style="outline",
                                        width=160, visible=False)
        self.delete.on_click(lambda _: self._delete())
        self.runs: dict[str, dict] = {}
        for w in (self.cost, self.only_mine):
            pn.bind(lambda _: self.load(), w.param.value, watch=True)
        self.refresh.on_click(lambda _: self.load())
        pn.bind(lambda _: self._show_selected(), self.map.param.selected, watch=True)
        self.load()

    def load(self):
        self.before_load()
        me = self.identity.id
        runs = [r for r in shared_run_store().runs(LESSON) if r["measures"].get("val_accuracy") is not None]
        if self.only_mine.value:
            runs = [r for r in runs if r["browser"] == me]
        self.runs = {r["id"]: r for r in runs}
        key = COSTS[self.cost.value]
        self.map.param.update(xlabel=self.cost.value, logx=key == "params", points=[
            {"id": r["id"], "x": r["measures"].get(key, np.nan), "y": r["measures"]["val_accuracy"],
             "mine": r["browser"] == me, "example": r["example"]} for r in runs])
        n_mine = sum(r["browser"] == me for r in runs)
        n_examples = sum(r["example"] for r in runs)
        front = len(self.map.front_ids)
        self.summary.object = (f"**{len(runs)} finished runs**: {n_mine} yours, {len(runs) - n_mine - n_examples} "
                               f"from the rest of the class, {n_examples} examples the server trained (hollow "
                               f"circles). {front} of them are on the Pareto front: no other run is both cheaper "
                               "and more accurate."
                               if runs else "No finished runs stored yet: launch some on the earlier steps.")
        self._show_selected()

    def _show_selected(self):
        run = self.runs.get(self.map.selected)
        if run is None:
            self.details.object = ("<p><i>Click a point, or choose a run under the map, for its settings and "
                                   "curves.</i></p>")
            self.delete.visible = self.curves_box.visible = False
            return
        self.curves.clear()
        for line, key in (("validation", "val_accuracy"), ("training", "train_accuracy")):
            # older runs lack one of the two
            self.curves.set_curve(line, run["curve"].get("step", []), run["curve"].get(key) or [])
        self.curves_box.visible = True
        s, m = run["settings"], run["measures"]
        settings = "".join(f"<tr><th>{esc(label)}</th><td>{esc(setting_text(k, s[k]))}</td></tr>"
                           for k, label in SETTING_NAMES.items() if k in s)
        moved = m.get("knob_changes", 0)
        moved = f" Its knob moved {moved} time{'s' if moved != 1 else ''} while it trained." if moved else ""
        on_front = "on the Pareto front" if run["id"] in self.map.front_ids else "not on the front"
        mine = ("yours" if run["browser"] == self.identity.id else
                "an example the server trained" if run["example"] else "another student's")
        self.details.object = (
            f"<p><b>{num(m['val_accuracy'], '.1%')}</b> validation accuracy in <b>{num(m.get('seconds', 0), '.2f')} s"
            f"</b> of training, {num(m.get('params'), 'd', '?')} parameters, gap {num(m.get('gap', 0), '.1%')}; "
            f"{on_front}; {mine}.{moved}</p>"
            f"<table class='settings'>{settings}</table>")
        self.delete.visible = run["browser"] == self.identity.id

    def _delete(self):
        if self.map.selected and shared_run_store().delete(self.map.selected, browser=self.identity.id):
            self.map.selected = None
            self.load()

    def view(self):
        return pn.Column(pn.Row(self.cost, self.only_mine, self.refresh), self.summary,
                         pn.Row(pn.Column(self.map, sizing_mode="stretch_width"),
                                pn.Column(self.details, self.curves_box, self.delete, width=340)),
                         sizing_mode="stretch_width")
