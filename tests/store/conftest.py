"""Every store test runs on SQLite and on a throwaway PostgreSQL server."""
import itertools

import pytest

from engine.store import Store
from tests.store.postgres import PostgresServer, fresh_database, wait_ready

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


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store's URL on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    admin = request.getfixturevalue("postgres_admin_url")
    return fresh_database(admin, f"test_{next(_names)}")


@pytest.fixture
def store(store_url):
    s = Store(store_url, lock_wait=1.0, retry_every=0.2)
    yield s
    s.close()
