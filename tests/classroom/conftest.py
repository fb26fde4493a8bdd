"""A real Panel server with the classroom's routes, in this process, on a throwaway store: once on
SQLite and once on PostgreSQL (tests/store_backends.py)."""
import asyncio
import re
import socket
import threading
import time

import panel as pn
import pytest
import requests

from engine.store import Store
from explorables.classroom import classroom_routes, guard_teach
from explorables.site import ASSETS
from lessons import LESSONS

PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    def __init__(self, base, store):
        self.base, self.store, self.pages = base, store, []

    def get(self, session, path, **kw):
        r = session.get(self.base + path, allow_redirects=False, **kw)
        self.pages.append(r.text)
        return r

    def post(self, session, path, **kw):
        r = session.post(self.base + path, allow_redirects=False, **kw)
        self.pages.append(r.text)
        return r

    def xsrf(self, session, path) -> str:
        return re.search(r'name="_xsrf" value="([^"]+)"', self.get(session, path).text).group(1)

    def login(self, session=None, password=PASSWORD):
        session = session or requests.Session()
        token = self.xsrf(session, "/teach/login")
        r = self.post(session, "/teach/login", data={"password": password, "_xsrf": token})
        return session, r

    def join(self, code, name="", session=None):
        session = session or requests.Session()
        token = self.xsrf(session, f"/join/{code}")
        return session, self.post(session, f"/join/{code}", data={"name": name, "_xsrf": token})


@pytest.fixture(scope="module")
def site(module_store_url):
    store = Store(module_store_url, lock_wait=1.0, retry_every=0.2)
    apps, patterns, secret = classroom_routes(store, LESSONS, PASSWORD)
    port = free_port()
    made = {}

    def run():  # the server's own event loop, in its own thread, as `explorables serve` runs it
        asyncio.set_event_loop(asyncio.new_event_loop())
        server = pn.serve(apps, port=port, address="127.0.0.1", show=False, start=False, title="test",
                          static_dirs={"assets": ASSETS}, extra_patterns=patterns,
                          websocket_origin=[f"127.0.0.1:{port}"])
        guard_teach(server)
        server._tornado.settings["cookie_secret"] = secret  # as explorables.site does
        made["server"] = server
        server.start()
        server.io_loop.start()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base + "/teach/login", timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield Site(base, store)
    server = made["server"]
    server.io_loop.add_callback(server.io_loop.stop)
    thread.join(timeout=10)
    store.close()
