"""The instructor's side: /teach and every instructor action answer 403 without the login cookie;
the login sets a signed, HttpOnly cookie; the password shows in no page and no later log line."""
import logging

import requests

from engine.store import Store
from explorables.classroom.auth import INSTRUCTOR_COOKIE, instructor_password_hash
from tests.classroom.conftest import PASSWORD

ACTIONS = [("post", "/teach/api/classes/{code}/move", {"step": "3"}),
           ("post", "/teach/api/classes/{code}/pause", {"paused": True}),
           ("post", "/teach/api/classes/{code}/lock", {"step": "3"}),
           ("post", "/teach/api/classes/{code}/end", {}),
           ("post", "/teach/api/classes", {"name": "x", "lesson": "rnn"}),
           ("get", "/teach/api/classes", None),
           ("get", "/teach/api/classes/{code}", None),
           ("get", "/teach/qr/{code}.svg", None),
           ("get", "/teach", None)]


def _call(site, session, method, path, body):
    if method == "post":
        return site.post(session, path, json=body)
    return site.get(session, path)


def test_teach_and_every_action_answer_403_without_the_login_cookie(site):
    code = site.store.classes.start("Tuesday", "rnn")
    student, _ = site.join(code, "Ada")
    forged = requests.Session()
    forged.cookies.set(INSTRUCTOR_COOKIE, "instructor:0123456789abcdef")  # unsigned
    stolen_name = requests.Session()  # a student's signed cookie presented as the instructor's
    stolen_name.cookies.set(INSTRUCTOR_COOKIE, student.cookies.get("explorables_student"))
    for who in (requests.Session(), student, forged, stolen_name):
        for method, path, body in ACTIONS:
            r = _call(site, who, method, path.format(code=code), body)
            assert r.status_code == 403, (path, r.status_code)
    state = site.store.classes.state(code)
    assert (state["step"], state["paused"], state["locked_beyond"], state["ended"]) == ("", False, "", None)
    assert [c["name"] for c in site.store.classes.running()].count("x") == 0


def test_a_wrong_password_is_refused_and_the_right_one_logs_in(site):
    session, r = site.login(password="wrong")
    assert r.status_code == 403 and "Wrong password" in r.text and INSTRUCTOR_COOKIE not in session.cookies
    session, r = site.login()
    assert r.status_code == 302 and r.headers["Location"] == "/teach"
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith(INSTRUCTOR_COOKIE + "=2|") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert site.get(session, "/teach").status_code == 200
    r = site.post(session, "/teach/api/classes", json={"name": "Wed", "lesson": "rnn"})
    assert r.status_code == 201
    code = r.json()["code"]
    assert r.json()["link"] == f"{site.base}/join/{code}"
    svg = site.get(session, f"/teach/qr/{code}.svg")
    assert svg.headers["Content-Type"] == "image/svg+xml" and svg.text.startswith("<svg")
    assert "http" not in svg.text.replace(r.json()["link"], "")  # no outside reference, only the link


def test_the_instructor_steers_a_class_through_the_actions(site):
    session, _ = site.login()
    code = site.post(session, "/teach/api/classes", json={"name": "Thu", "lesson": "rnn"}).json()["code"]
    assert site.post(session, f"/teach/api/classes/{code}/move", json={"step": "train"}).status_code == 200
    assert site.post(session, f"/teach/api/classes/{code}/lock", json={"step": "3"}).status_code == 200
    assert site.post(session, f"/teach/api/classes/{code}/pause", json={"paused": True}).status_code == 200
    state = site.store.classes.state(code)
    assert (state["step"], state["locked_beyond"], state["paused"]) == ("train", "train", True)
    assert site.get(session, f"/teach/api/classes/{code}").json()["figure"] == "Loss (MSE)"  # the roster's number
    assert site.post(session, f"/teach/api/classes/{code}/move", json={"step": "99"}).status_code == 400
    assert site.post(session, f"/teach/api/classes/{code}/move", data="step=2").status_code == 415
    assert site.post(session, "/teach/api/classes", json={"name": "x", "lesson": "nope"}).status_code == 400
    assert site.store.classes.state(code)["step"] == "train"
    assert site.post(session, f"/teach/api/classes/{code}/end", json={}).status_code == 200
    assert site.post(session, f"/teach/api/classes/{code}/move", json={"step": "2"}).status_code == 404
    assert site.store.classes.state(code)["ended"] is not None


def test_the_password_is_in_no_page(site):
    session, _ = site.login()
    code = site.post(session, "/teach/api/classes", json={"name": "Fri", "lesson": "rnn"}).json()["code"]
    for path in ("/teach", "/teach/login", "/teach/logout", "/teach/api/classes", f"/teach/api/classes/{code}",
                 f"/join/{code}", "/join"):
        site.get(session, path)
    site.login(password="wrong")
    assert site.pages and not any(PASSWORD in page for page in site.pages)


def test_a_made_password_is_logged_once_and_a_given_one_never(store_url, caplog):
    store = Store(store_url)
    with caplog.at_level(logging.INFO):
        first = instructor_password_hash(store, None)
    shown = [r.getMessage() for r in caplog.records if "shown this once" in r.getMessage()]
    assert len(shown) == 1
    password = shown[0].rsplit(": ", 1)[1]
    assert password not in first  # kept only as a hash
    caplog.clear()
    with caplog.at_level(logging.INFO):
        again = instructor_password_hash(Store(store_url), None)  # a restart
        instructor_password_hash(store, "given secret")
    assert again == first
    assert not any(password in r.getMessage() or "given secret" in r.getMessage() for r in caplog.records)
    assert caplog.records  # it says where the password comes from, without it
