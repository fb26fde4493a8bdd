"""The store's two backends as fixtures: SQLite (a file) and a throwaway PostgreSQL server.

Every test that asks for `store_url` or `store` runs once on each; `module_store_url` is the same
for a module-scoped fixture (the classroom's in-process server). tests/conftest.py imports them.
"""
import itertools

import pytest

from engine.store import Store
from tests.postgres import PostgresServer, fresh_database, wait_ready

BACKENDS = ["sqlite", "postgresql"]
_names = itertools.count()


@pytest.fixture(scope="session")
def postgres_admin_url():
    server = PostgresServer()
    try:
        url = server.start()
        wait_ready(url)
    except Exception as exc:  # CI must see this, not skip it
        server.stop()
        pytest.fail(f"could not start a throwaway PostgreSQL for the store tests: {exc}", pytrace=False)
    yield url
    server.stop()


def fresh_store_url(request, backend: str, folder) -> str:
    """A fresh, empty store's URL: a file in `folder`, or a new database on the shared server."""
    if backend == "sqlite":
        return str(folder / "store.sqlite")
    admin = request.getfixturevalue("postgres_admin_url")
    return fresh_database(admin, f"test_{next(_names)}")


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """A fresh, empty store's URL on each backend."""
    return fresh_store_url(request, request.param, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def module_store_url(request, tmp_path_factory):
    """The same, shared by a module's tests."""
    return fresh_store_url(request, request.param, tmp_path_factory.mktemp(request.param))


@pytest.fixture
def store(store_url):
    s = Store(store_url, lock_wait=1.0, retry_every=0.2)
    yield s
    s.close()
