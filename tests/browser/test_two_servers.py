"""Two server processes serve one class, as behind a reverse proxy that keeps each browser on one
process (README, "More than one server process"): one PostgreSQL store, one Ray engine (a Ray
cluster of 2 CPUs started here with `ray start --head`). What one process writes, the other reads:
the instructor's login, the class, a student's step and the run she trains; and when the process
she was on dies, the other resumes her model from its last snapshot."""
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import free_port, start_server, status, wait_until
from tests.browser.test_resume import LOSS
from tests.browser.test_teach import _instructor, _join
from tests.postgres import PostgresServer, fresh_database, wait_ready

pytestmark = pytest.mark.browser
PROXY = "class.example.org"  # the reverse proxy's name, as a browser behind it sends it


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    """A Ray head of its own (not `ray stop`, which would stop every Ray on the machine), with token
    authentication as the README sets it up; (its ray:// URL, the environment that joins it).
    Explicit: left unset, Ray 2.60 turns it on only where an earlier local Ray left ~/.ray/auth_token."""
    pytest.importorskip("ray")
    env = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}
    gcs, client = free_port(), free_port()
    log = open(tmp_path_factory.mktemp("ray") / "head.log", "w")
    head = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "ray"), "start", "--head", "--block",
                             "--num-cpus", "2", "--port", str(gcs), "--ray-client-server-port", str(client),
                             "--include-dashboard", "false", "--disable-usage-stats"],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, **env})
    try:
        wait_until(lambda: head.poll() is None and _answers(client), 90, "Ray's client server answering")
        yield f"ray://127.0.0.1:{client}", env
    finally:
        os.killpg(head.pid, signal.SIGTERM)  # the head and every Ray process it started
        try:
            head.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(head.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def two_servers(ray_cluster):
    address, env = ray_cluster
    pg = PostgresServer()
    try:
        admin = pg.start()
        wait_ready(admin)
        db = fresh_database(admin, "two_servers")
        procs, bases = [], []
        for extra in (("--origin", PROXY), ()):  # A is reached through the proxy's name too
            proc, base = start_server(db, extra=("--engine", address, *extra), env=env)
            procs.append(proc)
            bases.append(base)
        yield bases, procs, db
    finally:
        for proc in locals().get("procs", []):
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
        pg.stop()


def test_two_server_processes_share_one_class_and_one_resumes_the_others_student(two_servers, browser):
    (a, b), servers, db = two_servers
    for base in (a, b):  # each trains on the cluster's actors, not in a process of its own
        assert status(base)["where"].startswith("Ray cluster"), status(base)

    # A page's websocket through the proxy: its origin is the proxy's, which A was told of and B not.
    assert _websocket_answer(a, f"http://{PROXY}") == 101
    assert _websocket_answer(b, f"http://{PROXY}") == 403
    assert _websocket_answer(a, "http://elsewhere.example.org") == 403

    teacher = _instructor(browser, a)  # logged in on A
    code = teacher.request.post(a + "teach/api/classes", data={"name": "Two", "lesson": "rnn"}).json()["code"]
    # The cookie A signed opens B's dashboard (the secret is kept in the shared store), and B knows the class.
    on_b = teacher.request.get(b + f"teach/api/classes/{code}")
    assert on_b.ok and on_b.json()["class"]["name"] == "Two"

    ada_ctx, ada = _join(browser, b, code, "Ada")  # the student is on B
    assert teacher.request.post(a + f"teach/api/classes/{code}/move", data={"step": "train"}).ok  # moved from A
    ada.page.get_by_text("Step 3 of 11").wait_for(timeout=20_000)
    expect(ada.page.get_by_text(re.compile(r"^Ready · step 0"))).to_be_visible(timeout=60_000)
    ada.page.get_by_role("button", name="▶ Train").click()
    expect(ada.page.get_by_text(re.compile(r"^Training · step \d{2,}"))).to_be_visible(timeout=90_000)
    ada.page.get_by_role("button", name="❚❚ Pause").click()
    expect(ada.page.get_by_text(re.compile(r"^Paused · step"))).to_be_visible(timeout=30_000)

    # A reads what B wrote: her step, and the snapshot of her run (trained on Ray) saved on the pause.
    roster = teacher.request.get(a + f"teach/api/classes/{code}").json()["roster"]
    assert [(s["name"], s["step"]) for s in roster] == [("Ada", "train")], roster
    wait_until(lambda: any(m["step"] >= 10 for m in _saved(db)), 30, "her run's snapshot in the shared store")
    saved = max(_saved(db), key=lambda m: m["step"])

    # B dies (SIGKILL); the proxy sends her to A, which resumes her model from the shared store.
    servers[1].kill()
    servers[1].wait(timeout=10)
    ada.page.goto(a + "rnn")
    expect(ada.page.get_by_text("Step 3 of 11")).to_be_visible(timeout=20_000)
    expect(ada.page.get_by_text(f"your model is where you left it, at step {saved['step']}")).to_be_visible(
        timeout=60_000)
    shown = LOSS.search(ada.page.get_by_text(LOSS).first.inner_text())
    assert int(shown.group(2)) == saved["step"]
    assert float(shown.group(1)) == pytest.approx(saved["loss"], rel=0.01)  # as the readout rounds it
    assert status(a)["open_runs"] >= 1 and status(a)["where"].startswith("Ray cluster")
    assert ada.outside == []
    ada_ctx.close()
    teacher.close()


def _websocket_answer(base: str, origin: str) -> int:
    """The HTTP status a websocket handshake to a lesson gets with this Origin (101: accepted)."""
    host, port = base.split("//")[1].strip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall((f"GET /rnn/ws HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: Upgrade\r\n"
                      "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                      f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: {origin}\r\n\r\n").encode())
        return int(conn.recv(1024).split(b" ", 2)[1])


def _saved(db: str) -> list[dict]:
    import psycopg
    with psycopg.connect(db) as conn:
        return [json.loads(m) for (m,) in conn.execute("SELECT measures FROM snapshots")]
