"""The store on SQLite and on PostgreSQL: the run pool, classes, progress, isolation, locks, migration."""
import sqlite3
import threading
import time

import pytest

from engine.store import Store
from engine.store.classes import CODE_LENGTH, CODE_LETTERS, ClassEnded
from engine.store.dashboard import class_summary
from engine.store.schema import MIGRATIONS
from tests.store_backends import BACKENDS, fresh_store_url


def test_the_pool_keeps_runs_and_the_reset_keeps_example_runs(store):
    runs = store.runs
    for lr in (0.01, 0.01, 0.1):
        runs.add("a" * 16, {"lr": lr}, {"val_accuracy": 0.9}, {"step": [0, 10]})
    sweep = runs.add("example", {"lr": 0.3}, {"val_accuracy": 0.5}, example=True)
    assert runs.count() == 4 and runs.distribution("lr") == {0.01: 2, 0.1: 1, 0.3: 1}
    assert [r["id"] for r in runs.runs() if r["example"]] == [sweep]
    assert runs.delete(sweep, browser="a" * 16) == 0  # not theirs
    assert runs.delete_all() == 3 and [r["id"] for r in runs.runs()] == [sweep]
    assert runs.delete_all(examples=True) == 1 and runs.count() == 0


def test_a_class_gets_a_code_students_join_and_the_instructor_steers_it(store):
    code = store.classes.start("Monday  group", "rnn")
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_LETTERS)
    ada = store.classes.join(code.lower(), "  Ada   Lovelace ")
    bob = store.classes.join(code, "")
    assert ada != bob and len(ada) == 32
    state = store.classes.state(code)
    assert (state["name"], state["lesson"], state["step"], state["paused"], state["ended"]) == \
        ("Monday group", "rnn", "", False, None)
    store.classes.move(code, "train")
    store.classes.pause(code)
    store.classes.lock_beyond(code, "train")
    state = store.classes.state(code)
    assert (state["step"], state["paused"], state["locked_beyond"]) == ("train", True, "train")
    assert state["moved"] > state["created"]
    assert [s["name"] for s in store.classes.roster(code)] == ["Ada Lovelace", ""]
    assert store.classes.class_of(ada)["code"] == code
    run = store.runs.add(ada, {"lr": 1}, {}, lesson="rnn")

    store.classes.end(code)
    assert store.classes.state(code)["ended"] is not None and store.classes.running() == []
    assert store.classes.roster(code) == [] and len(store.classes.roster(code, archived=True)) == 2
    assert store.classes.class_of(ada) is None
    assert [r["id"] for r in store.runs.runs("rnn")] == [run]  # the class's runs stay in the pool
    with pytest.raises(ClassEnded):
        store.classes.join(code, "late")
    with pytest.raises(ClassEnded):
        store.classes.move(code, "intro")
    with pytest.raises(ClassEnded):
        store.classes.join("NOSUCH", "x")


def test_progress_is_read_back_whole_and_only_by_its_student(store):
    code = store.classes.start("c", "rnn")
    ada, bob = store.classes.join(code, "Ada"), store.classes.join(code, "Bob")
    p = store.progress
    p.record_step(ada, "rnn", "intro")
    p.record_step(ada, "rnn", "train")
    p.record_answer(ada, "rnn", "intro", "q1", "the forget gate", False)
    p.record_answer(ada, "rnn", "intro", "q1", "the input gate", True)  # replaces the first
    p.record_term(ada, "rnn", "gradient")
    p.record_term(ada, "rnn", "gradient")
    p.mark_done(ada, "rnn", "train")
    p.record_live(ada, "rnn", True, loss=0.25, accuracy=float("nan"))
    p.save_snapshot(ada, "rnn", "train", {"lr": 0.01}, {"step": 40, "loss": 0.25}, b"\x00weights")
    p.save_snapshot(ada, "rnn", "train", {"lr": 0.01}, {"step": 80, "loss": 0.125}, b"\x01newer\xff")
    p.save_drawing(ada, "rnn", "signal", [0.5, 1.0])
    p.record_step(bob, "rnn", "intro")
    assert store.flush() and store.healthy

    mine = p.load(ada, "rnn")
    assert mine["step"] == "train" and mine["training"] and mine["loss"] == 0.25 and mine["accuracy"] is None
    assert mine["answers"] == {"q1": {"step": "intro", "answer": "the input gate", "correct": True}}
    assert mine["terms"] == ["gradient"] and mine["done"] == ["train"]
    assert mine["snapshots"]["train"]["measures"] == {"step": 80, "loss": 0.125}
    assert mine["drawings"] == {"signal": [0.5, 1.0]}
    assert p.snapshot(ada, "rnn", "train")["snapshot"] == b"\x01newer\xff"

    theirs = p.load(bob, "rnn")  # Bob's id reads nothing of Ada's
    assert theirs["step"] == "intro" and theirs["answers"] == {} and theirs["snapshots"] == {}
    assert theirs["terms"] == [] and theirs["done"] == [] and theirs["drawings"] == {}
    assert p.snapshot(bob, "rnn", "train") is None
    assert p.load(ada, "cnn")["step"] == ""  # nor another lesson's


