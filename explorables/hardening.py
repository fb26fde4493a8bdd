"""Hardened serving: security headers on every answer, only the site's own component modules
and assets served, no traceback sent to a client (logged here instead), and a bound on the pages
and sessions one client may open."""
import collections
import logging
import math
import os
import re
import secrets
import sys
import time
from html import escape

from bokeh.protocol.messages.error import error as ErrorMessage
from bokeh.server.connection import ServerConnection
from bokeh.server.views.session_handler import SessionHandler
from bokeh.server.views.ws import WSHandler
from bokeh.util.token import get_session_id
from panel.io.server import ComponentResourceHandler
from tornado.web import HTTPError, OutputTransform, StaticFileHandler

log = logging.getLogger("explorables")

# Measured by loading every lesson in Chromium with this policy (tests/browser/test_hardening.py):
# Bokeh compiles CustomJS and Panel's ESM components at run time ('unsafe-eval'; es-module-shims
# fetches and imports them as blob: URLs),
# Panel's page template and Bokeh's views put inline <script> and style attributes in the page,
# and Bokeh draws images as data: URIs. Everything else comes from this origin only.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders(OutputTransform):
    """Adds HEADERS to every HTTP answer (pages, assets, errors) and drops Tornado's Server header."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        headers.pop("Server", None)
        for name, value in HEADERS.items():
            headers[name] = value
        return status_code, headers, chunk


# Component modules the pages load resources from: Panel's own and the site's packages.
COMPONENT_PACKAGES = ("panel", "widgets", "lessons")


class SiteComponents(ComponentResourceHandler):
    """Panel's /components/<module>/... imports any installed module named in the URL; this one
    answers only for modules of COMPONENT_PACKAGES already imported by the site."""

    def parse_url_path(self, path: str) -> str:
        module = path.split("/", 1)[0]
        if module.split(".")[0] not in COMPONENT_PACKAGES or module not in sys.modules:
            raise HTTPError(404)
        return super().parse_url_path(path)


# What /assets holds for the pages: the stylesheet, thumbnails, and driver.js's built files.
ASSET_PATTERN = re.compile(r"([\w-]+\.css|thumbs/[\w-]+\.(svg|png)|node_modules/driver\.js/dist/[\w.-]+\.(js|mjs|css))")


class SiteAssets(StaticFileHandler):
    """Serves only ASSET_PATTERN under /assets: never package.json, lockfiles or node_modules' sources."""

    def parse_url_path(self, url_path: str) -> str:
        if not ASSET_PATTERN.fullmatch(url_path):
            raise HTTPError(404)
        return super().parse_url_path(url_path).replace("/", os.path.sep)


def _error_without_traceback(self, message, text):
    """Bokeh's ERROR reply carries repr(exception) and the full traceback; the client gets a
    plain sentence, the server log keeps the rest (protocol_handler logs it with exc_info)."""
    reply = ErrorMessage.create(message.header["msgid"], "The server could not handle this message.")
    reply.content["traceback"] = None
    return reply


def harden_bokeh():
    ServerConnection.error = _error_without_traceback


# --- bounded pages per client ------------------------------------------------------------------
# Every page request builds a whole lesson on the event loop (0.5-1.4 s measured); 60 plain GETs
# of /cnn, 3 at a time, froze another student's chart for 25 s (their runs no longer open on a
# GET: LiveRun waits for the page's websocket). So pages are counted per client, twice:
# - per browser, named by a signed cookie the server issued (the classroom's student cookie, else
#   VISITOR_COOKIE, set on the first page a browser gets): PAGE_BURST pages at once, then one
#   every 60/PAGES_PER_MINUTE s, and SESSIONS_PER_CLIENT pages held open (a careless student's
#   20 training tabs);
# - per address, every browser and cookieless client from it together: a class behind one NAT
#   or proxy shares one address, so these are sized for a class of 60 (each opening two lessons
#   at once, and holding four pages), never for one student. A cookieless client (a script, or a
#   browser's very first page) is held only to these; it cannot be told apart from a classroom.
# Past any of them a short page says why (429). Each can be changed with EXPLORABLES_<NAME> (0: none).
PAGES_PER_MINUTE = 30
PAGE_BURST = 6  # 10 pages built at once cost another student a 2 s gap (bench/noisy_neighbour.py d)
SESSIONS_PER_CLIENT = 12
ADDRESS_PAGES_PER_MINUTE = 120
ADDRESS_PAGE_BURST = 120
ADDRESS_SESSIONS = 240
VISITOR_COOKIE = "explorables_visitor"
VISITOR_DAYS = 365
MAX_CLIENTS = 10_000  # buckets kept; past it the full (idle) ones are forgotten


