"""ClassRuns: /teach's view of the class's /tuning runs on the trade-off map (validation accuracy
against training time), read from the store with the dashboard, off its event loop.

A run is the class's when its owner is a student of the class: the lesson stores it under the
student id the server signed (explorables/classroom/identity.py), never an id the page sent.
"""
import numpy as np
import panel as pn

from engine.store import Store
from widgets.tuning.tradeoff_map import TradeoffMap

LESSON = "tuning"  # the one lesson that stores finished runs
EMPTY = "No runs from this class yet: they appear once students finish runs in the tuning lesson."


class ClassRuns(pn.viewable.Viewer):
    def __init__(self, store: Store, **params):
        super().__init__(**params)
        self.store = store
        self.summary = pn.pane.Markdown(EMPTY, css_classes=["class-runs-summary"], sizing_mode="stretch_width")
        self.map = TradeoffMap(height=320, mine_label="")  # the instructor trains no runs of their own
        self.map_box = pn.Column(self.map, visible=False, sizing_mode="stretch_width")  # an empty plot says nothing
        self._shown = None  # the run ids drawn: the map moves only when they change
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
        self._shown = key
        self.map_box.visible = bool(runs)
        if not runs:
            self.summary.object = EMPTY
            self.map.points = []
            return
        students = len({r["browser"] for r in runs})
        self.map.points = [{"id": r["id"], "x": r["measures"].get("seconds", np.nan),
                            "y": r["measures"]["val_accuracy"], "mine": False} for r in runs]
        self.summary.object = (f"**{len(runs)} finished run{'s' if len(runs) != 1 else ''}** from {students} "
                               f"student{'s' if students != 1 else ''}; {len(self.map.front_ids)} of them on "
                               "the Pareto front: no other run is both faster and more accurate.")
