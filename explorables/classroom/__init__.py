"""The classroom: an instructor's /teach behind a password, classes students join by code, and the
routes for them. `setup_classroom()` is all the site calls; lesson pages use `identity` and the store.
"""
import logging
import os

import panel as pn
from bokeh.server.views.session_handler import SessionHandler

from engine.pool import RunPool, configured_pool
from engine.store import Store
from engine.store.dashboard import class_summary
from widgets.course.owner import use_owner_source

from . import handlers, identity
from .auth import INSTRUCTOR_COOKIE, Keys, instructor_password_hash, server_secret

log = logging.getLogger("explorables.classroom")
FORBIDDEN_TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "forbidden.html")


class Classroom:
    """What the routes share: the store, the keys, and the lessons a class can run."""

    def __init__(self, store: Store, keys: Keys, lessons, pool: RunPool | None = None):
        self.store, self.keys = store, keys
        self.lessons = {lesson.path.strip("/"): lesson for lesson in lessons}
        self._pool = pool

    @property
    def pool(self) -> RunPool | None:
        """Where the students' live runs are (the server's shared pool unless one was given);
        None while the server has made none: then no student has a live run."""
        return self._pool or configured_pool()

    def lesson_title(self, lesson: str) -> str:
        return self.lessons[lesson].title if lesson in self.lessons else lesson

    def figure(self, lesson: str) -> tuple[str, str]:
        """(label, measure) of what the roster shows of each student's run: ("Loss (MSE)", "loss")."""
        if lesson not in self.lessons:
            return "Loss", "loss"
        return self.lessons[lesson].figure, self.lessons[lesson].measure

    def steps(self, lesson: str) -> list[tuple[str, str]]:
        """(id, title) of each step. Steps without an id yet are named by their 1-based number."""
        if lesson not in self.lessons:
            return []
        return [(str(getattr(step, "id", "") or i + 1), step.title)
                for i, step in enumerate(self.lessons[lesson].steps)]

    def step_ids(self, state: dict | None) -> list[str]:
        return [sid for sid, _ in self.steps(state["lesson"])] if state else []

    def summary(self, state: dict) -> dict:
        return class_summary(self.store.db, state["code"], state["lesson"])

    @staticmethod
    def join_link(request_or_location, code: str) -> str:
        """The link students open: the address the instructor reached this server by."""
        if hasattr(request_or_location, "host"):  # a Tornado request
            return f"{request_or_location.protocol}://{request_or_location.host}/join/{code}"
        loc = request_or_location  # Panel's pn.state.location
        port = f":{loc.port}" if loc.port else ""
        return f"{loc.protocol or 'http:'}//{loc.hostname}{port}/join/{code}"


def classroom_routes(store: Store, lessons, instructor_password: str | None = None, pool: RunPool | None = None):
    """Everything the site adds for classes: (Panel apps, Tornado patterns, the cookie secret).
    Sets the keys; call `guard_teach(server)` once the server is made."""
    password = instructor_password or os.environ.get("EXPLORABLES_INSTRUCTOR_PASSWORD") or None
    keys = Keys(server_secret(store), instructor_password_hash(store, password))
    classroom = Classroom(store, keys, lessons, pool)
    identity.use_keys(keys)
    use_owner_source(identity.current_owner)  # /tuning's runs are the signed cookie's
    return {"/teach": lambda: _teach_page(classroom)}, _patterns(classroom), keys.secret


def guard_teach(server) -> None:
    """/teach's page handlers answer 403 without the login cookie, before Panel builds a session.
    (Panel's global authorize_callback did this too, but with it set the lesson pages lost their
    header in the browser tests: it builds a throwaway session for every page of the site.)"""
    guarded = 0
    for rule in server._tornado.wildcard_router.rules:
        target = rule.target
        if isinstance(target, type) and issubclass(target, SessionHandler) and rule.matcher.regex.match("/teach"):
            rule.target = _instructors_only(target)
            guarded += 1
    if not guarded:
        raise RuntimeError("no /teach page handler found to guard")


def _instructors_only(handler: type) -> type:
    class InstructorsOnly(handler):
        async def get(self, *args, **kwargs):
            keys = identity.keys()
            if keys is None or not keys.is_instructor(self.get_cookie(INSTRUCTOR_COOKIE)):
                self.set_status(403)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                with open(FORBIDDEN_TEMPLATE, encoding="utf-8") as f:
                    self.finish(f.read())
                return
            return await super().get(*args, **kwargs)
    return InstructorsOnly


def _patterns(classroom: Classroom) -> list:
    """The classroom's Tornado routes, passed to the server as extra patterns."""
    kw = {"classroom": classroom}
    code = r"([A-Za-z0-9]{1,16})"
    return [
        (r"/teach/login", handlers.LoginHandler, kw),
        (r"/teach/logout", handlers.LogoutHandler, kw),
        (r"/teach/api/classes", handlers.ClassesHandler, kw),
        (rf"/teach/api/classes/{code}", handlers.ClassHandler, kw),
        (rf"/teach/api/classes/{code}/([a-z]+)", handlers.ClassHandler, kw),
        (rf"/teach/qr/{code}\.svg", handlers.QrHandler, kw),
        (r"/teach/api/students/([0-9a-f]{32})", handlers.StudentHandler, kw),
        (r"/join", handlers.JoinHandler, kw),
        (rf"/join/{code}", handlers.JoinHandler, kw),
        (r"/classroom/me", handlers.MeHandler, kw),
    ]


def _teach_page(classroom: Classroom):
    """The dashboard, for the instructor's session only (the websocket carries the cookie too)."""
    if not classroom.keys.is_instructor(pn.state.cookies.get(INSTRUCTOR_COOKIE)):
        return pn.pane.HTML("<h1>403: instructors only</h1><p><a href='/teach/login'>Log in</a></p>")
    from .teach import TeachDashboard  # Panel widgets: only built for the instructor
    return TeachDashboard(classroom)
