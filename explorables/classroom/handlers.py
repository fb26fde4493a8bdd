"""The classroom's HTTP routes: instructor login, the instructor's JSON actions, the QR code, joining
a class, and a student's own state. Every instructor route answers 403 without the login cookie.
"""
import json
import logging

import segno
from tornado.web import RequestHandler

from engine.store import StoreError
from engine.store.classes import ClassEnded, normal_code

from . import pages
from .auth import INSTRUCTOR_COOKIE, INSTRUCTOR_DAYS, STUDENT_COOKIE, STUDENT_DAYS
from .student_state import read_student

log = logging.getLogger("explorables.classroom")


class ClassroomHandler(RequestHandler):
    def initialize(self, classroom):
        self.classroom = classroom
        self.store, self.keys = classroom.store, classroom.keys

    def is_instructor(self) -> bool:
        return self.keys.is_instructor(self.get_cookie(INSTRUCTOR_COOKIE))

    def student_id(self) -> str | None:
        return self.keys.student_id(self.get_cookie(STUDENT_COOKIE))

    def html(self, body: str, status: int = 200):
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(body)

    def json(self, data, status: int = 200):
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(data))

    def sign_in(self, name, value, days, samesite):
        self.set_signed_cookie(name, value, expires_days=days, httponly=True, samesite=samesite, path="/",
                               secure=self.request.protocol == "https")


# --- the instructor -----------------------------------------------------------------------------
class LoginHandler(ClassroomHandler):
    """GET /teach/login: the form; POST: the password, then the signed login cookie."""

    def get(self):
        if self.is_instructor():
            return self.redirect("/teach")
        self.html(pages.login_form(self.xsrf_form_html()))

    def post(self):
        self.check_xsrf_cookie()
        if not self.keys.check_password(self.get_body_argument("password", ""), self.request.remote_ip):
            log.warning("A wrong instructor password was tried from %s.", self.request.remote_ip)
            return self.html(pages.login_form(self.xsrf_form_html(), "Wrong password (or too many tries: "
                                              "wait five minutes)."), 403)
        # SameSite=Strict: another site cannot make the instructor's browser act on /teach.
        self.sign_in(INSTRUCTOR_COOKIE, self.keys.login_value, INSTRUCTOR_DAYS, "Strict")
        self.redirect("/teach")


class LogoutHandler(ClassroomHandler):
    def get(self):
        self.html(pages.logout_form(self.xsrf_form_html()))

    def post(self):
        self.check_xsrf_cookie()
        self.clear_cookie(INSTRUCTOR_COOKIE, path="/")
        self.redirect("/teach/login")


class InstructorHandler(ClassroomHandler):
    """Base of every instructor action: 403 without the login cookie; JSON bodies only (a form on
    another site cannot send one without the browser asking this server first)."""

    def prepare(self):
        if not self.is_instructor():
            self.json({"error": "instructors only: log in at /teach/login"}, 403)
            return
        if self.request.method == "POST" and not self.request.headers.get("Content-Type", "").startswith(
                "application/json"):
            self.json({"error": "send JSON (Content-Type: application/json)"}, 415)

    def body(self) -> dict:
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            self.json({"error": "the body is not a JSON object"}, 400)
            return None
        return data

    def write_error(self, status_code, **kwargs):
        self.json({"error": self._reason}, status_code)


class ClassesHandler(InstructorHandler):
    """GET /teach/api/classes: the running classes. POST {name, lesson}: start one."""

    def get(self):
        self.json({"classes": self.store.classes.running()})

    def post(self):
        data = self.body()
        if data is None:
            return
        lesson = str(data.get("lesson", "")).strip("/")
        if lesson not in self.classroom.lessons:
            return self.json({"error": f"no lesson {lesson!r}; one of {sorted(self.classroom.lessons)}"}, 400)
        try:
            code = self.store.classes.start(str(data.get("name", "")), lesson)
        except (RuntimeError, StoreError) as exc:
            return self.json({"error": str(exc)}, 503)
        self.json({"code": code, "link": self.classroom.join_link(self.request, code),
                   "qr": f"/teach/qr/{code}.svg"}, 201)


