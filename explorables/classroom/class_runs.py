"""ClassRuns: /teach's view of the class's /tuning runs on the trade-off map (validation accuracy
against training time or parameters, as the lesson's map), read from the store with the dashboard,
off its event loop.

A run is the class's when its owner is a student of the class: the lesson stores it under the
student id the server signed (explorables/classroom/identity.py), never an id the page sent.
"""
import numpy as np
import panel as pn

from engine.store import Store
from widgets.tuning.tradeoff_map import COSTS, TradeoffMap

LESSON = "tuning"  # the one lesson that stores finished runs
EMPTY = "No runs from this class yet: they appear once students finish runs in the tuning lesson."


class ClassRuns(pn.viewable.Viewer):
    def __init__(self, store: Store, **params):
        super().__init__(**params)
        self.store = store
        self.summary = pn.pane.Markdown(EMPTY, css_classes=["class-runs-summary"], sizing_mode="stretch_width")
        self.map = TradeoffMap(height=320, mine_label="")  # the instructor trains no runs of their own
        self.cost = pn.widgets.RadioButtonGroup(options=list(COSTS), value="training time (s)",
                                                button_type="primary", button_style="outline", width=320)
        self.cost.param.watch(lambda _: self._draw(), "value")
        self._shown, self._runs = None, []  # the run ids drawn: the map moves only when they change
        # An empty plot says nothing: hidden until the class has runs.
        self.map_box = pn.Column(self.cost, self.map, visible=False, sizing_mode="stretch_width")
        self._layout = pn.Column(pn.pane.Markdown("### The class's runs on the trade-off map"), self.summary,
                                 self.map_box, sizing_mode="stretch_width")

    def __panel__(self):
        return self._layout

    def read(self, code: str | None) -> list[dict]:
        """The class's runs with a validation accuracy (any thread; StoreError passes up)."""
        if not code:
            return []
        return [r for r in self.store.runs.of_class(code, LESSON) if r["measures"].get("val_accuracy") is not None]

    def show(self, runs: list[dict]):
        """Draw a read() (on the event loop)."""
        key = [r["id"] for r in runs]
        if key == self._shown:
            return
        self._shown, self._runs = key, runs
        self._draw()

    def _draw(self):
        runs, measure = self._runs, COSTS[self.cost.value]
        self.map_box.visible = bool(runs)
        if not runs:
            self.summary.object = EMPTY
            self.map.points = []
            return
        students = len({r["browser"] for r in runs})
        self.map.param.update(xlabel=self.cost.value, logx=measure == "params", points=[
            {"id": r["id"], "x": r["measures"].get(measure, np.nan), "y": r["measures"]["val_accuracy"],
             "mine": False} for r in runs])
        self.summary.object = (f"**{len(runs)} finished run{'s' if len(runs) != 1 else ''}** from {students} "
                               f"student{'s' if students != 1 else ''}; {len(self.map.front_ids)} of them on "
                               "the Pareto front: no other run is both cheaper and more accurate.")
