"""The class's runs: kept in SQLite, counted right, surviving restarts and corrupt files."""
import logging
import threading

import numpy as np
import pytest

from engine.pareto import pareto_front
from engine.run_store import RunStore

A, B = "a" * 16, "b" * 16  # browser ids of the form the site issues


def test_the_pareto_front_of_known_points():
    #            0    1    2    3    4    5
    cost = [1.0, 2.0, 3.0, 2.5, 4.0, 1.0]
    acc = [0.80, 0.90, 0.95, 0.85, 0.95, 0.70]
    # 3 is beaten by 1 (cheaper, better); 4 by 2 (same quality, dearer); 5 by 0.
    assert pareto_front(cost, acc).tolist() == [0, 1, 2]
    assert pareto_front([], []).tolist() == []
    assert pareto_front([1, np.nan, 0.5], [0.5, 1.0, 0.4]).tolist() == [2, 0]
    assert pareto_front([1, 1], [0.5, 0.5]).tolist() == [0]  # a duplicate counts once
    with pytest.raises(ValueError):
        pareto_front([1, 2], [1])


def test_the_front_is_never_dominated_on_random_points():
    rng = np.random.default_rng(0)
    cost, acc = rng.random(200), rng.random(200)
    front = set(pareto_front(cost, acc).tolist())
    for i in range(200):
        dominated = np.any((cost <= cost[i]) & (acc >= acc[i]) & ((cost < cost[i]) | (acc > acc[i])))
        assert (i not in front) == dominated


def test_runs_are_counted_survive_a_reopen_and_make_the_distribution(tmp_path):
    path = tmp_path / "runs.sqlite"
    store = RunStore(str(path))
    for lr in (0.01, 0.01, 0.1):
        store.add(A, {"lr": lr, "width": 32}, {"val_accuracy": 0.9}, {"step": [0, 10]})
    store.add(B, {"lr": 0.1}, {"val_accuracy": 0.95}, kind="challenge")
    again = RunStore(str(path))
    assert again.count() == 4 and again.count("tuning") == 4
    assert again.distribution("lr") == {0.01: 2, 0.1: 2}
    assert sum(again.distribution("lr").values()) == again.count()
    assert again.distribution("width") == {32: 3}
    assert [r["kind"] for r in again.runs(kind="challenge")] == ["challenge"]
    assert again.runs()[0]["curve"] == {} and again.runs()[-1]["curve"] == {"step": [0, 10]}


def test_a_browser_deletes_only_its_own_runs_and_the_instructor_all(tmp_path):
    store = RunStore(str(tmp_path / "runs.sqlite"))
    mine = store.add(A, {"lr": 1}, {})
    theirs = store.add(B, {"lr": 1}, {})
    assert store.delete(theirs, browser=A) == 0
    assert store.delete(mine, browser=A) == 1
    assert store.delete_all() == 1 and store.count() == 0


def test_a_corrupt_file_is_moved_aside_and_replaced_without_a_crash(tmp_path, caplog):
    path = tmp_path / "runs.sqlite"
    path.write_bytes(b"this is not a database, it is a text file that someone copied here" * 100)
    with caplog.at_level(logging.ERROR, logger="explorables.runs"):
        store = RunStore(str(path))
    assert store.count() == 0
    assert any("could not be read" in r.message and "moved to" in r.message for r in caplog.records)
    aside = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    store.add(A, {"lr": 1}, {})
    assert RunStore(str(path)).count() == 1


def test_a_file_corrupted_while_the_site_runs_is_replaced_at_the_next_write(tmp_path):
    path = tmp_path / "runs.sqlite"
    store = RunStore(str(path))
    store.add(A, {"lr": 1}, {})
    for suffix in ("-wal", "-shm"):
        (tmp_path / ("runs.sqlite" + suffix)).unlink(missing_ok=True)
    path.write_bytes(b"\0garbage" * 1000)
    store.add(A, {"lr": 2}, {})
    assert store.count() == 1 and store.distribution("lr") == {2: 1}


def test_many_writers_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "runs.sqlite")
    stores = [RunStore(path) for _ in range(4)]  # as separate sessions or processes would

    def write(store, k):
        for i in range(25):
            store.add(f"{k:016x}", {"i": i}, {"val_accuracy": i / 25})

    threads = [threading.Thread(target=write, args=(s, k)) for k, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert RunStore(path).count() == 100


def test_the_instructor_deletes_the_class_runs_from_the_command_line(tmp_path, capsys):
    from explorables.cli import main
    path = str(tmp_path / "runs.sqlite")
    store = RunStore(path)
    store.add(A, {"lr": 1}, {})
    store.add(B, {"lr": 1}, {}, lesson="other")
    main(["delete-runs", "--db", path, "--lesson", "tuning"])
    assert "deleted 1 run(s)" in capsys.readouterr().out
    assert store.count() == 1
    main(["delete-runs", "--db", path])
    assert store.count() == 0


def test_only_issued_browser_ids_are_stored_and_each_browser_keeps_its_newest_runs(tmp_path, monkeypatch):
    import engine.store.runs as run_store
    store = RunStore(str(tmp_path / "runs.sqlite"))
    for bad in ("x" * 8_000_000, "", "A" * 16, "a" * 17, "session-zz", None, 12):
        with pytest.raises(ValueError):
            store.add(bad, {"lr": 1}, {})
    assert store.count() == 0
    store.add("session-" + "c" * 12, {"lr": 1}, {})
    monkeypatch.setattr(run_store, "ROWS_PER_BROWSER", 5)
    for i in range(12):
        store.add(A, {"i": i}, {})
    store.add(B, {"i": 0}, {})
    mine = [r["settings"]["i"] for r in store.runs() if r["browser"] == A]
    assert sorted(mine) == [7, 8, 9, 10, 11] and store.count() == 7