class ClassHandler(InstructorHandler):
    """GET /teach/api/classes/CODE: its state and the dashboard's numbers (`figure`: which of each
    student's loss and accuracy the roster shows).
    POST /teach/api/classes/CODE/ACTION: move {step}, pause {paused}, lock {step}, end."""

    def get(self, code):
        state = self.store.classes.state(code)
        if state is None:
            return self.json({"error": f"no class {code}"}, 404)
        figure = self.classroom.figure(state["lesson"])[0]
        self.json({"class": state, "figure": figure, **self.classroom.summary(state)})

    def post(self, code, action):
        data = self.body()
        if data is None:
            return
        classes = self.store.classes
        steps = self.classroom.step_ids(self.store.classes.state(code))
        if not steps and action != "end":
            return self.json({"error": f"no running class {code}"}, 404)
        try:
            if action in ("move", "lock"):
                step = str(data.get("step", ""))
                if step.isdigit() and 1 <= int(step) <= len(steps):  # a step's number names it too
                    step = steps[int(step) - 1]
                if step not in steps and not (action == "lock" and step == ""):
                    return self.json({"error": f"no step {step!r} in this lesson; one of {steps}"}, 400)
                (classes.move if action == "move" else classes.lock_beyond)(code, step)
            elif action == "pause":
                classes.pause(code, bool(data.get("paused", True)))
            elif action == "end":
                classes.end(code)
            else:
                return self.json({"error": f"no action {action!r}"}, 404)
        except ClassEnded as exc:
            return self.json({"error": str(exc)}, 404)
        self.json({"class": classes.state(code)})


class StudentHandler(InstructorHandler):
    """GET /teach/api/students/ID: one student's page state, read-only (what /teach's view of them
    shows): lesson, step, answers, confirmed steps, and their live runs' loss curves."""

    def get(self, student):
        data = read_student(self.classroom, student)
        if data is None:
            return self.json({"error": f"no student {student} in a class"}, 404)
        self.json(data)


class QrHandler(InstructorHandler):
    """GET /teach/qr/CODE.svg: the join link as a QR code, drawn here (segno), no outside request."""

    def get(self, code):
        if self.store.classes.state(code) is None:
            return self.json({"error": f"no class {code}"}, 404)
        self.set_header("Content-Type", "image/svg+xml")
        self.set_header("Cache-Control", "no-store")
        self.finish(qr_svg(self.classroom.join_link(self.request, normal_code(code))))


def qr_svg(link: str, scale: int = 8) -> str:
    return segno.make(link, error="m").svg_inline(scale=scale, title=link)


# --- the students ---------------------------------------------------------------------------------
class JoinHandler(ClassroomHandler):
    """GET /join/CODE: the class's name and an optional display name; POST: the student's signed
    cookie (their server-issued id), then the lesson. /join alone asks for the code."""

    def get(self, code=None):
        if not code:
            return self.html(pages.code_form(self.xsrf_form_html()))
        state = self.store.classes.state(code)
        if state is None or state["ended"] is not None:
            return self.html(pages.code_form(self.xsrf_form_html(), f"No class is running with the code "
                                                                   f"{normal_code(code)}."), 404)
        me = self.store.classes.student(self.student_id() or "")
        self.html(pages.join_form(self.xsrf_form_html(), state["code"], state["name"],
                                  self.classroom.lesson_title(state["lesson"]), me["name"] if me else ""))

    def post(self, code=None):
        self.check_xsrf_cookie()
        if not code:
            return self.redirect("/join/" + normal_code(self.get_body_argument("code", "")))
        try:
            student = self.store.classes.join(code, self.get_body_argument("name", ""), student=self.student_id())
        except ClassEnded:
            return self.html(pages.code_form(self.xsrf_form_html(), f"No class is running with the code "
                                                                   f"{normal_code(code)}."), 404)
        self.sign_in(STUDENT_COOKIE, student, STUDENT_DAYS, "Lax")  # Lax: a link from a QR code still carries it
        lesson = self.store.classes.state(code)["lesson"]
        self.redirect("/" + lesson if lesson in self.classroom.lessons else "/")


class MeHandler(ClassroomHandler):
    """GET /classroom/me: the cookie holder's own class state and progress; nobody else's."""

    def get(self):
        student = self.student_id()
        me = self.store.classes.student(student) if student else None
        if me is None:
            return self.json({"error": "no student cookie (join a class at /join)"}, 403)
        state = self.store.classes.class_of(student)
        progress = self.store.progress.load(student, state["lesson"]) if state else None
        self.json({"name": me["name"], "class": state, "progress": progress, "store": self.store.status()})
