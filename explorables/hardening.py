"""Hardened serving: security headers on every answer, only the site's own component modules
and assets served, no traceback sent to a client (logged here instead)."""
import logging
import os
import re
import sys

from bokeh.protocol.messages.error import error as ErrorMessage
from bokeh.server.connection import ServerConnection
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
