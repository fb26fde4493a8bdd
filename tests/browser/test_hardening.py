"""The served site's hardening, over HTTP and the websocket: headers, what is not served,
no traceback to a client. (The CSP is checked by every browser test: a violation is a console error.)"""
import asyncio
import concurrent.futures
import http.client
import json
import re
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClosedError, websocket_connect

from explorables.hardening import ADDRESS_PAGE_BURST, PAGE_BURST, SESSIONS_PER_CLIENT, VISITOR_COOKIE
from lessons import LESSONS

from .conftest import start_server, status, wait_until

ROUTES = ["", "status", "assets/site.css", "assets/node_modules/driver.js/dist/driver.js.mjs",
          "static/js/bokeh.min.js", "no-such-page", "assets/package.json", "components/os/path/a/b"]
ROUTES += [lesson.path.strip("/") for lesson in LESSONS] + [lesson.path.strip("/") + "/" for lesson in LESSONS]


def run_apart(coroutine_function):
    """asyncio.run in a thread of its own: Playwright's sync API keeps a loop in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function())).result()


def fetch(url: str):
    """(status, headers, body) of a GET, error answers included, redirects not followed."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None
    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=30) as r:
            return r.status, r.headers, r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode(errors="replace")


@pytest.mark.parametrize("route", ROUTES)
def test_every_answer_carries_the_security_headers_and_no_server_version(server, route):
    status, headers, body = fetch(server + route)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http:" not in csp and "https:" not in csp and "*" not in csp  # our own origin only
    assert "Server" not in headers
    assert "Traceback" not in body


@pytest.mark.parametrize("path", ["package.json", "package-lock.json", "node_modules/driver.js/package.json",
                                  "node_modules/.package-lock.json", "../pyproject.toml",
                                  "node_modules/driver.js/dist/"])
def test_assets_serve_no_lockfile_or_package_file(server, path):
    status, _, body = fetch(server + "assets/" + path)
    assert status in (403, 404) and "lockfileVersion" not in body and '"dependencies"' not in body


def test_assets_the_pages_need_are_served(server):
    for path in ("site.css", "thumbs/rnn.svg", "node_modules/driver.js/dist/driver.js.mjs",
                 "node_modules/driver.js/dist/driver.css"):
        assert fetch(server + "assets/" + path)[0] == 200, path


@pytest.mark.parametrize("module", ["os", "json", "antigravity", "subprocess", "widgets.no_such_module"])
def test_components_route_imports_no_module_outside_the_site(server, module):
    status, _, body = fetch(f"{server}components/{module}/x/__css__/a.css")
    assert status == 404 and "Traceback" not in body


def test_a_websocket_error_reply_carries_no_traceback(server):
    async def probe():
        html = fetch(server)[2]
        token = re.search(r'"token":"([^"]+)"', html).group(1)
        ws = await websocket_connect(server.replace("http", "ws") + "ws", subprotocols=["bokeh", token])
        assert json.loads(await ws.read_message())["msgtype"] == "ACK"
        await ws.read_message(), await ws.read_message()
        # A patch naming a model the document does not have makes the server's handler raise.
        for part in ({"msgid": "1", "msgtype": "PATCH-DOC"}, {},
                     {"events": [{"kind": "ModelChanged", "model": {"id": "nope"}, "attr": "x", "new": 1}]}):
            await ws.write_message(json.dumps(part))
        header = json.loads(await ws.read_message())
        await ws.read_message()
        content = json.loads(await ws.read_message())
        ws.close()
        return header, content
    header, content = run_apart(probe)
    assert header["msgtype"] == "ERROR"
    assert content["traceback"] is None
    assert "Traceback" not in content["text"] and "nope" not in content["text"]


def test_a_websocket_message_over_a_megabyte_closes_only_that_connection(server):
    async def probe():
        html = fetch(server)[2]
        token = re.search(r'"token":"([^"]+)"', html).group(1)
        ws = await websocket_connect(server.replace("http", "ws") + "ws", subprotocols=["bokeh", token])
        for _ in range(3):
            await ws.read_message()
        try:
            await ws.write_message("x" * (2 * 1024 * 1024))
        except WebSocketClosedError:  # closed as soon as the frame's header announced its size
            return None
        return await ws.read_message()
    assert run_apart(probe) is None  # the server closed the connection
    assert fetch(server + "status")[0] == 200


