"""/teach shows the chosen class's /tuning runs on the trade-off map, read from the store: exactly
its students' runs (each stored under the student id the server signed), never a run of another
class's student, of a self-paced visitor, or an example; with none, it says so instead of a plot."""
from bokeh.document import Document
from panel.io.state import set_curdoc

from explorables.classroom import Classroom
from explorables.classroom.class_runs import EMPTY
from explorables.classroom.teach import TeachDashboard
from lessons import LESSONS


def add(store, owner, accuracy, seconds=1.0, **options) -> str:
    return store.runs.add(owner, {"lr": 0.01}, {"val_accuracy": accuracy, "seconds": seconds,
                                                 "params": int(accuracy * 1000)}, **options)


def dashboard_of(store, code) -> TeachDashboard:
    with set_curdoc(Document()):  # pn.state.location, for the join link, needs a document
        dashboard = TeachDashboard(Classroom(store, None, LESSONS))
        dashboard._show(dashboard._read(code))  # what each refresh does, its read off the event loop
    return dashboard


def test_the_map_shows_exactly_the_classs_runs(store):
    tuesday, friday = store.classes.start("Tuesday", "tuning"), store.classes.start("Friday", "tuning")
    ada, bo = store.classes.join(tuesday, "Ada"), store.classes.join(tuesday, "Bo")
    cy = store.classes.join(friday, "Cy")
    ours = {add(store, ada, 0.91, 2.0): 0.91, add(store, ada, 0.84, 0.5): 0.84, add(store, bo, 0.77, 1.5): 0.77}
    add(store, cy, 0.66)                                     # another class's student
    add(store, "0123456789abcdef", 0.55)                     # a self-paced visitor
    add(store, "example", 0.44, example=True)                # a shipped example
    add(store, ada, 0.33, lesson="cnn")                      # not a /tuning run
    store.runs.add(bo, {"lr": 0.01}, {"loss": 0.2})          # no validation accuracy: not on the map
    assert store.flush()

    runs = dashboard_of(store, tuesday).class_runs
    assert sorted(p["y"] for p in runs.map.points) == sorted(ours.values())
    assert {p["id"]: p["y"] for p in runs.map.points} == ours
    assert runs.map_box.visible and "3 finished runs** from 2 students" in runs.summary.object
    assert sorted(runs.map.sources["others"].data["y"]) == sorted(ours.values())  # what the plot draws

    runs.cost.value = "parameters"  # the other cost, as the lesson's own map offers
    assert runs.map.xlabel == "parameters" and runs.map.logx
    assert sorted(runs.map.sources["others"].data["x"]) == sorted(int(a * 1000) for a in ours.values())

    friday_runs = dashboard_of(store, friday).class_runs
    assert [p["y"] for p in friday_runs.map.points] == [0.66]


def test_a_class_without_runs_says_so_rather_than_an_empty_plot(store):
    code = store.classes.start("Tuesday", "tuning")
    store.classes.join(code, "Ada")
    add(store, "0123456789abcdef", 0.55)  # a visitor's run is not the class's
    assert store.flush()
    runs = dashboard_of(store, code).class_runs
    assert runs.summary.object == EMPTY and "No runs from this class yet" in EMPTY
    assert not runs.map_box.visible and runs.map.points == []
