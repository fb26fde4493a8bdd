"""Simulated students over real websocket sessions: a Bokeh client per student opens a page, clicks
its buttons through real button events and timestamps the chart updates it receives."""
import contextlib
import importlib
import os
import pkgutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import bokeh.client.connection
from bokeh.client import pull_session
from bokeh.client.session import ClientSession
from bokeh.client.util import websocket_url_for_server_url
from bokeh.document.events import ColumnDataChangedEvent, ColumnsPatchedEvent, ColumnsStreamedEvent, MessageSentEvent
from bokeh.events import ButtonClick, DocumentReady
from bokeh.models import AbstractButton, ColumnDataSource, Plot
from bokeh.util.token import generate_jwt_token
from tornado.httpclient import HTTPRequest
from tornado.ioloop import IOLoop

from tests.browser.conftest import free_port

# bokeh.client reads each message in a call nested inside the last one (connection._next ->
# states.run -> _handle_messages -> _next), so a page that streams ~25 messages a second hits
# Python's default depth of 1000 in about 15 s and the client silently stops hearing updates
# (seen as 0 updates/s in bench.noisy_neighbour). A deep stack and limit give a bench hours.
threading.stack_size(512 * 2**20)
sys.setrecursionlimit(1_000_000)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_imported = False


def import_models():
    """Decoding a page needs every model class it names: Panel's and the site's own components."""
    global _imported
    if _imported:
        return
    import panel.models

    import lessons
    import widgets
    for package in (panel.models, widgets, lessons):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            try:
                importlib.import_module(info.name)
            except ImportError:
                pass  # an optional Panel model whose library is not installed (never on our pages)
    _imported = True


def buttons(doc, contains: str) -> list:
    """The document's buttons whose label contains `contains`, in document order."""
    return [m for m in doc.models if isinstance(m, AbstractButton) and contains in str(m.label)]


def chart_sources(doc, axis_contains: str) -> set:
    """The sources of the plots whose y axis label contains `axis_contains` (e.g. the loss chart)."""
    found = set()
    for plot in (m for m in doc.models if isinstance(m, Plot)):
        labels = " ".join(str(a.axis_label or "") for a in plot.left + plot.right)
        if axis_contains in labels:
            found |= {m for m in plot.references() if isinstance(m, ColumnDataSource)}
    return found


def placeholders(doc) -> list:
    """The LazyViews (widgets/course/lazy_view.py) of a page: a step's view still to be asked for."""
    return [m for m in doc.models if type(m).__name__.startswith("LazyView")]


_cookie_header = threading.local()  # the Cookie header of the student whose thread connects


def _request(url, *args, **kwargs):
    """Bokeh's client opens its websocket with a bare request; a browser's carries its cookies."""
    header = getattr(_cookie_header, "value", None)
    if header:
        kwargs["headers"] = {**(kwargs.get("headers") or {}), "Cookie": header}
    return HTTPRequest(url, *args, **kwargs)


bokeh.client.connection.HTTPRequest = _request


def browser_cookies(base: str) -> dict:
    """The cookies a browser holds after its first page: the server's signed visitor id."""
    with urllib.request.urlopen(base + "/", timeout=60) as answer:
        pairs = [c.split(";", 1)[0].split("=", 1) for c in answer.headers.get_all("Set-Cookie") or []]
    return {name.strip(): value.strip().strip('"') for name, value in pairs}


class BrowserSession(ClientSession):
    """A session whose page was asked for with `cookies` (as a browser's GET carries them): the
    server reads them from the session's token and from the websocket's request."""

    def __init__(self, cookies: dict, **kwargs):
        self._cookies = dict(cookies)
        super().__init__(**kwargs)

    @property
    def token(self) -> str:
        return generate_jwt_token(self.id, extra_payload={"cookies": self._cookies, "headers": {}})


