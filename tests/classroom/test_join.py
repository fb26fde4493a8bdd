"""Students join by code: a signed HttpOnly cookie with a server-issued id; a forged one is refused;
a join code grants no instructor right; a student's routes answer with their own data only."""
import requests

from explorables.classroom.auth import STUDENT_COOKIE


def test_joining_sets_a_signed_httponly_cookie_and_lands_in_the_lesson(site):
    code = site.store.classes.start("Mon", "cnn")
    page = site.get(requests.Session(), f"/join/{code.lower()}")
    assert page.status_code == 200 and "Mon" in page.text and "Convolutional" in page.text
    session, r = site.join(code, "Grace")
    assert r.status_code == 302 and r.headers["Location"] == "/cnn"
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith(STUDENT_COOKIE + '="2|') and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    me = site.get(session, "/classroom/me").json()
    assert me["name"] == "Grace" and me["class"]["code"] == code and me["store"]["healthy"]
    assert [s["name"] for s in site.store.classes.roster(code)] == ["Grace"]
    # Joining again from the same browser keeps the same student.
    site.join(code, "Grace H.", session=session)
    assert [s["name"] for s in site.store.classes.roster(code)] == ["Grace H."]


def test_a_forged_or_tampered_student_cookie_is_refused(site):
    code = site.store.classes.start("Tue", "rnn")
    session, _ = site.join(code, "Ada")
    real = session.cookies.get(STUDENT_COOKIE).strip('"')
    student_id = site.store.classes.roster(code)[0]["id"]
    for forged in (student_id, real[:-1] + ("0" if real[-1] != "0" else "1"), "2|1:0|10:1|x|y", ""):
        other = requests.Session()
        other.cookies.set(STUDENT_COOKIE, forged)
        assert site.get(other, "/classroom/me").status_code == 403
        # Joining with it makes a new student; it never becomes Ada.
        site.join(code, "Mallory", session=other)
    names = sorted(s["name"] for s in site.store.classes.roster(code))
    assert names.count("Ada") == 1 and site.get(session, "/classroom/me").json()["name"] == "Ada"


def test_each_student_reads_only_their_own_progress(site):
    code = site.store.classes.start("Wed", "rnn")
    ada, _ = site.join(code, "Ada")
    bob, _ = site.join(code, "Bob")
    ada_id = next(s["id"] for s in site.store.classes.roster(code) if s["name"] == "Ada")
    site.store.progress.record_answer(ada_id, "rnn", "5", "q1", "the forget gate", True)
    site.store.progress.record_step(ada_id, "rnn", "5")
    assert site.store.flush()
    assert site.get(ada, "/classroom/me").json()["progress"]["answers"]["q1"]["answer"] == "the forget gate"
    theirs = site.get(bob, "/classroom/me").json()
    assert theirs["name"] == "Bob" and theirs["progress"]["answers"] == {} and theirs["progress"]["step"] == ""


def test_an_unknown_or_ended_code_is_a_clear_404(site):
    assert site.get(requests.Session(), "/join/NOPE1").status_code == 404
    code = site.store.classes.start("Thu", "rnn")
    site.store.classes.end(code)
    page = site.get(requests.Session(), f"/join/{code}")
    assert page.status_code == 404 and "No class is running" in page.text
    session = requests.Session()
    token = site.xsrf(session, "/join")
    assert site.post(session, f"/join/{code}", data={"name": "late", "_xsrf": token}).status_code == 404


def test_a_join_without_the_form_token_is_refused(site):
    code = site.store.classes.start("Fri", "rnn")
    r = site.post(requests.Session(), f"/join/{code}", data={"name": "csrf"})
    assert r.status_code == 403 and site.store.classes.roster(code) == []