def test_the_dashboard_counts_steps_answers_and_done(store):
    code = store.classes.start("c", "rnn")
    ids = [store.classes.join(code, f"s{i}") for i in range(4)]
    p = store.progress
    for i, sid in enumerate(ids):
        p.record_step(sid, "rnn", "intro" if i < 3 else "train")
        p.record_answer(sid, "rnn", "intro", "q1", "B" if i < 2 else "A", i >= 2)
    p.mark_done(ids[3], "rnn", "train")
    p.record_live(ids[3], "rnn", True, loss=0.5)
    store.classes.join(store.classes.start("other", "rnn"), "elsewhere")  # another class is not counted
    assert store.flush()
    summary = class_summary(store.db, code, "rnn")
    assert summary["on_step"] == {"intro": 3, "train": 1}
    assert summary["answers"] == {"q1": {"B": 2, "A": 2}} and summary["right_answers"] == {"q1": "A"}
    assert summary["done"] == {"train": 1}
    last = summary["roster"][3]
    assert (last["name"], last["step"], last["training"], last["loss"], last["checks_right"], last["done"]) == \
        ("s3", "train", True, 0.5, 1, 1)
    assert [s["checks_right"] for s in summary["roster"]] == [0, 0, 1, 1]
    # A training flag not refreshed for a while is a page that closed mid-run.
    assert not class_summary(store.db, code, "rnn", now=time.time() + 60)["roster"][3]["training"]


def test_the_secret_is_made_once_and_kept(store_url):
    first = Store(store_url).secret()
    assert len(first) >= 40 and Store(store_url).secret() == first


