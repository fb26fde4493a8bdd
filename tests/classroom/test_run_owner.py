"""Whose /tuning runs a page's are comes from the server's signed cookie, never from the page: a
browser's first page is already its visitor's, a class student's page is the student's, and a
forged, unsigned or foreign-signed id gets no one else's runs. A real in-process server, the site's
page handlers wrapped as `explorables serve` wraps them; each page builds the tuning map."""
import pytest
import requests
from tornado.web import create_signed_value

import engine.store as store_module
from engine.store import Store
from explorables.classroom import classroom_routes, guard_teach
from explorables.classroom.auth import STUDENT_COOKIE
from explorables.hardening import VISITOR_COOKIE, VISITOR_DAYS, ClientLimits, limit_clients
from lessons import LESSONS
from lessons.tuning.experiments.common import Identity
from lessons.tuning.experiments.tradeoff import TradeoffExplorer
from tests.in_process import served_here

from .conftest import PASSWORD, Site

SETTINGS = {"lr": 0.01}
seen: list[dict] = []  # what each page saw, in its own session on the server


def map_page():
    """A page with the tuning lesson's map; ?delete=<run id> chooses that run and deletes it as
    "Delete this run" does (whether or not the page offered the button: a crafted click)."""
    import panel as pn
    identity = Identity()
    explorer = TradeoffExplorer(identity)
    target = (pn.state.session_args.get("delete") or [b""])[0].decode()
    offered = deleted = None
    if target:
        explorer.map.selected = target
        offered = explorer.delete.visible
        explorer._delete()
        deleted = target not in {r["id"] for r in store_module.shared_store().runs.runs()}
    seen.append({"owner": identity.id, "yours": {p["id"] for p in explorer.map.points if p["mine"]},
                 "offered": offered, "deleted": deleted})
    return pn.pane.Markdown("map")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = Store(str(tmp_path_factory.mktemp("owner") / "store.sqlite"))
    saved, store_module._shared = store_module._shared, store  # the lesson writes to the shared store
    apps, patterns, secret = classroom_routes(store, LESSONS, PASSWORD)

    def prepare(server):
        guard_teach(server)
        limit_clients(server, ClientLimits(0, 0, 0, 0, 0, 0))  # issues the visitor cookie; no limits
        server._tornado.settings["cookie_secret"] = secret

    with served_here({"/map": map_page, **apps}, "/teach/login", prepare, title="test",
                     extra_patterns=patterns) as base:
        yield Site(base, store), secret
    store_module._shared = saved
    store.close()


def page(site, browser, query="") -> dict:
    seen.clear()
    assert site.get(browser, "/map" + query).status_code == 200
    (what,) = seen
    return what


def store_run(site, owner, accuracy) -> str:
    run = site.store.runs.add(owner, SETTINGS, {"val_accuracy": accuracy, "seconds": 1.0})
    assert site.store.flush()
    return run


def visitor_of(secret, browser) -> str:
    from explorables.classroom.identity import keys
    cookie = (browser.cookies.get(VISITOR_COOKIE) or "").strip('"')  # kept as sent: quoted
    return keys().decode(VISITOR_COOKIE, cookie, VISITOR_DAYS)


def test_a_browsers_first_page_is_already_its_visitors_and_stays_so(site):
    site, secret = site
    ada = requests.Session()
    first = page(site, ada)  # no cookie yet: the server issues one with this very page
    assert first["owner"] == visitor_of(secret, ada) and len(first["owner"]) == 16
    assert page(site, ada)["owner"] == first["owner"]  # the next page, with the cookie: the same owner
    assert page(site, requests.Session())["owner"] != first["owner"]  # another browser: another owner


def posing_as(cookie: str, value: str) -> requests.Session:
    """A browser whose only cookie is `value`, written into it by hand (as into localStorage)."""
    browser = requests.Session()
    browser.cookies.set(cookie, value, domain="127.0.0.1", path="/")  # where the server's own would go
    return browser


@pytest.mark.parametrize("forge", ["raw id", "signed with another secret", "another cookie's signature"])
def test_a_forged_visitor_id_gives_no_access_to_that_visitors_runs(site, forge):
    site, secret = site
    ada, bo = requests.Session(), requests.Session()
    ada_id, bo_id = page(site, ada)["owner"], page(site, bo)["owner"]
    ada_run, bo_run = store_run(site, ada_id, 0.91), store_run(site, bo_id, 0.72)
    assert ada_run in page(site, ada)["yours"] and bo_run not in page(site, ada)["yours"]

    forged = {"raw id": ada_id,
              "signed with another secret": create_signed_value("not the server's", VISITOR_COOKIE, ada_id).decode(),
              "another cookie's signature": create_signed_value(secret, STUDENT_COOKIE, ada_id).decode()}[forge]
    posing = posing_as(VISITOR_COOKIE, forged)
    what = page(site, posing, f"?delete={ada_run}")
    assert what["owner"] != ada_id and what["owner"] == visitor_of(secret, posing)  # a new visitor of its own
    assert what["yours"] == set() and what["offered"] is False and what["deleted"] is False
    assert page(site, ada)["yours"] >= {ada_run}  # Ada's run is still there, and still hers
    assert page(site, bo)["yours"] >= {bo_run} and ada_run not in page(site, bo)["yours"]


def test_a_class_students_runs_are_theirs_and_anothers_raw_student_id_gives_nothing(site):
    site, secret = site
    code = site.store.classes.start("Tuesday", "tuning")
    ada, _ = site.join(code, "Ada")
    ada_id = {s["name"]: s["id"] for s in site.store.classes.roster(code)}["Ada"]
    assert page(site, ada)["owner"] == ada_id  # the student id, not a visitor's
    ada_run, spare = store_run(site, ada_id, 0.88), store_run(site, ada_id, 0.80)
    mine = page(site, ada, f"?delete={spare}")  # her own run: offered, and it goes
    assert mine["offered"] is True and mine["deleted"] is True and ada_run in mine["yours"]

    posing = posing_as(STUDENT_COOKIE, ada_id)  # Ada's id, unsigned, as another student's
    what = page(site, posing, f"?delete={ada_run}")
    assert what["owner"] != ada_id and what["yours"] == set()
    assert what["offered"] is False and what["deleted"] is False
