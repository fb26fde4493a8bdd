"""A real Panel server with the classroom's routes, in this process, on a throwaway store."""
import re
import socket

import panel as pn
import pytest
import requests

from engine.store import Store
from explorables.classroom import classroom_routes
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
def site(tmp_path_factory):
    store = Store(str(tmp_path_factory.mktemp("classroom") / "store.sqlite"))
    apps, patterns, secret = classroom_routes(store, LESSONS, PASSWORD)
    port = free_port()
    server = pn.serve(apps, port=port, address="127.0.0.1", show=False, threaded=True, title="test",
                      static_dirs={"assets": ASSETS}, extra_patterns=patterns, cookie_secret=secret,
                      websocket_origin=[f"127.0.0.1:{port}"])
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base + "/teach/login", timeout=2)
            break
        except requests.ConnectionError:
            import time
            time.sleep(0.1)
    yield Site(base, store)
    server.stop()
    pn.config.authorize_callback = None
    pn.config.auth_template = None