class Student:
    """One Bokeh client session on `url` with `arguments` (the query), its loop in its own thread.
    `opened_s`: seconds from the connection's start until the page was whole: the document, the
    lesson and the step's live view, which a page asks for as a browser's LazyViews do;
    `updates`: the monotonic times of stream/patch/data events on `watched` sources."""

    def __init__(self, url: str, arguments: dict | None = None, ready: bool = True, timeout: float = 300,
                 cookies: dict | None = None):
        self.url, self.arguments, self.ready, self.cookies = url, arguments or {}, ready, cookies
        self.updates: list[float] = []
        self.watched: set = set()
        self.session = None
        self.error: str | None = None
        self.opened_s: float | None = None
        self._opened = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._timeout = timeout

    def start(self):
        self._thread.start()
        return self

    def wait_open(self, timeout: float | None = None) -> bool:
        return self._opened.wait(self._timeout if timeout is None else timeout) and self.session is not None

    def _run(self):
        self.loop = IOLoop()
        started = time.monotonic()
        self._started = started
        try:
            if self.cookies:  # one browser's tab
                _cookie_header.value = "; ".join(f'{k}="{v}"' for k, v in self.cookies.items())
                self.session = BrowserSession(self.cookies, websocket_url=websocket_url_for_server_url(self.url),
                                              io_loop=self.loop, arguments=self.arguments)
                self.session.pull()
            else:
                self.session = pull_session(url=self.url, io_loop=self.loop, arguments=self.arguments)
            self.doc = self.session.document
            self.doc.on_change(self._changed)
            if self.ready:  # what BokehJS sends once the page is drawn
                self._send(DocumentReady())
            self._request_views()
        except Exception as exc:  # a refused or failed page is a result, said in the table
            self.error = f"{type(exc).__name__}: {exc}"
            self.session = None
            self._opened.set()
        if self.session is not None:
            self.session._connection.loop_until_closed()
        self.loop.close(all_fds=True)

    def _request_views(self):
        """The page comes by a LazyView, and its step's view by another inside it: each asked for
        as a browser does once it is drawn (a script can ask without ever sending document_ready);
        the page is open when none is left."""
        waiting = placeholders(self.doc)
        for m in waiting:
            if not m.requested:
                m.requested = True
        if not waiting:
            self._mark_open()

    def _mark_open(self):
        self.opened_s = time.monotonic() - self._started
        self._opened.set()

    def _changed(self, event):
        if not self._opened.is_set():
            self._request_views()
        if isinstance(event, (ColumnsStreamedEvent, ColumnsPatchedEvent, ColumnDataChangedEvent)):
            if event.model in self.watched:
                self.updates.append(time.monotonic())

    def _send(self, event):
        self.doc.callbacks.trigger_on_change(MessageSentEvent(self.doc, "bokeh_event", event))

    def call(self, fn, timeout: float = 30):
        """Run fn(doc) on this client's loop (where the document lives); its result."""
        box, done = {}, threading.Event()

        def run():
            try:
                box["value"] = fn(self.doc)
            except Exception as exc:
                box["error"] = exc
            done.set()
        self.loop.add_callback(run)
        if not done.wait(timeout):
            raise TimeoutError("the client's loop did not answer")
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def click(self, label: str, index: int = 0) -> bool:
        """Press the button whose label contains `label` (a real button_click); False if none."""
        def press(doc):
            found = buttons(doc, label)
            if len(found) <= index:
                return False
            self._send(ButtonClick(found[index]))
            return True
        return self.call(press)

    def watch(self, axis_contains: str) -> int:
        """Count updates of the charts whose y axis says `axis_contains`; how many sources found."""
        self.watched = self.call(lambda doc: chart_sources(doc, axis_contains))
        return len(self.watched)

    def close(self):
        if self.session is not None:
            try:
                self.loop.add_callback(self.session.close)
            except RuntimeError:
                pass  # the loop has already closed
        self._thread.join(10)


def rates(students: list, since: float, until: float) -> dict:
    """Updates/s per student in [since, until] (median, slowest), the p95 gap between updates and
    the longest (counting the window's edges, so a student who heard nothing has a gap of the window)."""
    span = until - since
    per = sorted(len([t for t in s.updates if since <= t <= until]) / span for s in students)
    gaps = []
    longest = 0.0
    for s in students:
        times = [since] + [t for t in s.updates if since <= t <= until] + [until]
        g = [b - a for a, b in zip(times, times[1:])]
        gaps += g[1:-1] if len(g) > 2 else g
        longest = max(longest, max(g))
    gaps.sort()
    return {"median": statistics.median(per) if per else 0.0, "slowest": per[0] if per else 0.0,
            "p95_gap": gaps[int(0.95 * (len(gaps) - 1))] if gaps else span, "longest_gap": longest}


@contextlib.contextmanager
def served(command: list, ready_path: str):
    """Runs `python -m <command...> --port P` until the block ends; yields (base URL, Popen) once
    GET ready_path answers."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", *command, "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://localhost:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + ready_path, timeout=30).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"{' '.join(command)} exited with {server.returncode}") from None
                time.sleep(0.3)
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def bench_store() -> str:
    """A fresh store with its example runs already trained, so that a server started on it does not
    train them while it is measured (a fresh store's server does, in a thread, at start)."""
    from engine.examples import fill_examples
    from engine.run_store import RunStore
    db = os.path.join(tempfile.mkdtemp(prefix="explorables-bench-"), "runs.sqlite")
    fill_examples(RunStore(db))
    return db


def site(workers: int = 2, db: str | None = None):
    """The site as `explorables serve` runs it, on CPU with `workers` training processes."""
    db = db or bench_store()
    return served(["explorables.cli", "serve", "--device", "cpu", "--workers", str(workers), "--db", db], "/status")


def wait_for_updates(students: list, timeout: float = 120) -> bool:
    """Until every student has heard at least one update (their run is built and training)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if all(s.updates for s in students):
            return True
        time.sleep(0.1)
    return False


def open_class(url: str, arguments: dict, n: int, ready: bool = True) -> tuple[list, float]:
    """n students opening `url` at once; (the students whose page opened, seconds until the last did)."""
    started = time.monotonic()
    students = [Student(url, arguments, ready=ready).start() for _ in range(n)]
    opened = [s for s in students if s.wait_open()]
    return opened, time.monotonic() - started


def latest_step(student, sources) -> float:
    """The largest `step` the client's copy of `sources` holds (0 when none)."""
    def read(doc):
        steps = [s.data["step"][-1] for s in sources if len(s.data.get("step", [])) > 0]
        return float(max(steps)) if steps else 0.0
    return student.call(read)