VIOLATIONS = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
              "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")


@pytest.mark.browser
def test_an_injected_drawing_shows_a_message_and_creates_no_element(server, watched):
    """A client may send any `pixels`: markup in them must not become an element."""
    from playwright.sync_api import expect

    from .conftest import open_lesson
    page = open_lesson(watched, server + "cnn?step=10")
    expect(page.get_by_role("application", name="drawing canvas: draw here")).to_be_visible()
    page.evaluate("""() => {
      const bad = "<img src=x onerror=\\"window.__pwned = 1\\">";
      for (const doc of Bokeh.documents)
        for (const m of doc.all_models)
          if (m.properties?.pixels !== undefined) m.pixels = Array(64 * 64).fill(bad);
    }""")
    expect(page.get_by_text("This drawing could not be read")).to_be_visible()
    assert page.evaluate("window.__pwned") is None


# --- pages and sessions per client ----------------------------------------------------------------
# Each test below is a client of its own: the server counts addresses too, and every address
# 127.x.y.z reaches it, so these tests neither use up nor meet the other tests' allowance.

class Client:
    """HTTP from one local address, keeping the cookies the server sets, as a browser does."""

    def __init__(self, address: str, cookies: dict | None = None):
        self.address, self.cookies = address, dict(cookies or {})

    def get(self, url: str):
        """(status, headers, body) of a GET."""
        u = urlparse(url)
        connection = http.client.HTTPConnection(u.hostname, u.port, timeout=60, source_address=(self.address, 0))
        try:
            headers = {"Cookie": self.cookie_header()} if self.cookies else {}
            connection.request("GET", u.path or "/", headers=headers)
            r = connection.getresponse()
            for value in r.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return r.status, r.headers, r.read().decode(errors="replace")
        finally:
            connection.close()

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def loopback(server: str) -> str:
    return server.replace("localhost", "127.0.0.1")  # the client addresses below reach it over IPv4


def test_plain_page_requests_open_no_training_run_a_browser_opens_one(server, watched):
    """A GET builds a page but puts no run on the pool: runs open when the page's browser connects."""
    base = loopback(server)
    wait_until(lambda: not (status(server)["open_runs"] or status(server)["worker_runs"]), 30,
               "the runs of the earlier tests' pages freed")
    before = status(server)
    assert before["open_runs"] == before["worker_runs"] == 0
    script = Client("127.0.0.21")
    script.get = lambda url, get=script.get: (script.cookies.clear(), get(url))[1]  # keeps no cookie
    answers = [script.get(base + path)[0] for path in ["rnn", "cnn", "tuning"] * 3 + ["rnn"]]
    assert answers == [200] * 10
    # Kept on purpose: it measures that nothing opens in the second after the GETs (a run opened
    # by them would be on the pool by then), and there is no event for "nothing happened".
    time.sleep(1.0)
    after = status(server)
    assert after["open_runs"] == after["worker_runs"] == 0
    watched.page.goto(server + "rnn")  # a browser: its websocket connects, and the run opens
    wait_until(lambda: status(server)["open_runs"] >= 1, 30, "a run opened for the browser's page")


