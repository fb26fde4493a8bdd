"""Example runs: a fresh store gets real, flagged runs, counted apart from the class's own."""
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from engine.examples import LESSON, example_configs, fill_examples, fill_examples_in_background
from engine.run_store import RunStore

ROOT = Path(__file__).resolve().parents[2]
TINY = [{**c, "max_steps": 30} for c in example_configs(sweep={"lr": [0.001, 0.1]})]


def test_the_sweep_differs_from_its_base_in_one_setting_per_run():
    configs = example_configs()
    base = configs[0]
    assert len(configs) >= 12 and len({json.dumps(c, sort_keys=True) for c in configs}) == len(configs)
    for config in configs[1:]:
        assert len([k for k in base if config[k] != base[k]]) == 1


def test_a_fresh_store_gets_trained_examples_flagged_and_counted_apart(tmp_path):
    store = RunStore(str(tmp_path / "runs.sqlite"))
    store.add("c" * 16, {"lr": 0.01}, {"val_accuracy": 0.9}, lesson=LESSON, kind="compare")
    assert fill_examples(store, TINY) == len(TINY) == 3
    assert store.count(LESSON) == 4
    assert store.count(LESSON, example=True) == 3 and store.count(LESSON, example=False) == 1
    examples = store.runs(LESSON, example=True)
    assert all(r["example"] for r in examples) and not store.runs(LESSON, example=False)[0]["example"]
    for run in examples:  # trained for real: the budget used, measures and a curve from evaluations
        assert run["measures"]["step"] == 30 and 0.0 < run["measures"]["val_accuracy"] <= 1.0
        assert run["curve"]["step"][-1] == 30
    assert sorted(r["settings"]["lr"] for r in examples) == [0.001, 0.01, 0.1]
    assert store.distribution("lr", LESSON, example=False) == {0.01: 1}
    assert fill_examples(store, TINY) == 0  # once only: a restart adds none


def test_examples_fill_in_a_low_priority_process_of_their_own(tmp_path):
    path = str(tmp_path / "runs.sqlite")
    child = fill_examples_in_background(path, TINY[:2])
    assert child.pid != os.getpid()
    assert child.wait(timeout=120) == 0
    assert RunStore(path).count(LESSON, example=True) == 2
    assert fill_examples_in_background(path, TINY[:2]).wait(timeout=120) == 0  # a restart adds none
    assert RunStore(path).count(LESSON, example=True) == 2


def test_the_example_process_stops_when_its_server_is_gone(tmp_path):
    path = str(tmp_path / "runs.sqlite")
    # Started by a parent that exits at once: the child trains no run after finding it gone.
    parent = subprocess.run([sys.executable, "-c", "import sys, json; from engine.examples import "
                             "fill_examples_in_background as f; f(sys.argv[1], json.loads(sys.argv[2]))",
                             path, json.dumps(TINY)], cwd=ROOT, timeout=60)
    assert parent.returncode == 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _examples_running(path):
        time.sleep(0.2)
    assert not _examples_running(path)
    assert RunStore(path).count(LESSON, example=True) < len(TINY)


def _examples_running(path: str) -> bool:
    out = subprocess.run(["pgrep", "-f", f"engine.examples --db {path}"], capture_output=True, text=True)
    return bool(out.stdout.strip())


def test_a_file_from_before_the_flag_gains_the_column_and_keeps_its_runs_as_the_classs(tmp_path):
    path = str(tmp_path / "old.sqlite")
    db = sqlite3.connect(path)
    db.executescript("""CREATE TABLE runs (id TEXT PRIMARY KEY, browser TEXT NOT NULL, lesson TEXT NOT NULL,
        kind TEXT NOT NULL, created REAL NOT NULL, settings TEXT NOT NULL, measures TEXT NOT NULL,
        curve TEXT NOT NULL);
        INSERT INTO runs VALUES ('a1', 'b', 'tuning', 'compare', 1.0, '{"lr": 0.1}', '{}', '{}');""")
    db.commit()
    db.close()
    store = RunStore(path)
    assert store.count("tuning", example=False) == 1 and store.count("tuning", example=True) == 0
    assert store.runs("tuning")[0]["example"] is False
    store.add("example", {"lr": 0.01}, {}, lesson="tuning", kind="compare", example=True)
    assert store.count("tuning", example=True) == 1
    assert RunStore(path).count("tuning") == 2  # opening it again migrates nothing twice
