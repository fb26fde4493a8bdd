"""Who is the instructor and who is which student: the password, the secret, the signed cookies.

The password is kept only as an argon2 hash in the store; a generated one is printed once, at the
first start. Cookies are Tornado signed values (HMAC-SHA256 with the server secret).
"""
import hashlib
import logging
import os
import secrets
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tornado.web import decode_signed_value

from engine.store import Store

log = logging.getLogger("explorables.classroom")

INSTRUCTOR_COOKIE = "explorables_teach"
STUDENT_COOKIE = "explorables_student"
INSTRUCTOR_DAYS = 1     # a login lasts a teaching day
STUDENT_DAYS = 60       # a student's id lasts a course
PASSWORD_KEY = "instructor_password_argon2"
_hasher = PasswordHasher()


class Keys:
    """The server's secret and the instructor's password hash, set once at start."""

    def __init__(self, secret: str, password_hash: str):
        self.secret, self.password_hash = secret, password_hash
        # A login cookie names the password it was made under: changing the password logs everyone out.
        self.login_value = "instructor:" + hashlib.sha256(password_hash.encode()).hexdigest()[:16]
        self._failures: dict[str, list[float]] = {}

    def check_password(self, attempt: str, client: str = "") -> bool:
        """True for the right password; wrong tries from one client are slowed, then refused."""
        now = time.monotonic()
        recent = [t for t in self._failures.get(client, []) if now - t < 300]
        if len(recent) >= 10:
            return False  # ten wrong tries in 5 minutes: this client waits
        try:
            ok = _hasher.verify(self.password_hash, attempt or "")
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            self._failures[client] = recent + [now]
        return ok

    def is_instructor(self, cookie: str | bytes | None) -> bool:
        value = self.decode(INSTRUCTOR_COOKIE, cookie, INSTRUCTOR_DAYS)
        return value is not None and secrets.compare_digest(value, self.login_value)

    def student_id(self, cookie: str | bytes | None) -> str | None:
        """The server-issued id in a student's signed cookie; None if absent, forged or expired."""
        return self.decode(STUDENT_COOKIE, cookie, STUDENT_DAYS)

    def decode(self, name, cookie, days) -> str | None:
        if not cookie:
            return None
        value = decode_signed_value(self.secret, name, cookie, max_age_days=days)
        return value.decode() if value else None


def server_secret(store: Store) -> str:
    """$EXPLORABLES_SECRET, else a secret made once and kept in the store."""
    given = os.environ.get("EXPLORABLES_SECRET")
    if given:
        return given
    try:
        return store.secret("cookie_secret")
    except Exception as exc:  # the store is failing: the site still runs; logins last until a restart
        log.error("The server secret could not be kept in the store (%s); cookies will not survive a "
                  "restart. Set EXPLORABLES_SECRET to keep them.", exc)
        return secrets.token_urlsafe(32)


def instructor_password_hash(store: Store, given: str | None) -> str:
    """The hash /teach checks. A given password (flag or environment) replaces the kept one; with
    none given and none kept, one is made and printed once in the log, at this first start."""
    try:
        kept = store.meta(PASSWORD_KEY)
    except Exception as exc:  # the store cannot be read: a password for this run of the server only
        log.error("The instructor password could not be read from the store (%s).", exc)
        if given:
            return _hasher.hash(given)
        password = "-".join(secrets.token_hex(3) for _ in range(3))
        log.warning("Instructor password for /teach until the server stops (not kept): %s", password)
        return _hasher.hash(password)
    if given:
        if kept and _verifies(kept, given):
            return kept
        hashed = _hasher.hash(given)
        store.set_meta(PASSWORD_KEY, hashed)
        log.warning("The instructor password was set from the command line or the environment.")
        return hashed
    if kept:
        log.warning("/teach uses the instructor password printed at this store's first start "
                    "(set a new one with --instructor-password or EXPLORABLES_INSTRUCTOR_PASSWORD).")
        return kept
    password = "-".join(secrets.token_hex(3) for _ in range(3))
    hashed = _hasher.hash(password)
    store.set_meta(PASSWORD_KEY, hashed)
    store.flush()
    if store.meta(PASSWORD_KEY) != hashed:
        log.error("The instructor password could not be kept in the store: it works until a restart.")
    log.warning("Instructor password for /teach (shown this once, kept only as a hash): %s", password)
    return hashed


def _verifies(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
