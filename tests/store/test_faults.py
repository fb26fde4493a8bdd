"""Store faults lose nothing: a read-only file, a file replaced by junk, a deleted file (SQLite); a dropped
connection (PostgreSQL)."""
import logging
import os
import subprocess
import time
from contextlib import contextmanager

import pytest

from engine.store import Store


@contextmanager
def read_only(path):
    """The file made read-only; as root (who writes through permissions) it is made immutable."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", path], capture_output=True, text=True)
        if done.returncode:
            pytest.fail(f"could not make {path} read-only as root (chattr +i: {done.stderr.strip()})")
        undo = ["chattr", "-i", path]
    else:
        os.chmod(path, 0o444)
        undo = None
    try:
        yield
    finally:
        subprocess.run(undo, check=True) if undo else os.chmod(path, 0o644)


def test_a_read_only_file_is_reported_kept_and_written_once_writable(tmp_path, caplog):
    path = str(tmp_path / "store.sqlite")
    store = Store(path, lock_wait=0.5, retry_every=0.2)
    code = store.classes.start("c", "rnn")
    ada = store.classes.join(code, "Ada")
    store.progress.record_step(ada, "rnn", "intro")
    assert store.flush()
    with caplog.at_level(logging.INFO, logger="explorables.store"), read_only(path):
        before = open(path, "rb").read()
        store.progress.record_step(ada, "rnn", "train")
        store.progress.record_answer(ada, "rnn", "train", "q1", "A", True)
        run_id = store.runs.add(ada, {"lr": 1}, {})
        assert not store.flush(timeout=2)
        status = store.status()
        assert not status["healthy"] and status["pending"] == 3 and "readonly" in status["problem"]
        errors = [r.message for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1 and "not being saved" in errors[0]  # logged once, not per retry
        assert store.progress.load(ada, "rnn")["step"] == "intro"  # still readable
        assert open(path, "rb").read() == before
        assert [p.name for p in tmp_path.iterdir() if "unreadable" in p.name] == []  # a good file stays
    deadline = time.monotonic() + 10  # the writer thread retries by itself
    while not store.healthy and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.healthy
    mine = store.progress.load(ada, "rnn")
    assert mine["step"] == "train" and mine["answers"]["q1"]["answer"] == "A"
    assert [r["id"] for r in store.runs.runs()] == [run_id]
    assert any("saving again" in r.message for r in caplog.records)


def test_a_junk_file_is_moved_aside_and_a_fresh_store_started(tmp_path, caplog):
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"not a database, a text file someone copied here " * 100)
    with caplog.at_level(logging.ERROR, logger="explorables.store"):
        store = Store(str(path))
    aside = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"not a database")
    assert any("moved to" in r.message for r in caplog.records)
    code = store.classes.start("c", "rnn")
    assert store.healthy and Store(str(path)).classes.state(code)["name"] == "c"


def test_a_file_turned_to_junk_while_running_is_replaced_at_the_next_write(tmp_path):
    path = tmp_path / "store.sqlite"
    store = Store(str(path))
    store.runs.add("a" * 16, {"lr": 1}, {})
    for suffix in ("-wal", "-shm"):
        (tmp_path / ("store.sqlite" + suffix)).unlink(missing_ok=True)
    path.write_bytes(b"\0garbage" * 1000)
    store.runs.add("a" * 16, {"lr": 2}, {})
    assert store.healthy and store.runs.distribution("lr") == {2: 1}


def test_a_file_deleted_while_running_is_made_again(tmp_path):
    path = tmp_path / "store.sqlite"
    store = Store(str(path))
    store.runs.add("a" * 16, {"lr": 1}, {})
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / ("store.sqlite" + suffix)).unlink(missing_ok=True)
    code = store.classes.start("c", "rnn")
    assert store.healthy and store.classes.state(code) is not None


def test_a_dropped_postgresql_connection_is_replaced_and_nothing_is_queued(postgres_admin_url):
    # The server restarted, or an idle connection was cut by a firewall: the next statement fails
    # on the old connection. It is made again and the statement run once more, at once.
    import psycopg

    from tests.postgres import fresh_database
    url = fresh_database(postgres_admin_url, "dropped")
    store = Store(url, lock_wait=0.5, retry_every=0.2)
    code = store.classes.start("c", "rnn")

    def cut():
        with psycopg.connect(url, autocommit=True) as admin:
            cut = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'dropped' "
                                "AND pid <> pg_backend_pid()").fetchall()
        assert cut and all(ok for (ok,) in cut)

    cut()
    assert store.classes.state(code)["name"] == "c"  # a read
    cut()
    ada = store.classes.join(code, "Ada")  # a write, waited for
    assert store.healthy and store.status()["pending"] == 0
    assert [s["id"] for s in store.classes.roster(code)] == [ada]
    store.close()
