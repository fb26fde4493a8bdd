"""The served site's hardening, over HTTP and the websocket: headers, what is not served,
no traceback to a client. (The CSP is checked by every browser test: a violation is a console error.)"""
import asyncio
import concurrent.futures
import json
import re
import urllib.error
import urllib.request

import pytest
from tornado.websocket import websocket_connect

from lessons import LESSONS

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
        await ws.write_message("x" * (2 * 1024 * 1024))
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
    expect(page.get_by_role("img", name="drawing canvas: draw here")).to_be_visible()
    page.evaluate("""() => {
      const bad = "<img src=x onerror=\\"window.__pwned = 1\\">";
      for (const doc of Bokeh.documents)
        for (const m of doc.all_models)
          if (m.properties?.pixels !== undefined) m.pixels = Array(64 * 64).fill(bad);
    }""")
    expect(page.get_by_text("This drawing could not be read")).to_be_visible()
    assert page.evaluate("window.__pwned") is None
