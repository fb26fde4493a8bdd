"""A real Panel server with the classroom's routes, in this process, on a throwaway store: once on
SQLite and once on PostgreSQL (tests/store_backends.py)."""
import re

import pytest
import requests

from engine.store import Store
from explorables.classroom import classroom_routes, guard_teach
from explorables.site import ASSETS
from lessons import LESSONS
from tests.in_process import served_here

PASSWORD = "correct horse battery staple"


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

    def prepare(server):
        guard_teach(server)
        server._tornado.settings["cookie_secret"] = secret  # as explorables.site does

    with served_here(apps, "/teach/login", prepare, title="test", static_dirs={"assets": ASSETS},
                     extra_patterns=patterns) as base:
        yield Site(base, store)
    store.close()
