"""A real `explorables serve` and Debian's Chromium, shared by the browser tests."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.in_process import free_port  # noqa: F401  (the benches and browser tests take it from here)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
TEACH_PASSWORD = "a test instructor password"  # /teach's, given to the test server
# expect() waits as long as a page action does: 5 s (its default) is short on 2 busy cores.
expect.set_options(timeout=20_000)


def status(base: str) -> dict:
    with urllib.request.urlopen(base + "status", timeout=5) as r:
        return json.load(r)


def start_server(db: str, port: int | None = None, extra: tuple = (), env: dict | None = None):
    """`explorables serve` on `db` (a SQLite file or a postgresql:// URL) with `extra` arguments and
    `env` added to its environment; (process, base URL) once it answers."""
    port = port or free_port()
    # A file, not a pipe nobody reads: a full pipe would stall the server. Beside a SQLite file.
    log = open(db + ".log" if "://" not in db else
               os.path.join(tempfile.mkdtemp(prefix="explorables-log-"), "server.log"), "a")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen([sys.executable, "-m", "explorables.cli", "serve", "--port", str(port),
                             "--device", "cpu", "--workers", "1", "--db", db, *extra], cwd=root,
                            env={**os.environ, "EXPLORABLES_INSTRUCTOR_PASSWORD": TEACH_PASSWORD, **(env or {})},
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://localhost:{port}/"

    def answers() -> bool:
        if proc.poll() is not None:
            raise RuntimeError("the server exited:\n" + open(log.name).read())
        try:
            return bool(status(base))
        except OSError:
            return False
    try:
        wait_until(answers, 90, "the server answering /status")
    except AssertionError:
        proc.kill()
        raise
    return proc, base


@pytest.fixture(scope="module")
def server():
    """A server per test module, each on its own throwaway store: no module sees another's runs."""
    db = os.path.join(tempfile.mkdtemp(prefix="explorables-test-"), "runs.sqlite")  # the class's runs, thrown away
    proc, base = start_server(db)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class Watched:
    """A page plus every console error, page error and non-loopback request it made."""

    def __init__(self, page):
        self.page, self.errors, self.outside = page, [], []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._on_request)

    def _on_request(self, request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOOPBACK:
            self.outside.append(request.url)


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield Watched(page)
    context.close()


def open_lesson(watched, url, keep_tour=False):
    """Open a lesson page, close its first-visit introduction and the tour that follows it."""
    page = watched.page
    page.goto(url)
    page.get_by_role("button", name="Start the lesson").click()
    if not keep_tour:
        close_tour(page)
    return page


def close_tour(page, timeout=30_000):
    """After the introduction the page starts the step's tour or marks it skipped (tour.js sets
    data-tour-state): wait for that decision, then close the tour if it opened."""
    state = page.locator(".tour-state")
    expect(state).to_have_attribute("data-tour-state", re.compile("^(open|skipped|closed)$"), timeout=timeout)
    if state.get_attribute("data-tour-state") == "open":
        page.locator(".driver-popover-close-btn").click()
        expect(state).to_have_attribute("data-tour-state", "closed")
        expect(page.locator(".driver-overlay")).to_have_count(0)


def wait_drawn(page, timeout=30_000):
    """Every live view of the step shown has replaced its placeholder (LazyView). Call it once the
    step's heading is visible: the placeholders come with the heading."""
    expect(page.locator(".lazy-view")).to_have_count(0, timeout=timeout)


def wait_until(condition, timeout=30.0, what="the condition"):
    """Poll a condition only the server knows (its /status, its database) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout} s")
        time.sleep(0.2)  # the poll interval, not a guess at how long anything takes
