"""The site: routes, shared settings, offline assets and a status endpoint."""
import gc
import json
import logging
import os

import panel as pn
from tornado.web import RequestHandler

from engine.examples import fill_examples_in_background
from engine.pool import configure_shared_pool, shared_pool
from engine.store import configure_store, shared_store
from explorables.classroom.follow import attach as follow_class
from explorables.hardening import (
    ClientLimits,
    SecurityHeaders,
    SiteAssets,
    SiteComponents,
    harden_bokeh,
    limit_clients,
)
from lessons import LESSONS
from lessons.home import home_page
from widgets.course.deferred_page import deferred_page
from widgets.course.lesson_page import LessonPage
from widgets.style.design import PALETTE_CSS, SITE_CSS, SiteDesign

from .classroom import classroom_routes, guard_teach

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSETS = os.path.join(ROOT, "assets")
log = logging.getLogger("explorables")
# A page's largest message (a drawing, a document patch) is tens of kB; Bokeh's default is 20 MB.
WEBSOCKET_MAX_BYTES = 1024 * 1024


class StatusHandler(RequestHandler):
    """GET /status: runs open on the shared pool, for instructors and the tests."""

    def get(self):
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps(shared_pool().stats()))


class NoTrailingSlash(RequestHandler):
    """/rnn/ would load Panel's scripts by a wrong relative path and stay blank: redirect to /rnn."""

    def get(self, path):
        self.redirect("/" + path, permanent=True)


def _student_page(lesson) -> LessonPage:
    page = LessonPage(lesson)
    page.sync_url()
    follow_class(page)  # a student's progress kept and resumed, and their class obeyed
    return page


def _lesson_app(lesson):
    def app():  # the lesson is built when the browser asks (widgets/course/deferred_page.py)
        return deferred_page(lambda: _student_page(lesson), lesson.title)
    app.__name__ = lesson.path.strip("/")
    return app


def routes() -> dict:
    apps = {"/": lambda: home_page(LESSONS)}
    apps.update({lesson.path: _lesson_app(lesson) for lesson in LESSONS})
    return apps


def configure_panel():
    # Loaded with every page: a lesson's intro dialog (a Modal) arrives after the first paint
    # (widgets/course/deferred_page.py), too late for Panel to load the dialog library for it.
    pn.extension("mathjax", "modal", css_files=[SITE_CSS], raw_css=[PALETTE_CSS], notifications=False,
                 sizing_mode="stretch_width")
    pn.config.design = SiteDesign
    pn.config.session_history = 0


def serve(port=5006, address="localhost", device="cpu", workers=1, backend="process", show=False, db=None,
          instructor_password=None, origins=(), behind_proxy=False):
    configure_panel()
    pool = configure_shared_pool(workers=workers, backend=backend, device=device)
    store = configure_store(db) if db else shared_store()
    log.warning("The class's runs and progress are kept in %s (%s)", store.db._where(),
                "healthy" if store.healthy else "NOT SAVING: " + str(store.status()["problem"]))
    fill_examples_in_background(store.db.url)  # a fresh store's example runs, trained beside the site
    classroom_apps, classroom_patterns, cookie_secret = classroom_routes(store, LESSONS, instructor_password)
    names = "|".join(lesson.path.strip("/") for lesson in LESSONS)
    log.warning("Explorables on http://%s:%d/ (device %s, %d %s worker(s) on %s)",
                address, port, device, workers, backend, pool.where)
    harden_bokeh()
    # Ours come first in Tornado's rules, so they answer /assets and /components, not Panel's.
    patterns = [(r"/status", StatusHandler), (r"/assets/(.*)", SiteAssets, {"path": ASSETS}),
                (r"/components/(.*)", SiteComponents, {})] + classroom_patterns
    server = pn.serve({**routes(), **classroom_apps}, port=port, address=address, show=show, start=False,
                      title="Explorables", extra_patterns=patterns,
                      websocket_origin=[f"{address}:{port}", f"localhost:{port}", f"127.0.0.1:{port}", *origins],
                      unused_session_lifetime_milliseconds=3000, check_unused_sessions_milliseconds=1000,
                      websocket_max_message_size=WEBSOCKET_MAX_BYTES, use_xheaders=behind_proxy)
    server._tornado.transforms.append(SecurityHeaders)
    guard_teach(server)
    # Pages opened and held per browser (its signed cookie) and per address (sized for a class of
    # 60 behind one NAT); see hardening.py, EXPLORABLES_<LIMIT> changes each.
    limit_clients(server, ClientLimits.from_env())
    # Signed cookies need the secret in Tornado's settings; given to pn.serve it also became Panel's
    # cookie_secret, and pages then asked cdn.holoviz.org for stylesheets (seen in the browser tests).
    server._tornado.settings["cookie_secret"] = cookie_secret
    # Tornado tries rules added this way before Bokeh's own, which would answer /rnn/ blank.
    server._tornado.add_handlers(r".*", [(rf"/({names})/", NoTrailingSlash)])
    # What was made to start (modules, shared data: ~425k objects) lives as long as the process:
    # frozen, the full collection Panel runs on the loop after sessions close skips it (230-430 ms
    # each, 45-52 ms frozen, measured with 20 tabs closing).
    gc.collect()
    gc.freeze()
    server.start()
    server.io_loop.start()