def test_a_browser_opening_pages_too_fast_gets_a_short_page_saying_so(server):
    base = loopback(server)
    me = Client("127.0.0.22")
    code, headers, _ = me.get(base)  # the first page: the browser is given its signed cookie
    assert code == 200 and VISITOR_COOKIE in me.cookies
    cookie = next(c for c in headers.get_all("Set-Cookie") if c.startswith(VISITOR_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert [me.get(base)[0] for _ in range(PAGE_BURST)] == [200] * PAGE_BURST
    code, headers, body = me.get(base + "rnn")
    assert code == 429 and int(headers["Retry-After"]) >= 1
    assert headers["Content-Type"].startswith("text/html") and headers["X-Frame-Options"] == "DENY"
    assert "<h1>Too many pages at once</h1>" in body and "then reload this page" in body
    assert 'href="/assets/classroom.css"' in body and "<script" not in body and "Traceback" not in body
    # A classmate behind the same address is not held back, nor is a forged cookie an allowance.
    assert Client("127.0.0.22").get(base)[0] == 200
    forged = Client("127.0.0.22", {VISITOR_COOKIE: "2|1:0|10:1700000000|19:explorables_visitor|8:YWJj|" + "0" * 64})
    assert forged.get(base)[0] == 200 and forged.cookies[VISITOR_COOKIE] != me.cookies[VISITOR_COOKIE]
    # Kept on purpose: the allowance is a time window, and this checks it ends when the page said.
    time.sleep(int(headers["Retry-After"]) + 0.5)
    assert me.get(base)[0] == 200  # and this browser may again, when the page said


def test_a_browser_holding_too_many_pages_is_refused_until_it_closes_one(server):
    """Pages held open by their websocket; past SESSIONS_PER_CLIENT, the next is refused."""
    base = loopback(server)
    me = Client("127.0.0.24")

    async def hold_pages():
        held, refused = [], None
        while refused is None and len(held) <= SESSIONS_PER_CLIENT:
            code, headers, body = me.get(base)
            if code == 429 and "Retry-After" in headers:  # opened too fast: wait as told
                await asyncio.sleep(int(headers["Retry-After"]))
                continue
            if code == 429:
                refused = body
                break
            token = re.search(r'"token":"([^"]+)"', body).group(1)
            request = HTTPRequest(base.replace("http", "ws") + "ws", network_interface=me.address,
                                  headers={"Cookie": me.cookie_header()})
            ws = await websocket_connect(request, subprotocols=["bokeh", token])
            assert json.loads(await ws.read_message())["msgtype"] == "ACK"
            held.append(ws)
        count = len(held)
        for ws in held[1:]:
            ws.close()
        await asyncio.sleep(0.5)
        deadline = time.monotonic() + 15  # Bokeh ends a page alone for 3 s at its next check
        again = None
        while time.monotonic() < deadline:
            again = me.get(base)[0]
            if again == 200:
                break
            await asyncio.sleep(1.0)
        held[0].close()
        return count, refused, again

    count, refused, again = run_apart(hold_pages)
    assert count == SESSIONS_PER_CLIENT
    assert refused is not None and "This browser already has many lesson pages open" in refused
    assert again == 200


def test_a_cookieless_script_is_held_to_its_addresss_allowance(server):
    """A client that keeps no cookie counts only as its address, whose allowance is a class's."""
    base = loopback(server)
    answers = []
    while 429 not in answers and len(answers) < 3 * ADDRESS_PAGE_BURST:
        answers.append(Client("127.0.0.26").get(base)[0])  # a fresh cookie jar each time
    assert answers[-1] == 429 and len(answers) > ADDRESS_PAGE_BURST  # refilled meanwhile: more got in
    assert Client("127.0.0.27").get(base)[0] == 200


def test_a_class_of_60_behind_one_address_is_not_refused(server):
    """60 browsers from one address (a classroom's NAT), two pages each: every page served."""
    base = loopback(server)
    students = [Client("127.0.0.28") for _ in range(60)]
    answers = [student.get(base)[0] for _ in range(2) for student in students]
    assert answers == [200] * 120
    assert len({s.cookies[VISITOR_COOKIE] for s in students}) == 60  # each counted on its own


def test_behind_a_proxy_each_forwarded_address_is_limited_on_its_own(tmp_path):
    """With --behind-proxy the per-address page limit counts X-Forwarded-For's addresses: five
    students behind the proxy each open a page where one address may open two in a row."""
    proc, base = start_server(str(tmp_path / "proxied.sqlite"), extra=("--behind-proxy",),
                              env={"EXPLORABLES_ADDRESS_PAGE_BURST": "2", "EXPLORABLES_ADDRESS_PAGES_PER_MINUTE": "1"})
    try:
        def answer(address):
            request = urllib.request.Request(base + "rnn", headers={"X-Forwarded-For": address})
            try:
                return urllib.request.urlopen(request, timeout=30).status
            except urllib.error.HTTPError as exc:
                return exc.code
        assert [answer(f"10.0.0.{n}") for n in range(1, 6)] == [200] * 5
        assert [answer("10.0.0.9") for _ in range(3)] == [200, 200, 429]
    finally:
        proc.kill()
        proc.wait(timeout=10)