def env_limit(name: str, default: int) -> int:
    value = os.environ.get("EXPLORABLES_" + name, "").strip()
    return int(value) if value else default


class ClientLimits:
    """Token buckets of page opens (per browser and per address) and caps on the sessions each
    holds. Sessions are counted among the server's live ones, each under the client it was
    opened for (nothing to leak when a session ends)."""

    def __init__(self, pages_per_minute: int = PAGES_PER_MINUTE, burst: int = PAGE_BURST,
                 sessions: int = SESSIONS_PER_CLIENT, address_pages_per_minute: int = ADDRESS_PAGES_PER_MINUTE,
                 address_burst: int = ADDRESS_PAGE_BURST, address_sessions: int = ADDRESS_SESSIONS,
                 clock=time.monotonic):
        self.rates = {"browser": (pages_per_minute, burst), "address": (address_pages_per_minute, address_burst)}
        self.caps = {"browser": sessions, "address": address_sessions}
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # "browser:<id>" / "address:<ip>" -> (tokens, when)
        self._owners: dict[str, tuple[str | None, str]] = {}  # session id -> (browser, address)
        self.refused = collections.Counter()  # "pages" / "sessions" -> how many refused

    @classmethod
    def from_env(cls) -> "ClientLimits":
        return cls(env_limit("PAGES_PER_MINUTE", PAGES_PER_MINUTE), env_limit("PAGE_BURST", PAGE_BURST),
                   env_limit("SESSIONS_PER_CLIENT", SESSIONS_PER_CLIENT),
                   env_limit("ADDRESS_PAGES_PER_MINUTE", ADDRESS_PAGES_PER_MINUTE),
                   env_limit("ADDRESS_PAGE_BURST", ADDRESS_PAGE_BURST), env_limit("ADDRESS_SESSIONS", ADDRESS_SESSIONS))

    def _tokens(self, kind: str, key: str, now: float) -> float:
        per_minute, burst = self.rates[kind]
        tokens, then = self._buckets.get(f"{kind}:{key}", (burst, now))
        return min(burst, tokens + (now - then) * per_minute / 60)

    def _wait(self, kind: str, key: str | None, now: float) -> float:
        per_minute = self.rates[kind][0]
        if key is None or not per_minute:
            return 0.0
        return max(0.0, (1 - self._tokens(kind, key, now)) * 60 / per_minute)

    def _take(self, kind: str, key: str | None, now: float):
        if key is None or not self.rates[kind][0]:
            return
        if len(self._buckets) >= MAX_CLIENTS and f"{kind}:{key}" not in self._buckets:
            full = [b for b in self._buckets if self._tokens(*b.split(":", 1), now) >= self.rates[b.split(":")[0]][1]]
            for b in full or list(self._buckets)[: MAX_CLIENTS // 10]:
                del self._buckets[b]
        self._buckets[f"{kind}:{key}"] = (self._tokens(kind, key, now) - 1, now)

    def held(self, browser: str | None, address: str, live_ids) -> tuple[int, int]:
        """(sessions of `browser`, sessions from `address`) among the live session ids."""
        live = set(live_ids)
        if len(self._owners) > 2 * len(live) + 100:  # forget ended sessions now and then
            self._owners = {sid: owner for sid, owner in self._owners.items() if sid in live}
        mine = theirs = 0
        for sid in live:
            owner = self._owners.get(sid)
            if owner is not None:
                mine += browser is not None and owner[0] == browser
                theirs += owner[1] == address
        return mine, theirs

    def admit(self, browser: str | None, address: str, live_ids) -> tuple[str, float | None] | None:
        """None when a page may be opened now for `browser` (None: a cookieless client) from
        `address` (a token is taken from each bucket); else why not: ("sessions" | "network",
        None) or ("pages", seconds until one may)."""
        mine, theirs = self.held(browser, address, live_ids)
        if browser is not None and self.caps["browser"] and mine >= self.caps["browser"]:
            self.refused["sessions"] += 1
            return "sessions", None
        if self.caps["address"] and theirs >= self.caps["address"]:
            self.refused["sessions"] += 1
            return "network", None
        now = self.clock()
        wait = max(self._wait("browser", browser, now), self._wait("address", address, now))
        if wait:
            self.refused["pages"] += 1
            return "pages", wait
        self._take("browser", browser, now)
        self._take("address", address, now)
        return None

    def opened(self, session_id: str, browser: str | None, address: str):
        """Counts the session `session_id` as held by this client from now on."""
        self._owners[session_id] = (browser, address)


def browser_key(handler) -> str | None:
    """The browser a request comes from: the server-issued id in its signed student cookie (a
    classroom member), else in its visitor cookie; None for a cookieless (or forged) one."""
    from explorables.classroom import identity
    from explorables.classroom.auth import STUDENT_COOKIE
    keys = identity.keys()
    student = keys.student_id(handler.get_cookie(STUDENT_COOKIE)) if keys is not None else None
    if student:
        return "student:" + student
    if not handler.application.settings.get("cookie_secret"):
        return None
    visitor = handler.get_signed_cookie(VISITOR_COOKIE, max_age_days=VISITOR_DAYS)
    return "visitor:" + visitor.decode() if visitor else None


def refused_page(why: str, retry_after: float | None) -> str:
    from explorables.classroom.pages import page
    if why == "pages":
        wait = max(1, math.ceil(retry_after or 1))
        body = (f"<p>This browser has opened many lesson pages in a short time. Please wait "
                f"{escape(str(wait))} second{'s' if wait != 1 else ''}, then reload this page.</p>")
    elif why == "sessions":
        body = ("<p>This browser already has many lesson pages open. Close the tabs you no longer "
                "need, wait a few seconds, then reload this page.</p>")
    else:
        body = ("<p>Your network already has many lesson pages open on this server. Close the tabs "
                "you no longer need, wait a few seconds, then reload this page.</p>")
    return page("Too many pages at once", body + '<p><a href="/">Lessons</a></p>')


def _live_ids(handler) -> list[str]:
    return [s.id for context in handler.application._applications.values() for s in context.sessions]


def _refuse(handler, why: tuple[str, float | None]):
    log.warning("Refused a page to %s: too many %s", handler.request.remote_ip, why[0])
    handler.set_status(429)
    if why[1] is not None:
        handler.set_header("Retry-After", str(max(1, math.ceil(why[1]))))
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Cache-Control", "no-store")
    handler.finish(refused_page(*why))


def _limited_pages(handler: type, limits: ClientLimits) -> type:
    class LimitedPages(handler):
        async def get(self, *args, **kwargs):
            self._client = browser_key(self), self.request.remote_ip
            why = limits.admit(*self._client, _live_ids(self))
            if why is not None:
                return _refuse(self, why)
            if self._client[0] is None and self.application.settings.get("cookie_secret"):
                # A browser's first page: from its next one on it is counted on its own.
                visitor = secrets.token_hex(8)
                signed = self.create_signed_value(VISITOR_COOKIE, visitor).decode()
                self.set_cookie(VISITOR_COOKIE, signed, expires_days=VISITOR_DAYS, httponly=True,
                                samesite="Lax", path="/", secure=self.request.protocol == "https")
                # The session built below reads its cookies from this request: it is this visitor's
                # already (identity.current_visitor), replacing any forged value the request carried.
                self.request.cookies[VISITOR_COOKIE] = signed
                self._client = "visitor:" + visitor, self._client[1]
            return await super().get(*args, **kwargs)

        async def get_session(self):
            session = await super().get_session()
            limits.opened(session.id, *getattr(self, "_client", (None, self.request.remote_ip)))
            return session
    return LimitedPages


def _limited_websockets(handler: type, limits: ClientLimits) -> type:
    class LimitedWebsockets(handler):
        async def prepare(self):
            await super().prepare()
            if self._finished:
                return
            # A browser's websocket joins the session its page GET made (already counted); a
            # script's (a Bokeh client) makes a new session: counted as a page.
            protocols = [p.strip() for p in self.request.headers.get("Sec-WebSocket-Protocol", "").split(",")]
            try:
                session_id = get_session_id(protocols[1]) if len(protocols) == 2 else None
            except Exception:
                session_id = None  # Bokeh's own checks refuse it
            live = _live_ids(self)
            if session_id is None or session_id in live:
                return
            client = browser_key(self), self.request.remote_ip
            why = limits.admit(*client, live)
            if why is not None:
                log.warning("Refused a websocket session to %s: too many %s", self.request.remote_ip, why[0])
                self.set_status(429)
                self.finish()
                return
            limits.opened(session_id, *client)
    return LimitedWebsockets


def limit_clients(server, limits: ClientLimits) -> int:
    """Wraps the server's page and websocket handlers with `limits`; how many rules it wrapped."""
    wrapped = 0
    for rule in server._tornado.wildcard_router.rules:
        target = rule.target
        if isinstance(target, type) and issubclass(target, SessionHandler):
            rule.target = _limited_pages(target, limits)
            wrapped += 1
        elif isinstance(target, type) and issubclass(target, WSHandler):
            rule.target = _limited_websockets(target, limits)
            wrapped += 1
    return wrapped