def test_many_writers_at_once_lose_nothing(store_url):
    stores = [Store(store_url) for _ in range(4)]  # as separate sessions or processes would

    def write(store, k):
        for i in range(25):
            store.runs.add(f"{k:016x}", {"i": i}, {})

    threads = [threading.Thread(target=write, args=(s, k)) for k, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Store(store_url).runs.count() == 100


def _hold_lock(store_url):
    """Another connection holding the write lock on the runs, as a second server could."""
    if store_url.startswith("postgresql"):
        import psycopg
        conn = psycopg.connect(store_url)
        conn.execute("LOCK TABLE runs IN ACCESS EXCLUSIVE MODE")
        return conn
    conn = sqlite3.connect(store_url, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


def test_a_lock_held_briefly_is_waited_for(store, store_url):
    holder = _hold_lock(store_url)
    threading.Timer(0.4, holder.rollback).start()
    assert store.runs.add("a" * 16, {"lr": 1}, {}) and store.healthy
    assert store.runs.count() == 1
    holder.close()


def test_a_lock_held_too_long_queues_the_write_and_it_is_saved_after(store, store_url, caplog):
    holder = _hold_lock(store_url)
    start = time.monotonic()
    run_id = store.runs.add("a" * 16, {"lr": 1}, {})  # the store waits lock_wait (1 s), then queues
    assert time.monotonic() - start < 5
    status = store.status()
    assert not status["healthy"] and status["pending"] == 1
    assert "lock" in status["problem"].lower()
    assert any("not being saved" in r.message for r in caplog.records)
    holder.rollback()
    holder.close()
    deadline = time.monotonic() + 10  # the writer thread retries on its own
    while not store.healthy and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.healthy and [r["id"] for r in store.runs.runs()] == [run_id]


def test_a_store_from_before_the_classroom_is_migrated_with_its_runs(store_url):
    row = ("r1", "b", "tuning", "run", 1.0, '{"lr": 0.1}', '{"val_accuracy": 0.9}', "{}")
    if store_url.startswith("postgresql"):
        import psycopg
        with psycopg.connect(store_url, autocommit=True) as conn:
            for statement in filter(str.strip, MIGRATIONS[0].split(";")):
                conn.execute("\n".join(line.split("--")[0] for line in statement.splitlines()))
            conn.execute("INSERT INTO runs VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", row)
    else:
        conn = sqlite3.connect(store_url)
        conn.executescript(MIGRATIONS[0])
        conn.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
        conn.commit()
        conn.close()
    store = Store(store_url)
    assert [(r["id"], r["settings"], r["example"]) for r in store.runs.runs()] == [("r1", {"lr": 0.1}, False)]
    code = store.classes.start("c", "tuning")  # the new tables are there
    assert store.classes.state(code)["lesson"] == "tuning"
    assert Store(store_url).runs.count() == 1  # a second open migrates nothing twice


def test_a_write_refused_as_invalid_is_logged_and_the_writes_behind_it_are_saved(store, caplog):
    code = store.classes.start("c", "rnn")
    ada = store.classes.join(code, "Ada")
    store.db.write("INSERT INTO classes (code) VALUES (?)", ("BAD",), wait=False)  # no name: NOT NULL
    store.progress.record_step(ada, "rnn", "2")
    assert store.flush() and store.healthy
    assert store.progress.load(ada, "rnn")["step"] == "2" and store.classes.state("BAD") is None
    assert any("refused a write" in r.getMessage() and "INSERT INTO classes" in r.getMessage()
               for r in caplog.records)


def test_a_nul_character_in_text_is_dropped_and_the_rest_is_kept(store, caplog):
    # PostgreSQL refuses NUL in text; both backends keep the same text without it.
    code = store.classes.start("Tues\x00day", "rnn")
    ada = store.classes.join(code, "A\x00da")
    store.progress.record_answer(ada, "rnn", "2", "q\x001", "the \x00forget gate", True)
    assert store.flush() and store.healthy
    assert store.classes.state(code)["name"] == "Tuesday"
    assert [s["name"] for s in store.classes.roster(code)] == ["Ada"]
    assert store.progress.load(ada, "rnn")["answers"] == {"q1": {"step": "2", "answer": "the forget gate",
                                                                "correct": True}}
    assert not any("refused a write" in r.getMessage() for r in caplog.records)


def _open_at_once(url: str, n: int) -> tuple[list, list]:
    """n stores opened on `url` by n threads released together: (stores, exceptions raised)."""
    start, stores, errors = threading.Barrier(n), [], []

    def open_store():
        start.wait()
        try:
            stores.append(Store(url))
        except Exception as exc:  # the test's own report, not the store's
            errors.append(exc)
    threads = [threading.Thread(target=open_store) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return stores, errors


@pytest.mark.parametrize("backend", BACKENDS)
def test_servers_opening_a_fresh_store_at_once_all_open_it(backend, request, tmp_path):
    # Several servers (threads here) started together on an empty database: each finds the schema
    # made once, none fails to open. Ten fresh databases, for a race that does not show every time.
    for round_ in range(10):
        url = fresh_store_url(request, backend, tmp_path / str(round_))
        stores, errors = _open_at_once(url, 4)
        assert errors == [] and [s.status()["problem"] for s in stores] == [None] * 4
        versions = stores[0].db.read("SELECT version FROM store_version ORDER BY version")
        assert versions == [(v,) for v in range(1, len(MIGRATIONS) + 1)]
        for s in stores:
            s.close()
